"""What kind of message it is, checked on the event loop.

aiogram runs a plain callable filter (a magic `F.` filter, a bare `State`) through
`asyncio.to_thread` on every check; on the path every question takes, those thread hops cost
more than answering. These async filters (and `StateFilter` for states) stay on the loop.
"""

from __future__ import annotations

from aiogram.enums import ChatType, ContentType
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


class Captioned(Filter):
    """A photo, a document or a voice message with words under it: the words are a question."""

    async def __call__(self, message: Message) -> bool:
        caption = message.caption
        return message.text is None and caption is not None and caption[:1] not in ("", "/")


# What people write or send; everything else a group shows (a topic renamed or closed, a
# pinned message, a member joining) is the group's own business.
SAID = frozenset(
    {
        ContentType.TEXT,
        ContentType.PHOTO,
        ContentType.DOCUMENT,
        ContentType.VOICE,
        ContentType.ANIMATION,
        ContentType.AUDIO,
        ContentType.CHECKLIST,
        ContentType.CONTACT,
        ContentType.DICE,
        ContentType.GAME,
        ContentType.LIVE_PHOTO,
        ContentType.LOCATION,
        ContentType.PAID_MEDIA,
        ContentType.POLL,
        ContentType.STICKER,
        ContentType.STORY,
        ContentType.VENUE,
        ContentType.VIDEO,
        ContentType.VIDEO_NOTE,
    }
)


class SaidBySomeone(Filter):
    """Something a person wrote or sent, not a service message."""

    async def __call__(self, message: Message) -> bool:
        return message.text is not None or message.content_type in SAID


class Worded(Filter):
    """A message with words (text, or a caption): what an edit changes that matters. A live
    location shared for an hour arrives as an edit every few seconds, and says nothing."""

    async def __call__(self, message: Message) -> bool:
        return message.text is not None or message.caption is not None
