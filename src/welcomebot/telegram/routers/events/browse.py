"""/events for everyone: the events meant for them, sign up, undo, add to a calendar."""

from datetime import datetime

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.services.calendar import to_ics
from welcomebot.services.events import Events
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Event, utcnow
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import announcements
from welcomebot.telegram.callbacks import EventAct, EventAction
from welcomebot.telegram.edits import edit_text, pressed_on, set_buttons
from welcomebot.telegram.html_text import shown
from welcomebot.telegram.replies import language_first, stale_button


async def events_command(
    message: Message, user: Profile | None, role: Role, services: UnitOfWork, i18n: I18n
) -> None:
    lang, now, events = i18n.current_locale, utcnow(), services.events
    seer = await services.people.viewer(message.chat.id, lang, role, stored=user is not None)
    staff = role == Role.STAFF
    found = await events.upcoming(now, seer.language, seer.role, seer.district)
    if not found:
        await message.answer(_("There are no upcoming events right now. Please look again later."))
        return
    for event in found:
        assert event.id is not None
        places = await events.places(event, message.chat.id)
        text = announcements.event_card(event, places, lang, seer.zone, staff)
        markup = announcements.places_buttons(event.id, places, staff)
        await message.answer(text, reply_markup=markup)


async def may_press(
    query: CallbackQuery,
    event_id: int,
    user: Profile | None,
    role: Role,
    services: UnitOfWork,
    lang: str,
) -> Event | None:
    """The event, if its buttons are this person's to press: they come with the event to those
    it is meant for (/events, its announcement) and to those signed up (reminders, changes)."""
    event = await services.events.get(event_id)
    if event is None:
        return None
    seer = await services.people.viewer(query.from_user.id, lang, role, stored=user is not None)
    if seer.sees(event) or (await services.events.places(event, query.from_user.id)).is_signed_up:
        return event
    return None


async def calendar_pressed(
    query: CallbackQuery,
    callback_data: EventAction,
    user: Profile | None,
    role: Role,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    lang = i18n.current_locale
    event = await may_press(query, callback_data.id, user, role, services, lang)
    if event is None:
        await stale_button(query)
        return
    await query.answer()
    ics = to_ics(event, lang, utcnow())
    await pressed_on(query).answer_document(BufferedInputFile(ics, f"event-{event.id}.ics"))


async def sign_up_pressed(
    query: CallbackQuery,
    callback_data: EventAction,
    user: Profile,
    role: Role,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    """Join or leave, by someone who chose a language (`LanguageChosen`)."""
    events, event_id, now = services.events, callback_data.id, utcnow()
    lang, staff = i18n.current_locale, role == Role.STAFF
    event = await may_press(query, event_id, user, role, services, lang)
    if event is None:
        await stale_button(query)
        return
    zone = await services.people.zone(user.telegram_id)
    if not await _join_or_leave(
        query, callback_data.action, user.telegram_id, events, event_id, now
    ):
        return
    still_open = await events.open(event_id, now)
    if still_open is None:
        return
    # As it stands now: after an undo, a full event offers its waiting list.
    places = await events.places(still_open, user.telegram_id)
    buttons = announcements.places_buttons(event_id, places, staff)
    after = announcements.event_card(still_open, places, lang, zone, staff)
    # Under the card /events showed (the event, then its places as they stood, which others
    # may have changed since), the places are drawn again. Announcements and reminders open
    # with a lead of their own: only their buttons change.
    pressed = query.message.text if isinstance(query.message, Message) else None
    card = shown(announcements.event_text(event, lang, zone)).strip()
    if pressed and pressed.startswith(card) and pressed.strip() != shown(after).strip():
        await edit_text(query, after, buttons)
    else:
        await set_buttons(query, buttons)


async def _join_or_leave(
    query: CallbackQuery,
    action: EventAct,
    telegram_id: int,
    events: Events,
    event_id: int,
    now: datetime,
) -> bool:
    """Sign up or undo, and say so; False if sign-up is closed."""
    if action != EventAct.JOIN:
        await events.undo(event_id, telegram_id, now)
        await query.answer(_("Your sign-up is undone."))
        return True
    places = await events.sign_up(event_id, telegram_id, now)
    if places is None:
        await query.answer(_("Sign-up for this event is closed."), show_alert=True)
        return False
    if places.waiting_number is None:
        said = _("You are signed up. I will remind you before it starts.")
    else:
        said = _(
            "All places are taken, so you are number {number} on the waiting list. If a "
            "place opens up, I will tell you at once."
        ).format(number=places.waiting_number)
    await query.answer(said, show_alert=True)
    return True


async def sign_up_before_language(
    query: CallbackQuery,
    callback_data: EventAction,
    role: Role,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    """Join or leave by someone not stored yet: a stale button first, as for anyone."""
    if await may_press(query, callback_data.id, None, role, services, i18n.current_locale) is None:
        await stale_button(query)
    else:
        await language_first(query)
