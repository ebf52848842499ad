"""Which timed jobs already ran or were missed, so a restart schedules neither again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.models import TimerRun


def run_key(job_id: str, due: datetime) -> str:
    return f"{job_id}@{int(due.timestamp())}"


class TimerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, job_id: str, due: datetime, outcome: str) -> bool:
        """False when this run was already recorded. The row is the claim: where two
        processes run the same job (two chats on one data folder), one records it and runs
        it, the other is told False. Call it first in a transaction: a lost race rolls the
        session back."""
        key = run_key(job_id, due)
        if await self.session.get(TimerRun, key) is not None:
            return False
        self.session.add(TimerRun(run=key, outcome=outcome))
        try:
            await self.session.flush()
        except IntegrityError:  # recorded by the other between our read and our write
            await self.session.rollback()
            return False
        return True

    async def purge(self, before: datetime) -> int:
        result = await self.session.exec(delete(TimerRun).where(col(TimerRun.at) < before))
        return int(result.rowcount or 0)

    async def recorded(self, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        rows = await self.session.exec(select(TimerRun.run).where(col(TimerRun.run).in_(keys)))
        return set(rows.all())
