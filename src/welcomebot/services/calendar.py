"""An event as an iCalendar file (RFC 5545), in one language, for any calendar app."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from welcomebot.content.models import pick
from welcomebot.domain.states import EventState
from welcomebot.storage.models import Event


def to_ics(event: Event, lang: str, now: datetime, domain: str = "welcomebot") -> bytes:
    # Imported when someone first asks for a calendar file: 10 MB and 0.3 s the bot's start
    # does not need.
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//welcomebot//events//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{domain}")
    entry.add("dtstamp", now)
    # In the event's own zone, with its VTIMEZONE, so calendars show the local time right.
    entry.add("dtstart", event.starts.astimezone(ZoneInfo(event.timezone)))
    if event.ends is not None:
        entry.add("dtend", event.ends.astimezone(ZoneInfo(event.timezone)))
    entry.add("summary", pick(event.title, lang))
    if any(event.place.values()):
        entry.add("location", pick(event.place, lang))
    if any(event.description.values()):
        entry.add("description", pick(event.description, lang))
    if event.state == EventState.CANCELLED:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
