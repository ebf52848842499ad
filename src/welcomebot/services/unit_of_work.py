"""One unit of work: the services and repositories of one update, on one database session
opened at first use.

The composition root builds a `Core` once (what lives as long as the process); each update gets
a `UnitOfWork` from it. A handler asks the unit of work for what it needs (`services.events`,
`services.broadcasts`, `services.invitations`, `services.users`, ...) and never builds a service
or a repository itself, so each is built one way, on the update's session, and only if used:
most updates (a question answered, a cached user) never touch the database, and pay no
connection, no transaction and no commit.

Whoever runs the unit of work commits it (`commit`) and closes it (`close`): the Telegram
layer's database middleware, before each Bot API request and when the handler returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from welcomebot.services.audit import AuditLog
from welcomebot.services.broadcasts import Broadcasts
from welcomebot.services.checklist import Checklists
from welcomebot.services.content_loop import ContentLoop
from welcomebot.services.events import Events
from welcomebot.services.people import People
from welcomebot.services.personal_data import PersonalData
from welcomebot.services.roles import Invitations
from welcomebot.services.roster import Roster
from welcomebot.services.stats import Statistics
from welcomebot.services.tickets import NoTicketObserver, TicketObserver, Tickets
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.repositories import (
    FeedbackRepository,
    InviteRepository,
    RumourReportRepository,
    UnansweredRepository,
    UserRepository,
)
from welcomebot.storage.subscriptions import SubscriptionRepository

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from sqlmodel.ext.asyncio.session import AsyncSession

    from welcomebot.config import Settings
    from welcomebot.services.answering import AnsweringService
    from welcomebot.services.barometer import Barometer
    from welcomebot.services.notices import Composer
    from welcomebot.services.reports import RumourReporting
    from welcomebot.services.usage import Usage
    from welcomebot.storage.profiles import Profiles
    from welcomebot.storage.user_cache import Profile


@dataclass(frozen=True, kw_only=True)
class Core:
    """What every unit of work shares, built once by the composition root."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    profiles: Profiles
    composer: Composer  # how the front end words announcements (services/notices.py)
    answers: AnsweringService
    reporting: RumourReporting
    barometer: Barometer
    usage: Usage  # counts for the statistics, in memory between writes
    # Told when tickets open, get their first staff reply, close: the statistics.
    ticket_observer: TicketObserver = field(default_factory=NoTicketObserver)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self)


class UnitOfWork:
    def __init__(self, core: Core) -> None:
        self.core = core
        # Stateless, shared by every update: no session of their own.
        self.answers = core.answers
        self.reporting = core.reporting
        self.barometer = core.barometer
        self.usage = core.usage

    # -- the session -----------------------------------------------------------------------

    @cached_property
    def session(self) -> AsyncSession:
        return self.core.sessions()

    @property
    def opened(self) -> bool:
        return "session" in self.__dict__

    async def commit(self) -> None:
        """End the transaction, if one is open; the next statement begins another."""
        if self.opened and self.session.in_transaction():
            await self.session.commit()

    async def close(self) -> None:
        if self.opened:
            await self.session.close()

    async def profile(self, telegram_id: int) -> Profile | None:
        """Language and role; a fresh cache entry spares the update any database work."""
        return await self.core.profiles.get(telegram_id)

    # -- services --------------------------------------------------------------------------

    @cached_property
    def events(self) -> Events:
        return Events(self.session, self.core.composer)

    @cached_property
    def broadcasts(self) -> Broadcasts:
        return Broadcasts(self.session, self.core.composer, self.core.settings.default_language)

    @cached_property
    def invitations(self) -> Invitations:
        return Invitations(
            InviteRepository(self.session), self.roster, self.core.settings.invite_days
        )

    @cached_property
    def roster(self) -> Roster:
        return Roster(AgentRepository(self.session), self.users, self.core.settings.zone)

    @cached_property
    def people(self) -> People:
        return People(self.users, self.core.settings.timezone)

    @cached_property
    def tickets(self) -> Tickets:
        settings = self.core.settings
        return Tickets(
            self.session,
            settings.ticket_reopen_days,
            self.core.ticket_observer,
        )

    @cached_property
    def content_loop(self) -> ContentLoop:
        return ContentLoop(self.session, self.usage)

    @cached_property
    def statistics(self) -> Statistics:
        return Statistics(self.session, self.usage)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.session)

    @cached_property
    def checklists(self) -> Checklists:
        return Checklists(self.session, self.answers.pack.checklist, self.core.composer)

    @cached_property
    def personal_data(self) -> PersonalData:
        return PersonalData(self.session, self.core.settings.zone)

    # -- repositories a handler reads or writes as they are ----------------------------------

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session, self.core.profiles.cache)

    @cached_property
    def subscriptions(self) -> SubscriptionRepository:
        return SubscriptionRepository(self.session)

    @cached_property
    def feedback(self) -> FeedbackRepository:
        return FeedbackRepository(self.session)

    @cached_property
    def unanswered(self) -> UnansweredRepository:
        return UnansweredRepository(self.session)

    @cached_property
    def reports(self) -> RumourReportRepository:
        return RumourReportRepository(self.session)
