"""Interests, districts and time zones that users choose, and who matches an audience."""

from __future__ import annotations

from sqlalchemy import delete, literal, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.audiences import DEFAULT_INTERESTS, TEAM, Audience, Recipient
from welcomebot.domain.profile import Children
from welcomebot.storage.models import Interest, User


class SubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def interests(self, telegram_id: int) -> set[str]:
        rows = await self.session.exec(
            select(Interest.name).where(col(Interest.telegram_id) == telegram_id)
        )
        return set(rows.all())

    async def subscribe(self, telegram_id: int, name: str) -> None:
        if await self.session.get(Interest, (telegram_id, name)) is None:
            self.session.add(Interest(telegram_id=telegram_id, name=name))
            await self.session.flush()

    async def unsubscribe(self, telegram_id: int, name: str) -> bool:
        result = await self.session.exec(
            delete(Interest).where(
                col(Interest.telegram_id) == telegram_id, col(Interest.name) == name
            )
        )
        return bool(result.rowcount)

    async def tick(self, telegram_id: int, name: str, on: bool | None) -> None:
        """Subscribed (`on`) or not, whatever it was; None turns it over."""
        if on is None:
            if not await self.unsubscribe(telegram_id, name):
                await self.subscribe(telegram_id, name)
        elif on:
            await self.subscribe(telegram_id, name)
        else:
            await self.unsubscribe(telegram_id, name)

    async def subscribe_defaults(self, telegram_id: int) -> None:
        for name in DEFAULT_INTERESTS:
            await self.subscribe(telegram_id, name)

    async def set_district(self, telegram_id: int, district: str | None) -> bool:
        return await self._set(telegram_id, district=district)

    async def set_timezone(self, telegram_id: int, timezone: str | None) -> bool:
        return await self._set(telegram_id, timezone=timezone)

    async def _set(self, telegram_id: int, **values: str | None) -> bool:
        """False when there is no such user."""
        result = await self.session.exec(
            update(User).where(col(User.telegram_id) == telegram_id).values(**values)
        )
        return bool(result.rowcount)

    async def recipients(self, audience: Audience) -> list[Recipient]:
        """Active users who subscribed to the audience's interest and fit its filters."""
        query = select(User.telegram_id, User.language, User.timezone).where(
            col(User.active).is_(True)
        )
        if audience.interest != TEAM:
            query = query.join(Interest, col(Interest.telegram_id) == col(User.telegram_id)).where(
                col(Interest.name) == audience.interest
            )
        if audience.languages:
            query = query.where(col(User.language).in_(audience.languages))
        if audience.roles:
            query = query.where(col(User.role).in_(audience.roles))
        if audience.districts:
            query = query.where(col(User.district).in_(audience.districts))
        if audience.situations:
            query = query.where(col(User.situation).in_(audience.situations))
        if audience.ages:
            bands = literal(",") + col(User.child_ages) + literal(",")  # whole bands only
            query = query.where(col(User.children) == Children.YES).where(
                or_(*(bands.contains(f",{age},") for age in audience.ages))
            )
        rows = await self.session.exec(query.order_by(col(User.telegram_id)))
        return [Recipient(*row) for row in rows.all()]
