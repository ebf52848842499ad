"""The user's language: the one they chose, else Telegram's language_code, else the default.
In the staff group, the group's: the default language, which its request cards speak."""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import I18nMiddleware


class UserLanguageMiddleware(I18nMiddleware):
    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        chat, settings = data.get("event_chat"), data.get("settings")
        if chat is not None and settings is not None and chat.id == settings.staff_chat_id:
            # Shared by staff of either language: one language, not each sender's in turn.
            return str(settings.default_language)
        user = data.get("user")
        if user is not None and user.language in self.i18n.available_locales:
            return user.language
        sender: TelegramUser | None = data.get("event_from_user")
        code = (sender.language_code or "").split("-")[0].lower() if sender else ""
        # Russian-language Telegram clients are common among Ukrainians; they get Ukrainian.
        code = {"ru": "uk"}.get(code, code)
        return code if code in self.i18n.available_locales else self.i18n.default_locale
