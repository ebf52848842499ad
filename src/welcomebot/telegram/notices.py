"""The core's Composer for Telegram: each person's message, in their language and time zone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from welcomebot.app import Infrastructure
from welcomebot.content.models import ChecklistStep
from welcomebot.domain.audiences import TEAM, Recipient
from welcomebot.services.checklist import Progress
from welcomebot.services.notices import Rendered
from welcomebot.storage.models import Event
from welcomebot.telegram.announcements import event_buttons, event_text, unsubscribe
from welcomebot.telegram.checklist_ui import nudge

if TYPE_CHECKING:
    from welcomebot.services.digest import Digest


def as_json(markup: InlineKeyboardMarkup) -> str:
    return markup.model_dump_json(exclude_none=True)


def starts_in(event: Event, now: datetime) -> str:
    """The real time left when the reminder is worded, so a late one does not say "1 hour"."""
    minutes = max(1, round((event.starts - now).total_seconds() / 60))
    if minutes == 60:
        return _("Reminder: it starts in an hour.")
    if minutes >= 90:
        hours = round(minutes / 60)
        return ngettext(
            "Reminder: it starts in {count} hour.", "Reminder: it starts in {count} hours.", hours
        ).format(count=hours)
    return ngettext(
        "Reminder: it starts in {count} minute.", "Reminder: it starts in {count} minutes.", minutes
    ).format(count=minutes)


class TelegramComposer:
    def __init__(self, app: Infrastructure) -> None:
        self.translator = app.translator
        self.city_zone = app.settings.timezone

    def zone(self, person: Recipient) -> str:
        return person.timezone or self.city_zone

    def _event(
        self, person: Recipient, event: Event, lead: str, signed_up: bool, capacity: bool = False
    ) -> Rendered:
        assert event.id is not None
        card = event_text(event, person.language, self.zone(person), capacity)
        text = f"{lead}\n\n{card}"
        return Rendered(text, as_json(event_buttons(event.id, signed_up)))

    def broadcast(self, person: Recipient, text: str, interest: str) -> Rendered:
        if interest == TEAM:  # work material: nothing to unsubscribe from
            return Rendered(text)
        with self.translator.speaking(person.language):
            return Rendered(text, as_json(unsubscribe(interest)))

    def event_announced(self, person: Recipient, event: Event) -> Rendered:
        with self.translator.speaking(person.language):
            lead = "📣 " + _("A new event:")
            return self._event(person, event, lead, signed_up=False, capacity=True)

    def reminder(self, person: Recipient, event: Event, now: datetime) -> Rendered:
        with self.translator.speaking(person.language):
            return self._event(person, event, "⏰ " + starts_in(event, now), signed_up=True)

    def event_changed(self, person: Recipient, event: Event) -> Rendered:
        with self.translator.speaking(person.language):
            lead = "✏️ " + _("An event you signed up to has changed. Here it is now:")
            return self._event(person, event, lead, signed_up=True)

    def place_freed(self, person: Recipient, event: Event) -> Rendered:
        with self.translator.speaking(person.language):
            lead = "🎉 " + _("A place has opened up: you are now signed up to this event.")
            return self._event(person, event, lead, signed_up=True)

    def digest(self, digest: Digest, lang: str) -> Rendered:
        # Imported here: its gaps and statistics read the matcher (numpy, dictionaries), which
        # the worker, built with this Composer, otherwise never loads.
        from welcomebot.telegram.monitoring_ui import digest_text

        with self.translator.speaking(lang):
            return Rendered(digest_text(digest, lang))

    def event_cancelled(self, person: Recipient, event: Event) -> Rendered:
        with self.translator.speaking(person.language):
            lead = "❌ " + _("Cancelled: this event will not take place. We are sorry.")
            text = f"{lead}\n\n{event_text(event, person.language, self.zone(person))}"
            return Rendered(text)

    def checklist_nudge(
        self, person: Recipient, step: ChecklistStep, progress: Progress
    ) -> Rendered:
        with self.translator.speaking(person.language):
            text, markup = nudge(step, progress, person.language)
            return Rendered(text, as_json(markup))
