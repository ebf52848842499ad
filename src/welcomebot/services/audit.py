"""What staff did, for accountability: one entry per action, from Telegram or the command line.

The entry is written in the same transaction as the action, so one is never kept without the
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.storage.audit import AuditRepository
from welcomebot.storage.models import AuditEntry

COMMAND_LINE = None  # the actor of what is done with `welcomebot …` on the server
INVITE_SHOWN = 6  # characters of an invite code: enough to tell it apart, too few to use it


class Action(StrEnum):
    INVITE_CREATED = "invite created"
    INVITE_CANCELLED = "invite cancelled"
    AGENT_REVOKED = "agent revoked"
    AGENT_RESTORED = "agent restored"
    BROADCAST_CREATED = "broadcast created"  # and sent at once
    BROADCAST_SCHEDULED = "broadcast scheduled"
    BROADCAST_CANCELLED = "broadcast cancelled"
    BROADCAST_RESENT = "broadcast resent"
    EVENT_CREATED = "event created"
    EVENT_CHANGED = "event changed"
    EVENT_CANCELLED = "event cancelled"


def creation(due: datetime | None) -> Action:
    """Of a broadcast: sent at once, or scheduled for `due`."""
    return Action.BROADCAST_CREATED if due is None else Action.BROADCAST_SCHEDULED


@dataclass(frozen=True)
class Target:
    text: str
    person: int | None = None  # a person's Telegram id, erased when they erase their data


def broadcast(broadcast_id: int | None) -> Target:
    return Target(f"broadcast #{broadcast_id}")


def event(event_id: int | None) -> Target:
    return Target(f"event #{event_id}")


def invite(code: str) -> Target:
    return Target(f"invite {code[:INVITE_SHOWN]}…")


def agent(telegram_id: int, number: int | None = None) -> Target:
    """An agent by Telegram id, and by roster number when known ("agent 7 (id)")."""
    shown = f"agent {telegram_id}" if number is None else f"agent {number} ({telegram_id})"
    return Target(shown, person=telegram_id)


class AuditLog:
    """The audit log of one unit of work: entries join its transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = AuditRepository(session)

    async def record(
        self, actor: int | None, action: Action, target: Target, detail: str | None = None
    ) -> None:
        await self.repo.add(
            AuditEntry(
                actor=actor, action=action, target=target.text, person=target.person, detail=detail
            )
        )


async def record(
    session: AsyncSession,
    actor: int | None,
    action: Action,
    target: Target,
    detail: str | None = None,
) -> None:
    await AuditLog(session).record(actor, action, target, detail)
