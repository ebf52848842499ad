"""`welcomebot chat`: the real bot in a terminal, over the in-memory Bot API."""
