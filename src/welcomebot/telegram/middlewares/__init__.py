"""Outer middlewares on every update: a database session, the user, then the language."""

from welcomebot.telegram.middlewares.database import (
    CommitBeforeSending,
    DatabaseMiddleware,
)
from welcomebot.telegram.middlewares.language import UserLanguageMiddleware
from welcomebot.telegram.middlewares.user import UserMiddleware

__all__ = [
    "CommitBeforeSending",
    "DatabaseMiddleware",
    "UserLanguageMiddleware",
    "UserMiddleware",
]
