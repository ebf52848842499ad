"""Repositories for each update, on a database session opened only if a handler needs one.

Most updates (a question answered, a cached user) never touch the database, so they pay no
connection, no transaction and no commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from aiogram import BaseMiddleware
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
        try:
            result = await handler(event, data)
            if repos.opened:
                await repos.session.commit()
            return result
        finally:
            if repos.opened:
                await repos.session.close()
