"""/broadcast (staff): write per language, choose the audience, preview, send now or later."""

from datetime import datetime

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import Audience
from welcomebot.i18n.dates import format_when
from welcomebot.i18n.languages import language_name
from welcomebot.services import audit
from welcomebot.services.broadcasts import (
    MAX_CHARS,
    DraftProblem,
    read_due,
    text_problem,
    texts_problem,
)
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Broadcast, utcnow
from welcomebot.telegram import audience_ui
from welcomebot.telegram.callbacks import AudienceStep, BroadcastAct, BroadcastAction
from welcomebot.telegram.edits import Pressed, pressed_on, take_choice
from welcomebot.telegram.forms import example_time, start_form, unreadable_time
from welcomebot.telegram.keyboards import LANGUAGE_NAMES, column
from welcomebot.telegram.parsing import skipped
from welcomebot.telegram.progress import progress_text


class BroadcastForm(StatesGroup):
    text_en = State()
    text_uk = State()
    audience = State()
    confirm = State()
    when = State()


def texts_of(data: dict) -> dict[str, str]:
    """The texts written in the form, by language."""
    return {lang: data[lang] for lang in LANGUAGE_NAMES if data.get(lang)}


def typed_text(message: Message) -> str | None:
    """The announcement as written, formatting kept; None for "-"."""
    return None if skipped(message.text or "") is None else message.html_text


async def broadcast_command(message: Message, state: FSMContext) -> None:
    closed = await start_form(state)
    await state.set_state(BroadcastForm.text_en)
    await message.answer(
        closed
        + _(
            "Write the announcement in English, as people should get it. "
            "Send - to leave English out, or /cancel to stop."
        )
    )


def problem_text(problem: DraftProblem) -> str:
    """What is wrong with a text typed for the broadcast."""
    if problem is DraftProblem.TOO_LONG:
        return _(
            "This is too long for one message: at most {count} characters. Please shorten it."
        ).format(count=MAX_CHARS)
    return _(
        "An announcement needs a text in at least one language. Write it in English, "
        "or send - to leave English out."
    )  # NO_TEXT


def time_problem_text(problem: DraftProblem, zone: str) -> str:
    """What is wrong with a time typed for the broadcast, in the staff member's zone."""
    if problem is DraftProblem.UNREADABLE_TIME:
        return unreadable_time(zone)
    return _("This time has already passed. Please send a later one.")  # PAST_TIME


async def english_text_typed(message: Message, state: FSMContext) -> None:
    text = typed_text(message)
    if problem := text_problem(text):
        await message.answer(problem_text(problem))
        return
    await state.update_data(en=text)
    await state.set_state(BroadcastForm.text_uk)
    await message.answer(
        _("Now the same announcement in Ukrainian. Send - to leave Ukrainian out.")
    )


async def ukrainian_text_typed(
    message: Message, state: FSMContext, pack: ContentPack, lists: CityLists, i18n: I18n
) -> None:
    text = typed_text(message)
    if problem := text_problem(text):
        await message.answer(problem_text(problem))
        return
    data = await state.update_data(uk=text)
    if problem := texts_problem({lang: data.get(lang) for lang in LANGUAGE_NAMES}):
        await state.set_state(BroadcastForm.text_en)
        await message.answer(problem_text(problem))
        return
    await state.update_data(audience=Audience().to_json())
    await state.set_state(BroadcastForm.audience)
    text, markup = audience_ui.view(Audience(), pack, lists, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


async def change_audience(
    query: CallbackQuery,
    callback_data: AudienceStep,
    state: FSMContext,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    lang = i18n.current_locale
    audience = await audience_ui.press(query, callback_data, state, pack, lists, lang)
    if audience is not None:
        await preview(pressed_on(query), state, audience, services, lang)


async def preview(
    message: Pressed, state: FSMContext, audience: Audience, services: UnitOfWork, reader: str
) -> None:
    data = await state.get_data()
    texts = texts_of(data)
    shares = await services.broadcasts.preview(texts, audience)
    for lang, text in texts.items():
        name = language_name(lang, reader)
        await message.answer(_("How it looks in {language}:").format(language=name) + "\n\n" + text)
    total = sum(share.recipients for share in shares)
    lines = [
        ngettext(
            "Preview: this goes to {count} person.", "Preview: this goes to {count} people.", total
        ).format(count=total)
    ]
    for share in shares:
        name = language_name(share.language, reader)
        name = name[:1].upper() + name[1:]  # it opens the line
        if share.text_language == share.language:
            lines.append(_("{language}: {count}").format(language=name, count=share.recipients))
        else:
            lines.append(
                _(
                    "{language}: {count}, who get the {other} text, as there is none in theirs"
                ).format(
                    language=name,
                    count=share.recipients,
                    other=language_name(share.text_language, reader),
                )
            )
    await state.set_state(BroadcastForm.confirm)
    await message.answer("\n".join(lines), reply_markup=confirm_buttons())


def confirm_buttons() -> InlineKeyboardMarkup:
    return column(
        (_("Send now"), BroadcastAction(action=BroadcastAct.SEND_NOW)),
        (_("Send later…"), BroadcastAction(action=BroadcastAct.SEND_LATER)),
        (_("Cancel"), BroadcastAction(action=BroadcastAct.ABORT)),
    )


async def confirm_pressed(
    query: CallbackQuery, callback_data: BroadcastAction, state: FSMContext, services: UnitOfWork
) -> None:
    message = await take_choice(query)
    if callback_data.action == BroadcastAct.SEND_LATER:
        await state.set_state(BroadcastForm.when)
        zone = await services.people.zone(query.from_user.id)
        await message.answer(
            _("When should it go out? Send the date and time as {example} ({zone} time).").format(
                example=example_time(zone), zone=zone
            )
        )
        return
    if callback_data.action != BroadcastAct.SEND_NOW:
        await state.clear()
        await message.answer(_("Cancelled: nothing was sent."))
        return
    data = await state.get_data()
    await state.clear()
    broadcast = await create(data, services, message.chat.id, due=None)
    assert broadcast.id is not None
    state_now = await services.broadcasts.progress(broadcast.id)
    status = await message.answer(progress_text(broadcast.id, state_now))
    await services.broadcasts.follow_in(broadcast.id, status.message_id)


async def create(data: dict, services: UnitOfWork, chat_id: int, due: datetime | None) -> Broadcast:
    broadcast = await services.broadcasts.create(
        texts_of(data),
        Audience.from_json(data["audience"]),
        utcnow(),
        due=due,
        status_chat_id=chat_id,
    )
    await services.audit.record(chat_id, audit.creation(due), audit.broadcast(broadcast.id))
    return broadcast


async def send_time_typed(
    message: Message, state: FSMContext, services: UnitOfWork, i18n: I18n
) -> None:
    zone = await services.people.zone(message.chat.id)
    due = read_due(message.text or "", zone, utcnow())
    if isinstance(due, DraftProblem):
        await message.answer(time_problem_text(due, zone))
        return
    data = await state.get_data()
    await state.clear()
    broadcast = await create(data, services, message.chat.id, due=due)
    await message.answer(
        _(
            "Scheduled: broadcast #{id} goes out on {when}. /scheduled lists it and can cancel it."
        ).format(id=broadcast.id, when=format_when(due, zone, i18n.current_locale))
    )
