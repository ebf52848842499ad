"""Questions nobody could answer, stored together when they arrive together."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.batching import Batch
from welcomebot.storage.repositories import Unanswered, UnansweredRepository


class UnansweredLog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._write: Batch[Unanswered, int] = Batch(self._store)

    async def add(
        self,
        text: str,
        lang: str,
        best_entry_id: str | None,
        best_score: float | None,
        shown_entry_ids: str | None = None,
    ) -> int:
        """Returns the row's id once the question is committed, with any others of the same
        batch."""
        return await self._write(Unanswered(text, lang, best_entry_id, best_score, shown_entry_ids))

    async def _store(self, questions: list[Unanswered]) -> list[int]:
        async with self.sessions() as session:
            ids = await UnansweredRepository(session).add_many(questions)
            await session.commit()
        return ids
