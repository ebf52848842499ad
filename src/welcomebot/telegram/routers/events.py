"""/events for everyone (sign up, undo, add to calendar); /newevent and changes for staff."""

from dataclasses import dataclass
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import EVENTS, Audience
from welcomebot.i18n.dates import parse_end, parse_local
from welcomebot.services import audit
from welcomebot.services.calendar import to_ics
from welcomebot.services.events import Events, admits
from welcomebot.services.notices import Composer
from welcomebot.services.roles import Role
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import Event, utcnow
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import announcements, audience_ui
from welcomebot.telegram.callbacks import AudienceStep, EventAction
from welcomebot.telegram.edits import pressed_on, set_buttons, take_choice
from welcomebot.telegram.filters import FreeText, HasRole
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.middlewares import Repositories
from welcomebot.telegram.parsing import parse_number
from welcomebot.telegram.routers.broadcasts import SKIP, staff_zone
from welcomebot.telegram.routers.fallback import stale_button
from welcomebot.telegram.routers.staff import staff_only

MAX_CHARS = {"title": 200, "place": 200, "description": 2000}
MAX_CAPACITY = 100_000
# The questions of /newevent, in order: a field and its language (none for the times and the number of places).
STEPS = (
    ("title", "en"),
    ("title", "uk"),
    ("starts", ""),
    ("ends", ""),
    ("capacity", ""),
    ("place", "en"),
    ("place", "uk"),
    ("description", "en"),
    ("description", "uk"),
)
EVERYONE = {"join", "leave", "ics"}
STAFF_ACTIONS = {"time", "place", "places", "cancel", "cancelled", "keep"}
CREATION = {"publish", "quiet", "abort"}


class EventForm(StatesGroup):
    filling = State()
    audience = State()
    confirm = State()


class EventChange(StatesGroup):
    time = State()
    places = State()
    place_en = State()
    place_uk = State()


# -- everyone --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Someone looking at events: which ones are meant for them, and their time zone."""

    language: str
    role: str | None  # None: staff, who see every event, whoever it is for
    district: str | None
    zone: str

    def sees(self, event: Event) -> bool:
        return admits(event, self.language, self.role, self.district)


async def viewer(
    telegram_id: int,
    user: Profile | None,
    role: Role,
    repos: Repositories,
    settings: Settings,
    lang: str,
) -> Viewer:
    stored = await repos.users.get(telegram_id) if user else None
    return Viewer(
        lang,
        None if role == Role.STAFF else str(role),
        stored.district if stored else None,
        (stored.timezone if stored else None) or settings.timezone,
    )


async def events_command(
    message: Message,
    user: Profile | None,
    role: Role,
    repos: Repositories,
    composer: Composer,
    settings: Settings,
    i18n: I18n,
) -> None:
    lang, now = i18n.current_locale, utcnow()
    seer = await viewer(message.chat.id, user, role, repos, settings, lang)
    service, staff = Events(repos.session, composer), role == Role.STAFF
    events = await service.upcoming(now, seer.language, seer.role, seer.district)
    if not events:
        await message.answer(_("There are no upcoming events right now. Please look again later."))
        return
    for event in events:
        assert event.id is not None
        places = await service.places(event, message.chat.id)
        text = announcements.event_text(event, lang, seer.zone)
        standing = announcements.places_text(places, staff)
        if standing:
            text += "\n\n" + standing
        markup = announcements.places_buttons(event.id, places, staff)
        await message.answer(text, reply_markup=markup)


async def event_action(
    query: CallbackQuery,
    callback_data: EventAction,
    user: Profile | None,
    role: Role,
    repos: Repositories,
    composer: Composer,
    settings: Settings,
    i18n: I18n,
) -> None:
    events, event_id, now = Events(repos.session, composer), callback_data.id, utcnow()
    event = await EventRepository(repos.session).get(event_id)
    seer = await viewer(query.from_user.id, user, role, repos, settings, i18n.current_locale)
    # Its buttons come with the event to those it is meant for (/events, its announcement) and
    # to those signed up (reminders, changes): nobody else may press them.
    if event is None or not (
        seer.sees(event) or (await events.places(event, query.from_user.id)).is_signed_up
    ):
        await stale_button(query)
        return
    if callback_data.action == "ics":
        await query.answer()
        ics = to_ics(event, i18n.current_locale, now)
        await pressed_on(query).answer_document(BufferedInputFile(ics, f"event-{event_id}.ics"))
        return
    if user is None:
        await query.answer(_("Please choose your language first: send /start."), show_alert=True)
        return
    if callback_data.action == "join":
        places = await events.sign_up(event_id, user.telegram_id, now)
        if places is None:
            await query.answer(_("Sign-up for this event is closed."), show_alert=True)
            return
        if places.waiting_number is None:
            said = _("You are signed up. I will remind you before it starts.")
        else:
            said = _(
                "All places are taken, so you are number {number} on the waiting list. If a "
                "place opens up, I will tell you at once."
            ).format(number=places.waiting_number)
        await query.answer(said, show_alert=True)
    else:
        await events.undo(event_id, user.telegram_id, now)
        await query.answer(_("Your sign-up is undone."))
    still_open = await events.open(event_id, now)
    if still_open is not None:
        # As it stands now: after an undo, a full event offers its waiting list.
        places = await events.places(still_open, user.telegram_id)
        await set_buttons(query, announcements.places_buttons(event_id, places, seer.role is None))


# -- staff: create ---------------------------------------------------------------------------


def read_places(text: str, at_least: int = 1) -> int | None:
    """A number of places typed by staff, or None for no limit; ValueError if it is neither."""
    if text == SKIP:
        return None
    places = parse_number(text, at_least, MAX_CAPACITY)
    if places is None:
        raise ValueError(text)
    return places


def ask(step: int, zone: str) -> str:
    field, lang = STEPS[step]
    if field == "starts":
        return _(
            "When does it start? Send the date and time as 2026-12-05 18:00 ({zone} time)."
        ).format(zone=zone)
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


async def newevent_command(
    message: Message, state: FSMContext, repos: Repositories, settings: Settings
) -> None:
    await state.clear()
    zone = await staff_zone(repos, message.chat.id, settings)
    await state.set_state(EventForm.filling)
    await state.update_data(step=0, zone=zone)
    await message.answer(ask(0, zone))


async def fill(
    message: Message, state: FSMContext, pack: ContentPack, settings: Settings, i18n: I18n
) -> None:
    data = await state.get_data()
    step, zone, text = data["step"], data["zone"], (message.text or "").strip()
    field, lang = STEPS[step]
    if field == "starts":
        starts = parse_local(text, zone)
        if starts is None or starts <= utcnow():
            await message.answer(
                _("Please send a time in the future, as 2026-12-05 18:00 ({zone} time).").format(
                    zone=zone
                )
            )
            return
        value: str = starts.isoformat()
    elif field == "ends":
        starts = datetime.fromisoformat(data["starts"])
        ends = None if text == SKIP else parse_end(text, starts, zone)
        if text != SKIP and (ends is None or ends <= starts):
            await message.answer(
                _("Please send an end after the start, such as 20:00, or - for none.")
            )
            return
        value = ends.isoformat() if ends else ""
    elif field == "capacity":
        try:
            places = read_places(text)
        except ValueError:
            await message.answer(
                _("Please send the number of places, such as 20, or - for no limit.")
            )
            return
        value = "" if places is None else str(places)
    else:
        if len(text) > MAX_CHARS[field]:
            await message.answer(
                _("This is too long: at most {count} characters, please.").format(
                    count=MAX_CHARS[field]
                )
            )
            return
        value = "" if text == SKIP else text
        if (field, lang) == ("title", "uk") and not value and not data.get("title_en"):
            await state.update_data(step=0)
            await message.answer(
                _("An event needs a title in at least one language.") + "\n\n" + ask(0, zone)
            )
            return
    key = f"{field}_{lang}" if lang else field
    await state.update_data({key: value, "step": step + 1})
    if step + 1 < len(STEPS):
        await message.answer(ask(step + 1, zone))
        return
    audience = Audience(interest=EVENTS)
    await state.update_data(audience=audience.to_json())
    await state.set_state(EventForm.audience)
    text, markup = audience_ui.view(
        audience, pack, settings, i18n.current_locale, with_interest=False
    )
    await message.answer(text, reply_markup=markup)


def event_from(data: dict) -> Event:
    def localized(field: str) -> dict[str, str]:
        return {
            lang: data[f"{field}_{lang}"] for lang in ("en", "uk") if data.get(f"{field}_{lang}")
        }

    return Event(
        title=localized("title"),
        description=localized("description"),
        place=localized("place"),
        starts=datetime.fromisoformat(data["starts"]),
        ends=datetime.fromisoformat(data["ends"]) if data.get("ends") else None,
        timezone=data["zone"],
        audience=data["audience"],
        capacity=int(data["capacity"]) if data.get("capacity") else None,
    )


async def choose_audience(
    query: CallbackQuery,
    callback_data: AudienceStep,
    state: FSMContext,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    i18n: I18n,
) -> None:
    audience = await audience_ui.press(
        query, callback_data, state, pack, settings, i18n.current_locale, with_interest=False
    )
    if audience is None:
        return
    data = await state.get_data()
    event = event_from(data)
    people = await repos.subscriptions.recipients(audience)
    preview = announcements.event_text(event, i18n.current_locale, data["zone"], capacity=True)
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
        (_("Publish and announce"), EventAction(action="publish")),
        (_("Publish without announcing"), EventAction(action="quiet")),
        (_("Cancel"), EventAction(action="abort")),
    )


async def publish(
    query: CallbackQuery,
    callback_data: EventAction,
    state: FSMContext,
    repos: Repositories,
    composer: Composer,
) -> None:
    message = await take_choice(query)
    data = await state.get_data()
    await state.clear()
    if callback_data.action == "abort":
        await message.answer(_("Cancelled: the event was not created."))
        return
    announce = callback_data.action == "publish"
    event = await Events(repos.session, composer).create(event_from(data), utcnow(), announce)
    detail = "announced" if announce else "not announced"
    await audit.record(
        repos.session, query.from_user.id, audit.Action.EVENT_CREATED, audit.event(event.id), detail
    )
    await message.answer(
        _("Published: event #{id}. People find it with /events.").format(id=event.id)
    )


# -- staff: change and cancel ----------------------------------------------------------------


async def record_change(
    repos: Repositories, staff_id: int, event_id: int, what: str, told: int | None
) -> None:
    """For the audit log, if the change was made (`told` is None when it could not be)."""
    if told is not None:
        target = audit.event(event_id)
        await audit.record(repos.session, staff_id, audit.Action.EVENT_CHANGED, target, what)


def cannot_change() -> str:
    return _("This event cannot be changed any more: it has started or was cancelled.")


def told(count: int | None) -> str:
    if count is None:
        return cannot_change()
    return ngettext(
        "Saved. {count} person who signed up will be told.",
        "Saved. {count} people who signed up will be told.",
        count,
    ).format(count=count)


async def staff_action(
    query: CallbackQuery,
    callback_data: EventAction,
    state: FSMContext,
    repos: Repositories,
    composer: Composer,
    settings: Settings,
) -> None:
    events, event_id = Events(repos.session, composer), callback_data.id
    message = pressed_on(query)
    event = await events.open(event_id, utcnow())
    if event is None:
        await query.answer(cannot_change(), show_alert=True)
        return
    await query.answer()
    action = callback_data.action
    if action == "time":
        zone = await staff_zone(repos, query.from_user.id, settings)
        await state.set_state(EventChange.time)
        await state.update_data(event_id=event_id, zone=zone)
        await message.answer(
            _("The new start, as 2026-12-05 18:00 ({zone} time)?").format(zone=zone)
        )
    elif action == "places":
        taken = (await events.places(event)).taken
        await state.set_state(EventChange.places)
        await state.update_data(event_id=event_id, taken=taken)
        await message.answer(
            ngettext(
                "How many places now? At least {count}, as {count} place is taken; or - for no "
                "limit.",
                "How many places now? At least {count}, as {count} places are taken; or - for no "
                "limit.",
                taken,
            ).format(count=taken)
        )
    elif action == "place":
        await state.set_state(EventChange.place_en)
        await state.update_data(event_id=event_id)
        await message.answer(_("The new place in English? Send - to leave English out."))
    elif action == "cancel":
        await message.answer(
            _("Cancel this event? Everyone who signed up will be told."),
            reply_markup=announcements.confirm_cancel(event_id),
        )
    elif action == "cancelled":
        await set_buttons(query, None)
        count = await events.cancel(event_id, utcnow())
        cancelled, target = audit.Action.EVENT_CANCELLED, audit.event(event_id)
        await audit.record(repos.session, query.from_user.id, cancelled, target)
        await message.answer(
            ngettext(
                "The event is cancelled. {count} person who signed up will be told.",
                "The event is cancelled. {count} people who signed up will be told.",
                count,
            ).format(count=count)
        )
    elif await set_buttons(query, None):  # "keep", once
        await message.answer(_("Nothing was changed."))


async def change_time(
    message: Message, state: FSMContext, repos: Repositories, composer: Composer
) -> None:
    data = await state.get_data()
    starts = parse_local(message.text or "", data["zone"])
    if starts is None or starts <= utcnow():
        await message.answer(
            _("Please send a time in the future, as 2026-12-05 18:00 ({zone} time).").format(
                zone=data["zone"]
            )
        )
        return
    await state.clear()
    count = await Events(repos.session, composer).change(data["event_id"], utcnow(), starts=starts)
    await record_change(repos, message.chat.id, data["event_id"], "start", count)
    await message.answer(told(count))


async def change_places(
    message: Message, state: FSMContext, repos: Repositories, composer: Composer
) -> None:
    data = await state.get_data()
    at_least = max(1, data["taken"])
    try:
        capacity = read_places((message.text or "").strip(), at_least)
    except ValueError:
        await message.answer(
            _("Please send a number of places, at least {count}, or - for no limit.").format(
                count=at_least
            )
        )
        return
    await state.clear()
    try:
        placed = await Events(repos.session, composer).resize(data["event_id"], utcnow(), capacity)
    except ValueError:  # taken meanwhile
        await message.answer(_("More places were taken meanwhile: nothing was changed."))
        return
    if placed is None:
        await message.answer(cannot_change())
        return
    await record_change(repos, message.chat.id, data["event_id"], "places", placed)
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


async def change_place(
    message: Message, state: FSMContext, repos: Repositories, composer: Composer
) -> None:
    text = (message.text or "").strip()
    if len(text) > MAX_CHARS["place"]:
        await message.answer(
            _("This is too long: at most {count} characters, please.").format(
                count=MAX_CHARS["place"]
            )
        )
        return
    value = "" if text == SKIP else text
    if await state.get_state() == EventChange.place_en.state:
        await state.update_data(place_en=value)
        await state.set_state(EventChange.place_uk)
        await message.answer(_("And in Ukrainian? Send - to leave Ukrainian out."))
        return
    data = await state.get_data()
    await state.clear()
    place = {lang: v for lang, v in (("en", data["place_en"]), ("uk", value)) if v}
    count = await Events(repos.session, composer).change(data["event_id"], utcnow(), place=place)
    await record_change(repos, message.chat.id, data["event_id"], "place", count)
    await message.answer(told(count))


def router() -> Router:
    router = Router(name="events")
    staff = HasRole(Role.STAFF)
    typed = FreeText()
    router.message.register(events_command, Command("events"))
    router.callback_query.register(event_action, EventAction.filter(F.action.in_(EVERYONE)))
    router.message.register(newevent_command, Command("newevent"), staff)
    router.message.register(fill, StateFilter(EventForm.filling), typed, staff)
    router.message.register(change_time, StateFilter(EventChange.time), typed, staff)
    router.message.register(change_places, StateFilter(EventChange.places), typed, staff)
    router.message.register(
        change_place, StateFilter(EventChange.place_en, EventChange.place_uk), typed, staff
    )
    router.callback_query.register(
        choose_audience, StateFilter(EventForm.audience), AudienceStep.filter(), staff
    )
    router.callback_query.register(
        publish, StateFilter(EventForm.confirm), EventAction.filter(F.action.in_(CREATION)), staff
    )
    router.callback_query.register(
        staff_action, EventAction.filter(F.action.in_(STAFF_ACTIONS)), staff
    )
    # Audience buttons serve /broadcast too: their fallbacks come after both forms. Other
    # actions are no button of ours: the fallback router's stale-button reply.
    either = or_f(EventAction.filter(F.action.in_(STAFF_ACTIONS | CREATION)), AudienceStep.filter())
    router.callback_query.register(stale_button, either, staff)
    router.message.register(staff_only, Command("newevent"))
    router.callback_query.register(staff_only, either)
    return router
