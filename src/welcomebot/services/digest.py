"""The weekly digest for the staff group: the week's new content gaps, the variants proposed
from confirmed pairs, and the tickets still open. Enqueued in the outbox (one row a week: a
second run of the same week is a no-op), worded by the front end's Composer."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox, Outgoing
from welcomebot.domain.times import iso_week
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import UnansweredRepository
from welcomebot.storage.tickets import TicketRepository
from welcomebot.storage.usage import PairRepository

if TYPE_CHECKING:
    from welcomebot.config import Settings
    from welcomebot.content.models import ContentPack
    from welcomebot.matching.matcher import Matcher
    from welcomebot.services.gaps import Gap
    from welcomebot.services.notices import Composer
    from welcomebot.services.proposals import Proposal

log = logging.getLogger(__name__)

GAPS = 5  # the biggest new gaps
PROPOSAL_DAYS = 90
MIN_COUNT = 2

# How many tickets are still open (None: not counted).
OpenTickets = Callable[[AsyncSession], Awaitable[int]]


async def live_tickets(session: AsyncSession) -> int:
    """Tickets open or answered: staff still owe them an answer or a close."""
    return await TicketRepository(session).count_live()


@dataclass(frozen=True)
class Digest:
    week: str
    gaps: list[Gap]
    gap_questions: int  # all questions without a sure answer this week
    proposals: list[Proposal]
    open_tickets: int | None
    pack: ContentPack  # the content the entries named are in


async def gather(
    session: AsyncSession,
    pack: ContentPack,
    matcher: Matcher,
    now: datetime,
    week: str,
    open_tickets: OpenTickets | None = live_tickets,
) -> Digest:
    # Here, not at the top: the worker imports this module at start, and clustering and
    # proposing (numpy, scipy, the matcher) are needed once a week.
    from welcomebot.services.gaps import find_gaps
    from welcomebot.services.proposals import propose

    questions = await UnansweredRepository(session).unsure_since(now - timedelta(days=7))
    pairs = await PairRepository(session).since(now - timedelta(days=PROPOSAL_DAYS))
    return Digest(
        week=week,
        gaps=find_gaps(matcher.analyzer, questions)[:GAPS],
        gap_questions=len(questions),
        proposals=propose(pack, matcher, pairs, MIN_COUNT),
        open_tickets=await open_tickets(session) if open_tickets is not None else None,
        pack=pack,
    )


class WeeklyDigest:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        composer: Composer,
        settings: Settings,
        knowledge: Callable[[], tuple[ContentPack, Matcher]],
        open_tickets: OpenTickets | None = live_tickets,
    ) -> None:
        self.sessions, self.composer, self.settings = sessions, composer, settings
        self.knowledge, self.open_tickets = knowledge, open_tickets

    async def run(self, now: datetime | None = None) -> bool:
        """Enqueue this week's digest for STAFF_CHAT_ID; False when there is no staff group
        or it was enqueued already."""
        chat = self.settings.staff_chat_id
        if chat is None:
            return False
        now = now or utcnow()
        week = iso_week(now.astimezone(self.settings.zone))
        pack, matcher = self.knowledge()
        async with self.sessions() as session:
            digest = await gather(session, pack, matcher, now, week, self.open_tickets)
            rendered = self.composer.digest(digest, self.settings.default_language)
            message = Outgoing(
                key=f"digest:{week}",
                chat_id=chat,
                text=rendered.text,
                reply_markup=rendered.reply_markup,
                batch="digest",
            )
            queued = await Outbox(session).enqueue([message], now)
            await session.commit()
        log.info("weekly digest %s: %s", week, "queued" if queued else "queued before")
        return bool(queued)
