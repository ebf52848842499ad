"""Wording shared by the staff forms (/newevent, event changes, /broadcast)."""

from aiogram.utils.i18n import gettext as _

from welcomebot.services.event_draft import MAX_CHARS


def future_time(zone: str) -> str:
    return _("Please send a time in the future, as 2026-12-05 18:00 ({zone} time).").format(
        zone=zone
    )


def too_long(field: str) -> str:
    """For a field of an event (`MAX_CHARS`)."""
    return _("This is too long: at most {count} characters, please.").format(count=MAX_CHARS[field])
