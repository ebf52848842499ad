"""One database session per update, committed when the handler finishes without error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.repositories import (
    FeedbackRepository,
    InviteRepository,
    RumourReportRepository,
    UnansweredRepository,
    UserRepository,
)


@dataclass(frozen=True)
class Repositories:
    users: UserRepository
    feedback: FeedbackRepository
    unanswered: UnansweredRepository
    invites: InviteRepository
    reports: RumourReportRepository

    @classmethod
    def on(cls, session: AsyncSession) -> Repositories:
        return cls(
            UserRepository(session),
            FeedbackRepository(session),
            UnansweredRepository(session),
            InviteRepository(session),
            RumourReportRepository(session),
        )


class DatabaseMiddleware(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.sessions() as session:
            data["repos"] = Repositories.on(session)
            result = await handler(event, data)
            await session.commit()
            return result
