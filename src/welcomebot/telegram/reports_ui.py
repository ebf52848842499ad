"""Texts and keyboards of the anti-rumour report flow, in the user's language."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.models import Rumour, pick
from welcomebot.telegram import keyboards
from welcomebot.telegram.callbacks import (
    ArgumentKindChoice,
    ContextChoice,
    ContextField,
    ReportAside,
    ReportFix,
    ReportPick,
)

# Every kind of argument has its sign, ahead of its name in every language.
KIND_EMOJI = {
    "data": "📊",
    "generalisation": "🔍",
    "contradiction": "⚖️",
    "empathy": "🤝",
    "experience": "🗣️",
    "values": "💛",
    "diversity": "🌈",
}


def argument_kind_label(kind: str) -> str:
    return f"{KIND_EMOJI[kind]} {kind_name(kind)}"


def kind_name(kind: str) -> str:
    return {
        "data": _("Data"),
        "generalisation": _("Challenge the generalisation"),
        "contradiction": _("Point out a contradiction"),
        "empathy": _("Empathy"),
        "experience": _("Personal experience"),
        "values": _("Shared values"),
        "diversity": _("Diversity"),
    }[kind]


def place_label(place: str) -> str:
    return {
        "street": _("Street or market"),
        "transport": _("Transport"),
        "work": _("Work"),
        "school": _("School"),
        "online": _("Online or social media"),
        "family": _("Family or friends"),
        "other": _("Other"),
    }[place]


def arguments_text(rumour: Rumour, kind: str, lang: str) -> str:
    parts = []
    for argument in rumour.arguments:
        if argument.kind != kind:
            continue
        text = escape(pick(argument.text, lang))
        if argument.source:
            text += "\n" + _("Source: {source}").format(source=escape(argument.source))
        parts.append(text)
    return f"<b>{argument_kind_label(kind)}</b>\n\n" + "\n\n".join(parts)


def argument_kinds(rumour: Rumour, lang: str, report: int | None = None) -> InlineKeyboardMarkup:
    """A button per kind of argument; each shows its arguments in `lang`, the response's.
    Under the response to a `report`, a last one says the bot took the wrong rumour."""
    builder = InlineKeyboardBuilder()
    for kind in dict.fromkeys(a.kind for a in rumour.arguments):
        builder.button(
            text=argument_kind_label(kind),
            callback_data=ArgumentKindChoice(rumour=rumour.id, kind=kind, lang=lang),
        )
    builder.adjust(2)
    if report is not None:
        fix = ReportFix(report=report).pack()
        builder.row(InlineKeyboardButton(text=_("✖️ Not this rumour"), callback_data=fix))
    return builder.as_markup()


def candidates(rumours: Sequence[Rumour], lang: str) -> InlineKeyboardMarkup:
    return keyboards.choices(
        rumours,
        lang,
        lambda rumour: ReportPick(rumour=rumour.id),
        (_("None of these: a new rumour"), ReportPick(rumour="")),
    )


def context_options(field: str, labels: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, label in enumerate(labels):
        builder.button(text=label, callback_data=ContextChoice(field=field, option=number))
    builder.button(text=_("Skip"), callback_data=ContextChoice(field=field, option=-1))
    builder.adjust(2)
    return builder.as_markup()


def aside_choice(field: ContextField, number: int) -> InlineKeyboardMarkup:
    return keyboards.column(
        (_("📝 Yes, report it too"), ReportAside(another=True, field=field, number=number)),
        (
            _("↩️ No, back to the questions"),
            ReportAside(another=False, field=field, number=number),
        ),
    )
