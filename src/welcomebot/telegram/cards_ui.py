"""Campaign cards as Telegram sends them: the card's words in its language, its buttons, and
the pictures the delivery worker draws for outbox rows that name one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.loader import Centre
from welcomebot.content.models import ContentPack, Rumour, pick
from welcomebot.i18n import Translator
from welcomebot.services.cards import Card, Labels, card_of, kinds, render
from welcomebot.telegram import reports_ui
from welcomebot.telegram.callbacks import CardChoice, CardRumour, CardShare, ShareAct
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.texts import button_label

PREFIX = "card"  # a picture's name: card/<rumour>/<kind>/<lang>
LANGUAGE_NAMES = {"en": "In English", "uk": "Українською"}  # each in its own language


def labels(kind: str, centre: Centre | None, lang: str) -> Labels:
    """In the current locale, which the caller sets to `lang`."""
    return Labels(
        rumour=_("Rumour"),
        facts=_("The facts"),
        argument=reports_ui.kind_name(kind),
        source=_("Source: {source}"),
        footer=pick(centre.name, lang) if centre else "",
    )


def make_card(
    pack: ContentPack, centre: Centre | None, rumour_id: str, kind: str, lang: str
) -> Card | None:
    rumour = pack.by_id.get(rumour_id)
    if not isinstance(rumour, Rumour) or kind not in kinds(rumour):
        return None  # before the labels, which know only the kinds there are
    return card_of(rumour, kind, lang, labels(kind, centre, lang))


def picture_of(rumour_id: str, kind: str) -> str:
    """What a broadcast stores: the card without its language, which each person's text sets."""
    return f"{PREFIX}/{rumour_id}/{kind}"


def file_name(card: Card) -> str:
    return f"card-{card.rumour_id}-{card.kind}-{card.lang}.png"


def rumour_buttons(rumours: Sequence[Rumour], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for rumour in rumours:
        builder.button(
            text=button_label(pick(rumour.claim, lang)),
            callback_data=CardRumour(rumour=rumour.id, lang=lang),
        )
    builder.adjust(1)
    return builder.as_markup()


def kind_buttons(rumour: Rumour, lang: str, languages: Sequence[str]) -> InlineKeyboardMarkup:
    """A button per kind of argument the rumour has, then the card in the other languages."""
    builder = InlineKeyboardBuilder()
    for kind in kinds(rumour):
        builder.button(
            text=reports_ui.argument_kind_label(kind),
            callback_data=CardChoice(rumour=rumour.id, kind=kind, lang=lang),
        )
    for other in languages:
        if other != lang:
            builder.button(
                text=f"🌐 {LANGUAGE_NAMES.get(other, other)}",
                callback_data=CardRumour(rumour=rumour.id, lang=other),
            )
    builder.adjust(2)
    return builder.as_markup()


def confirm_buttons(rumour: str, kind: str) -> InlineKeyboardMarkup:
    return column(
        ("📣 " + _("Yes, send it"), CardShare(rumour=rumour, kind=kind, act=ShareAct.SEND)),
        (_("Cancel"), CardShare(rumour=rumour, kind=kind, act=ShareAct.KEEP)),
    )


def share_button(card: Card) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text="📣 " + _("Send this card to all agents"),
        callback_data=CardShare(rumour=card.rumour_id, kind=card.kind),
    )
    return builder.as_markup()


class Pictures:
    """Draws what an outbox row's `picture` names, for the delivery worker; None for a name it
    does not know or content that is gone. Each picture is drawn once per language."""

    def __init__(
        self, translator: Translator, content: Callable[[], tuple[ContentPack, Centre | None]]
    ) -> None:
        self.translator, self.content = translator, content
        self._draw = lru_cache(maxsize=32)(self._drawn)

    def __call__(self, name: str) -> tuple[bytes, str] | None:
        return self._draw(name)

    def _drawn(self, name: str) -> tuple[bytes, str] | None:
        parts = name.split("/")
        if len(parts) != 4 or parts[0] != PREFIX:
            return None
        rumour_id, kind, lang = parts[1:]
        pack, centre = self.content()
        with self.translator.speaking(lang):
            card = make_card(pack, centre, rumour_id, kind, lang)
        return (render(card), file_name(card)) if card else None
