"""Filters of the Telegram layer."""

from welcomebot.telegram.filters.messages import CommandText, FreeText, PrivateChat
from welcomebot.telegram.filters.people import LanguageChosen
from welcomebot.telegram.filters.roles import HasRole

__all__ = ["CommandText", "FreeText", "HasRole", "LanguageChosen", "PrivateChat"]
