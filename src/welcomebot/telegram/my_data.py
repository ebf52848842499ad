"""/mydata in Telegram: each section of `services/personal_data.py` in the reader's language.
A new kind of stored data registers its rendering with `@render.register`."""

from __future__ import annotations

from functools import singledispatch
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from babel.dates import format_date

from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack, pick
from welcomebot.domain.profile import StepState
from welcomebot.domain.states import EventState
from welcomebot.i18n.dates import format_span, format_when
from welcomebot.i18n.languages import language_name
from welcomebot.services.personal_data import (
    AgentData,
    Basics,
    ChecklistData,
    Interests,
    ProfileData,
    Section,
    SignUps,
    Tickets,
)
from welcomebot.telegram.announcements import interest_label
from welcomebot.telegram.profile_names import children_text, situation_name
from welcomebot.telegram.tickets_ui import state_name


class Reader:
    """What rendering needs: the content, the city's lists and zone, the reader's language."""

    def __init__(self, pack: ContentPack, lists: CityLists, city_zone: str, lang: str) -> None:
        self.pack, self.lists, self.city_zone, self.lang = pack, lists, city_zone, lang


def my_data(telegram_id: int, sections: list[Section], reader: Reader) -> str:
    if not sections:
        return _("The bot keeps nothing about you.")
    parts = ["<b>" + _("What the bot keeps about you") + "</b>"]
    parts += [render(section, reader) for section in sections]
    parts.append(
        _(
            "Your Telegram id ({id}) is the key to all of this. Questions you type are kept "
            "without it. To delete everything: /forget"
        ).format(id=telegram_id)
    )
    return "\n\n".join(parts)


def _titled(title: str, lines: list[str]) -> str:
    return "\n".join([f"<b>{title}</b>", *lines])


@singledispatch
def render(section: object, reader: Reader) -> str:
    raise TypeError(f"no rendering for {type(section).__name__}")


@render.register
def _basics(section: Basics, reader: Reader) -> str:
    district = section.district
    return _titled(
        _("Settings"),
        [
            _("Language: {value}").format(value=language_name(section.language, reader.lang)),
            _("District: {value}").format(
                value=escape(reader.lists.districts.name(district, reader.lang))
                if district
                else _("not given")
            ),
            _("Time zone: {value}").format(
                value=section.timezone or _("the city's ({zone})").format(zone=reader.city_zone)
            ),
            _("Stored since: {value}").format(
                value=format_when(
                    section.created, section.timezone or reader.city_zone, reader.lang
                )
            ),
        ],
    )


@render.register
def _profile(section: ProfileData, reader: Reader) -> str:
    return _titled(
        _("Profile"),
        [
            _("Situation: {value}").format(value=situation_name(section.profile.situation)),
            _("Children: {value}").format(value=children_text(section.profile)),
        ],
    )


@render.register
def _checklist(section: ChecklistData, reader: Reader) -> str:
    marks = {StepState.DONE: _("done"), StepState.SKIPPED: _("skipped")}
    titles = {step.id: pick(step.title, reader.lang) for step in reader.pack.checklist}
    lines = [
        f"{escape(titles.get(step, step))}: {marks[state]}" for step, state in section.marks.items()
    ] or [_("No step ticked off or skipped.")]
    reminder = _("on") if section.reminding else _("off")
    lines.append(_("Weekly reminder: {value}").format(value=reminder))
    return _titled(_("First steps (/checklist)"), lines)


@render.register
def _interests(section: Interests, reader: Reader) -> str:
    names = [escape(interest_label(n, reader.pack.topics, reader.lang)) for n in section.names]
    return _titled(_("Announcements you get (/subscriptions)"), [", ".join(names) or _("none")])


@render.register
def _sign_ups(section: SignUps, reader: Reader) -> str:
    lines = []
    for event, places in section.events:
        when = format_span(event.starts, event.ends, event.timezone, reader.lang)
        line = f"{escape(pick(event.title, reader.lang))}, {escape(when)}"
        if event.state == EventState.CANCELLED:
            line += " · " + _("cancelled: it will not take place")
        elif places.waiting_number is not None:
            line += " · " + _("waiting list, number {number}").format(number=places.waiting_number)
        lines.append(line)
    return _titled(_("Event sign-ups (/events)"), lines or [_("none")])


@render.register
def _tickets(section: Tickets, reader: Reader) -> str:
    lines = [
        _("#{number}, opened {date}: {state}").format(
            number=line.number,
            state=state_name(line.state),
            date=format_date(
                line.opened.astimezone(ZoneInfo(reader.city_zone)), "medium", locale=reader.lang
            ),
        )
        for line in section.tickets
    ]
    return _titled(_("Requests to the centre's staff"), lines or [_("none")])


@render.register
def _agent(section: AgentData, reader: Reader) -> str:
    zone, agent = reader.city_zone, section.member
    lines = [
        _("Name on the roster: {name}").format(
            name=escape(agent.name)
            if agent.name
            else _("none (shown as Agent {number})").format(number=agent.number)
        ),
        _("Joined: {date}").format(date=format_when(agent.joined, zone, reader.lang)),
    ]
    if section.revoked is not None:
        lines.append(
            _("Left the team: {date}").format(date=format_when(section.revoked, zone, reader.lang))
        )
    if agent.invite_label:
        lines.append(_("Invitation: {label}").format(label=escape(agent.invite_label)))
    lines.append(
        _(
            "Reports in the last 30 days: {count} (only their days are kept, never which "
            "reports were yours)"
        ).format(count=agent.reports)
    )
    return _titled(_("Anti-rumour team"), lines)
