"""Events and who signed up to them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.audiences import Recipient
from welcomebot.domain.states import EventState
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

    async def lock(self, event_id: int) -> Event | None:
        """The event, its row locked until commit on PostgreSQL, so that sign-ups to one event
        take turns and two people are never both told they have its last place. (SQLite
        writes one transaction at a time anyway.)"""
        rows = await self.session.exec(
            select(Event).where(col(Event.id) == event_id).with_for_update()
        )
        return rows.first()

    async def queue(self, event_id: int) -> list[int]:
        """Who signed up, first come first: the first `capacity` hold places, the rest wait."""
        rows = await self.session.exec(
            select(Signup.telegram_id)
            .where(col(Signup.event_id) == event_id)
            .order_by(col(Signup.created), col(Signup.telegram_id))
        )
        return list(rows.all())

    async def active_from(self, start: datetime) -> list[Event]:
        rows = await self.session.exec(
            select(Event)
            .where(col(Event.state) == EventState.ACTIVE, col(Event.starts) >= start)
            .order_by(col(Event.starts), col(Event.id))
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
            delete(Signup).where(
                col(Signup.event_id) == event_id, col(Signup.telegram_id) == telegram_id
            )
        )
        return bool(result.rowcount)

    async def attendees(
        self, event_id: int, only: Collection[int] | None = None
    ) -> list[Recipient]:
        """Those signed up (of `only`, if given) whom the bot can still reach."""
        query = (
            select(User.telegram_id, User.language, User.timezone)
            .join(Signup, col(Signup.telegram_id) == col(User.telegram_id))
            .where(col(Signup.event_id) == event_id, col(User.active).is_(True))
        )
        if only is not None:
            query = query.where(col(Signup.telegram_id).in_(only))
        rows = await self.session.exec(query.order_by(col(User.telegram_id)))
        return [Recipient(*row) for row in rows.all()]

    async def forget_past_sign_ups(self, ended_before: datetime) -> int:
        """Who signed up to events over before the cutoff (its start, if it gives no end)."""
        over = select(Event.id).where(
            func.coalesce(col(Event.ends), col(Event.starts)) < ended_before
        )
        result = await self.session.exec(delete(Signup).where(col(Signup.event_id).in_(over)))
        return int(result.rowcount or 0)

    async def signed_up_to(self, telegram_id: int) -> list[int]:
        rows = await self.session.exec(
            select(Signup.event_id).where(col(Signup.telegram_id) == telegram_id)
        )
        return list(rows.all())
