"""Usage counted without people: per day, kind, topic and language, never per person.

Counting is in memory, on the path of every question, so it costs no database trip; the
counts are added to the stored ones in one transaction at most every `flush_seconds` (and
when the process stops, and before statistics are read). Active people are counted by a keyed
hash of (person, ISO week) whose secret is never stored: the week's distinct people can be
counted, nobody can be found in them without the secret, and when the week is over its keys
become one number (`roll_up`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.times import iso_week
from welcomebot.domain.usage import Count
from welcomebot.storage.models import utcnow
from welcomebot.storage.usage import CountKey, UsageRepository

log = logging.getLogger(__name__)


def monday(week: str) -> date:
    """The first day of an ISO week such as 2026-W47."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


class Usage:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        secret: bytes,
        zone: ZoneInfo,
        flush_seconds: float = 60.0,
    ) -> None:
        self.sessions, self.secret, self.zone = sessions, secret, zone
        self.flush_seconds = flush_seconds
        self._counts: Counter[CountKey] = Counter()
        self._durations: list[tuple[date, float]] = []
        self._active: set[tuple[str, str]] = set()  # to store
        self._seen: set[tuple[str, str]] = set()  # stored by this process already
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock = asyncio.Lock()

    def day(self, at: datetime | None = None) -> date:
        """The city's day of a moment."""
        return (at or utcnow()).astimezone(self.zone).date()

    def count(
        self,
        kind: Count,
        topic: str | None = None,
        lang: str | None = None,
        at: datetime | None = None,
    ) -> None:
        self._counts[CountKey(self.day(at), kind.value, topic or "", lang or "")] += 1
        self._later()

    def reply_time(self, seconds: float, at: datetime | None = None) -> None:
        """A ticket's first staff reply came `seconds` after it opened."""
        self._durations.append((self.day(at), max(0.0, float(seconds))))
        self.count(Count.TICKET_ANSWERED, at=at)

    def key(self, person: int, week: str) -> str:
        message = f"{week}:{person}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:32]

    def active(self, person: int, at: datetime | None = None) -> None:
        week = iso_week((at or utcnow()).astimezone(self.zone))
        found = (week, self.key(person, week))
        if found not in self._seen:
            self._seen = {seen for seen in self._seen if seen[0] == week}  # last week's: gone
            self._seen.add(found)
            self._active.add(found)
            self._later()

    async def forget(self, person: int, at: datetime | None = None) -> None:
        """/forget: this week's key of the person goes (earlier weeks are counts already)."""
        week = iso_week((at or utcnow()).astimezone(self.zone))
        found = (week, self.key(person, week))
        self._seen.discard(found)
        self._active.discard(found)
        async with self.sessions() as session:
            await UsageRepository(session).forget_active([found])
            await session.commit()

    def _later(self) -> None:
        if self._timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # counted outside a loop (a script): flushed when asked
            return
        self._timer = loop.call_later(self.flush_seconds, self._flush_soon)

    def _flush_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self.flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """Add what was counted to the stored counts. If the database cannot take it now, the
        counts are kept for the next try."""
        async with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            counts, self._counts = self._counts, Counter()
            durations, self._durations = self._durations, []
            active, self._active = self._active, set()
            if not (counts or durations or active):
                return
            try:
                async with self.sessions() as session:
                    repository = UsageRepository(session)
                    await repository.add_counts(counts)
                    await repository.add_durations(durations)
                    await repository.add_active(sorted(active))
                    await session.commit()
            except Exception:
                log.exception("usage counts not stored yet; they are kept for the next try")
                self._counts.update(counts)
                self._durations += durations
                self._active |= active
                self._later()

    async def close(self) -> None:
        await self.flush()
        for task in list(self._tasks):
            await task


async def roll_up(session: AsyncSession, zone: ZoneInfo, now: datetime | None = None) -> int:
    """Past weeks' active keys become their count (the retention job calls this); returns how
    many weeks."""
    repository = UsageRepository(session)
    weeks = await repository.active_counts()
    current = iso_week((now or utcnow()).astimezone(zone))
    return await repository.roll_up_active(current, {week: monday(week) for week in weeks})


class TicketActivity:
    """What the tickets service tells the statistics: counts by language and topic, and the
    time to the first staff reply. Nothing about the person or the ticket is kept."""

    def __init__(self, usage: Usage) -> None:
        self.usage = usage

    async def opened(self, language: str, topic: str | None) -> None:
        self.usage.count(Count.TICKET_OPENED, topic, language)

    async def reopened(self, language: str, topic: str | None) -> None:
        # Each reopening is closed again: counted, "closed" is not more than was opened.
        self.usage.count(Count.TICKET_REOPENED, topic, language)

    async def first_staff_reply(self, seconds: float) -> None:
        self.usage.reply_time(seconds)

    async def closed(self, language: str, topic: str | None) -> None:
        self.usage.count(Count.TICKET_CLOSED, topic, language)


def weeks_between(start: date, end: date) -> list[str]:
    """The ISO weeks that days from `start` up to, not including, `end` fall in, in order."""
    weeks: list[str] = []
    day = start
    while day < end:
        year, number, _ = day.isocalendar()
        week = f"{year}-W{number:02d}"
        if not weeks or weeks[-1] != week:
            weeks.append(week)
        day += timedelta(days=1)
    return weeks
