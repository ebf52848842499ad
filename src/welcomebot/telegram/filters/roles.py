"""Role checks run on the server for every command and button; a client can send anything."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from welcomebot.domain.roles import Role


class HasRole(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, role: Role) -> bool:
        return role in self.roles
