"""Staff change an event that has not started (time, place, places) or cancel it; those
signed up are told through the outbox."""

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from welcomebot.services import audit
from welcomebot.services.event_draft import Problem, read_places, read_start, too_long
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram import announcements
from welcomebot.telegram.callbacks import EventAct, EventAction
from welcomebot.telegram.edits import pressed_on, set_buttons
from welcomebot.telegram.forms import example_time, future_time, start_form, unreadable_time
from welcomebot.telegram.forms import too_long as too_long_text
from welcomebot.telegram.parsing import skipped


class EventChange(StatesGroup):
    time = State()
    places = State()
    place_en = State()
    place_uk = State()


async def record_change(
    services: UnitOfWork, staff_id: int, event_id: int, what: str, told: int | None
) -> None:
    """For the audit log, if the change was made (`told` is None when it could not be)."""
    if told is not None:
        target = audit.event(event_id)
        await services.audit.record(staff_id, audit.Action.EVENT_CHANGED, target, what)


def cannot_change() -> str:
    return _("This event cannot be changed any more: it has started or was cancelled.")


def saved_and_told(count: int | None) -> str:
    """After a change: how many who signed up will be told, or why nothing changed."""
    if count is None:
        return cannot_change()
    if count == 0:  # nobody signed up, or nobody who did can be reached
        return _("Saved. There is nobody to tell.")
    return ngettext(
        "Saved. {count} person who signed up will be told.",
        "Saved. {count} people who signed up will be told.",
        count,
    ).format(count=count)


async def event_button_pressed(
    query: CallbackQuery, callback_data: EventAction, state: FSMContext, services: UnitOfWork
) -> None:
    """A staff button under an event: ask for its change, or cancel it (after asking)."""
    events, event_id = services.events, callback_data.id
    message = pressed_on(query)
    event = await events.open(event_id, utcnow())
    if event is None:
        await query.answer(cannot_change(), show_alert=True)
        return
    await query.answer()
    action = callback_data.action
    # A change is a form too: one half-filled is closed, and its note leads the question.
    changing = action in (EventAct.MOVE, EventAct.RESIZE, EventAct.RELOCATE)
    closed = await start_form(state) if changing else ""
    if action == EventAct.MOVE:
        zone = await services.people.zone(query.from_user.id)
        await state.set_state(EventChange.time)
        await state.update_data(event_id=event_id, zone=zone)
        await message.answer(
            closed
            + _("The new start, as {example} ({zone} time)?").format(
                example=example_time(zone), zone=zone
            )
        )
    elif action == EventAct.RESIZE:
        taken = (await events.places(event)).taken
        await state.set_state(EventChange.places)
        await state.update_data(event_id=event_id, taken=taken)
        await message.answer(
            closed
            + ngettext(
                "How many places now? At least {count}, as {count} place is taken; or - for no "
                "limit.",
                "How many places now? At least {count}, as {count} places are taken; or - for no "
                "limit.",
                taken,
            ).format(count=taken)
        )
    elif action == EventAct.RELOCATE:
        await state.set_state(EventChange.place_en)
        await state.update_data(event_id=event_id)
        await message.answer(closed + _("The new place in English? Send - to leave English out."))
    elif action == EventAct.CANCEL:
        await message.answer(
            _("Cancel this event? Everyone who signed up will be told."),
            reply_markup=announcements.confirm_cancel(event_id),
        )
    elif action == EventAct.CANCEL_CONFIRMED:
        await set_buttons(query, None)
        count = await events.cancel(event_id, utcnow())
        if count is None:
            await message.answer(cannot_change())
            return
        cancelled, target = audit.Action.EVENT_CANCELLED, audit.event(event_id)
        await services.audit.record(query.from_user.id, cancelled, target)
        told = ngettext(
            "The event is cancelled. {count} person who signed up will be told.",
            "The event is cancelled. {count} people who signed up will be told.",
            count,
        ).format(count=count)
        nobody = _("The event is cancelled. There is nobody to tell.")
        await message.answer(told if count else nobody)
    elif await set_buttons(query, None):  # KEEP, once
        await message.answer(_("Nothing was changed."))


async def new_time_typed(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    data = await state.get_data()
    starts = read_start(message.text or "", data["zone"], utcnow())
    if isinstance(starts, Problem):
        unreadable = starts is Problem.UNREADABLE_TIME
        await message.answer((unreadable_time if unreadable else future_time)(data["zone"]))
        return
    await state.clear()
    count = await services.events.change(data["event_id"], utcnow(), starts=starts)
    await record_change(services, message.chat.id, data["event_id"], "start", count)
    await message.answer(saved_and_told(count))


async def new_places_typed(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    data = await state.get_data()
    at_least = max(1, data["taken"])
    try:
        capacity = read_places(skipped(message.text or ""), at_least)
    except ValueError:
        await message.answer(
            _("Please send a number of places, at least {count}, or - for no limit.").format(
                count=at_least
            )
        )
        return
    await state.clear()
    try:
        placed = await services.events.resize(data["event_id"], utcnow(), capacity)
    except ValueError:  # taken meanwhile
        await message.answer(_("More places were taken meanwhile: nothing was changed."))
        return
    if placed is None:
        await message.answer(cannot_change())
        return
    await record_change(services, message.chat.id, data["event_id"], "places", placed)
    if not placed:
        await message.answer(_("Saved."))
        return
    await message.answer(
        ngettext(
            "Saved. {count} person waiting got a place and will be told.",
            "Saved. {count} people waiting got a place and will be told.",
            placed,
        ).format(count=placed)
    )


async def new_place_typed(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    """The new place in English, then in Ukrainian."""
    text = skipped(message.text or "")
    if too_long("place", text):
        await message.answer(too_long_text("place"))
        return
    value = text or ""
    if await state.get_state() == EventChange.place_en.state:
        await state.update_data(place_en=value)
        await state.set_state(EventChange.place_uk)
        await message.answer(_("And in Ukrainian? Send - to leave Ukrainian out."))
        return
    data = await state.get_data()
    await state.clear()
    place = {lang: v for lang, v in (("en", data["place_en"]), ("uk", value)) if v}
    count = await services.events.change(data["event_id"], utcnow(), place=place)
    await record_change(services, message.chat.id, data["event_id"], "place", count)
    await message.answer(saved_and_told(count))
