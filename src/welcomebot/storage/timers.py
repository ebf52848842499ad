"""Which timed jobs already ran or were missed, so a restart schedules neither again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.models import TimerRun


def run_key(job_id: str, due: datetime) -> str:
    return f"{job_id}@{int(due.timestamp())}"


class TimerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, job_id: str, due: datetime, outcome: str) -> bool:
        """False when this run was already recorded."""
        key = run_key(job_id, due)
        if await self.session.get(TimerRun, key) is not None:
            return False
        self.session.add(TimerRun(run=key, outcome=outcome))
        await self.session.flush()
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
