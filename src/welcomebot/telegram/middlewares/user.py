"""Loads the stored user, if any, and their role. Nobody is stored until they choose a language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser

from welcomebot.domain.roles import Role
from welcomebot.services.roles import role_of


class UserMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        user = data["user"] = await data["services"].profile(sender.id) if sender else None
        chat = data.get("event_chat")
        private = chat is not None and chat.type == "private"
        # Blocking and unblocking are the blocking router's: a block keeps its first date.
        blocking = isinstance(event, Update) and event.my_chat_member is not None
        if user is not None and not user.active and private and not blocking:
            # Marked inactive when they blocked the bot; writing to it (not in a group, where
            # they may still have it blocked) means they unblocked it, so announcements and
            # reminders reach them again.
            await data["services"].users.reactivate(user.telegram_id)
            # Now, not after the handler: it may wait for a write of its own (a question kept
            # for staff), which a lock held here would block.
            await data["services"].commit()
            data["user"] = replace(user, active=True)
        staff = data["settings"].staff_ids
        data["role"] = role_of(sender.id, data["user"], staff) if sender else Role.NEWCOMER
        if sender is not None and private and data["role"] != Role.STAFF and not blocking:
            # One of the week's active people, counted by a keyed hash (services/usage.py).
            data["services"].usage.active(sender.id)
        return await handler(event, data)
