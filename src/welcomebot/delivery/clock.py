"""Time for the delivery worker, replaceable in tests so they need no real sleeping."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime


class Clock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))
