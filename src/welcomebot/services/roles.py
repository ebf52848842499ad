"""Who may do what: newcomers (everyone), anti-rumour agents (by invite), staff (by setting)."""

from __future__ import annotations

import secrets
from enum import StrEnum

from welcomebot.storage.repositories import InviteRepository, UserRepository
from welcomebot.storage.user_cache import Profile


class Role(StrEnum):
    NEWCOMER = "newcomer"
    AGENT = "agent"
    STAFF = "staff"


def role_of(telegram_id: int, user: Profile | None, staff_ids: frozenset[int]) -> Role:
    """Staff come from STAFF_IDS on every update, so removing an id takes effect at once."""
    if telegram_id in staff_ids:
        return Role.STAFF
    if user is not None and user.role == Role.AGENT:
        return Role.AGENT
    return Role.NEWCOMER


class Invitations:
    """Single-use invite codes; opening one makes the person an agent."""

    def __init__(self, invites: InviteRepository, users: UserRepository) -> None:
        self.invites = invites
        self.users = users

    async def create(self) -> str:
        code = secrets.token_urlsafe(12)  # 16 characters, fits a /start deep-link payload
        await self.invites.create(code)
        return code

    async def redeem(self, code: str, telegram_id: int, language: str) -> bool:
        if not await self.invites.redeem(code):
            return False
        await self.users.set_role(telegram_id, Role.AGENT, language)
        return True

    async def revoke(self, telegram_id: int) -> bool:
        user = await self.users.get(telegram_id)
        if user is None or user.role != Role.AGENT:
            return False
        await self.users.set_role(telegram_id, Role.NEWCOMER, user.language)
        return True
