"""Filters of the Telegram layer."""

from welcomebot.telegram.filters.messages import CommandText, FreeText, PrivateChat
from welcomebot.telegram.filters.people import LanguageChosen
from welcomebot.telegram.filters.roles import HasRole
from welcomebot.telegram.filters.tickets import (
    AboutTicket,
    RepliesToBot,
    StaffGroup,
    StaffGroupSet,
)

__all__ = [
    "AboutTicket",
    "CommandText",
    "FreeText",
    "HasRole",
    "LanguageChosen",
    "PrivateChat",
    "RepliesToBot",
    "StaffGroup",
    "StaffGroupSet",
]
