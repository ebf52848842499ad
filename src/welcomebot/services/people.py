"""What the bot knows of one person that several features read: their time zone, and which
events are meant for them."""

from __future__ import annotations

from welcomebot.domain.profile import PersonProfile
from welcomebot.domain.roles import Role
from welcomebot.services.events import Viewer
from welcomebot.storage.repositories import UserRepository
from welcomebot.storage.user_cache import profile_of


class People:
    def __init__(self, users: UserRepository, city_zone: str) -> None:
        self.users = users
        self.city_zone = city_zone

    async def zone(self, telegram_id: int) -> str:
        """The time zone dates are shown in: the person's own, else the city's."""
        user = await self.users.get(telegram_id)
        return (user.timezone if user else None) or self.city_zone

    async def profile(self, telegram_id: int) -> PersonProfile | None:
        """What the person told of themselves (None: not stored); it only tailors content."""
        user = await self.users.get(telegram_id)
        if user is None:
            return None
        return profile_of(user).about

    async def viewer(self, telegram_id: int, language: str, role: Role, stored: bool) -> Viewer:
        """Someone looking at events; `stored` is whether they chose a language (else nothing
        of them is stored, and no query is needed)."""
        user = await self.users.get(telegram_id) if stored else None
        return Viewer(
            language,
            None if role == Role.STAFF else str(role),
            user.district if user else None,
            (user.timezone if user else None) or self.city_zone,
        )
