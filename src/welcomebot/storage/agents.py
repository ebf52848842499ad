"""The agents' roster: one row per agent who ever joined, until they erase their data."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.models import Agent


class AgentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[Agent]:
        rows = await self.session.exec(select(Agent).order_by(col(Agent.number)))
        return list(rows.all())

    async def by_number(self, number: int) -> Agent | None:
        return await self.session.get(Agent, number)

    async def of(self, telegram_id: int) -> Agent | None:
        rows = await self.session.exec(select(Agent).where(col(Agent.telegram_id) == telegram_id))
        return rows.first()

    async def save(self, agent: Agent) -> Agent:
        self.session.add(agent)
        await self.session.flush()
        return agent

    async def forget(self, telegram_id: int) -> None:
        await self.session.exec(delete(Agent).where(col(Agent.telegram_id) == telegram_id))
