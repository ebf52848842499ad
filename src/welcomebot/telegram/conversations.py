"""Where conversation state (aiogram's FSM) lives, and for how long.

A conversation holds what a person typed: a request half-written, a rumour report before its
context, the last question (read for an hour by "Ask a person"). None of it is needed once the
person has moved on, so it ends a day after its last change, in Redis (its keys' expiry) and in
memory alike; aiogram's own memory storage keeps it for the life of the process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

CONVERSATION_TTL = timedelta(days=1)


class ExpiringMemoryStorage(MemoryStorage):
    """aiogram's MemoryStorage, but a conversation not changed for `ttl` is gone, as with
    RedisStorage's `state_ttl` and `data_ttl`."""

    def __init__(
        self, ttl: timedelta = CONVERSATION_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.ttl, self.clock = ttl.total_seconds(), clock
        self.changed: dict[StorageKey, float] = {}
        self.swept = clock()

    def _expire(self, key: StorageKey) -> None:
        now = self.clock()
        if now - self.swept > self.ttl:  # everyone's, now and then: most never come back
            self.swept = now
            for stale in [k for k, at in self.changed.items() if now - at > self.ttl]:
                self._drop(stale)
        if now - self.changed.get(key, now) > self.ttl:
            self._drop(key)

    def _drop(self, key: StorageKey) -> None:
        self.storage.pop(key, None)
        self.changed.pop(key, None)

    def _keep_none_empty(self, key: StorageKey) -> None:
        if key not in self.changed:  # reading creates an empty record
            self.storage.pop(key, None)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        self._expire(key)
        await super().set_state(key, state)
        self.changed[key] = self.clock()

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        self._expire(key)
        await super().set_data(key, data)
        self.changed[key] = self.clock()

    async def get_state(self, key: StorageKey) -> str | None:
        self._expire(key)
        state = await super().get_state(key)
        self._keep_none_empty(key)
        return state

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        self._expire(key)
        data = await super().get_data(key)
        self._keep_none_empty(key)
        return data

    async def get_value(
        self, storage_key: StorageKey, dict_key: str, default: Any | None = None
    ) -> Any | None:
        return (await self.get_data(storage_key)).get(dict_key, default)
