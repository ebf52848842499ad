"""The aiogram layer: thin routers, middlewares and keyboards over the core services."""
