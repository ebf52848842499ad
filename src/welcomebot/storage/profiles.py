"""Who wrote an update: from the cache, or looked up with every other update of the batch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.batching import Batch
from welcomebot.storage.models import User
from welcomebot.storage.user_cache import MISSING, Profile, UserCache, profile_of


class Profiles:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cache: UserCache) -> None:
        self.sessions, self.cache = sessions, cache
        self._lookup: Batch[int, Profile | None] = Batch(self._load)

    async def get(self, telegram_id: int) -> Profile | None:
        """Language and role; None for someone who has not chosen a language yet."""
        cached = self.cache.get(telegram_id)
        if cached is not MISSING:
            return cached
        return await self._lookup(telegram_id)

    async def _load(self, ids: list[int]) -> list[Profile | None]:
        async with self.sessions() as session:
            users = await session.exec(select(User).where(col(User.telegram_id).in_(set(ids))))
            found = {user.telegram_id: profile_of(user) for user in users}
        for telegram_id in ids:
            self.cache.put(telegram_id, found.get(telegram_id))
        return [found.get(telegram_id) for telegram_id in ids]
