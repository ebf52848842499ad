"""Each update is handled once per bot, however many times it arrives.

Telegram sends an update again when it thinks the first did not arrive: a webhook that
answered too late, polling that stopped before confirming what it had read. Without this,
both copies are answered. Update ids are remembered in this process's memory, or in Redis
when it is configured, so that webhook replicas behind one URL agree on who takes an update.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

if TYPE_CHECKING:  # the client is imported only when REDIS_URL is set
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

# Repeats come within minutes (Telegram's webhook retries, a restart of polling); an hour
# covers them without keeping a key per update for the day Telegram keeps updates.
WINDOW_SECONDS = 3600


class SeenUpdates(Protocol):
    async def first(self, bot_id: int, update_id: int) -> bool:
        """True the first time this bot's update id is seen within the window."""


class MemorySeenUpdates:
    def __init__(self, seconds: float = WINDOW_SECONDS, size: int = 100_000) -> None:
        self.seconds, self.size = seconds, size
        # In arrival order, which is also the order they expire in.
        self._expires: OrderedDict[tuple[int, int], float] = OrderedDict()

    async def first(self, bot_id: int, update_id: int) -> bool:
        now = time.monotonic()
        while self._expires and (
            len(self._expires) >= self.size or next(iter(self._expires.values())) < now
        ):
            self._expires.popitem(last=False)
        key = (bot_id, update_id)
        if key in self._expires:
            return False
        self._expires[key] = now + self.seconds
        return True


class RedisSeenUpdates:
    def __init__(self, redis: Redis, prefix: str, seconds: int = WINDOW_SECONDS) -> None:
        self.redis, self.prefix, self.seconds = redis, prefix, seconds

    async def first(self, bot_id: int, update_id: int) -> bool:
        # SET NX: of replicas that get the same update at once, exactly one succeeds.
        key = f"{self.prefix}:update:{bot_id}:{update_id}"
        return bool(await self.redis.set(key, 1, nx=True, ex=self.seconds))


class HandleOnce(BaseMiddleware):
    """An update id seen before is dropped. The first copy's outcome stands even if it
    failed: its person has had a reply (the error message), and a second would confuse."""

    def __init__(self, seen: SeenUpdates) -> None:
        self.seen = seen

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bot: Bot = data["bot"]
        if isinstance(event, Update) and not await self.seen.first(bot.id, event.update_id):
            log.info("update %s came again; it was handled already", event.update_id)
            return None
        return await handler(event, data)
