"""Ask a person: the newcomer's side of a ticket. "Ask a person" (a button wherever the bot has
no sure answer, /ask) opens one; while it is live, what they write goes to the staff group."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.tickets import TicketState
from welcomebot.services.tickets import QUESTION_CHARS, Asked
from welcomebot.storage.models import Ticket, utcnow
from welcomebot.telegram import tickets_ui as ui
from welcomebot.telegram.callbacks import ContactChoice, TicketAct, TicketAction
from welcomebot.telegram.desk import Desk, tell_staff
from welcomebot.telegram.edits import Pressed, pressed_on
from welcomebot.telegram.filters import CommandText, StaffGroupSet
from welcomebot.telegram.replies import stale_button
from welcomebot.telegram.texts import contact_text, emergency_text

PERSON_ACTS = frozenset(TicketAct) - {TicketAct.STAFF_CLOSE, TicketAct.ASK}


class TicketStates(StatesGroup):
    question = State()  # /ask with nothing asked before: the next message is the question
    writing = State()  # in a live ticket: messages go to the staff


async def open_ticket(
    where: Message | Pressed,
    person: TelegramUser,
    asked: Asked,
    desk: Desk,
    whole: Message | None = None,
    noted: bool = False,
) -> None:
    """Open (or return to) their request and say so in one reply. `whole`: the message the
    question was cut from, or the photo it was written under; it goes to the staff as sent.
    `noted`: the person was just asked for their question, with the privacy note, which is
    then not said again."""
    services, settings, i18n = desk.services, desk.settings, desk.i18n
    assert settings.staff_chat_id is not None
    now = utcnow()
    opening = await services.tickets.open(person.id, asked, now)
    ticket, staff_lang = opening.ticket, settings.default_language
    number = ui.number(ticket)
    with i18n.use_locale(ticket.lang):
        parts: list[str] = []
        shared = ticket.contact is not None
        note = [] if noted else [ui.privacy_note(settings.ticket_retention_days, shared)]
        failed = ui.outgoing("bounce", person.id, ui.to_person_failed())
        if opening.new:
            with i18n.use_locale(staff_lang):
                name = ui.topic_name(desk.pack, ticket, staff_lang)
            thread = await desk.staff_room.new_topic(desk.bot, name)
            await services.tickets.place(ticket, thread)
            with i18n.use_locale(staff_lang):
                card = ui.card(desk.pack, ticket, staff_lang, forum=thread is not None)
                buttons = ui.card_buttons(ticket)
            out = ui.outgoing(
                f"ticket:{number}:card",
                settings.staff_chat_id,
                card,
                thread_id=thread,
                markup=buttons,
                bounce=failed,
            )
            await services.tickets.send(ticket, [out], now)
            parts += [*note, ui.opened_text(ticket)]
        else:
            if asked.urgent:
                await _flag_urgent(ticket, desk)
            if opening.reopened:
                await reopened(ticket, desk, now)
                parts += [*note, ui.reopened_text(ticket)]
            else:
                parts.append(ui.live_text(ticket))
            if asked.question and asked.question != ticket.question and whole is None:
                with i18n.use_locale(staff_lang):
                    text = ui.person_label(ticket) + "\n" + escape(asked.question)
                out = ui.outgoing(
                    f"ticket:{number}:asked:{now.timestamp()}",
                    settings.staff_chat_id,
                    text,
                    thread_id=ticket.thread_id,
                    bounce=failed,
                )
                await services.tickets.send(ticket, [out], now)
        if asked.media is not None:  # the photo or file the question was written under
            with i18n.use_locale(staff_lang):
                label = ui.person_label(ticket)
            out = ui.outgoing(
                f"ticket:{number}:media:{asked.media}",
                settings.staff_chat_id,
                label,
                thread_id=ticket.thread_id,
                copy=(person.id, asked.media),
                bounce=failed,
            )
            await services.tickets.send(ticket, [out], now)
        urgent = asked.urgent
        if whole is not None:
            urgent = await _relay(whole, ticket, desk) or urgent
            parts.append(ui.added_text(ticket))
        if opening.new or opening.reopened:
            zone = await services.people.zone(person.id)
            office = ui.office_note(settings.office.next_opening(now), now, zone, ticket.lang)
            if office is not None:
                parts.append(office)
        if urgent:
            parts.insert(0, emergency_text(desk.centre, ticket.lang))
        await write_into(ticket, desk.state)
        await where.answer("\n\n".join(parts), reply_markup=ui.opening_buttons(ticket))


async def _flag_urgent(ticket: Ticket, desk: Desk) -> None:
    """The person's words signal danger: the staff are told once a request."""
    if await desk.services.tickets.mark_urgent(ticket):
        with desk.i18n.use_locale(desk.settings.default_language):
            note = ui.urgent_note()
        await tell_staff(ticket, desk, f"ticket:{ticket.id}:urgent", note)


async def write_into(ticket: Ticket, state: FSMContext) -> None:
    """The person's messages go into this ticket from now on."""
    await state.set_state(TicketStates.writing)
    await state.update_data(ticket=ticket.id)


async def reopened(ticket: Ticket, desk: Desk, now: datetime) -> None:
    with desk.i18n.use_locale(desk.settings.default_language):
        what = _("the person reopened the request.")
    await tell_staff(ticket, desk, f"ticket:{ticket.id}:reopened:{now.timestamp()}", what)


async def ask_for_question(where: Message | Pressed, desk: Desk) -> None:
    """Nothing asked before: the next message is the question."""
    await desk.state.set_state(TicketStates.question)
    await where.answer(
        _("Write your question for the centre's staff in one message.")
        + "\n\n"
        + ui.privacy_note(desk.settings.ticket_retention_days)
    )


async def ask_command(message: Message, command: CommandObject, **data: Any) -> None:
    """/ask [question]: with words, those; else what they asked last, or the next message."""
    desk = Desk.of(data)
    if desk.settings.staff_chat_id is None or message.from_user is None:
        await message.answer(contact_text(desk.centre, desk.i18n.current_locale))
        return
    given = (command.args or "").strip()
    asked = _question(desk, given) if given else await recalled(desk, message.from_user.id)
    if asked is None:
        await ask_for_question(message, desk)
        return
    # The question holds the start of a long text; the staff get it all.
    whole = message.model_copy(update={"text": given}) if len(given) > len(asked.question) else None
    await open_ticket(message, message.from_user, asked, desk, whole)


def _question(desk: Desk, said: str) -> Asked:
    """A request's question: the start of what they said, as much as a request keeps."""
    answers = desk.services.answers
    text = said[: min(answers.max_chars, QUESTION_CHARS)]
    return Asked(text, desk.i18n.current_locale, urgent=bool(text) and answers.urgent(text))


async def _written_into(desk: Desk, person: TelegramUser | None) -> Ticket | None:
    """The ticket this conversation writes into, if it is still theirs and open."""
    number = (await desk.state.get_data()).get("ticket")
    ticket = await desk.services.tickets.get(number) if isinstance(number, int) else None
    if (
        ticket is None
        or person is None
        or ticket.telegram_id != person.id
        or ticket.state == TicketState.CLOSED
    ):
        return None
    return ticket


async def recalled(desk: Desk, person_id: int) -> Asked | None:
    """What led here: the question they asked last; or, with a live ticket, nothing needed."""
    asked = await ui.recall_asked(desk.state, utcnow())
    if asked is None and await desk.services.tickets.live(person_id) is not None:
        return Asked("", "")
    return asked


async def ticket_question_typed(message: Message, **data: Any) -> None:
    desk = Desk.of(data)
    if desk.settings.staff_chat_id is None or message.from_user is None:
        await desk.state.clear()
        raise SkipHandler
    if ui.kind_of(message) is None:  # a sticker, a location: the request waits for words
        await message.answer(ui.not_relayed())
        return
    # A photo of a letter, a voice message: its caption (if any) is the question, and the
    # message itself goes into the request as the person's first.
    asked = _question(desk, message.text or message.caption or "")
    whole = message if message.text is None or len(message.text) > len(asked.question) else None
    await open_ticket(message, message.from_user, asked, desk, whole, noted=True)


async def ask_pressed(query: CallbackQuery, **data: Any) -> None:
    """ "Ask a person" / "None of these: talk to a person" under an answer or suggestions."""
    desk = Desk.of(data)
    await query.answer()
    if desk.settings.staff_chat_id is None:  # an old button, or a forged one: no staff group
        await pressed_on(query).answer(contact_text(desk.centre, desk.i18n.current_locale))
        return
    asked = await recalled(desk, query.from_user.id)
    if asked is None:
        await ask_for_question(pressed_on(query), desk)
        return
    await open_ticket(pressed_on(query), query.from_user, asked, desk)


async def message_in_ticket(message: Message, **data: Any) -> None:
    """Into their live ticket; if it closed meanwhile, the message goes on to the bot."""
    desk = Desk.of(data)
    settings, i18n = desk.settings, desk.i18n
    ticket = await _written_into(desk, message.from_user)
    if settings.staff_chat_id is None or ticket is None:
        await desk.state.set_state(None)
        raise SkipHandler
    with i18n.use_locale(ticket.lang):
        if ui.kind_of(message) is None:
            await message.answer(ui.not_relayed(), reply_markup=ui.person_buttons(ticket))
            return
        urgent = await _relay(message, ticket, desk)
        parts = [emergency_text(desk.centre, ticket.lang)] if urgent else []
        parts.append(ui.added_text(ticket))
        await message.answer("\n\n".join(parts), reply_markup=ui.person_buttons(ticket))


async def _relay(message: Message, ticket: Ticket, desk: Desk) -> bool:
    """The person's message to the staff, as sent (the staff told first if it signals
    danger); True if it does."""
    services, settings, i18n = desk.services, desk.settings, desk.i18n
    assert settings.staff_chat_id is not None
    said = message.text or message.caption or ""
    urgent = bool(said) and services.answers.urgent(said)
    if urgent:
        await _flag_urgent(ticket, desk)
    await services.tickets.from_person(ticket)
    with i18n.use_locale(settings.default_language):
        text, copy_id = ui.relayed_text(ui.person_label(ticket), message)
    out = ui.outgoing(
        f"ticket:{ticket.id}:in:{message.message_id}",
        settings.staff_chat_id,
        text,
        thread_id=ticket.thread_id,
        copy=(message.chat.id, copy_id),
        bounce=ui.outgoing("bounce", message.chat.id, ui.to_person_failed()),
    )
    await services.tickets.send(ticket, [out], utcnow())
    await write_into(ticket, desk.state)  # a day more before the conversation ends
    return urgent


async def cancel_in_ticket(message: Message, **data: Any) -> None:
    """/cancel while writing to the staff: the request is not undone (what was sent was
    sent), so say what /cancel does: the next messages go to the bot."""
    desk = Desk.of(data)
    ticket = await _written_into(desk, message.from_user)
    await desk.state.set_state(None)
    if ticket is None:  # closed meanwhile: nothing is left to stop writing into
        await message.answer(_("Stopped. Nothing was saved."))
        return
    await message.answer(ui.left_text(ticket), reply_markup=ui.person_buttons(ticket))


async def ticket_pressed(query: CallbackQuery, callback_data: TicketAction, **data: Any) -> None:
    """The person's buttons on their own ticket; anyone else's press is stale."""
    desk = Desk.of(data)
    ticket = await desk.services.tickets.get(callback_data.id)
    if (
        ticket is None
        or ticket.telegram_id != query.from_user.id
        or desk.settings.staff_chat_id is None
    ):
        await stale_button(query)
        return
    act = callback_data.action
    with desk.i18n.use_locale(ticket.lang):
        if act is TicketAct.REOPEN:
            await query.answer()
            await reopen_pressed(pressed_on(query), ticket, desk)
        elif ticket.state == TicketState.CLOSED:
            await query.answer(ui.gone_text(), show_alert=True)
        else:
            await query.answer()
            await live_ticket_pressed(query, act, ticket, desk)


async def reopen_pressed(where: Pressed, ticket: Ticket, desk: Desk) -> None:
    now = utcnow()
    if ticket.state != TicketState.CLOSED:
        await write_into(ticket, desk.state)
        await where.answer(ui.live_text(ticket), reply_markup=ui.person_buttons(ticket))
    elif await desk.services.tickets.reopen(ticket, now):
        await reopened(ticket, desk, now)
        await write_into(ticket, desk.state)
        await where.answer(ui.reopened_text(ticket), reply_markup=ui.person_buttons(ticket))
    else:
        await where.answer(ui.too_late_text())


async def live_ticket_pressed(
    query: CallbackQuery, act: TicketAct, ticket: Ticket, desk: Desk
) -> None:
    where, settings = pressed_on(query), desk.settings
    if act is TicketAct.CLOSE:
        now = utcnow()
        await desk.services.tickets.close(ticket, now)
        with desk.i18n.use_locale(settings.default_language):
            what = _("the person closed the request.")
        await tell_staff(ticket, desk, f"ticket:{ticket.id}:closed:{now.timestamp()}", what)
        await desk.state.set_state(None)
        days = settings.ticket_reopen_days
        markup = ui.reopen_button(ticket) if days > 0 else None
        await where.answer(ui.closed_text(ticket, days, by_staff=False), reply_markup=markup)
    elif act is TicketAct.LEAVE:
        await desk.state.set_state(None)
        await where.answer(ui.left_text(ticket))
    elif act is TicketAct.WRITE:
        await write_into(ticket, desk.state)
        await where.answer(ui.live_text(ticket), reply_markup=ui.person_buttons(ticket))
    elif act is TicketAct.SHARE:
        contact = _contact(query.from_user)
        await desk.services.tickets.share_contact(ticket, contact)
        with desk.i18n.use_locale(settings.default_language):
            what = _("the person shared their contact: {contact}").format(contact=contact)
        await tell_staff(ticket, desk, f"ticket:{ticket.id}:contact", what)
        await where.answer(ui.shared_text())


def _contact(person: TelegramUser) -> str:
    if person.username:
        return f"@{escape(person.username)}"
    return f'<a href="tg://user?id={person.id}">{escape(person.first_name)}</a>'


def router() -> Router:
    router = Router(name="tickets")
    router.message.register(ask_command, Command("ask"))
    router.message.register(
        ticket_question_typed, StateFilter(TicketStates.question), ~CommandText()
    )
    router.message.register(message_in_ticket, StateFilter(TicketStates.writing), ~CommandText())
    router.message.register(cancel_in_ticket, Command("cancel"), StateFilter(TicketStates.writing))
    router.callback_query.register(ask_pressed, TicketAction.filter(F.action == TicketAct.ASK))
    router.callback_query.register(ticket_pressed, TicketAction.filter(F.action.in_(PERSON_ACTS)))
    # "None of these: talk to a person" opens a ticket when there is a staff group; without
    # one, the feedback router gives the centre's contacts.
    router.callback_query.register(ask_pressed, ContactChoice.filter(), StaffGroupSet())
    return router
