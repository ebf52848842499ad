"""Wording shared by the staff forms (/newevent, event changes, /broadcast)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from aiogram.utils.i18n import gettext as _

from welcomebot.services.event_draft import MAX_CHARS
from welcomebot.storage.models import utcnow


def example_time(zone: str) -> str:
    """A date and time to copy, as staff type them: tomorrow at 18:00 in their zone (a fixed
    date in the text soon lay in the past, and the form refused its own example)."""
    tomorrow = utcnow().astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    return f"{tomorrow:%Y-%m-%d} 18:00"


def unreadable_time(zone: str) -> str:
    return _("I could not read this. Please write it as {example} ({zone} time).").format(
        example=example_time(zone), zone=zone
    )


def future_time(zone: str) -> str:
    return _("Please send a time in the future, as {example} ({zone} time).").format(
        example=example_time(zone), zone=zone
    )


def too_long(field: str) -> str:
    """For a field of an event (`MAX_CHARS`)."""
    return _("This is too long: at most {count} characters, please.").format(count=MAX_CHARS[field])


# The staff forms' state groups, by name: a router never imports another router's states.
STAFF_FORMS = ("BroadcastForm", "EventForm", "EventChange")


async def start_form(state: FSMContext) -> str:
    """Clear the form state for a new form. A staff form left half-filled is dropped with it:
    the returned note says so, to go before the new form's first question in one message (a
    new /broadcast had quietly lost a half-written event); else ""."""
    current = await state.get_state()
    await state.clear()
    if current is not None and current.split(":")[0] in STAFF_FORMS:
        return _("The form you had not finished is closed: nothing of it was saved.") + "\n\n"
    return ""
