"""What the core asks of a front end: turn an announcement into one person's message.

The core decides who gets what and when; the front end (Telegram) words it in the person's
language and time zone and adds its buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from welcomebot.delivery.outbox import Outgoing
from welcomebot.domain.audiences import Recipient
from welcomebot.storage.models import Event

if TYPE_CHECKING:
    from welcomebot.content.models import ChecklistStep
    from welcomebot.services.checklist import Progress
    from welcomebot.services.digest import Digest


@dataclass(frozen=True)
class Rendered:
    text: str
    reply_markup: str | None = None  # JSON, as the outbox stores it
    picture: str | None = None  # what the front end draws, with `text` as its caption


def addressed(batch: str, person: Recipient, message: Rendered) -> Outgoing:
    """One person's outbox row of a batch; its key makes a second enqueue a no-op."""
    return Outgoing(
        key=f"{batch}:{person.telegram_id}",
        chat_id=person.telegram_id,
        text=message.text,
        reply_markup=message.reply_markup,
        batch=batch[:80],
        picture=message.picture,
    )


class Composer(Protocol):
    def broadcast(self, recipient: Recipient, text: str, interest: str) -> Rendered: ...

    def event_announced(self, recipient: Recipient, event: Event) -> Rendered: ...

    def reminder(self, recipient: Recipient, event: Event, now: datetime) -> Rendered: ...

    def event_changed(self, recipient: Recipient, event: Event) -> Rendered: ...

    def event_cancelled(self, recipient: Recipient, event: Event) -> Rendered: ...

    def place_freed(self, recipient: Recipient, event: Event) -> Rendered: ...

    def digest(self, digest: Digest, lang: str) -> Rendered: ...
    def checklist_nudge(
        self, recipient: Recipient, step: ChecklistStep, progress: Progress
    ) -> Rendered: ...
