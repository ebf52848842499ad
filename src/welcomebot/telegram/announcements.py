"""How announcements and events look in Telegram: texts and buttons, in the user's language."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.lists import CityList
from welcomebot.content.models import Topic, pick
from welcomebot.domain.audiences import EVENTS, NEWS, Audience, topic_interest
from welcomebot.i18n.dates import format_span
from welcomebot.i18n.languages import language_name
from welcomebot.services.events import Places
from welcomebot.storage.models import Event
from welcomebot.telegram.callbacks import (
    AudienceField,
    AudienceStep,
    DistrictChoice,
    EventAct,
    EventAction,
    SubscriptionTick,
    Unsubscribe,
)
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.profile_names import age_name, situation_name
from welcomebot.telegram.texts import button_label


def interest_label(interest: str, topics: Sequence[Topic], lang: str) -> str:
    if interest == NEWS:
        return _("General news")
    if interest == EVENTS:
        return _("Events and courses")
    for topic in topics:
        if topic_interest(topic.topic) == interest:
            return pick(topic.title, lang)
    return interest


def event_text(event: Event, lang: str, timezone: str, capacity: bool = False) -> str:
    """The event's card; with `capacity`, its number of places, as when it is announced."""
    lines = [
        f"<b>{escape(pick(event.title, lang))}</b>",
        "🗓 " + escape(format_span(event.starts, event.ends, timezone, lang)),
    ]
    if any(event.place.values()):
        lines.append("📍 " + escape(pick(event.place, lang)))
    if capacity and event.capacity is not None:
        lines.append(capacity_text(event.capacity))
    if any(event.description.values()):
        lines.append("\n" + escape(pick(event.description, lang)))
    return "\n".join(lines)


def event_card(event: Event, places: Places, lang: str, timezone: str, staff: bool) -> str:
    """The event as /events shows it to one reader: the card, then how its places stand."""
    text = event_text(event, lang, timezone)
    standing = places_text(places, staff)
    return f"{text}\n\n{standing}" if standing else text


def capacity_text(capacity: int) -> str:
    return ngettext("👥 {count} place", "👥 {count} places", capacity).format(count=capacity)


def places_text(places: Places, staff: bool = False) -> str | None:
    """How the places stand, as this person sees them; staff also see the numbers."""
    lines = []
    if places.holds_place and places.capacity is not None:
        lines.append(_("✅ You have a place."))
    elif places.waiting_number is not None:
        lines.append(
            _("⏳ You are number {number} on the waiting list.").format(
                number=places.waiting_number
            )
        )
    elif places.left:
        lines.append(
            ngettext(
                "👥 {count} place left of {capacity}.",
                "👥 {count} places left of {capacity}.",
                places.left,
            ).format(count=places.left, capacity=places.capacity)
        )
    elif places.left == 0:
        lines.append(_("👥 All places are taken: you can join the waiting list."))
    if staff:
        lines.append(
            ngettext(
                "{count} person signed up.", "{count} people signed up.", places.signed_up
            ).format(count=places.signed_up)
        )
        if places.waiting:
            lines.append(
                ngettext(
                    "{count} of them is waiting for a place.",
                    "{count} of them are waiting for a place.",
                    places.waiting,
                ).format(count=places.waiting)
            )
    return "\n".join(lines) or None


def places_buttons(event_id: int, places: Places, staff: bool) -> InlineKeyboardMarkup:
    """The buttons for the event as it stands for this person: a full one offers its waiting
    list."""
    return event_buttons(event_id, places.is_signed_up, staff, full=places.left == 0)


def event_buttons(
    event_id: int, signed_up: bool, staff: bool = False, full: bool = False
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if signed_up:
        builder.button(
            text=_("↩️ Undo my sign-up"),
            callback_data=EventAction(action=EventAct.LEAVE, id=event_id),
        )
    elif full:
        builder.button(
            text=_("⏳ Join the waiting list"),
            callback_data=EventAction(action=EventAct.JOIN, id=event_id),
        )
    else:
        builder.button(
            text=_("✅ Sign up"), callback_data=EventAction(action=EventAct.JOIN, id=event_id)
        )
    builder.button(
        text=_("📅 Add to calendar"),
        callback_data=EventAction(action=EventAct.CALENDAR, id=event_id),
    )
    if staff:
        builder.button(
            text=_("✏️ Change the time"),
            callback_data=EventAction(action=EventAct.MOVE, id=event_id),
        )
        builder.button(
            text=_("📍 Change the place"),
            callback_data=EventAction(action=EventAct.RELOCATE, id=event_id),
        )
        builder.button(
            text=_("👥 Change the number of places"),
            callback_data=EventAction(action=EventAct.RESIZE, id=event_id),
        )
        builder.button(
            text=_("❌ Cancel the event"),
            callback_data=EventAction(action=EventAct.CANCEL, id=event_id),
        )
    builder.adjust(1)
    return builder.as_markup()


def confirm_cancel(event_id: int) -> InlineKeyboardMarkup:
    return column(
        (
            _("Yes, cancel it and tell them"),
            EventAction(action=EventAct.CANCEL_CONFIRMED, id=event_id),
        ),
        (_("No, keep it"), EventAction(action=EventAct.KEEP, id=event_id)),
    )


def unsubscribe(interest: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🔕 Unsubscribe"), callback_data=Unsubscribe(interest=interest))
    return builder.as_markup()


def subscriptions(
    chosen: set[str],
    topics: Sequence[Topic],
    lang: str,
    districts: CityList,
    district: str | None,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for interest in (NEWS, EVENTS, *(topic_interest(t.topic) for t in topics)):
        mark = "✅" if interest in chosen else "▫️"
        label = button_label(f"{mark} {interest_label(interest, topics, lang)}")
        tap = SubscriptionTick(interest=interest, on=interest not in chosen)
        builder.button(text=label, callback_data=tap)
    for number, (value, name) in enumerate(
        zip(districts.values, districts.names(lang), strict=True)
    ):
        mark = "📍" if value == district else "▫️"
        builder.button(
            text=button_label(f"{mark} {name}"), callback_data=DistrictChoice(option=number)
        )
    if districts:
        mark = "📍" if district is None else "▫️"
        builder.button(text=f"{mark} " + _("No district"), callback_data=DistrictChoice(option=-1))
    builder.adjust(1)
    return builder.as_markup()


AUDIENCE_FIELDS = tuple(f for f in AudienceField if f is not AudienceField.DONE)
# An event's audience: no interest, and no profile (people browse events without one).
EVENT_AUDIENCE_FIELDS = (
    AudienceField.LANGUAGES,
    AudienceField.ROLES,
    AudienceField.DISTRICTS,
)


def describe_audience(
    audience: Audience,
    topics: Sequence[Topic],
    lang: str,
    districts: CityList,
    with_interest: bool = True,
) -> str:
    everyone = _("all")
    roles = {"newcomer": _("newcomers"), "agent": _("anti-rumour agents")}
    interest = _("Subscribed to: {interest}").format(
        interest=interest_label(audience.interest, topics, lang)
    )
    return "\n".join(
        [
            *([interest] if with_interest else []),
            _("Language: {value}").format(
                value=", ".join(language_name(x, lang) for x in audience.languages) or everyone
            ),
            _("Role: {value}").format(
                value=", ".join(roles.get(x, x) for x in audience.roles) or everyone
            ),
            _("District: {value}").format(
                value=", ".join(districts.name(x, lang) for x in audience.districts) or everyone
            ),
            # The profile's filters, only once chosen: most announcements are for everyone.
            *(
                [
                    _("Situation: {value}").format(
                        value=", ".join(situation_name(x) for x in audience.situations)
                    )
                ]
                if audience.situations
                else []
            ),
            *(
                [
                    _("Children's ages: {value}").format(
                        value=", ".join(age_name(x) for x in audience.ages)
                    )
                ]
                if audience.ages
                else []
            ),
        ]
    )


def audience_buttons(with_interest: bool, with_districts: bool) -> InlineKeyboardMarkup:
    """One button per filter: each press moves that filter to its next value."""
    builder = InlineKeyboardBuilder()
    labels = {
        "interest": _("Change: subscribed to"),
        "languages": _("Change: language"),
        "roles": _("Change: role"),
        "districts": _("Change: district"),
        "situations": _("Change: situation"),
        "ages": _("Change: children's ages"),
    }
    for name in AUDIENCE_FIELDS if with_interest else EVENT_AUDIENCE_FIELDS:
        if name == "districts" and not with_districts:
            continue
        builder.button(text=labels[name], callback_data=AudienceStep(field=name))
    builder.button(text=_("Next »"), callback_data=AudienceStep(field=AudienceField.DONE))
    builder.adjust(1)
    return builder.as_markup()
