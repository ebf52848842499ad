"""The staff group tickets go to (STAFF_CHAT_ID): whether it is a forum, and its topics."""

from __future__ import annotations

import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from welcomebot.domain.tickets import StaffCopies

log = logging.getLogger(__name__)

FORUM_CHECK_SECONDS = 600  # topics may be switched on or off in the group's settings


class StaffRoom:
    def __init__(self, chat_id: int | None) -> None:
        self.chat_id = chat_id
        self._forum: tuple[bool, float] | None = None

    async def is_forum(self, bot: Bot) -> bool:
        if self.chat_id is None:
            return False
        if self._forum is not None and time.monotonic() - self._forum[1] < FORUM_CHECK_SECONDS:
            return self._forum[0]
        try:
            chat = await bot.get_chat(self.chat_id)
        except TelegramAPIError as error:
            log.warning("the staff group %s cannot be read: %s", self.chat_id, error)
            return False
        self._forum = (bool(chat.is_forum), time.monotonic())
        return self._forum[0]

    async def new_topic(self, bot: Bot, name: str) -> int | None:
        """A ticket's own topic, in a forum; None in a plain group (or if Telegram refuses:
        the bot lacks the right to manage topics), where a header message stands for it."""
        if self.chat_id is None or not await self.is_forum(bot):
            return None
        try:
            topic = await bot.create_forum_topic(self.chat_id, name)
        except TelegramAPIError as error:
            log.warning("no topic for a ticket in the staff group: %s", error)
            self._forum = None
            return None
        return topic.message_thread_id

    async def erase(self, bot: Bot, copies: StaffCopies) -> None:
        """Delete tickets' topics, and the bot's messages about them in a plain group, once
        the tickets are deleted. Telegram deletes a message only within 48 hours of it, and
        only where the bot may (an admin with the right to delete messages): what it refuses
        stays, and is logged for staff to delete by hand."""
        if self.chat_id is None:
            return
        for thread in copies.threads:
            try:
                await bot.delete_forum_topic(self.chat_id, thread)
            except TelegramAPIError as error:
                log.warning(
                    "a deleted ticket's topic %s stays in the staff group: %s", thread, error
                )
        for start in range(0, len(copies.messages), 100):  # Telegram's limit per call
            part = list(copies.messages[start : start + 100])
            try:
                await bot.delete_messages(self.chat_id, part)
            except TelegramAPIError as error:
                log.warning(
                    "%d messages of deleted tickets stay in the staff group: %s", len(part), error
                )
