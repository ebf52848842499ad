"""Repositories for each update, on a database session opened only if a handler needs one.

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
from functools import cached_property
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.profiles import Profiles
from welcomebot.storage.repositories import (
    FeedbackRepository,
    InviteRepository,
    RumourReportRepository,
    UnansweredRepository,
    UserRepository,
)
from welcomebot.storage.subscriptions import SubscriptionRepository
from welcomebot.storage.user_cache import Profile

# The repositories of the update this task is handling, if any.
_current: ContextVar[Repositories | None] = ContextVar("welcomebot_repositories", default=None)


class Repositories:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], profiles: Profiles) -> None:
        self._sessions = sessions
        self._profiles = profiles

    @cached_property
    def session(self) -> AsyncSession:
        return self._sessions()

    @property
    def opened(self) -> bool:
        return "session" in self.__dict__

    async def commit(self) -> None:
        """End the transaction, if one is open; the next statement begins another."""
        if self.opened and self.session.in_transaction():
            await self.session.commit()

    async def profile(self, telegram_id: int) -> Profile | None:
        """Language and role; a fresh cache entry spares the update any database work."""
        return await self._profiles.get(telegram_id)

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session, self._profiles.cache)

    @cached_property
    def feedback(self) -> FeedbackRepository:
        return FeedbackRepository(self.session)

    @cached_property
    def invites(self) -> InviteRepository:
        return InviteRepository(self.session)

    @cached_property
    def unanswered(self) -> UnansweredRepository:
        return UnansweredRepository(self.session)

    @cached_property
    def reports(self) -> RumourReportRepository:
        return RumourReportRepository(self.session)

    @cached_property
    def subscriptions(self) -> SubscriptionRepository:
        return SubscriptionRepository(self.session)


class DatabaseMiddleware(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], profiles: Profiles) -> None:
        self.sessions = sessions
        self.profiles = profiles

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        repos = data["repos"] = Repositories(self.sessions, self.profiles)
        token = _current.set(repos)
        try:
            result = await handler(event, data)
            await repos.commit()
            return result
        finally:
            _current.reset(token)
            if repos.opened:
                await repos.session.close()


class CommitBeforeSending(BaseRequestMiddleware):
    """A Bot API request made while handling an update first commits what it wrote."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        repos = _current.get()
        if repos is not None:
            await repos.commit()
        return await make_request(bot, method)
