"""Filters of the Telegram layer."""

from welcomebot.telegram.filters.roles import HasRole

__all__ = ["HasRole"]
