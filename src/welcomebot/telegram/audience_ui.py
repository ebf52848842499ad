"""Staff choose an audience by pressing one button per filter; each press moves it on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from welcomebot.config import LANGUAGES
from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import DEFAULT_INTERESTS, ROLES, Audience, topic_interest
from welcomebot.domain.profile import AGE_BANDS, SITUATIONS
from welcomebot.telegram import announcements
from welcomebot.telegram.callbacks import AudienceField, AudienceStep
from welcomebot.telegram.edits import edit_text, set_buttons
from welcomebot.telegram.routers.fallback import stale_button


def _next(options: Sequence[tuple[str, ...]], current: tuple[str, ...]) -> tuple[str, ...]:
    position = list(options).index(current) if current in options else -1
    return options[(position + 1) % len(options)]


def step(
    audience: Audience, field: str, topics: Sequence[str], districts: Sequence[str]
) -> Audience:
    """The audience with `field` moved to its next value: everyone, then one value at a time."""
    if field == "interest":
        interests = [*DEFAULT_INTERESTS, *(topic_interest(t) for t in topics)]
        return replace(audience, interest=_next([(i,) for i in interests], (audience.interest,))[0])
    choices = {
        "languages": LANGUAGES,
        "roles": ROLES,
        "districts": tuple(districts),
        "situations": SITUATIONS,
        "ages": AGE_BANDS,
    }[field]
    options: list[tuple[str, ...]] = [(), *((value,) for value in choices)]
    changed: dict[str, Any] = {field: _next(options, getattr(audience, field))}
    return replace(audience, **changed)


def view(
    audience: Audience, pack: ContentPack, lists: CityLists, lang: str, with_interest: bool = True
) -> tuple[str, InlineKeyboardMarkup]:
    text = (
        _("Who should get it?")
        + "\n\n"
        + announcements.describe_audience(
            audience, pack.topics, lang, lists.districts, with_interest
        )
    )
    return text, announcements.audience_buttons(with_interest, bool(lists.districts))


async def press(
    query: CallbackQuery,
    callback_data: AudienceStep,
    state: FSMContext,
    pack: ContentPack,
    lists: CityLists,
    lang: str,
    with_interest: bool = True,
) -> Audience | None:
    """Apply one press to the audience kept in `state`; the audience once staff are done."""
    audience = Audience.from_json((await state.get_data())["audience"])
    fields = announcements.AUDIENCE_FIELDS if with_interest else announcements.EVENT_AUDIENCE_FIELDS
    done = callback_data.field is AudienceField.DONE
    if not done and callback_data.field not in fields:
        await stale_button(query)
        return None
    await query.answer()
    if done:
        # A second tap on "Next" finds the buttons gone: the preview is not sent twice.
        return audience if await set_buttons(query, None) else None
    topics = [t.topic for t in pack.topics]
    audience = step(audience, callback_data.field, topics, lists.districts.values)
    await state.update_data(audience=audience.to_json())
    text, markup = view(audience, pack, lists, lang, with_interest)
    await edit_text(query, text, markup)
    return None
