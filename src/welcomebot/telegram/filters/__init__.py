"""Filters of the Telegram layer."""

from welcomebot.telegram.filters.messages import (
    Captioned,
    CommandText,
    FreeText,
    PrivateChat,
    SaidBySomeone,
    Worded,
)
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
    "Captioned",
    "CommandText",
    "FreeText",
    "HasRole",
    "LanguageChosen",
    "PrivateChat",
    "RepliesToBot",
    "SaidBySomeone",
    "Worded",
    "StaffGroup",
    "StaffGroupSet",
]
