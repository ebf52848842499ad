"""Events and who signed up to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.services.audiences import Recipient
from welcomebot.storage.models import Event, Signup, User


class EventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: Event) -> Event:
        self.session.add(event)
        await self.session.flush()
        return event

    async def get(self, event_id: int) -> Event | None:
        return await self.session.get(Event, event_id)

    async def active_from(self, start: datetime) -> list[Event]:
        rows = await self.session.exec(
            select(Event)
            .where(Event.state == "active", Event.starts >= start)
            .order_by(Event.starts, Event.id)
        )
        return list(rows.all())

    async def sign_up(self, event_id: int, telegram_id: int) -> bool:
        if await self.session.get(Signup, (event_id, telegram_id)) is not None:
            return False
        self.session.add(Signup(event_id=event_id, telegram_id=telegram_id))
        await self.session.flush()
        return True

    async def undo(self, event_id: int, telegram_id: int) -> bool:
        result = await self.session.exec(
            delete(Signup).where(Signup.event_id == event_id, Signup.telegram_id == telegram_id)
        )
        return bool(result.rowcount)

    async def signed_up(self, event_id: int, telegram_id: int) -> bool:
        return await self.session.get(Signup, (event_id, telegram_id)) is not None

    async def count(self, event_id: int) -> int:
        rows = await self.session.exec(
            select(func.count()).select_from(Signup).where(Signup.event_id == event_id)
        )
        return int(rows.one())

    async def attendees(self, event_id: int) -> list[Recipient]:
        """Those signed up whom the bot can still reach."""
        query = (
            select(User.telegram_id, User.language, User.timezone)
            .join(Signup, col(Signup.telegram_id) == col(User.telegram_id))
            .where(Signup.event_id == event_id, col(User.active).is_(True))
        )
        rows = await self.session.exec(query.order_by(User.telegram_id))
        return [Recipient(*row) for row in rows.all()]

    async def forget(self, telegram_id: int) -> None:
        await self.session.exec(delete(Signup).where(Signup.telegram_id == telegram_id))
