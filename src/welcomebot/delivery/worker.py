"""The delivery worker: sends due outbox rows within the limits, and records every outcome.

Crash safety, by state: a row is `claimed` before it is tried and becomes `sending` just before
its request, in its own committed transaction. After a restart, `claimed` rows (never tried)
go back to `pending` and are sent; `sending` rows become `unknown` and are NOT resent, because
the message may already have arrived: staff see them in the report and decide. A row confirmed
`sent` is never sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.clock import Clock
from welcomebot.delivery.errors import Blocked, Permanent, RetryAfter, Transient
from welcomebot.delivery.limiter import RateLimiter
from welcomebot.delivery.outbox import Outbox, Outgoing
from welcomebot.domain.states import DeliveryState
from welcomebot.storage.models import Delivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parcel:
    """One message to send: a text, a copy of another chat's message, or a picture the front
    end draws (`text` the caption of either)."""

    chat_id: int
    text: str
    reply_markup: str | None = None
    copy_from: int | None = None
    copy_id: int | None = None
    thread_id: int | None = None
    picture: str | None = None


class Sender(Protocol):
    async def send(self, parcel: Parcel) -> int | None:
        """Deliver one message and return its message id (if known), or raise one of
        `welcomebot.delivery.errors`."""


@dataclass(frozen=True)
class _Job:
    """A claimed row. Only pending rows are claimed, and a pending row always has its number
    and its chat: a row loses its chat when its person erases their data, and then it is
    deleted if still untried, or kept settled."""

    id: int
    parcel: Parcel
    attempts: int
    bounce: str | None
    batch: str | None

    @property
    def chat_id(self) -> int:
        return self.parcel.chat_id

    @classmethod
    def of(cls, row: Delivery) -> _Job:
        assert row.id is not None and row.chat_id is not None, "claimed an erased outbox row"
        parcel = Parcel(
            row.chat_id,
            row.text,
            row.reply_markup,
            row.copy_from,
            row.copy_id,
            row.thread_id,
            row.picture,
        )
        return cls(row.id, parcel, row.attempts, row.bounce, row.batch)


class DeliveryWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        clock: Clock | None = None,
        per_second: float = 25.0,
        max_attempts: int = 5,
        backoff_seconds: float = 2.0,
        batch: int = 100,
        in_flight: int = 20,
        idle_seconds: float = 1.0,
        chats: Collection[int] | None = None,
    ) -> None:
        self.sessions, self.sender = sessions, sender
        self.clock = clock or Clock()
        self.limiter = RateLimiter(self.clock, per_second)
        self.max_attempts, self.backoff_seconds = max_attempts, backoff_seconds
        self.batch, self.idle_seconds = batch, idle_seconds
        self.slots = asyncio.Semaphore(in_flight)
        self.id = uuid.uuid4().hex[:12]
        self.outcomes: Counter[str] = Counter()
        self.chats = chats  # only these recipients' rows (the console chat's own); None: all

    async def recover(self) -> tuple[int, int]:
        """Run once at start, holding the worker lock."""
        async with self.sessions() as session:
            retried, unknown = await Outbox(session).recover()
            await session.commit()
        if retried or unknown:
            log.warning(
                "delivery: %d unsent rows requeued, %d with unknown outcome", retried, unknown
            )
        return retried, unknown

    async def run(self, stop: asyncio.Event) -> None:
        await self.recover()
        while not stop.is_set():
            if not await self.run_once(stop):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.idle_seconds)

    async def run_once(self, stop: asyncio.Event | None = None) -> int:
        """Send one batch of due rows; returns how many were taken."""
        async with self.sessions() as session:
            rows = await Outbox(session).claim(self.id, self.clock.now(), self.batch, self.chats)
            await session.commit()
        jobs = [_Job.of(row) for row in rows]
        tasks = []
        for row in jobs:
            if stop is not None and stop.is_set():
                await self._release(row)
                continue
            wait = self.limiter.chat_ready_in(row.chat_id)
            if wait > 0.2:  # do not hold every other chat back for this one
                await self._release(row, delay=wait)
                continue
            await self.slots.acquire()
            await self.limiter.acquire(row.chat_id)
            # `sending` is committed right before the request: if the process dies from here
            # on, the outcome is unknown; before here, the row was never tried.
            async with self.sessions() as session:
                started = await Outbox(session).start_sending(row.id, self.id)
                await session.commit()
            if not started:
                self.slots.release()  # another worker holds it now: never send twice
                continue
            tasks.append(asyncio.create_task(self._deliver(row)))
        await asyncio.gather(*tasks)
        return len(rows)

    async def _release(self, row: _Job, delay: float = 0.0) -> None:
        async with self.sessions() as session:
            due = self.clock.now() + timedelta(seconds=delay)
            await Outbox(session).settle(
                row.id, DeliveryState.PENDING, self.clock.now(), due=due, claimed_by=None
            )
            await session.commit()

    async def _deliver(self, row: _Job) -> None:
        try:
            outcome = await self._send(row)
            self.outcomes[outcome[0]] += 1
            async with self.sessions() as session:
                outbox = Outbox(session)
                state, values = outcome
                await outbox.settle(row.id, state, self.clock.now(), **values)
                if state == DeliveryState.BLOCKED:
                    await outbox.deactivate(row.chat_id, self.clock.now())
                if state in (DeliveryState.BLOCKED, DeliveryState.FAILED) and row.bounce:
                    await outbox.enqueue([self._bounced(row)], self.clock.now())
                await session.commit()
        finally:
            self.slots.release()

    @staticmethod
    def _bounced(row: _Job) -> Outgoing:
        """The message that tells its sender this row could not be delivered: once."""
        assert row.bounce is not None
        notice = Outgoing.from_json(row.bounce)
        return replace(notice, key=f"bounce:{row.id}", batch=row.batch)

    async def _send(self, row: _Job) -> tuple[str, dict[str, object]]:
        now = self.clock.now()
        try:
            message_id = await self.sender.send(row.parcel)
            return DeliveryState.SENT, {"last_error": None, "sent_message_id": message_id}
        except RetryAfter as error:
            self.limiter.pause(error.seconds)
            due = now + timedelta(seconds=error.seconds)
            return DeliveryState.PENDING, {"due": due, "claimed_by": None, "last_error": str(error)}
        except Blocked as error:
            return DeliveryState.BLOCKED, {"last_error": str(error)[:300] or "blocked"}
        except Permanent as error:
            return DeliveryState.FAILED, {"last_error": str(error)[:300]}
        except Transient as error:
            attempts = row.attempts + 1
            if attempts >= self.max_attempts:
                return DeliveryState.FAILED, {"attempts": attempts, "last_error": str(error)[:300]}
            due = now + timedelta(seconds=self.backoff_seconds * 2 ** (attempts - 1))
            return DeliveryState.PENDING, {
                "attempts": attempts,
                "due": due,
                "claimed_by": None,
                "last_error": str(error)[:300],
            }
