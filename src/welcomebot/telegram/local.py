"""A Bot API that lives in memory: it records every request and answers as Telegram would.

The console chat and the handler tests use it in place of the network, so both run the
real Bot, Dispatcher, middlewares and routers.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="welcomebot", username="welcomebot_local")
LOCAL_TOKEN = "42:LOCAL-no-network"


class LocalSession(BaseSession):
    def __init__(self, on_request: Callable[[TelegramMethod[Any], Any], None] | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.on_request = on_request
        self._message_ids = itertools.count(1000)

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("the local Bot API has no files to download")
        yield b""  # pragma: no cover

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.requests.append(method)
        result = self._result(bot, method)
        if self.on_request is not None:
            self.on_request(method, result)
        return result  # type: ignore[return-value]

    def _message(self, bot: Bot, chat_id: int | str, message_id: int | None = None, **fields: Any) -> Message:
        return Message(
            message_id=message_id if message_id is not None else next(self._message_ids),
            date=datetime.now(UTC),
            chat=Chat(id=int(chat_id), type="private"),
            from_user=BOT_USER,
            **fields,
        ).as_(bot)

    def _result(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return self._message(bot, method.chat_id, text=method.text, reply_markup=method.reply_markup)
        if isinstance(method, EditMessageText):
            return self._message(
                bot, method.chat_id or 0, method.message_id, text=method.text, reply_markup=method.reply_markup
            )
        if isinstance(method, EditMessageReplyMarkup):
            return self._message(bot, method.chat_id or 0, method.message_id, reply_markup=method.reply_markup)
        return True

    def sent(self, kind: type[TelegramMethod[Any]] = SendMessage) -> list[Any]:
        return [r for r in self.requests if isinstance(r, kind)]
