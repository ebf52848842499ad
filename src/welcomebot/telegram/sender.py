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
from welcomebot.delivery.worker import Parcel
from welcomebot.telegram.retries import left_to_caller

# Draws the picture an outbox row names: its PNG and file name, None if it cannot.
Draw = Callable[[str], tuple[bytes, str] | None]


class TelegramSender:
    def __init__(self, bot: Bot, pictures: Draw | None = None) -> None:
        self.bot, self.pictures = bot, pictures

    async def send(self, parcel: Parcel) -> int | None:
        photo = await self._picture(parcel.picture) if parcel.picture else None
        try:
            with left_to_caller():  # the worker retries, and pauses everyone on a 429
                return await self._request(parcel, photo)
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after) from error
        except TelegramForbiddenError as error:
            raise Blocked(error.message) from error
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            raise Transient(str(error)) from error
        except TelegramBadRequest as error:
            raise Permanent(error.message) from error

    async def _request(self, parcel: Parcel, photo: BufferedInputFile | None) -> int:
        raw = parcel.reply_markup
        markup = InlineKeyboardMarkup.model_validate_json(raw) if raw else None
        if parcel.copy_from is not None and parcel.copy_id is not None:
            copied = await self.bot.copy_message(
                parcel.chat_id,
                parcel.copy_from,
                parcel.copy_id,
                message_thread_id=parcel.thread_id,
                caption=parcel.text or None,
                reply_markup=markup,
            )
            return copied.message_id
        if photo is not None:
            sent = await self.bot.send_photo(
                parcel.chat_id,
                photo,
                caption=parcel.text,
                message_thread_id=parcel.thread_id,
                reply_markup=markup,
            )
            return sent.message_id
        sent = await self.bot.send_message(
            parcel.chat_id, parcel.text, message_thread_id=parcel.thread_id, reply_markup=markup
        )
        return sent.message_id

    async def _picture(self, name: str) -> BufferedInputFile:
        drawn = await asyncio.to_thread(self.pictures, name) if self.pictures else None
        if drawn is None:
            raise Permanent(f"no picture {name!r}: its content is gone")
        return BufferedInputFile(*drawn)
