"""The anti-rumour team as staff see it: who joined when, under which name, how active, and
whether their role stands. Revoking keeps the agent on the roster, so staff can restore them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from welcomebot.domain.roles import Role
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.models import Agent
from welcomebot.storage.repositories import UserRepository

REPORT_DAYS = 30  # the roster counts reports over this many days
NAME_CHARS = 40


@dataclass(frozen=True)
class Member:
    """One line of the roster."""

    number: int
    name: str | None  # None: shown as "Agent <number>"
    joined: datetime
    reports: int  # in the last REPORT_DAYS days
    active: bool
    invite_label: str | None


def clean_name(text: str, limit: int = NAME_CHARS) -> str | None:
    """A name (or label) as typed, on one line without control characters and cut to
    `limit`; None if nothing is left."""
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    name = " ".join(kept.split())[:limit].strip()
    return name or None


def recent(days: list[str], now: datetime) -> list[str]:
    """The report days still within REPORT_DAYS of `now` (days of `now`'s zone)."""
    start = (now - timedelta(days=REPORT_DAYS)).date().isoformat()
    return [day for day in days if day > start]


def member(agent: Agent, now: datetime) -> Member:
    assert agent.number is not None
    return Member(
        number=agent.number,
        name=agent.name,
        joined=agent.joined,
        reports=len(recent(agent.report_days, now)),
        active=agent.revoked is None,
        invite_label=agent.invite_label,
    )


class Roster:
    def __init__(self, agents: AgentRepository, users: UserRepository, zone: tzinfo) -> None:
        """`zone`: the city's, whose days reports are counted in, as /stats counts."""
        self.agents, self.users, self.zone = agents, users, zone

    async def members(self, now: datetime) -> list[Member]:
        local = now.astimezone(self.zone)
        return [member(agent, local) for agent in await self.agents.all()]

    async def member(self, number: int, now: datetime) -> Member | None:
        agent = await self.agents.by_number(number)
        return member(agent, now.astimezone(self.zone)) if agent else None

    async def join(
        self, telegram_id: int, language: str, label: str | None, now: datetime
    ) -> Agent:
        """Make the person an agent; one who was on the roster before keeps number and name."""
        await self.users.set_role(telegram_id, Role.AGENT, language)
        agent = await self.agents.of(telegram_id) or Agent(telegram_id=telegram_id, joined=now)
        agent.revoked, agent.invite_label = None, label or agent.invite_label
        return await self.agents.save(agent)

    async def of(self, telegram_id: int) -> Agent | None:
        return await self.agents.of(telegram_id)

    async def name(self, telegram_id: int, text: str) -> Agent | None:
        """Keep the name the agent chose, if the text holds one; None if not on the roster."""
        agent, name = await self.agents.of(telegram_id), clean_name(text)
        if agent is None or name is None:
            return agent
        agent.name = name
        return await self.agents.save(agent)

    async def revoke(self, number: int, now: datetime) -> Agent | None:
        """End an active agent's role; None if there is no such agent or it has ended."""
        agent = await self.agents.by_number(number)
        if agent is None or agent.revoked is not None:
            return None
        user = await self.users.get(agent.telegram_id)
        if user is not None and user.role == Role.AGENT:
            await self.users.set_role(agent.telegram_id, Role.NEWCOMER, user.language)
        agent.revoked = now
        return await self.agents.save(agent)

    async def revoke_person(self, telegram_id: int, now: datetime) -> bool:
        """By Telegram id, as the command line knows people."""
        user = await self.users.get(telegram_id)
        if user is None or user.role != Role.AGENT:
            return False
        agent = await self.agents.of(telegram_id)
        if agent is None:  # an agent made before the roster, by hand
            agent = await self.agents.save(Agent(telegram_id=telegram_id, joined=user.created))
        assert agent.number is not None
        if await self.revoke(agent.number, now) is None:  # on the roster as revoked: mend it
            await self.users.set_role(telegram_id, Role.NEWCOMER, user.language)
        return True

    async def restore(self, number: int) -> Agent | None:
        """Give a revoked agent their role back; None if there is no such agent, it is
        active, or the person is gone."""
        agent = await self.agents.by_number(number)
        if agent is None or agent.revoked is None:
            return None
        user = await self.users.get(agent.telegram_id)
        if user is None:
            return None
        await self.users.set_role(agent.telegram_id, Role.AGENT, user.language)
        agent.revoked = None
        return await self.agents.save(agent)

    async def forget_old_days(self, now: datetime) -> int:
        """Drop report days past REPORT_DAYS, of agents who have not reported since; returns
        how many agents had some."""
        changed, local = 0, now.astimezone(self.zone)
        for agent in await self.agents.all():
            kept = recent(agent.report_days, local)
            if kept != agent.report_days:
                agent.report_days = kept
                await self.agents.save(agent)
                changed += 1
        return changed

    async def reported(self, telegram_id: int, now: datetime) -> None:
        """Count a report for the roster: its day only, never what it was."""
        agent = await self.agents.of(telegram_id)
        if agent is not None:
            local = now.astimezone(self.zone)
            agent.report_days = [*recent(agent.report_days, local), local.date().isoformat()]
            await self.agents.save(agent)
