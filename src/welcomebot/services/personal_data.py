"""Everything stored about one person, as /mydata shows it, one section a kind of data.

A feature that stores something new about a person adds a section: a dataclass, a collector
in `PersonalData.COLLECTORS` (or, for data kept without a user row, in `sections`), and its
rendering (`telegram/my_data.py`). /forget must erase
it too (`tests/test_erasure.py` fails otherwise).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.profile import PersonProfile, StepState
from welcomebot.domain.tickets import StaffCopies
from welcomebot.services.events import Events, Places, places_of
from welcomebot.services.roster import Member, member
from welcomebot.services.tickets import Tickets as Requests
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.checklist import ChecklistRepository
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import Event, Signup, User, utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.storage.subscriptions import SubscriptionRepository
from welcomebot.storage.tickets import TicketRepository
from welcomebot.storage.user_cache import profile_of


@dataclass(frozen=True)
class Basics:
    language: str
    district: str | None
    timezone: str | None
    created: datetime


@dataclass(frozen=True)
class ProfileData:
    profile: PersonProfile


@dataclass(frozen=True)
class ChecklistData:
    marks: dict[str, StepState]
    reminding: bool


@dataclass(frozen=True)
class Interests:
    names: tuple[str, ...]


@dataclass(frozen=True)
class SignUps:
    events: tuple[tuple[Event, Places], ...]


@dataclass(frozen=True)
class TicketLine:
    number: int
    state: str  # `domain.tickets.TicketState`
    opened: datetime


@dataclass(frozen=True)
class Tickets:
    tickets: tuple[TicketLine, ...]


@dataclass(frozen=True)
class AgentData:
    """A place on the anti-rumour team's roster: the line staff see, and when they left."""

    member: Member
    revoked: datetime | None


Section = Basics | ProfileData | ChecklistData | Interests | SignUps | Tickets | AgentData


class PersonalData:
    def __init__(self, session: AsyncSession, zone: ZoneInfo) -> None:
        """`zone`: the city's, whose days the roster counts reports in."""
        self.session, self.zone = session, zone

    async def sections(self, telegram_id: int) -> list[Section]:
        """Empty for someone nothing is stored about. A request to a person, or a place on
        the agents' roster, is kept by id, also for someone who never chose a language."""
        user = await self.session.get(User, telegram_id)
        found = [await collect(self, user) for collect in self.COLLECTORS] if user else []
        tickets = await self.tickets_of(telegram_id)
        if user is not None or tickets.tickets:
            found.append(tickets)
        agent = await self.agent(telegram_id)
        if agent is not None:
            found.append(agent)
        return found

    async def basics(self, user: User) -> Section:
        return Basics(user.language, user.district, user.timezone, user.created)

    async def profile(self, user: User) -> Section:
        return ProfileData(profile_of(user).about)

    async def checklist(self, user: User) -> Section:
        repository = ChecklistRepository(self.session)
        return ChecklistData(
            await repository.marks(user.telegram_id), await repository.reminding(user.telegram_id)
        )

    async def interests(self, user: User) -> Section:
        chosen = await SubscriptionRepository(self.session).interests(user.telegram_id)
        return Interests(tuple(sorted(chosen)))

    async def sign_ups(self, user: User) -> Section:
        events = EventRepository(self.session)
        rows = await self.session.exec(
            select(Event)
            .join(Signup, col(Signup.event_id) == col(Event.id))
            .where(col(Signup.telegram_id) == user.telegram_id)
            .order_by(col(Event.starts))
        )
        found = []
        for event in rows.all():
            assert event.id is not None
            found.append((event, places_of(event, await events.queue(event.id), user.telegram_id)))
        return SignUps(tuple(found))

    async def tickets_of(self, telegram_id: int) -> Tickets:
        kept = await TicketRepository(self.session).of_person(telegram_id)
        return Tickets(tuple(TicketLine(t.id, t.state, t.opened) for t in kept if t.id is not None))

    async def agent(self, telegram_id: int) -> AgentData | None:
        agent = await AgentRepository(self.session).of(telegram_id)
        if agent is None:
            return None
        return AgentData(member(agent, utcnow().astimezone(self.zone)), agent.revoked)

    COLLECTORS: tuple[Callable[[PersonalData, User], Awaitable[Section]], ...] = (
        basics,
        profile,
        checklist,
        interests,
        sign_ups,
    )


async def erase(
    person: int,
    users: UserRepository,
    requests: Requests,
    events: Events | None,
    staff_chat: int | None,
    now: datetime,
) -> StaffCopies | None:
    """What /forget, and retention for someone who blocked the bot, erase in the database:
    their event places go to those waiting (`events`: who words the news), then all of theirs.
    Returns what of their requests sits in the staff group, to erase there after commit."""
    if events is not None:
        await events.leave_all(person, now)
    copies = await requests.staff_copies_of(person, staff_chat) if staff_chat is not None else None
    await users.forget(person)
    return copies
