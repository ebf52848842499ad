"""Who may do what: newcomers (everyone), anti-rumour agents (by invite), staff (by setting)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from welcomebot.domain.roles import Role
from welcomebot.services.roster import Roster, clean_name
from welcomebot.storage.models import Agent, Invite
from welcomebot.storage.repositories import InviteRepository
from welcomebot.storage.user_cache import Profile

__all__ = ["Invitations", "Role", "looks_like_invite", "role_of"]

INVITE_BYTES = 12  # token_urlsafe: 16 characters, fits a /start deep-link payload (64 at most)
INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{16}")
LABEL_CHARS = 80


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


def clean_label(text: str | None) -> str | None:
    """What staff wrote after /invite, on one line and cut to LABEL_CHARS."""
    return clean_name(text or "", LABEL_CHARS)


def label_cut(text: str | None) -> bool:
    """Whether the label typed is longer than a label keeps: staff are told it was cut."""
    whole = clean_name(text or "", len(text or ""))
    return whole is not None and len(whole) > LABEL_CHARS


def new_code() -> str:
    """A random invite code. Not one that begins with "-": on the command line (`welcomebot
    agents cancel CODE`) it would read as an option."""
    while (code := secrets.token_urlsafe(INVITE_BYTES)).startswith("-"):
        pass
    return code


class Invitations:
    """Single-use invite codes that expire after `days`; opening one makes the person an
    agent, on the roster."""

    def __init__(self, invites: InviteRepository, roster: Roster, days: int) -> None:
        self.invites, self.roster, self.days = invites, roster, days

    async def create(self, now: datetime, label: str | None = None) -> Invite:
        code = new_code()
        expires = now + timedelta(days=self.days)
        return await self.invites.create(code, now, expires, clean_label(label))

    async def redeem(
        self, code: str, telegram_id: int, language: str, now: datetime
    ) -> Agent | None:
        invite = await self.invites.redeem(code, now)
        if invite is None:
            return None
        return await self.roster.join(telegram_id, language, invite.label, now)

    async def pending(self, now: datetime) -> list[Invite]:
        return await self.invites.pending(now)

    async def cancel(self, code: str) -> bool:
        return await self.invites.cancel(code)
