"""Requests to a person ("Ask a person"): one live ticket per person, its states, and its
messages both ways through the outbox. Telegram-free: the front end words the messages and
says where in the staff group they go; this decides what happens to the ticket."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox, Outgoing
from welcomebot.domain.tickets import StaffCopies, TicketState
from welcomebot.domain.usage import PairSource
from welcomebot.services.ticket_observer import NoTicketObserver, TicketObserver
from welcomebot.storage.models import Ticket
from welcomebot.storage.tickets import TicketRepository, batch
from welcomebot.storage.usage import Pair, PairRepository

__all__ = ["Asked", "NoTicketObserver", "Opening", "TicketObserver", "Tickets"]


QUESTION_CHARS = 1000  # a request's question as kept (`Ticket.question`)


@dataclass(frozen=True)
class Asked:
    """What a person asked a person about: the question and what the bot had shown them."""

    question: str
    lang: str
    shown: str = ""
    topic: str | None = None
    urgent: bool = False
    # The photo or file the question was the caption of, by its id in the person's chat: it
    # goes into the request as a copy.
    media: int | None = None


@dataclass(frozen=True)
class Opening:
    ticket: Ticket
    new: bool = False  # a new ticket (else their live one, or a closed one reopened)
    reopened: bool = False


class Tickets:
    def __init__(
        self,
        session: AsyncSession,
        reopen_days: int,
        observer: TicketObserver | None = None,
    ) -> None:
        self.repo = TicketRepository(session)
        self.pairs = PairRepository(session)
        self.outbox = Outbox(session)
        self.reopen_days = reopen_days
        self.observer = observer or NoTicketObserver()

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.repo.get(ticket_id)

    async def live(self, telegram_id: int) -> Ticket | None:
        return await self.repo.live(telegram_id)

    async def in_thread(self, thread_id: int) -> Ticket | None:
        return await self.repo.in_thread(thread_id)

    async def of_message(self, chat_id: int, message_id: int) -> Ticket | None:
        return await self.repo.of_message(chat_id, message_id)

    async def open(self, telegram_id: int, asked: Asked, now: datetime) -> Opening:
        """Their live ticket; else their last one, reopened, if it closed recently; else a
        new one. One problem stays one ticket."""
        live = await self.repo.live(telegram_id)
        if live is not None:
            return Opening(live)
        last = await self.repo.last_closed(telegram_id)
        if last is not None and await self.reopen(last, now):
            return Opening(last, reopened=True)
        ticket = await self.repo.add(
            Ticket(
                telegram_id=telegram_id,
                lang=asked.lang,
                question=asked.question[:QUESTION_CHARS],
                shown=asked.shown[:1000],
                topic=asked.topic[:80] if asked.topic else None,
                urgent=asked.urgent,
                opened=now,
            )
        )
        await self.observer.opened(ticket.lang, ticket.topic)
        return Opening(ticket, new=True)

    def reopenable(self, ticket: Ticket, now: datetime) -> bool:
        return (
            ticket.state == TicketState.CLOSED
            and ticket.closed is not None
            and now - ticket.closed <= timedelta(days=self.reopen_days)
        )

    async def reopen(self, ticket: Ticket, now: datetime) -> bool:
        """Closed within the reopening period, and the person has no other live ticket."""
        if not self.reopenable(ticket, now) or await self.repo.live(ticket.telegram_id):
            return False
        ticket.state, ticket.closed = TicketState.OPEN, None
        await self.repo.save(ticket)
        await self.observer.reopened(ticket.lang, ticket.topic)
        return True

    async def place(self, ticket: Ticket, thread_id: int | None) -> None:
        """Its topic in a forum staff group."""
        ticket.thread_id = thread_id
        await self.repo.save(ticket)

    async def mark_urgent(self, ticket: Ticket) -> bool:
        """True if it was not urgent before."""
        if ticket.urgent:
            return False
        ticket.urgent = True
        await self.repo.save(ticket)
        return True

    async def share_contact(self, ticket: Ticket, contact: str) -> None:
        ticket.contact = contact[:200]
        await self.repo.save(ticket)

    async def from_person(self, ticket: Ticket) -> bool:
        """The person wrote: an answered ticket waits for staff again. True if it changed."""
        if ticket.state != TicketState.ANSWERED:
            return False
        ticket.state = TicketState.OPEN
        await self.repo.save(ticket)
        return True

    async def from_staff(self, ticket: Ticket, now: datetime) -> bool:
        """Staff replied: an open ticket is answered. True if it changed."""
        if ticket.first_reply is None:
            ticket.first_reply = now
            await self.observer.first_staff_reply((now - ticket.opened).total_seconds())
        changed = ticket.state == TicketState.OPEN
        if changed:
            ticket.state = TicketState.ANSWERED
        await self.repo.save(ticket)
        return changed

    async def answered_with(self, ticket: Ticket, entry_id: str, now: datetime) -> bool:
        """Staff answered with a curated entry; the ticket keeps which one, and (question →
        entry) is a confirmed pair for the content loop. Written in the ticket's transaction:
        on SQLite, another one would wait for its write lock until "database is locked"."""
        ticket.entry_id = entry_id
        changed = await self.from_staff(ticket, now)
        await self.pairs.add(
            Pair(ticket.question, ticket.lang, entry_id, PairSource.TICKET.value, ticket.id)
        )
        return changed

    async def staff_copies_of(self, telegram_id: int, staff_chat: int) -> StaffCopies:
        """What of the person's tickets sits in the staff group, to erase with them."""
        return await self.repo.staff_copies(await self.repo.of_person_ids(telegram_id), staff_chat)

    async def close(self, ticket: Ticket, now: datetime) -> bool:
        """False if it was closed already."""
        if ticket.state == TicketState.CLOSED:
            return False
        ticket.state, ticket.closed = TicketState.CLOSED, now
        await self.repo.save(ticket)
        await self.observer.closed(ticket.lang, ticket.topic)
        return True

    async def send(self, ticket: Ticket, messages: Iterable[Outgoing], now: datetime) -> int:
        """Queue messages of the ticket (both ways): the delivery worker sends them."""
        assert ticket.id is not None
        name = batch(ticket.id)
        return await self.outbox.enqueue([replace(m, batch=name) for m in messages], now)

    async def live_ones(self) -> list[Ticket]:
        return await self.repo.live_ones()
