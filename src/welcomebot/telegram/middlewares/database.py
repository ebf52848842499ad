"""A unit of work for each update, on a database session opened only if a handler needs one.

Most updates (a question answered, a cached user) never touch the database, so they pay no
connection, no transaction and no commit.

What a handler wrote is committed before the update's next Bot API request, not when the
handler returns: a transaction left open across a round trip to Telegram (50 ms and more)
would keep SQLite's one writer lock, or a PostgreSQL connection and its row locks, from
everyone else for that long. A reply never announces what was not stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject

if TYPE_CHECKING:  # the worker's Bot commits too, and never builds the services
    from welcomebot.services.unit_of_work import Core, UnitOfWork

# The unit of work of the update this task is handling, if any.
_current: ContextVar[UnitOfWork | None] = ContextVar("welcomebot_unit_of_work", default=None)


class DatabaseMiddleware(BaseMiddleware):
    """Gives each update its unit of work, as `services`: handlers take what they need from it."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        services = data["services"] = self.core.unit_of_work()
        token = _current.set(services)
        try:
            result = await handler(event, data)
            await services.commit()
            return result
        finally:
            _current.reset(token)
            await services.close()


class CommitBeforeSending(BaseRequestMiddleware):
    """A Bot API request made while handling an update first commits what it wrote."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        services = _current.get()
        if services is not None:
            await services.commit()
        return await make_request(bot, method)
