"""Who may do what: newcomers (everyone), anti-rumour agents (by invite), staff (by setting)."""

from __future__ import annotations

import re
import secrets

from welcomebot.domain.roles import Role
from welcomebot.storage.repositories import InviteRepository, UserRepository
from welcomebot.storage.user_cache import Profile

__all__ = ["Invitations", "Role", "looks_like_invite", "role_of"]

INVITE_BYTES = 12  # token_urlsafe: 16 characters, fits a /start deep-link payload (64 at most)
INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{16}")


def looks_like_invite(payload: str) -> bool:
    """Whether a /start payload has the shape of an invite code. A poster's QR code may carry
    any other payload: that is a plain /start, not an invite gone stale."""
    return INVITE_CODE.fullmatch(payload) is not None


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
        code = secrets.token_urlsafe(INVITE_BYTES)
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
