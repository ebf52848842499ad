"""Where a ticket's messages come from: the staff group, and which ticket a message there is
about (its forum topic, or the ticket message it replies to)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from welcomebot.config import Settings
from welcomebot.services.unit_of_work import UnitOfWork


class StaffGroupSet(Filter):
    """A staff group is configured (STAFF_CHAT_ID)."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        return settings.staff_chat_id is not None


class StaffGroup(Filter):
    """A message in the staff group, or a button pressed there."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        return (
            settings.staff_chat_id is not None
            and message is not None
            and message.chat.id == settings.staff_chat_id
        )


class AboutTicket(Filter):
    """A message in a ticket's topic, or a reply to one of a ticket's messages: gives `ticket`."""

    async def __call__(
        self, message: Message, services: UnitOfWork, settings: Settings
    ) -> bool | dict[str, Any]:
        ticket = None
        if message.is_topic_message and message.message_thread_id is not None:
            ticket = await services.tickets.in_thread(message.message_thread_id)
        if ticket is None and message.reply_to_message is not None:
            ticket = await services.tickets.of_message(
                message.chat.id, message.reply_to_message.message_id
            )
        return {"ticket": ticket} if ticket is not None else False


class RepliesToBot(Filter):
    """A reply to one of the bot's messages, or a message in a topic the bot opened (where
    Telegram makes the topic's first message the one replied to)."""

    async def __call__(self, message: Message, bot: Bot) -> bool:
        replied = message.reply_to_message
        return (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )
