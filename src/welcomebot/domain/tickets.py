"""A request to the centre's staff (a ticket): its states, who speaks, and office hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class TicketState(StrEnum):
    """open (waits for staff), answered (staff replied last), closed (by either side; it may
    be reopened for a while, then a new request is a new ticket)."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Side(StrEnum):
    """Who a ticket's message comes from."""

    PERSON = "person"
    STAFF = "staff"


@dataclass(frozen=True)
class StaffCopies:
    """What of some tickets sits in the staff group: their forum topics, and in a plain group
    the bot's messages about them; erased from there when the tickets are."""

    threads: tuple[int, ...] = ()
    messages: tuple[int, ...] = ()
    unanswered: tuple[int, ...] = ()  # the numbers of those not closed: staff are told


@dataclass(frozen=True)
class OfficeHours:
    """When staff answer: ISO weekdays (1 = Monday) and one span of hours, in the city's zone."""

    days: frozenset[int]
    start: time
    end: time
    timezone: str

    def next_opening(self, now: datetime) -> datetime | None:
        """None while the office is open; else the moment it next opens."""
        local = now.astimezone(ZoneInfo(self.timezone))
        clock = local.time()
        # "24:00" is stored as 23:59:59.999999: "<" alone would close that last microsecond.
        until_midnight = self.end == time.max
        if (
            local.isoweekday() in self.days
            and self.start <= clock
            and (clock < self.end or until_midnight)
        ):
            return None
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            opening = datetime.combine(day, self.start, tzinfo=ZoneInfo(self.timezone))
            if day.isoweekday() in self.days and opening > local:
                return opening
        return None  # no working day at all: staff answer when they can


def parse_hours(text: str) -> tuple[time, time]:
    """ "9:00-17:00" -> (09:00, 17:00); the end after the start, "24:00" the day's end."""
    start_text, separator, end_text = text.replace("–", "-").partition("-")
    if not separator:
        raise ValueError(f"{text!r} is not a span of hours such as 9:00-17:00")
    start, end = _clock(start_text), _clock(end_text, end=True)
    if end <= start:
        raise ValueError(f"{text!r}: the end must come after the start")
    return start, end


def _clock(text: str, end: bool = False) -> time:
    hours, _, minutes = text.strip().partition(":")
    if not hours.isdigit() or not (minutes or "0").isdigit():
        raise ValueError(f"{text!r} is not a time such as 9:00")
    clock = (int(hours), int(minutes or 0))
    if end and clock == (24, 0):
        return time.max
    if not (clock[0] < 24 and clock[1] < 60):
        raise ValueError(f"{text!r} is not a time such as 9:00 (24:00 only as the end)")
    return time(*clock)


def parse_days(text: str) -> frozenset[int]:
    """ "1-5" or "1,2,3,4,5" -> ISO weekdays (1 = Monday, 7 = Sunday)."""
    days: set[int] = set()
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or not (last or first).isdigit():
            raise ValueError(f"{text!r} is not a list of weekdays such as 1-5 (1 = Monday)")
        days.update(range(int(first), int(last or first) + 1))
    if not days or not days <= set(range(1, 8)):
        raise ValueError(f"{text!r}: weekdays go from 1 (Monday) to 7 (Sunday)")
    return frozenset(days)
