"""The delivery worker's Sender on top of aiogram: Telegram's errors in the worker's terms."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from welcomebot.delivery.errors import Blocked, Permanent, RetryAfter, Transient
from welcomebot.telegram.retries import left_to_caller

# Draws the picture an outbox row names: its PNG and file name, None if it cannot.
Draw = Callable[[str], tuple[bytes, str] | None]


class TelegramSender:
    def __init__(self, bot: Bot, pictures: Draw | None = None) -> None:
        self.bot, self.pictures = bot, pictures

    async def send(
        self, chat_id: int, text: str, reply_markup: str | None, picture: str | None = None
    ) -> None:
        markup = InlineKeyboardMarkup.model_validate_json(reply_markup) if reply_markup else None
        photo = await self._picture(picture) if picture else None
        try:
            with left_to_caller():  # the worker retries, and pauses everyone on a 429
                if photo is not None:
                    await self.bot.send_photo(chat_id, photo, caption=text, reply_markup=markup)
                else:
                    await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after) from error
        except TelegramForbiddenError as error:
            raise Blocked(error.message) from error
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            raise Transient(str(error)) from error
        except TelegramBadRequest as error:
            raise Permanent(error.message) from error

    async def _picture(self, name: str) -> BufferedInputFile:
        drawn = await asyncio.to_thread(self.pictures, name) if self.pictures else None
        if drawn is None:
            raise Permanent(f"no picture {name!r}: its content is gone")
        return BufferedInputFile(*drawn)
