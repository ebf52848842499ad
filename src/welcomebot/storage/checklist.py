"""The arrival checklist's rows: which steps a person marked, and who asked for reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.profile import StepState
from welcomebot.storage.models import ChecklistMark, ChecklistReminder, User


class ChecklistRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def marks(self, telegram_id: int) -> dict[str, StepState]:
        rows = await self.session.exec(
            select(ChecklistMark.step, ChecklistMark.state).where(
                col(ChecklistMark.telegram_id) == telegram_id
            )
        )
        return {step: StepState(state) for step, state in rows.all()}

    async def mark(self, telegram_id: int, step: str, state: StepState, now: datetime) -> None:
        row = await self.session.get(ChecklistMark, (telegram_id, step))
        if row is None:
            row = ChecklistMark(telegram_id=telegram_id, step=step, state=state, at=now)
        row.state, row.at = state, now
        self.session.add(row)
        await self.session.flush()

    async def unmark(self, telegram_id: int, step: str) -> bool:
        result = await self.session.exec(
            delete(ChecklistMark).where(
                col(ChecklistMark.telegram_id) == telegram_id, col(ChecklistMark.step) == step
            )
        )
        return bool(result.rowcount)

    async def reminding(self, telegram_id: int) -> bool:
        return await self.session.get(ChecklistReminder, telegram_id) is not None

    async def remind(self, telegram_id: int, on: bool, now: datetime) -> None:
        if not on:
            await self.session.exec(
                delete(ChecklistReminder).where(col(ChecklistReminder.telegram_id) == telegram_id)
            )
        elif not await self.reminding(telegram_id):
            self.session.add(ChecklistReminder(telegram_id=telegram_id, since=now))
            await self.session.flush()

    async def due(self, before: datetime) -> list[tuple[User, datetime]]:
        """Active people who asked for reminders and had none since `before` (nor asked since),
        with when they last had one (or asked)."""
        last = func.coalesce(col(ChecklistReminder.last_sent), col(ChecklistReminder.since))
        rows = await self.session.exec(
            select(User, ChecklistReminder)
            .join(ChecklistReminder, col(ChecklistReminder.telegram_id) == col(User.telegram_id))
            .where(last <= before, col(User.active).is_(True))
            .order_by(col(User.telegram_id))
        )
        return [(user, reminder.last_sent or reminder.since) for user, reminder in rows.all()]

    async def nudged(self, telegram_id: int, now: datetime) -> None:
        await self.session.exec(
            update(ChecklistReminder)
            .where(col(ChecklistReminder.telegram_id) == telegram_id)
            .values(last_sent=now)
            .execution_options(synchronize_session=False)
        )

    async def done_since(self, start: datetime) -> list[tuple[str, datetime]]:
        """(step, when) of every step marked done since `start`: counts, never who."""
        rows = await self.session.exec(
            select(ChecklistMark.step, ChecklistMark.at).where(
                col(ChecklistMark.state) == StepState.DONE, col(ChecklistMark.at) >= start
            )
        )
        return list(rows.all())

    async def forget(self, telegram_id: int) -> None:
        for model in (ChecklistMark, ChecklistReminder):
            await self.session.exec(delete(model).where(col(model.telegram_id) == telegram_id))
