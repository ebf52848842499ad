"""The delivery worker's Sender on top of aiogram: Telegram's errors in the worker's terms."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup

from welcomebot.delivery.errors import Blocked, Permanent, RetryAfter, Transient
from welcomebot.telegram.retries import left_to_caller


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, text: str, reply_markup: str | None) -> None:
        markup = InlineKeyboardMarkup.model_validate_json(reply_markup) if reply_markup else None
        try:
            with left_to_caller():  # the worker retries, and pauses everyone on a 429
                await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after) from error
        except TelegramForbiddenError as error:
            raise Blocked(error.message) from error
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            raise Transient(str(error)) from error
        except TelegramBadRequest as error:
            raise Permanent(error.message) from error
