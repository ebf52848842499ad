"""Ask a person: the newcomer's side of a ticket. "Ask a person" (a button wherever the bot has
no sure answer, /ask) opens one; while it is live, what they write goes to the staff group."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.loader import Centre
from welcomebot.content.models import ContentPack
from welcomebot.domain.tickets import TicketState
from welcomebot.services.tickets import Asked
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Ticket, utcnow
from welcomebot.telegram import tickets_ui as ui
from welcomebot.telegram.callbacks import ContactChoice, TicketAct, TicketAction
from welcomebot.telegram.edits import Pressed, pressed_on
from welcomebot.telegram.filters import CommandText, StaffGroupSet
from welcomebot.telegram.replies import stale_button
from welcomebot.telegram.staff_room import StaffRoom
from welcomebot.telegram.texts import contact_text, emergency_text

PERSON_ACTS = frozenset(TicketAct) - {TicketAct.STAFF_CLOSE, TicketAct.ASK}


class TicketStates(StatesGroup):
    question = State()  # /ask with nothing asked before: the next message is the question
    writing = State()  # in a live ticket: messages go to the staff


async def _staff(
    ticket: Ticket, services: UnitOfWork, settings: Settings, i18n: I18n, key: str, text: str
) -> None:
    """A notice about the ticket in the staff group, in the default language."""
    assert settings.staff_chat_id is not None
    with i18n.use_locale(settings.default_language):
        notice = ui.staff_notice(ticket, text)
    out = ui.outgoing(key, settings.staff_chat_id, notice, thread_id=ticket.thread_id)
    await services.tickets.send(ticket, [out], utcnow())


async def open_ticket(
    where: Message | Pressed,
    person: TelegramUser,
    asked: Asked,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
    bot: Bot,
    pack: ContentPack,
    centre: Centre | None,
    staff_room: StaffRoom,
) -> None:
    assert settings.staff_chat_id is not None
    now = utcnow()
    opening = await services.tickets.open(person.id, asked, now)
    ticket, staff_lang = opening.ticket, settings.default_language
    number = ui.number(ticket)
    with i18n.use_locale(ticket.lang):
        parts = [emergency_text(centre, ticket.lang)] if asked.urgent else []
        failed = ui.outgoing("bounce", person.id, ui.to_person_failed())
        if opening.new:
            with i18n.use_locale(staff_lang):
                name = ui.topic_name(pack, ticket, staff_lang)
            thread = await staff_room.new_topic(bot, name)
            await services.tickets.place(ticket, thread)
            with i18n.use_locale(staff_lang):
                card = ui.card(pack, ticket, staff_lang, forum=thread is not None)
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
            parts += [ui.privacy_note(settings.ticket_retention_days), ui.opened_text(ticket)]
        else:
            if opening.reopened:
                with i18n.use_locale(staff_lang):
                    what = _("the person reopened the request.")
                await _staff(
                    ticket,
                    services,
                    settings,
                    i18n,
                    f"ticket:{number}:reopened:{now.timestamp()}",
                    what,
                )
                parts += [ui.privacy_note(settings.ticket_retention_days), ui.reopened_text(ticket)]
            else:
                parts.append(ui.live_text(ticket))
            if asked.question and asked.question != ticket.question:
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
        if opening.new or opening.reopened:
            note = ui.office_note(settings.office.next_opening(now), settings.timezone, ticket.lang)
            if note is not None:
                parts.append(note)
        await state.set_state(TicketStates.writing)
        await state.update_data(ticket=number)
        await where.answer("\n\n".join(parts), reply_markup=ui.opening_buttons(ticket))


async def ask_command(
    message: Message,
    command: CommandObject,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
    bot: Bot,
    pack: ContentPack,
    centre: Centre | None,
    staff_room: StaffRoom,
) -> None:
    """/ask [question]: with words, those; else what they asked last, or the next message."""
    if settings.staff_chat_id is None or message.from_user is None:
        await message.answer(contact_text(centre, i18n.current_locale))
        return
    words = (command.args or "").strip()[: services.answers.max_chars]
    if words:
        asked: Asked | None = Asked(
            words, i18n.current_locale, urgent=services.answers.urgent(words)
        )
    else:
        asked = await recalled(state, services, message.from_user.id)
    if asked is None:
        await state.set_state(TicketStates.question)
        await message.answer(
            _("Write your question for the centre's staff in one message.")
            + "\n\n"
            + ui.privacy_note(settings.ticket_retention_days)
        )
        return
    await open_ticket(
        message,
        message.from_user,
        asked,
        services,
        state,
        settings,
        i18n,
        bot,
        pack,
        centre,
        staff_room,
    )


async def recalled(state: FSMContext, services: UnitOfWork, person_id: int) -> Asked | None:
    """What led here: the question they asked last; or, with a live ticket, nothing needed."""
    asked = await ui.recall_asked(state, utcnow())
    if asked is None and await services.tickets.live(person_id) is not None:
        return Asked("", "")
    return asked


async def question_typed(
    message: Message,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
    bot: Bot,
    pack: ContentPack,
    centre: Centre | None,
    staff_room: StaffRoom,
) -> None:
    if settings.staff_chat_id is None or message.from_user is None or not message.text:
        await state.clear()
        raise SkipHandler
    text = message.text[: services.answers.max_chars]
    asked = Asked(text, i18n.current_locale, urgent=services.answers.urgent(text))
    await open_ticket(
        message,
        message.from_user,
        asked,
        services,
        state,
        settings,
        i18n,
        bot,
        pack,
        centre,
        staff_room,
    )


async def ask_pressed(
    query: CallbackQuery,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
    bot: Bot,
    pack: ContentPack,
    centre: Centre | None,
    staff_room: StaffRoom,
) -> None:
    """ "Ask a person" / "None of these: talk to a person" under an answer or suggestions."""
    await query.answer()
    where = pressed_on(query)
    asked = await recalled(state, services, query.from_user.id)
    if asked is None:
        await state.set_state(TicketStates.question)
        await where.answer(
            _("Write your question for the centre's staff in one message.")
            + "\n\n"
            + ui.privacy_note(settings.ticket_retention_days)
        )
        return
    await open_ticket(
        where,
        query.from_user,
        asked,
        services,
        state,
        settings,
        i18n,
        bot,
        pack,
        centre,
        staff_room,
    )


async def message_in_ticket(
    message: Message,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
    centre: Centre | None,
) -> None:
    """Into their live ticket; if it closed meanwhile, the message goes on to the bot."""
    number = (await state.get_data()).get("ticket")
    ticket = await services.tickets.get(number) if isinstance(number, int) else None
    if (
        settings.staff_chat_id is None
        or ticket is None
        or ticket.state == TicketState.CLOSED
        or message.from_user is None
        or ticket.telegram_id != message.from_user.id
    ):
        await state.set_state(None)
        raise SkipHandler
    now = utcnow()
    with i18n.use_locale(ticket.lang):
        if ui.kind_of(message) is None:
            await message.answer(ui.not_relayed(), reply_markup=ui.person_buttons(ticket))
            return
        said = message.text or message.caption or ""
        urgent = bool(said) and services.answers.urgent(said)
        staff_lang = settings.default_language
        if urgent and await services.tickets.mark_urgent(ticket):
            with i18n.use_locale(staff_lang):
                note = ui.urgent_note()
            await _staff(ticket, services, settings, i18n, f"ticket:{ticket.id}:urgent", note)
        await services.tickets.from_person(ticket)
        with i18n.use_locale(staff_lang):
            text, copy_id = ui.relayed_text(ui.person_label(ticket), message)
        out = ui.outgoing(
            f"ticket:{ticket.id}:in:{message.message_id}",
            settings.staff_chat_id,
            text,
            thread_id=ticket.thread_id,
            copy=(message.chat.id, copy_id),
            bounce=ui.outgoing("bounce", message.chat.id, ui.to_person_failed()),
        )
        await services.tickets.send(ticket, [out], now)
        parts = [emergency_text(centre, ticket.lang)] if urgent else []
        parts.append(ui.added_text(ticket))
        await message.answer("\n\n".join(parts), reply_markup=ui.person_buttons(ticket))


async def ticket_pressed(
    query: CallbackQuery,
    callback_data: TicketAction,
    services: UnitOfWork,
    state: FSMContext,
    settings: Settings,
    i18n: I18n,
) -> None:
    ticket = await services.tickets.get(callback_data.id)
    if ticket is None or ticket.telegram_id != query.from_user.id or settings.staff_chat_id is None:
        await stale_button(query)
        return
    now, act, where = utcnow(), callback_data.action, pressed_on(query)
    with i18n.use_locale(ticket.lang):
        live = ticket.state != TicketState.CLOSED
        if act is TicketAct.REOPEN:
            await query.answer()
            if live:
                await state.set_state(TicketStates.writing)
                await state.update_data(ticket=ticket.id)
                await where.answer(ui.live_text(ticket), reply_markup=ui.person_buttons(ticket))
            elif await services.tickets.reopen(ticket, now):
                with i18n.use_locale(settings.default_language):
                    what = _("the person reopened the request.")
                await _staff(
                    ticket,
                    services,
                    settings,
                    i18n,
                    f"ticket:{ticket.id}:reopened:{now.timestamp()}",
                    what,
                )
                await state.set_state(TicketStates.writing)
                await state.update_data(ticket=ticket.id)
                await where.answer(ui.reopened_text(ticket), reply_markup=ui.person_buttons(ticket))
            else:
                await where.answer(ui.too_late_text())
            return
        if not live:
            await query.answer(ui.gone_text(), show_alert=True)
            return
        await query.answer()
        if act is TicketAct.CLOSE:
            await services.tickets.close(ticket, now)
            with i18n.use_locale(settings.default_language):
                what = _("the person closed the request.")
            await _staff(
                ticket,
                services,
                settings,
                i18n,
                f"ticket:{ticket.id}:closed:{now.timestamp()}",
                what,
            )
            await state.set_state(None)
            days = settings.ticket_reopen_days
            markup = ui.reopen_button(ticket) if days > 0 else None
            await where.answer(ui.closed_text(ticket, days, by_staff=False), reply_markup=markup)
        elif act is TicketAct.LEAVE:
            await state.set_state(None)
            await where.answer(ui.left_text(ticket))
        elif act is TicketAct.WRITE:
            await state.set_state(TicketStates.writing)
            await state.update_data(ticket=ticket.id)
            await where.answer(ui.live_text(ticket), reply_markup=ui.person_buttons(ticket))
        elif act is TicketAct.SHARE:
            contact = _contact(query.from_user)
            await services.tickets.share_contact(ticket, contact)
            with i18n.use_locale(settings.default_language):
                what = _("the person shared their contact: {contact}").format(contact=contact)
            await _staff(ticket, services, settings, i18n, f"ticket:{ticket.id}:contact", what)
            await where.answer(ui.shared_text())


def _contact(person: TelegramUser) -> str:
    if person.username:
        return f"@{escape(person.username)}"
    return f'<a href="tg://user?id={person.id}">{escape(person.first_name)}</a>'


def router() -> Router:
    router = Router(name="tickets")
    router.message.register(ask_command, Command("ask"))
    router.message.register(question_typed, StateFilter(TicketStates.question), ~CommandText())
    router.message.register(message_in_ticket, StateFilter(TicketStates.writing), ~CommandText())
    router.callback_query.register(ask_pressed, TicketAction.filter(F.action == TicketAct.ASK))
    router.callback_query.register(ticket_pressed, TicketAction.filter(F.action.in_(PERSON_ACTS)))
    # "None of these: talk to a person" opens a ticket when there is a staff group; without
    # one, the feedback router gives the centre's contacts.
    router.callback_query.register(ask_pressed, ContactChoice.filter(), StaffGroupSet())
    return router
