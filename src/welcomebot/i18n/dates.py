"""Dates and times for people: Babel's patterns for the language, in the person's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time


def format_when(moment: datetime, timezone: str, lang: str) -> str:
    """e.g. "Saturday, December 5, 2026, 6:00 PM" / "субота, 5 грудня 2026 р., 18:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local, 'full', locale=lang)}, {format_time(local, 'short', locale=lang)}"


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


# Written by staff; both the ISO order and the one used in Ukraine are accepted.
INPUT_FORMATS = ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")
# The years a date typed by staff may have. Python's datetime ends with 9999 and starts with
# year 1, so "9999-12-31 23:59" in a zone behind UTC (or year 1 ahead of it) cannot even be
# stored or shown in another zone; and nobody plans an event centuries away.
YEARS = range(1970, 3000)


def parse_end(text: str, start: datetime, timezone: str) -> datetime | None:
    """An end as staff type it: a time on the start's day (20:00), or a date and time."""
    try:
        clock = datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        return parse_local(text, timezone)
    day = start.astimezone(ZoneInfo(timezone)).date()
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone))


def parse_local(text: str, timezone: str) -> datetime | None:
    """A date and time as staff type it, in `timezone`; None if it is not one."""
    for pattern in INPUT_FORMATS:
        try:
            naive = datetime.strptime(" ".join(text.split()), pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=ZoneInfo(timezone)) if naive.year in YEARS else None
    return None
