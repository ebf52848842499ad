"""Pure values of the domain, shared by storage, services and the front ends: audiences, roles,
and the states rows go through. Nothing here does I/O or imports another welcomebot package."""
