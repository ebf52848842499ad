"""Tickets: a person's requests to the centre's staff, with the outbox rows of their messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.tickets import StaffCopies, TicketState
from welcomebot.storage.models import ConfirmedPair, Delivery, Ticket

LIVE = (TicketState.OPEN, TicketState.ANSWERED)


def batch(ticket_id: int) -> str:
    """The outbox batch of a ticket's messages."""
    return f"ticket:{ticket_id}"


def ticket_of_batch(name: str | None) -> int | None:
    prefix, _, number = (name or "").partition(":")
    return int(number) if prefix == "ticket" and number.isdigit() else None


class TicketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    async def add(self, ticket: Ticket) -> Ticket:
        self.session.add(ticket)
        await self.session.flush()
        return ticket

    async def save(self, ticket: Ticket) -> None:
        self.session.add(ticket)
        await self.session.flush()

    async def live(self, telegram_id: int) -> Ticket | None:
        """The person's open or answered ticket: they have at most one."""
        rows = await self.session.exec(
            select(Ticket)
            .where(col(Ticket.telegram_id) == telegram_id, col(Ticket.state).in_(LIVE))
            .order_by(col(Ticket.id).desc())
        )
        return rows.first()

    async def last_closed(self, telegram_id: int) -> Ticket | None:
        rows = await self.session.exec(
            select(Ticket)
            .where(col(Ticket.telegram_id) == telegram_id, col(Ticket.state) == TicketState.CLOSED)
            .order_by(col(Ticket.closed).desc(), col(Ticket.id).desc())
        )
        return rows.first()

    async def in_thread(self, thread_id: int) -> Ticket | None:
        rows = await self.session.exec(select(Ticket).where(col(Ticket.thread_id) == thread_id))
        return rows.first()

    async def of_message(self, chat_id: int, message_id: int) -> Ticket | None:
        """The ticket a message the bot sent to this chat belongs to."""
        number = ticket_of_batch(await Outbox(self.session).batch_of(chat_id, message_id))
        return await self.get(number) if number is not None else None

    async def last_message(self, ticket_id: int, chat_id: int) -> int | None:
        """The id of the ticket's last message delivered to this chat."""
        rows = await self.session.exec(
            select(Delivery.sent_message_id)
            .where(
                col(Delivery.batch) == batch(ticket_id),
                col(Delivery.chat_id) == chat_id,
                col(Delivery.sent_message_id).is_not(None),
            )
            .order_by(col(Delivery.id).desc())
        )
        return rows.first()

    async def of_person(self, telegram_id: int) -> list[Ticket]:
        """All the person's tickets still kept, oldest first."""
        rows = await self.session.exec(
            select(Ticket).where(col(Ticket.telegram_id) == telegram_id).order_by(col(Ticket.id))
        )
        return list(rows.all())

    async def count_live(self) -> int:
        """How many tickets are open or answered."""
        rows = await self.session.exec(
            select(func.count()).select_from(Ticket).where(col(Ticket.state).in_(LIVE))
        )
        return rows.one()

    async def live_ones(self) -> list[Ticket]:
        rows = await self.session.exec(
            select(Ticket).where(col(Ticket.state).in_(LIVE)).order_by(col(Ticket.id))
        )
        return list(rows.all())

    async def delete(self, ids: list[int]) -> int:
        """These tickets, with their messages."""
        if not ids:
            return 0
        await Outbox(self.session).drop_batches([batch(number) for number in ids])
        # A question staff answered with an entry was copied to the content loop's pairs; the
        # person was told their question goes with the request, so it goes from there too.
        await self.session.exec(delete(ConfirmedPair).where(col(ConfirmedPair.ticket_id).in_(ids)))
        await self.session.exec(delete(Ticket).where(col(Ticket.id).in_(ids)))
        return len(ids)

    async def of_person_ids(self, telegram_id: int) -> list[int]:
        rows = await self.session.exec(
            select(Ticket.id).where(col(Ticket.telegram_id) == telegram_id)
        )
        return [number for number in rows.all() if number is not None]

    async def closed_before(self, cutoff: datetime) -> list[int]:
        rows = await self.session.exec(
            select(Ticket.id).where(
                col(Ticket.state) == TicketState.CLOSED, col(Ticket.closed) < cutoff
            )
        )
        return [number for number in rows.all() if number is not None]

    async def staff_copies(self, ids: list[int], staff_chat: int) -> StaffCopies:
        """The topics of these tickets, and the bot's messages about those without one."""
        if not ids:
            return StaffCopies()
        tickets = (await self.session.exec(select(Ticket).where(col(Ticket.id).in_(ids)))).all()
        threads = tuple(t.thread_id for t in tickets if t.thread_id is not None)
        plain = [batch(t.id) for t in tickets if t.thread_id is None and t.id is not None]
        sent = await self.session.exec(
            select(Delivery.sent_message_id).where(
                col(Delivery.batch).in_(plain),
                col(Delivery.chat_id) == staff_chat,
                col(Delivery.sent_message_id).is_not(None),
            )
        )
        live = sorted(t.id for t in tickets if t.state in LIVE and t.id is not None)
        return StaffCopies(
            threads, tuple(sorted(m for m in sent.all() if m is not None)), tuple(live)
        )

    async def forget(self, telegram_id: int) -> int:
        """The person's tickets and all their messages."""
        return await self.delete(await self.of_person_ids(telegram_id))
