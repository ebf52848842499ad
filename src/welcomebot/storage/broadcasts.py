"""Broadcasts: create, move between states only from the expected one, list what waits."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.models import Broadcast


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, broadcast: Broadcast) -> Broadcast:
        self.session.add(broadcast)
        await self.session.flush()
        return broadcast

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)

    async def move(self, broadcast_id: int, source: str, target: str, **values: object) -> bool:
        """source -> target, only if it is still in `source`: of two callers, one wins."""
        result = await self.session.exec(
            update(Broadcast)
            .where(col(Broadcast.id) == broadcast_id, col(Broadcast.state) == source)
            .values(state=target, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def in_state(self, state: str) -> list[Broadcast]:
        rows = await self.session.exec(
            select(Broadcast).where(col(Broadcast.state) == state).order_by(col(Broadcast.due))
        )
        return list(rows.all())

    async def set_status_message(self, broadcast_id: int, message_id: int) -> None:
        await self.session.exec(
            update(Broadcast)
            .where(col(Broadcast.id) == broadcast_id)
            .values(status_message_id=message_id)
            .execution_options(synchronize_session=False)
        )

    async def forget_status_chat(self, chat_id: int) -> None:
        """A staff member erased their data: their progress messages are no longer edited."""
        await self.session.exec(
            update(Broadcast)
            .where(col(Broadcast.status_chat_id) == chat_id)
            .values(status_chat_id=None, status_message_id=None)
            .execution_options(synchronize_session=False)
        )
