"""/newevent (staff): the event's questions one by one, its audience, a preview, then publish.

What was typed is checked by `services/event_draft.py`; this module only words its questions
and problems and shows the buttons."""

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import EVENTS, Audience
from welcomebot.services import audit
from welcomebot.services.event_draft import STEPS, EventDraft, Problem
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram import announcements, audience_ui
from welcomebot.telegram.callbacks import AudienceStep, EventAct, EventAction
from welcomebot.telegram.edits import pressed_on, take_choice
from welcomebot.telegram.forms import (
    example_time,
    future_time,
    start_form,
    too_long,
    unreadable_time,
)
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.parsing import skipped


class EventForm(StatesGroup):
    filling = State()
    audience = State()
    confirm = State()


def question(step: int, zone: str) -> str:
    field, lang = STEPS[step]
    if field == "starts":
        return _("When does it start? Send the date and time as {example} ({zone} time).").format(
            example=example_time(zone), zone=zone
        )
    if field == "ends":
        return _(
            "When does it end? Send the time, such as 20:00, or a date and time for a later "
            "day; or - if it has no set end."
        )
    if field == "capacity":
        return _("How many places are there? Send a number, or - for no limit.")
    prompts = {
        ("title", "en"): _(
            "A new event. What is its title in English? Send - to leave English out, or /cancel "
            "to stop."
        ),
        ("title", "uk"): _("Its title in Ukrainian? Send - to leave Ukrainian out."),
        ("place", "en"): _("Where is it, in English? Send - to leave it out."),
        ("place", "uk"): _("Where is it, in Ukrainian? Send - to leave it out."),
        ("description", "en"): _("A short description in English? Send - to leave it out."),
        ("description", "uk"): _("And the description in Ukrainian? Send - to leave it out."),
    }
    return prompts[(field, lang)]


def problem_text(problem: Problem, draft: EventDraft) -> str:
    if problem is Problem.UNREADABLE_TIME:
        return unreadable_time(draft.zone)
    if problem is Problem.NOT_IN_FUTURE:
        return future_time(draft.zone)
    if problem is Problem.UNREADABLE_END:
        return _(
            "I could not read this. Please send the end as a time, such as 20:00, or a date "
            "and time for a later day; or - if it has no set end."
        )
    if problem is Problem.END_BEFORE_START:
        return _("Please send an end after the start, such as 20:00, or - for none.")
    if problem is Problem.NOT_PLACES:
        return _("Please send the number of places, such as 20, or - for no limit.")
    if problem is Problem.TOO_LONG:
        return too_long(draft.current.field)
    # NO_TITLE: the draft is back at its first question.
    return _("An event needs a title in at least one language.") + "\n\n" + question(0, draft.zone)


async def newevent_command(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    closed = await start_form(state)
    draft = EventDraft(zone=await services.people.zone(message.chat.id))
    await state.set_state(EventForm.filling)
    await state.update_data(draft.to_data())
    await message.answer(closed + question(0, draft.zone))


async def event_answer_typed(
    message: Message, state: FSMContext, pack: ContentPack, lists: CityLists, i18n: I18n
) -> None:
    """The answer to the new event's current question."""
    draft = EventDraft.from_data(await state.get_data())
    problem = draft.answer(skipped(message.text or ""), utcnow())
    await state.update_data(draft.to_data())
    if problem is not None:
        await message.answer(problem_text(problem, draft))
        return
    if not draft.complete:
        await message.answer(question(draft.step, draft.zone))
        return
    audience = Audience(interest=EVENTS)
    await state.update_data(audience=audience.to_json())
    await state.set_state(EventForm.audience)
    text, markup = audience_ui.view(audience, pack, lists, i18n.current_locale, with_interest=False)
    await message.answer(text, reply_markup=markup)


async def choose_audience(
    query: CallbackQuery,
    callback_data: AudienceStep,
    state: FSMContext,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    audience = await audience_ui.press(
        query, callback_data, state, pack, lists, i18n.current_locale, with_interest=False
    )
    if audience is None:
        return
    data = await state.get_data()
    draft = EventDraft.from_data(data)
    event = draft.event(data["audience"])
    people = await services.subscriptions.recipients(audience)
    preview = announcements.event_text(event, i18n.current_locale, draft.zone, capacity=True)
    count = ngettext(
        "Announcing it sends it to {count} person who wants to hear of events.",
        "Announcing it sends it to {count} people who want to hear of events.",
        len(people),
    ).format(count=len(people))
    await state.set_state(EventForm.confirm)
    await pressed_on(query).answer(
        _("Preview:") + "\n\n" + preview + "\n\n" + count, reply_markup=publish_buttons()
    )


def publish_buttons() -> InlineKeyboardMarkup:
    return column(
        (_("Publish and announce"), EventAction(action=EventAct.PUBLISH)),
        (_("Publish without announcing"), EventAction(action=EventAct.PUBLISH_QUIETLY)),
        (_("Cancel"), EventAction(action=EventAct.ABORT)),
    )


async def publish_pressed(
    query: CallbackQuery, callback_data: EventAction, state: FSMContext, services: UnitOfWork
) -> None:
    message = await take_choice(query)
    data = await state.get_data()
    await state.clear()
    if callback_data.action == EventAct.ABORT:
        await message.answer(_("Cancelled: the event was not created."))
        return
    announce = callback_data.action == EventAct.PUBLISH
    event = EventDraft.from_data(data).event(data["audience"])
    event = await services.events.create(event, utcnow(), announce)
    detail = "announced" if announce else "not announced"
    await services.audit.record(
        query.from_user.id, audit.Action.EVENT_CREATED, audit.event(event.id), detail
    )
    await message.answer(
        _("Published: event #{id}. People find it with /events.").format(id=event.id)
    )
