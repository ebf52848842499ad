"""What handling a ticket needs of an update, shared by the routers that act on tickets:
the person's side (`routers/tickets.py`) and a person blocking the bot (`routers/blocking.py`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.loader import Centre
from welcomebot.content.models import ContentPack
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Ticket, utcnow
from welcomebot.telegram import tickets_ui as ui
from welcomebot.telegram.staff_room import StaffRoom


@dataclass(frozen=True)
class Desk:
    """What acting on a ticket needs of the update's data (handlers take it as `**data`)."""

    services: UnitOfWork
    state: FSMContext
    settings: Settings
    i18n: I18n
    bot: Bot
    pack: ContentPack
    centre: Centre | None
    staff_room: StaffRoom

    @classmethod
    def of(cls, data: dict[str, Any]) -> Desk:
        return cls(**{name.name: data[name.name] for name in fields(cls)})


async def tell_staff(ticket: Ticket, desk: Desk, key: str, text: str) -> None:
    """A notice about the ticket in the staff group, in the default language."""
    settings = desk.settings
    assert settings.staff_chat_id is not None
    with desk.i18n.use_locale(settings.default_language):
        notice = ui.staff_notice(ticket, text)
    out = ui.outgoing(key, settings.staff_chat_id, notice, thread_id=ticket.thread_id)
    await desk.services.tickets.send(ticket, [out], utcnow())


async def person_blocked(person_id: int, desk: Desk, now: datetime) -> None:
    """They blocked the bot: nothing the staff write can reach them, so their live request
    closes (and goes after TICKET_RETENTION_DAYS); back within the reopening period, /ask
    reopens it."""
    tickets = desk.services.tickets
    ticket = await tickets.live(person_id) if desk.settings.staff_chat_id is not None else None
    if ticket is None or not await tickets.close(ticket, now):
        return
    with desk.i18n.use_locale(desk.settings.default_language):
        what = _("the person blocked the bot, so the request is closed: replies cannot reach them.")
    await tell_staff(ticket, desk, f"ticket:{ticket.id}:blocked:{now.timestamp()}", what)
    await desk.state.set_state(None)
