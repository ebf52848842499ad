"""Keep nothing longer than needed: unanswered questions, report texts, sent messages, the
audit log of staff actions, closed tickets, votes and confirmed pairs, the days agents
reported on, expired invites and sign-ups to past events expire; people who blocked the bot
long ago are erased; a past week's active keys become a count."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import Settings
from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.tickets import StaffCopies
from welcomebot.services.events import Events
from welcomebot.services.notices import Composer
from welcomebot.services.personal_data import erase as erase_person
from welcomebot.services.roster import Roster
from welcomebot.services.tickets import Tickets
from welcomebot.services.usage import roll_up
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.audit import AuditRepository
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import (
    FeedbackRepository,
    InviteRepository,
    RumourReportRepository,
    UnansweredRepository,
    UserRepository,
)
from welcomebot.storage.tickets import TicketRepository
from welcomebot.storage.timers import TimerRepository
from welcomebot.storage.usage import PairRepository

log = logging.getLogger(__name__)

SIGN_UPS_AFTER = timedelta(days=1)


async def purge_expired(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    erase: Callable[[StaffCopies], Awaitable[None]] | None = None,
    composer: Composer | None = None,
) -> tuple[int, int, int, int]:
    """Delete old unanswered questions, clear old report texts (their counts stay), delete
    settled outbox rows (with the timer records of their runs), old audit entries, and tickets
    closed longer ago than TICKET_RETENTION_DAYS with their messages, and expired invites."""
    now = utcnow()
    cutoff = now - timedelta(days=settings.outbox_retention_days)
    async with sessions() as session:
        questions = await UnansweredRepository(session).purge(settings.unanswered_retention_days)
        texts = await RumourReportRepository(session).forget_texts(
            settings.report_text_retention_days
        )
        messages = await Outbox(session).purge(cutoff)
        await TimerRepository(session).purge(cutoff)
        actions = await AuditRepository(session).purge(
            now - timedelta(days=settings.audit_retention_days)
        )
        requests = TicketRepository(session)
        closed = await requests.closed_before(now - timedelta(days=settings.ticket_retention_days))
        copies = None
        if erase is not None and settings.staff_chat_id is not None:  # and from the staff group
            copies = await requests.staff_copies(closed, settings.staff_chat_id)
        tickets = await requests.delete(closed)
        roster = Roster(AgentRepository(session), UserRepository(session), settings.zone)
        await roster.forget_old_days(now)
        invites = await InviteRepository(session).purge(now)
        # A sign-up serves the event's places, waiting list and reminders: once it is over,
        # who came is nobody's business (a day later, for the evening's time zones).
        sign_ups = await EventRepository(session).forget_past_sign_ups(now - SIGN_UPS_AFTER)
        await session.commit()
    if sign_ups:
        log.info("retention: %d sign-ups to past events deleted", sign_ups)
    if erase is not None and copies is not None:
        await erase(copies)
    if tickets:
        log.info("retention: %d closed tickets deleted with their messages", tickets)
    if invites:
        log.info("retention: %d expired invites deleted", invites)
    await purge_learned(sessions, settings)
    await forget_inactive(sessions, settings, erase, composer)
    log.info(
        "retention: %d unanswered questions deleted, %d report texts cleared, %d sent messages "
        "deleted, %d audit entries deleted",
        questions,
        texts,
        messages,
        actions,
    )
    return questions, texts, messages, actions


async def purge_learned(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[int, int, int]:
    """Votes and confirmed pairs past their retention; past weeks' active keys counted."""
    async with sessions() as session:
        votes = await FeedbackRepository(session).purge(settings.feedback_retention_days)
        pairs = await PairRepository(session).purge(settings.pair_retention_days)
        weeks = await roll_up(session, settings.zone)
        await session.commit()
    log.info(
        "retention: %d votes and %d confirmed pairs deleted, %d weeks of active keys counted",
        votes,
        pairs,
        weeks,
    )
    return votes, pairs, weeks


async def forget_inactive(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    erase: Callable[[StaffCopies], Awaitable[None]] | None = None,
    composer: Composer | None = None,
) -> int:
    """Erase, as /forget does, who has blocked the bot for INACTIVE_RETENTION_DAYS: blocked,
    they cannot send /forget, and the bot can no longer serve them. One transaction each, so
    that nobody waits long for SQLite's write lock; `composer` words what the waiting list of
    an event they signed up to is told of the place freed."""
    now = utcnow()
    cutoff = now - timedelta(days=settings.inactive_retention_days)
    async with sessions() as session:
        due = await UserRepository(session).inactive_before(cutoff)
    erased = 0
    for person in due:
        async with sessions() as session:
            users = UserRepository(session)
            # Still blocked? Someone who wrote again meanwhile is kept; the claim also holds
            # the row, so a message now waits for the erasure instead of racing it.
            if not await users.claim_inactive(person, cutoff):
                continue
            events = Events(session, composer) if composer is not None else None
            requests = Tickets(session, settings.ticket_reopen_days)
            staff_chat = settings.staff_chat_id if erase is not None else None
            copies = await erase_person(person, users, requests, events, staff_chat, now)
            await session.commit()
        erased += 1
        if erase is not None and copies is not None:
            await erase(copies)
    if erased:
        log.info("retention: %d people who blocked the bot erased", erased)
    return erased
