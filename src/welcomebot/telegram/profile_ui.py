"""The optional profile in Telegram: each question with the one sentence that says why it is
asked, its buttons (always "Prefer not to say" and a way on), and the profile as a whole."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from welcomebot.content.lists import CityList
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import EVENTS, topic_interest
from welcomebot.domain.profile import (
    AGE_BANDS,
    INTEREST_TOPICS,
    SITUATIONS,
    Children,
    PersonProfile,
)
from welcomebot.telegram.announcements import interest_label
from welcomebot.telegram.callbacks import ProfileChoice, ProfileField, ProfileTick
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.profile_names import age_name, children_text, situation_name
from welcomebot.telegram.texts import button_label

ASK, NEXT, UNDISCLOSED = -1, -2, -3  # ProfileChoice.option, besides an option's index
CHILDREN_OPTIONS = (Children.YES, Children.NO)
# The walk's order; AGES only follows a "yes" to CHILDREN.
WALK = (
    ProfileField.SITUATION,
    ProfileField.CHILDREN,
    ProfileField.DISTRICT,
    ProfileField.INTERESTS,
)


def interests(pack: ContentPack) -> list[str]:
    """The interests the profile asks about: the subscriptions to these topics, and events."""
    return [*(topic_interest(t) for t in INTEREST_TOPICS if pack.topic(t)), EVENTS]


def _buttons(
    field: ProfileField, walk: bool, answers: list[tuple[bool, str]], go_on: str | None
) -> InlineKeyboardMarkup:
    """One button an answer (✅ where chosen), then "Prefer not to say" and the way on; a
    question whose answers are ticked one by one (`go_on`) has only its own way on."""
    mark = {True: "✅", False: "▫️"}
    ticked = go_on is not None
    buttons = [
        (
            button_label(f"{mark[on]} {name}"),
            ProfileTick(field=field, option=n, walk=walk, on=not on)
            if ticked
            else ProfileChoice(field=field, option=n, walk=walk),
        )
        for n, (on, name) in enumerate(answers)
    ]
    if go_on is None:
        undisclosed = ProfileChoice(field=field, option=UNDISCLOSED, walk=walk)
        buttons.append((_("Prefer not to say"), undisclosed))
        go_on = _("Skip »")
    buttons.append(
        (go_on if walk else _("« Back"), ProfileChoice(field=field, option=NEXT, walk=walk))
    )
    return column(*buttons)


def question(
    field: ProfileField,
    walk: bool,
    profile: PersonProfile,
    district: str | None,
    chosen: set[str],
    pack: ContentPack,
    districts: CityList,
    lang: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of one question, showing the answer given so far."""
    if field is ProfileField.SITUATION:
        text = _(
            "What brings you to the city? I ask so that I can show first the information "
            "that applies to your situation."
        )
        answers = [(s == profile.situation, situation_name(s)) for s in SITUATIONS]
        return text, _buttons(field, walk, answers, None)
    if field is ProfileField.CHILDREN:
        text = _(
            "Do you have children with you? I ask so that I can show you kindergartens, "
            "schools and support for families."
        )
        # Capitalised as every other button; the summary says them in a sentence ("yes: 3-6").
        names = {Children.YES: _("yes").capitalize(), Children.NO: _("no").capitalize()}
        answers = [(c == profile.children, names[c]) for c in CHILDREN_OPTIONS]
        return text, _buttons(field, walk, answers, None)
    if field is ProfileField.AGES:
        text = _(
            "How old are your children? Tap every age that applies, then go on. I ask so that "
            "I can show the right kindergartens and schools."
        )
        answers = [(a in profile.ages, age_name(a)) for a in AGE_BANDS]
        return text, _buttons(field, walk, answers, _("Next »"))
    if field is ProfileField.DISTRICT:
        text = _("Which district do you live in? I ask so that you also get news meant for it.")
        listed = zip(districts.values, districts.names(lang), strict=True)
        answers = [(value == district, name) for value, name in listed]
        return text, _buttons(field, walk, answers, None)
    text = _(
        "What would you like to hear about? Tap to switch each on or off. I ask so that the "
        "centre sends you only what interests you; these are the same as in /subscriptions."
    )
    answers = [(i in chosen, interest_label(i, pack.topics, lang)) for i in interests(pack)]
    return text, _buttons(field, walk, answers, _("Done ✓"))


def summary(
    profile: PersonProfile,
    district: str | None,
    chosen: set[str],
    pack: ContentPack,
    districts: CityList,
    lang: str,
) -> tuple[str, InlineKeyboardMarkup]:
    asked = [i for i in interests(pack) if i in chosen]
    lines = [
        "<b>" + _("Your profile") + "</b>",
        _("Situation: {value}").format(value=situation_name(profile.situation)),
        _("Children: {value}").format(value=children_text(profile)),
        _("District: {value}").format(
            value=escape(districts.name(district, lang)) if district else _("not given")
        ),
        _("Interests: {value}").format(
            value=", ".join(escape(interest_label(i, pack.topics, lang)) for i in asked)
            or _("none")
        ),
        "",
        _(
            "I use it only to show first what fits you and to choose which announcements reach "
            "you. Your first steps: /checklist. All I keep: /mydata."
        ),
    ]
    buttons: Sequence[tuple[str, ProfileChoice]] = [
        (_("Change: situation"), ProfileChoice(field=ProfileField.SITUATION)),
        (_("Change: children"), ProfileChoice(field=ProfileField.CHILDREN)),
        *(
            [(_("Change: district"), ProfileChoice(field=ProfileField.DISTRICT))]
            if districts
            else []
        ),
        (_("Change: interests"), ProfileChoice(field=ProfileField.INTERESTS)),
    ]
    return "\n".join(lines), column(*buttons)
