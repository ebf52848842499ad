"""Everything stored about one person, as /mydata shows it, one section a kind of data.

A feature that stores something new about a person adds a section: a dataclass, a collector
in `PersonalData.COLLECTORS`, and its rendering (`telegram/my_data.py`). /forget must erase
it too (`tests/test_erasure.py` fails otherwise).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.profile import PersonProfile, StepState
from welcomebot.services.events import Places, places_of
from welcomebot.storage.checklist import ChecklistRepository
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import Event, Signup, User
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


Section = Basics | ProfileData | ChecklistData | Interests | SignUps | Tickets


class PersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def sections(self, telegram_id: int) -> list[Section]:
        """Empty for someone nothing is stored about."""
        user = await self.session.get(User, telegram_id)
        if user is None:
            return []
        return [await collect(self, user) for collect in self.COLLECTORS]

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

    async def tickets(self, user: User) -> Section:
        kept = await TicketRepository(self.session).of_person(user.telegram_id)
        return Tickets(tuple(TicketLine(t.id, t.state, t.opened) for t in kept if t.id is not None))

    COLLECTORS: tuple[Callable[[PersonalData, User], Awaitable[Section]], ...] = (
        basics,
        profile,
        checklist,
        interests,
        sign_ups,
        tickets,
    )
