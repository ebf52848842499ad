"""The audit log of staff actions: add, read from a date, forget a person, purge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.models import AuditEntry

ERASED = "someone who has since erased their data"


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)
        await self.session.flush()

    async def since(self, start: datetime) -> list[AuditEntry]:
        rows = await self.session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.at) >= start)
            .order_by(col(AuditEntry.at), col(AuditEntry.id))
        )
        return list(rows.all())

    async def forget_person(self, telegram_id: int) -> None:
        """The action stays on record; whom it was about does not."""
        await self.session.exec(
            update(AuditEntry)
            .where(col(AuditEntry.person) == telegram_id)
            .values(person=None, target=ERASED)
            .execution_options(synchronize_session=False)
        )

    async def purge(self, before: datetime) -> int:
        result = await self.session.exec(
            delete(AuditEntry)
            .where(col(AuditEntry.at) < before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)
