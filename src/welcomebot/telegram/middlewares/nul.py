"""The NUL character, which a client can put in a message or a button's data, made a space.

PostgreSQL's text columns and query parameters cannot hold it: a question kept for staff, a
reported rumour, an announcement or an invite code with one failed the whole update there
(SQLite stores it). A space keeps every other character where it was, so the message's
formatting (entities, counted in UTF-16 units) still fits its text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

NUL = "\x00"
MESSAGES = ("message", "edited_message", "channel_post", "edited_channel_post")


def _cleaned(message: Message) -> Message:
    changes = {
        name: value.replace(NUL, " ")
        for name in ("text", "caption")
        if (value := getattr(message, name)) and NUL in value
    }
    return message.model_copy(update=changes) if changes else message


def without_nul(update: Update) -> Update:
    """The update with every NUL in its texts and button data made a space."""
    changes: dict[str, Any] = {}
    for name in MESSAGES:
        message = getattr(update, name)
        if message is not None and (cleaned := _cleaned(message)) is not message:
            changes[name] = cleaned
    query = update.callback_query
    if query is not None and query.data and NUL in query.data:
        changes["callback_query"] = query.model_copy(update={"data": query.data.replace(NUL, " ")})
    return update.model_copy(update=changes) if changes else update


class DropNul(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        return await handler(without_nul(event) if isinstance(event, Update) else event, data)
