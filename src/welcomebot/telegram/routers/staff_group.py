"""The staff group (STAFF_CHAT_ID): staff answer tickets in their topics (a forum) or in reply
to their messages (a plain group). Only members who are in STAFF_IDS can act; anyone else is
refused, and nothing of theirs is relayed. Other talk in the group is left alone."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.models import Entry, pick
from welcomebot.domain.roles import Role
from welcomebot.domain.tickets import TicketState
from welcomebot.matching.matcher import Outcome
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Ticket, utcnow
from welcomebot.telegram import tickets_ui as ui
from welcomebot.telegram.callbacks import TicketAct, TicketAction
from welcomebot.telegram.filters import (
    AboutTicket,
    CommandText,
    HasRole,
    RepliesToBot,
    SaidBySomeone,
    StaffGroup,
    Worded,
)
from welcomebot.telegram.replies import staff_only, stale_button
from welcomebot.telegram.texts import entry_text


async def not_staff(message: Message) -> None:
    await message.reply(
        _("Sorry, only the centre's staff can act on requests: nothing was sent to the person.")
    )


async def closed_already(message: Message, ticket: Ticket) -> None:
    await message.reply(
        ui.staff_notice(ticket, _("this request is closed: nothing was sent to the person."))
    )


async def _to_person(
    ticket: Ticket,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
    key: str,
    text: str,
    message: Message | None = None,
) -> None:
    """A staff message (or a copy of one) to the person; the staff are told if it fails."""
    assert settings.staff_chat_id is not None
    with i18n.use_locale(settings.default_language):  # the group's language
        failed = ui.outgoing(
            "bounce", settings.staff_chat_id, ui.to_staff_failed(ticket), thread_id=ticket.thread_id
        )
    with i18n.use_locale(ticket.lang):
        copy = None
        if message is not None:
            text, copy_id = ui.relayed_text(ui.staff_label(ticket), message)
            copy = (message.chat.id, copy_id)
        markup: InlineKeyboardMarkup | None = ui.reply_buttons(ticket)
        if ticket.state == TicketState.CLOSED:
            markup = ui.reopen_button(ticket) if settings.ticket_reopen_days > 0 else None
        out = ui.outgoing(key, ticket.telegram_id, text, markup=markup, copy=copy, bounce=failed)
    await services.tickets.send(ticket, [out], utcnow())


async def staff_reply(
    message: Message, ticket: Ticket, services: UnitOfWork, settings: Settings, i18n: I18n
) -> None:
    if ticket.state == TicketState.CLOSED:
        await closed_already(message, ticket)
        return
    if ui.kind_of(message) is None:
        await message.reply(
            ui.staff_notice(
                ticket, _("only text, photos, documents and voice messages reach the person.")
            )
        )
        return
    await services.tickets.from_staff(ticket, utcnow())
    await _to_person(
        ticket,
        services,
        settings,
        i18n,
        f"ticket:{ticket.id}:out:{message.message_id}",
        "",
        message,
    )


async def close_ticket(
    ticket: Ticket, services: UnitOfWork, settings: Settings, i18n: I18n
) -> bool:
    now = utcnow()
    if not await services.tickets.close(ticket, now):
        return False
    with i18n.use_locale(ticket.lang):
        text = ui.closed_text(ticket, settings.ticket_reopen_days, by_staff=True)
    await _to_person(
        ticket, services, settings, i18n, f"ticket:{ticket.id}:closed:{now.timestamp()}", text
    )
    return True


async def close_command(
    message: Message, ticket: Ticket, services: UnitOfWork, settings: Settings, i18n: I18n
) -> None:
    if not await close_ticket(ticket, services, settings, i18n):
        await closed_already(message, ticket)
        return
    await message.reply(ui.staff_notice(ticket, _("closed; the person was told.")))


async def close_pressed(
    query: CallbackQuery,
    callback_data: TicketAction,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
    role: Role,
) -> None:
    if role is not Role.STAFF:
        await staff_only(query)
        return
    ticket = await services.tickets.get(callback_data.id)
    if ticket is None:
        await stale_button(query)
        return
    closed = await close_ticket(ticket, services, settings, i18n)
    await query.answer(
        _("Closed; the person was told.") if closed else _("This request is closed already.")
    )


async def answer_command(
    message: Message,
    command: CommandObject,
    ticket: Ticket,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
) -> None:
    """/answer <entry id or words>: that entry's answer, in the person's language."""
    if ticket.state == TicketState.CLOSED:
        await closed_already(message, ticket)
        return
    asked = (command.args or "").strip()
    if not asked:
        await message.reply(_("Send /answer and an entry's id or a few words of its question."))
        return
    entry, others = await _entry_for(asked, ticket.lang, services)
    if entry is None:
        lang = i18n.current_locale
        text = _("No entry matches “{words}”.").format(words=escape(asked[:100]))
        if others:
            text += "\n" + _("Perhaps one of these: send /answer and its id.") + "\n"
            text += "\n".join(
                f"• <code>{e.id}</code> {escape(pick(e.headline, lang))}" for e in others
            )
        await message.reply(text)
        return
    await services.tickets.answered_with(ticket, entry.id, utcnow())
    with i18n.use_locale(ticket.lang):
        text = ui.staff_label(ticket) + "\n" + entry_text(entry, ticket.lang)
    await _to_person(
        ticket, services, settings, i18n, f"ticket:{ticket.id}:entry:{message.message_id}", text
    )
    headline = escape(pick(entry.headline, i18n.current_locale))
    await message.reply(
        ui.staff_notice(ticket, _("sent the answer “{headline}”.").format(headline=headline))
    )


async def _entry_for(
    asked: str, lang: str, services: UnitOfWork
) -> tuple[Entry | None, list[Entry]]:
    """An entry by its id, or the matcher's sure answer to the words (else its suggestions)."""
    entry = services.answers.for_newcomer(asked)
    if entry is not None:
        return entry, []
    match = await services.answers.match(asked, lang)
    if match.outcome is Outcome.ANSWER and match.best is not None:
        return match.best.entry, []
    return None, [c.entry for c in match.offered(3)]


async def no_such_request(message: Message) -> None:
    await message.reply(
        _(
            "This is not part of a request the bot still keeps (it may have been erased, or "
            "deleted after its retention period): nothing was sent to anyone. To answer a "
            "request, write in its topic or reply to one of its messages."
        )
    )


async def staff_edited(message: Message, ticket: Ticket) -> None:
    await message.reply(
        ui.staff_notice(
            ticket,
            _("edits do not reach the person: send the correction as a new message."),
        )
    )


async def not_in_ticket(message: Message) -> None:
    await message.reply(_("Use this in a request's topic, or in reply to one of its messages."))


def router() -> Router:
    router = Router(name="staff-group")
    router.message.filter(StaffGroup())
    router.callback_query.filter(StaffGroup())
    router.edited_message.filter(StaffGroup())
    about = AboutTicket()
    staff = HasRole(Role.STAFF)
    said = SaidBySomeone()  # not a topic renamed or a message pinned
    router.message.register(not_staff, about, ~staff, said)
    router.message.register(close_command, Command("close"), about)
    router.message.register(answer_command, Command("answer"), about)
    router.message.register(not_in_ticket, Command("close", "answer"), staff)
    router.message.register(staff_reply, about, ~CommandText(), said)
    router.message.register(no_such_request, staff, RepliesToBot(), ~CommandText(), said)
    router.edited_message.register(staff_edited, about, staff, Worded())
    router.callback_query.register(
        close_pressed, TicketAction.filter(F.action == TicketAct.STAFF_CLOSE)
    )
    return router
