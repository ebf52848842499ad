"""What kind of message it is, checked on the event loop.

aiogram runs a plain callable filter (a magic `F.` filter, a bare `State`) through
`asyncio.to_thread` on every check; on the path every question takes, those thread hops cost
more than answering. These async filters (and `StateFilter` for states) stay on the loop.
"""

from __future__ import annotations

from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message


class PrivateChat(Filter):
    """A message in a private chat, or a button pressed on one."""

    async def __call__(self, event: Message | CallbackQuery) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        return message is not None and message.chat.type == ChatType.PRIVATE


class FreeText(Filter):
    """Typed text that is not a command."""

    async def __call__(self, message: Message) -> bool:
        return bool(message.text) and not message.text.startswith("/")  # type: ignore[union-attr]


class CommandText(Filter):
    """Text that looks like a command, known or not."""

    async def __call__(self, message: Message) -> bool:
        return bool(message.text) and message.text.startswith("/")  # type: ignore[union-attr]
