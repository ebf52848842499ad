"""A per-user flood limit: past it, one polite warning, then updates are dropped quietly.
Staff are not limited.

The counters live in Redis when it is configured, so the limit holds across replicas, and in
this process's memory otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.telegram.texts import notify

if TYPE_CHECKING:  # the client is imported only when REDIS_URL is set
    from redis.asyncio import Redis


def clock() -> float:
    """Seconds of the wall clock, which windows are counted on (a seam for tests)."""
    return time.time()


class Counter(Protocol):
    async def hit(self, user_id: int) -> int:
        """Count one update of this user in the current window; return the window's count."""


class MemoryCounter:
    def __init__(self, window: int) -> None:
        self.window = window
        self.counts: dict[tuple[int, int], int] = {}

    async def hit(self, user_id: int) -> int:
        slot = int(clock()) // self.window
        if len(self.counts) > 100_000:  # old windows are never read again
            self.counts = {k: v for k, v in self.counts.items() if k[1] == slot}
        key = (user_id, slot)
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]


class RedisCounter:
    def __init__(self, redis: Redis, prefix: str, window: int) -> None:
        self.redis, self.prefix, self.window = redis, prefix, window

    async def hit(self, user_id: int) -> int:
        key = f"{self.prefix}:flood:{user_id}:{int(clock()) // self.window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            # Queued, not sent: each call returns the pipeline (typed as the command's result).
            pipe.incr(key)
            pipe.expire(key, self.window * 2)
            count, _ = await pipe.execute()
        return int(count)


class FloodMiddleware(BaseMiddleware):
    def __init__(self, counter: Counter, limit: int) -> None:
        self.counter = counter
        self.limit = limit

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        # Staff are configured by id and fill long forms (/newevent) quickly: not flooding.
        if sender is None or data.get("role") == Role.STAFF:
            return await handler(event, data)
        count = await self.counter.hit(sender.id)
        if count <= self.limit:
            return await handler(event, data)
        # Say it once a window, then stay quiet.
        if count == self.limit + 1 and isinstance(event, Message | CallbackQuery):
            await notify(
                event, _("You are sending messages very fast. Please wait a minute and try again.")
            )
        return None
