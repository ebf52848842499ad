"""Usage counts, ticket reply times, weekly active keys and confirmed pairs: the SQL of the
statistics and of the content loop. Nothing here holds a user id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, func, insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.conflicts import insert_for
from welcomebot.storage.models import ActiveKey, ConfirmedPair, TicketDuration, UsageCount, utcnow
from welcomebot.storage.repositories import delete_older


class CountKey(NamedTuple):
    day: date
    kind: str
    topic: str
    lang: str


class Pair(NamedTuple):
    text: str
    lang: str
    entry_id: str
    source: str
    ticket_id: int | None = None  # a request answered with the entry


class UsageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_counts(self, counts: Mapping[CountKey, int]) -> None:
        """Add to the stored counts, each in one statement: replicas that add to the same
        row at once each add theirs, and the first to create it does not fail the other."""
        for key, n in counts.items():
            statement = insert_for(self.session, UsageCount).values(**key._asdict(), n=n)
            await self.session.exec(
                statement.on_conflict_do_update(
                    index_elements=["day", "kind", "topic", "lang"],
                    set_={"n": col(UsageCount.n) + statement.excluded.n},
                )
            )

    async def counts(self, start: date, end: date) -> list[UsageCount]:
        """The counts of the days from `start` up to, not including, `end`."""
        rows = await self.session.exec(
            select(UsageCount).where(col(UsageCount.day) >= start, col(UsageCount.day) < end)
        )
        return list(rows.all())

    async def add_durations(self, durations: Iterable[tuple[date, float]]) -> None:
        rows = [{"day": day, "seconds": seconds} for day, seconds in durations]
        if rows:
            await self.session.exec(insert(TicketDuration), params=rows)

    async def durations(self, start: date, end: date) -> list[float]:
        rows = await self.session.exec(
            select(TicketDuration.seconds).where(
                col(TicketDuration.day) >= start, col(TicketDuration.day) < end
            )
        )
        return list(rows.all())

    async def add_active(self, keys: Iterable[tuple[str, str]]) -> None:
        """Keys already there (another replica saw the same person, maybe at this moment)
        are skipped."""
        rows = [{"week": week, "key": key} for week, key in keys]
        if rows:
            await self.session.exec(
                insert_for(self.session, ActiveKey)
                .values(rows)
                .on_conflict_do_nothing(index_elements=["week", "key"])
            )

    async def active_counts(self) -> dict[str, int]:
        """Distinct people per week, of the weeks whose keys are still kept."""
        rows = await self.session.exec(
            select(ActiveKey.week, func.count()).group_by(col(ActiveKey.week))
        )
        return dict(rows.all())

    async def roll_up_active(self, current_week: str, monday: Mapping[str, date]) -> int:
        """Replace the keys of the weeks before `current_week` by their count; returns how many
        weeks were rolled up. `monday` gives each week's first day."""
        done = 0
        for week, n in (await self.active_counts()).items():
            if week >= current_week:
                continue
            await self.add_counts({CountKey(monday[week], "active", "", ""): n})
            await self.session.exec(
                delete(ActiveKey)
                .where(col(ActiveKey.week) == week)
                .execution_options(synchronize_session=False)
            )
            done += 1
        return done

    async def forget_active(self, keys: Iterable[tuple[str, str]]) -> None:
        for week, key in keys:
            await self.session.exec(
                delete(ActiveKey)
                .where(col(ActiveKey.week) == week, col(ActiveKey.key) == key)
                .execution_options(synchronize_session=False)
            )


class PairRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, pair: Pair) -> None:
        row = {**pair._asdict(), "text": pair.text[:1000], "created": utcnow()}
        await self.session.exec(insert(ConfirmedPair).values(**row))

    async def since(self, start: datetime) -> list[ConfirmedPair]:
        rows = await self.session.exec(
            select(ConfirmedPair)
            .where(col(ConfirmedPair.created) >= start)
            .order_by(col(ConfirmedPair.created))
        )
        return list(rows.all())

    async def purge(self, retention_days: int, now: datetime | None = None) -> int:
        return await delete_older(self.session, ConfirmedPair, retention_days, now)
