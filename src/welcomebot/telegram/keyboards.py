"""Inline keyboards. Labels go through the catalogs; content comes in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.models import Entry, Topic, pick
from welcomebot.telegram.callbacks import (
    ContactChoice,
    EntryChoice,
    Feedback,
    ForgetChoice,
    LanguageChoice,
    SuggestionChoice,
    TopicChoice,
)
from welcomebot.telegram.texts import entry_label, headline_label

LANGUAGE_NAMES = {"en": "English", "uk": "Українська"}


def languages(current: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGE_NAMES.items():
        builder.button(
            text=f"✓ {name}" if code == current else name, callback_data=LanguageChoice(code=code)
        )
    # Apart: adjust() returns the base builder, whose markup type is a union.
    builder.adjust(2)
    return builder.as_markup()


def topics(items: Sequence[Topic], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in items:
        count = len(topic.entries)
        label = ngettext("{title} · {count} question", "{title} · {count} questions", count)
        builder.button(
            text=label.format(title=pick(topic.title, lang), count=count),
            callback_data=TopicChoice(topic=topic.topic),
        )
    builder.adjust(1)
    return builder.as_markup()


def entries(items: Sequence[Entry], lang: str, back: bool = True) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in items:
        builder.button(text=headline_label(entry, lang), callback_data=EntryChoice(id=entry.id))
    if back:
        builder.button(text=_("« All topics"), callback_data=TopicChoice(topic=""))
    builder.adjust(1)
    return builder.as_markup()


def choices(
    items: Sequence[Entry],
    lang: str,
    choose: Callable[[Entry], CallbackData],
    way_out: tuple[str, CallbackData],
    label: Callable[[Entry, str], str] = headline_label,
) -> InlineKeyboardMarkup:
    """Entries to choose from, one a row, and a last button for "none of these".

    Built directly: the keyboard builder deep-copies every button, which costs more than
    matching the question these buttons answer.
    """
    rows = [
        [InlineKeyboardButton(text=label(e, lang), callback_data=choose(e).pack())] for e in items
    ]
    rows.append([InlineKeyboardButton(text=way_out[0], callback_data=way_out[1].pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def suggestions(
    items: Sequence[Entry], lang: str, asked: int | None = None
) -> InlineKeyboardMarkup:
    """With `asked`, the kept question: each button says which it was offered for, so a pick
    is learned from (`SuggestionChoice`)."""
    if asked is not None:
        return choices(
            items,
            lang,
            lambda entry: SuggestionChoice(id=entry.id, asked=asked),
            (_("None of these: talk to a person"), ContactChoice()),
            entry_label,
        )
    return _suggestions(tuple(items), lang, get_i18n().current_locale)


@lru_cache(maxsize=4096)
def _suggestions(items: tuple[Entry, ...], lang: str, locale: str) -> InlineKeyboardMarkup:
    """Under every unsure reply, and the same few entries come up together again and again."""
    return choices(
        items,
        lang,
        lambda entry: EntryChoice(id=entry.id),
        (_("None of these: talk to a person"), ContactChoice()),
        entry_label,
    )


def urgent(entry: Entry | None, others: Sequence[Entry], lang: str) -> InlineKeyboardMarkup | None:
    """Feedback on the urgent answer, and the other dangers the message named, one a row."""
    builder = InlineKeyboardBuilder()
    if entry is not None:
        builder.attach(InlineKeyboardBuilder.from_markup(feedback(entry.id)))
    for other in others:
        builder.row(
            InlineKeyboardButton(
                text=entry_label(other, lang), callback_data=EntryChoice(id=other.id).pack()
            )
        )
    return builder.as_markup() if entry is not None or others else None


def feedback(entry_id: str) -> InlineKeyboardMarkup:
    return _feedback(entry_id, get_i18n().current_locale)


@lru_cache(maxsize=4096)
def _feedback(entry_id: str, locale: str) -> InlineKeyboardMarkup:
    """Under every answer, so built once per entry and language (aiogram deep-copies on build)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("👍 Helpful"), callback_data=Feedback(id=entry_id, helpful=True))
    builder.button(text=_("👎 Not helpful"), callback_data=Feedback(id=entry_id, helpful=False))
    builder.adjust(2)
    return builder.as_markup()


def contact() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Talk to a person"), callback_data=ContactChoice())
    return builder.as_markup()


def forget() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, delete my data"), callback_data=ForgetChoice(confirm=True))
    builder.button(text=_("No, keep it"), callback_data=ForgetChoice(confirm=False))
    builder.adjust(1)
    return builder.as_markup()


def column(*buttons: tuple[str, CallbackData]) -> InlineKeyboardMarkup:
    """Buttons one under another."""
    builder = InlineKeyboardBuilder()
    for text, data in buttons:
        builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()
