"""Virtual time: sleeping advances the clock at once, so rate tests take no real time."""

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from welcomebot.delivery.clock import Clock


class FakeClock(Clock):
    def __init__(self) -> None:
        self.elapsed = 0.0
        self.start = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)  # others run first, at the current time, as with a real sleep
        self.elapsed += max(0.0, seconds)


def local(moment: datetime) -> datetime:
    """The moment on the demo centre's clock (Europe/Tallinn)."""
    return moment.astimezone(ZoneInfo("Europe/Tallinn"))


def seconds_to_midnight(now: datetime, zones: tuple[str, ...]) -> float:
    """Until the next midnight in UTC or in any of `zones` (elapsed, clock changes counted)."""
    ahead = []
    for zone in (UTC, *(ZoneInfo(name) for name in zones)):
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        midnight = datetime.combine(tomorrow, datetime.min.time(), zone)
        ahead.append(midnight.timestamp() - now.timestamp())
    return min(ahead)
