"""Dates and times for people: Babel's patterns for the language, in the person's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time


def format_when(moment: datetime, timezone: str, lang: str) -> str:
    """e.g. "Saturday, December 5, 2026, 6:00 PM" / "субота, 5 грудня 2026 р., 18:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local, 'full', locale=lang)}, {format_time(local, 'short', locale=lang)}"


# Written by staff; both the ISO order and the one used in Ukraine are accepted.
INPUT_FORMATS = ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")


def parse_local(text: str, timezone: str) -> datetime | None:
    """A date and time as staff type it, in `timezone`; None if it is not one."""
    for pattern in INPUT_FORMATS:
        try:
            naive = datetime.strptime(" ".join(text.split()), pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=ZoneInfo(timezone))
    return None
