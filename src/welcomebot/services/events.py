"""Events: publish, browse, sign up, remind, change and cancel, all through the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import EVENTS, Audience, Recipient
from welcomebot.domain.states import EventState
from welcomebot.services.notices import Composer, Rendered, addressed
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import Event
from welcomebot.storage.subscriptions import SubscriptionRepository

UPCOMING = 10


@dataclass(frozen=True)
class Places:
    """An event's places as one person sees them."""

    capacity: int | None  # None: no limit
    signed_up: int
    waiting_number: int | None = None  # this person's number on the waiting list, if waiting
    holds_place: bool = False

    @property
    def taken(self) -> int:
        return self.signed_up if self.capacity is None else min(self.signed_up, self.capacity)

    @property
    def waiting(self) -> int:
        return self.signed_up - self.taken

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.taken

    @property
    def is_signed_up(self) -> bool:
        return self.holds_place or self.waiting_number is not None


def places_of(event: Event, queue: list[int], telegram_id: int | None = None) -> Places:
    """From who signed up in order: the first `capacity` hold places, the rest wait."""
    found = Places(event.capacity, len(queue))
    if telegram_id is None or telegram_id not in queue:
        return found
    position = queue.index(telegram_id)
    if event.capacity is None or position < event.capacity:
        return replace(found, holds_place=True)
    return replace(found, waiting_number=position - event.capacity + 1)


def admits(event: Event, language: str, role: str | None, district: str | None) -> bool:
    """Whether a person is among the event's audience; staff (role None) see every event."""
    return role is None or Audience.from_json(event.audience).admits(language, role, district)


@dataclass(frozen=True)
class Viewer:
    """Someone looking at events: which ones are meant for them, and their time zone."""

    language: str
    role: str | None  # None: staff, who see every event, whoever it is for
    district: str | None
    zone: str

    def sees(self, event: Event) -> bool:
        return admits(event, self.language, self.role, self.district)


def _open(event: Event | None, now: datetime) -> Event | None:
    return (
        event
        if event is not None and event.state == EventState.ACTIVE and event.starts > now
        else None
    )


def reminder_times(event: Event, offsets: Iterable[int]) -> list[tuple[int, datetime]]:
    """(minutes before, when) for each reminder of the event."""
    return [(minutes, event.starts - timedelta(minutes=minutes)) for minutes in offsets]


class Events:
    def __init__(self, session: AsyncSession, composer: Composer) -> None:
        self.repo = EventRepository(session)
        self.subscriptions = SubscriptionRepository(session)
        self.outbox = Outbox(session)
        self.composer = composer

    async def create(self, event: Event, now: datetime, announce: bool) -> Event:
        if event.starts <= now:
            raise ValueError("an event must start in the future")
        if event.ends is not None and event.ends <= event.starts:
            raise ValueError("an event must end after it starts")
        if not any(text.strip() for text in event.title.values()):
            raise ValueError("an event needs a title in at least one language")
        await self.repo.add(event)
        if announce:
            audience = replace(Audience.from_json(event.audience), interest=EVENTS)
            people = await self.subscriptions.recipients(audience)
            await self._tell(people, event, "announce", now, self.composer.event_announced)
        return event

    async def upcoming(
        self, now: datetime, language: str, role: str | None, district: str | None
    ) -> list[Event]:
        """The next events this person is among the audience of; all of them for role None."""
        found = [
            event
            for event in await self.repo.active_from(now)
            if admits(event, language, role, district)
        ]
        return found[:UPCOMING]

    async def get(self, event_id: int) -> Event | None:
        return await self.repo.get(event_id)

    async def open(self, event_id: int, now: datetime) -> Event | None:
        """The event if one can still sign up to it."""
        return _open(await self.repo.get(event_id), now)

    async def places(self, event: Event, telegram_id: int | None = None) -> Places:
        assert event.id is not None
        return places_of(event, await self.repo.queue(event.id), telegram_id)

    async def sign_up(self, event_id: int, telegram_id: int, now: datetime) -> Places | None:
        """A place, or a number on the waiting list when the places are taken; None when
        sign-up has closed."""
        event = _open(await self.repo.lock(event_id), now)
        if event is None:
            return None
        await self.repo.sign_up(event_id, telegram_id)
        return await self.places(event, telegram_id)

    async def undo(self, event_id: int, telegram_id: int, now: datetime) -> bool:
        """Undo a sign-up; a place it frees goes to the first who waits, who is told."""
        event = await self.repo.lock(event_id)
        if event is None:
            return False
        before = await self.repo.queue(event_id)
        if not await self.repo.undo(event_id, telegram_id):
            return False
        capacity = event.capacity
        if capacity is None or len(before) <= capacity or telegram_id not in before[:capacity]:
            return True  # no place freed, or nobody waits for it
        if _open(event, now) is not None:
            await self._give_places(event, [before[capacity]], now)
        return True

    async def leave_all(self, telegram_id: int, now: datetime) -> None:
        """Undo every sign-up of someone who erases their data: their places go on."""
        for event_id in await self.repo.signed_up_to(telegram_id):
            await self.undo(event_id, telegram_id, now)

    async def remind(self, event_id: int, minutes: int, due: datetime, now: datetime) -> int:
        """Queue one reminder per person signed up; a repeated run adds nothing."""
        event = await self.open(event_id, now)
        if event is None:
            return 0
        # Only those who hold a place: the waiting list is told when one frees.
        people = await self.repo.attendees(
            event_id, only=(await self.repo.queue(event_id))[: event.capacity]
        )
        tag = f"remind:{minutes}:{int(due.timestamp())}"
        return await self._tell(
            people, event, tag, now, lambda r, e: self.composer.reminder(r, e, now)
        )

    async def change(
        self,
        event_id: int,
        now: datetime,
        starts: datetime | None = None,
        place: dict[str, str] | None = None,
    ) -> int | None:
        """Move or relocate an event and tell those signed up: how many were told, or None
        when it can no longer change (started or cancelled)."""
        event = await self.open(event_id, now)
        if event is None:
            return None
        if starts is not None:
            if starts <= now:
                raise ValueError("an event must start in the future")
            if event.ends is not None:
                event.ends += starts - event.starts  # it lasts as long as before
            event.starts = starts
        if place is not None:
            event.place = place
        await self.repo.add(event)
        people = await self.repo.attendees(event_id)
        tag = f"changed:{int(now.timestamp() * 1000)}"
        return await self._tell(people, event, tag, now, self.composer.event_changed)

    async def resize(self, event_id: int, now: datetime, capacity: int | None) -> int | None:
        """Set the number of places; the first who wait get new ones and are told. Returns how
        many got one, or None when the event can no longer change. Places already given are
        never taken back: fewer than are taken is a ValueError."""
        event = _open(await self.repo.lock(event_id), now)
        if event is None:
            return None
        queue = await self.repo.queue(event_id)
        taken = places_of(event, queue).taken
        if capacity is not None and capacity < taken:
            raise ValueError(f"{taken} places are taken already")
        event.capacity = capacity
        await self.repo.add(event)
        placed = queue[taken : places_of(event, queue).taken]
        await self._give_places(event, placed, now)
        return len(placed)

    async def cancel(self, event_id: int, now: datetime) -> int | None:
        """How many who signed up are told; None if it was not active (cancelled meanwhile)."""
        event = await self.repo.get(event_id)
        if event is None or event.state != EventState.ACTIVE:
            return None
        event.state = EventState.CANCELLED
        await self.repo.add(event)
        people = await self.repo.attendees(event_id)
        return await self._tell(people, event, "cancelled", now, self.composer.event_cancelled)

    async def _give_places(self, event: Event, telegram_ids: list[int], now: datetime) -> None:
        """Tell those who waited that they now have a place."""
        assert event.id is not None
        people = await self.repo.attendees(event.id, only=telegram_ids)
        tag = f"place:{int(now.timestamp() * 1000)}"
        await self._tell(people, event, tag, now, self.composer.place_freed)

    async def _tell(
        self,
        people: list[Recipient],
        event: Event,
        tag: str,
        now: datetime,
        render: Callable[[Recipient, Event], Rendered],
    ) -> int:
        batch = f"event:{event.id}:{tag}"
        items = [addressed(batch, person, render(person, event)) for person in people]
        return await self.outbox.enqueue(items, now)
