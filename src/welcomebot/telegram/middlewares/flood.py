"""A per-user flood limit: past it, one polite warning, then updates are dropped quietly.
Staff are not limited, nor is a message that signals danger: someone in panic may write many
short messages, and each that says so gets the emergency numbers first.

The window slides: at most `limit` updates are let through in any `window` seconds. Fixed
windows let twice the limit through in a moment across a window's turn. The log of each
user's updates lives in Redis when it is configured, so the limit holds across replicas, and in
this process's memory otherwise.
"""

from __future__ import annotations

import enum
import time
import uuid
from collections import deque
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


class Verdict(enum.Enum):
    PASS = "pass"
    WARN = "warn"  # the first update held back since the user was last let through
    DROP = "drop"


class Limiter(Protocol):
    async def hit(self, user_id: int) -> Verdict:
        """Let one update of this user through, or say why not."""


class MemoryLimiter:
    def __init__(self, limit: int, window: int) -> None:
        self.limit, self.window = limit, window
        self.passed: dict[int, deque[float]] = {}  # per user: when updates were let through
        self.warned: set[int] = set()

    async def hit(self, user_id: int) -> Verdict:
        now = clock()
        if len(self.passed) > 100_000:  # users quiet for a window are never read again
            self.passed = {u: t for u, t in self.passed.items() if t and t[-1] > now - self.window}
            self.warned &= self.passed.keys()
        times = self.passed.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self.warned.discard(user_id)
            return Verdict.PASS
        if user_id in self.warned:
            return Verdict.DROP
        self.warned.add(user_id)
        return Verdict.WARN


# Checking the count and logging the update must be one step, or two replicas could both let
# the limit's last update through: a script runs atomically in Redis.
_HIT = """
local log, warned = KEYS[1], KEYS[2]
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
if redis.call('ZCARD', log) < limit then
    redis.call('ZADD', log, now, ARGV[4])
    redis.call('EXPIRE', log, ARGV[2])
    redis.call('DEL', warned)
    return 0
end
if redis.call('SET', warned, 1, 'NX', 'EX', ARGV[2]) then
    return 1
end
return 2
"""
_VERDICTS = (Verdict.PASS, Verdict.WARN, Verdict.DROP)


class RedisLimiter:
    def __init__(self, redis: Redis, prefix: str, limit: int, window: int) -> None:
        self.prefix, self.limit, self.window = prefix, limit, window
        self.script = redis.register_script(_HIT)

    async def hit(self, user_id: int) -> Verdict:
        key = f"{self.prefix}:flood:{user_id}"
        # Each update its own member: two in the same instant are two updates.
        member = uuid.uuid4().hex
        found = await self.script(
            keys=[key, f"{key}:warned"], args=[clock(), self.window, self.limit, member]
        )
        return _VERDICTS[int(found)]


class FloodMiddleware(BaseMiddleware):
    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

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
        verdict = await self.limiter.hit(sender.id)
        if verdict is Verdict.PASS or _in_danger(event, data):
            return await handler(event, data)
        # Say it once, then stay quiet until the user is heard again.
        if verdict is Verdict.WARN and isinstance(event, Message | CallbackQuery):
            await notify(
                event, _("You are sending messages very fast. Please wait a minute and try again.")
            )
        return None


def _in_danger(event: TelegramObject, data: dict[str, Any]) -> bool:
    """Whether a held-back message signals danger, as the answer would read it (read only past
    the limit: the danger check costs a millisecond or two)."""
    services = data.get("services")
    if not isinstance(event, Message) or services is None:
        return False
    text = event.text or event.caption
    return bool(text) and services.answers.urgent(text)
