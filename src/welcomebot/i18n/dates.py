"""Dates and times for people: Babel's patterns for the language, in the person's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_time


def format_when(moment: datetime, timezone: str, lang: str) -> str:
    """e.g. "Saturday, December 5, 2026, 6:00 PM" / "субота, 5 грудня 2026 р., 18:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local, 'full', locale=lang)}, {format_clock(moment, timezone, lang)}"


def days_apart(earlier: datetime, later: datetime, timezone: str) -> int:
    """How many midnights of the zone lie between two moments: 0 the same day, 1 the next."""
    zone = ZoneInfo(timezone)
    return (later.astimezone(zone).date() - earlier.astimezone(zone).date()).days


def format_clock(moment: datetime, timezone: str, lang: str) -> str:
    """The time of day alone: "9:00 AM" / "09:00"."""
    return format_time(moment.astimezone(ZoneInfo(timezone)), "short", locale=lang)


def format_span(start: datetime, end: datetime | None, timezone: str, lang: str) -> str:
    """`format_when`, with the end's time on the same day ("…, 6:00 PM – 8:00 PM") or its
    full date and time on a later one."""
    when = format_when(start, timezone, lang)
    if end is None:
        return when
    zone = ZoneInfo(timezone)
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return f"{when} – {format_time(end.astimezone(zone), 'short', locale=lang)}"
    return f"{when} – {format_when(end, timezone, lang)}"


def format_days(first: date, last: date, lang: str, year: bool = True) -> str:
    """A span of days, as Babel words it: "Dec 1 – 7" / "1–7 груд." (`year`: "…, 2026")."""
    return format_interval(first, last, "yMMMd" if year else "MMMd", locale=lang)
