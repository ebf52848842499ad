"""Whether the person is stored: they are once they choose a language."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from welcomebot.storage.user_cache import Profile


class LanguageChosen(Filter):
    """Passes the stored person on as `user` (never None then). A handler registered after,
    without it, gives the "choose a language first" reply (`replies.language_first`)."""

    async def __call__(self, event: TelegramObject, user: Profile | None) -> bool | dict[str, Any]:
        return {"user": user} if user is not None else False
