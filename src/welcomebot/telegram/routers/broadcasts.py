"""/broadcast and /scheduled (staff): write per language, choose the audience, preview, send."""

import re
from datetime import datetime
from html import escape, unescape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.config import Settings
from welcomebot.content.models import ContentPack
from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import Audience
from welcomebot.i18n.dates import format_when, parse_local
from welcomebot.services import audit
from welcomebot.services.broadcasts import MAX_CHARS, Broadcasts, progress
from welcomebot.services.notices import Composer
from welcomebot.services.roles import Role
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.models import Broadcast, utcnow
from welcomebot.telegram import audience_ui
from welcomebot.telegram.callbacks import AudienceStep, BroadcastAction
from welcomebot.telegram.edits import Pressed, pressed_on, set_buttons, take_choice
from welcomebot.telegram.filters import FreeText, HasRole
from welcomebot.telegram.keyboards import LANGUAGE_NAMES, column
from welcomebot.telegram.middlewares import Repositories
from welcomebot.telegram.progress import progress_text
from welcomebot.telegram.routers.fallback import stale_button
from welcomebot.telegram.routers.staff import staff_only
from welcomebot.telegram.texts import button_label

SKIP = "-"
SNIPPET = 80
ACTIONS = {"now", "later", "abort", "drop"}


class BroadcastForm(StatesGroup):
    text_en = State()
    text_uk = State()
    audience = State()
    confirm = State()
    when = State()


def service(repos: Repositories, settings: Settings, composer: Composer) -> Broadcasts:
    return Broadcasts(repos.session, composer, settings.default_language)


def texts_of(data: dict) -> dict[str, str]:
    """The texts written in the form, by language."""
    return {lang: data[lang] for lang in LANGUAGE_NAMES if data.get(lang)}


async def staff_zone(repos: Repositories, telegram_id: int, settings: Settings) -> str:
    user = await repos.users.get(telegram_id)
    return (user.timezone if user else None) or settings.timezone


async def broadcast_command(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(BroadcastForm.text_en)
    await message.answer(
        _(
            "Write the announcement in English, as people should get it. "
            "Send - to leave English out, or /cancel to stop."
        )
    )


def too_long(message: Message) -> bool:
    return len(message.html_text) > MAX_CHARS


async def text_en(message: Message, state: FSMContext) -> None:
    if too_long(message):
        await message.answer(long_text())
        return
    await state.update_data(en=None if (message.text or "").strip() == SKIP else message.html_text)
    await state.set_state(BroadcastForm.text_uk)
    await message.answer(
        _("Now the same announcement in Ukrainian. Send - to leave Ukrainian out.")
    )


def long_text() -> str:
    return _(
        "This is too long for one message: at most {count} characters. Please shorten it."
    ).format(count=MAX_CHARS)


async def text_uk(
    message: Message, state: FSMContext, pack: ContentPack, settings: Settings, i18n: I18n
) -> None:
    if too_long(message):
        await message.answer(long_text())
        return
    data = await state.update_data(
        uk=None if (message.text or "").strip() == SKIP else message.html_text
    )
    if not data.get("en") and not data.get("uk"):
        await state.set_state(BroadcastForm.text_en)
        await message.answer(
            _(
                "An announcement needs a text in at least one language. Write it in English, "
                "or send - to leave English out."
            )
        )
        return
    await state.update_data(audience=Audience().to_json())
    await state.set_state(BroadcastForm.audience)
    text, markup = audience_ui.view(Audience(), pack, settings, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


async def change_audience(
    query: CallbackQuery,
    callback_data: AudienceStep,
    state: FSMContext,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    composer: Composer,
    i18n: I18n,
) -> None:
    lang = i18n.current_locale
    audience = await audience_ui.press(query, callback_data, state, pack, settings, lang)
    if audience is not None:
        await preview(pressed_on(query), state, audience, repos, settings, composer)


async def preview(
    message: Pressed,
    state: FSMContext,
    audience: Audience,
    repos: Repositories,
    settings: Settings,
    composer: Composer,
) -> None:
    data = await state.get_data()
    texts = texts_of(data)
    shares = await service(repos, settings, composer).preview(texts, audience)
    for lang, text in texts.items():
        await message.answer(
            _("How it looks in {language}:").format(language=LANGUAGE_NAMES[lang]) + "\n\n" + text
        )
    total = sum(share.recipients for share in shares)
    lines = [
        ngettext(
            "Preview: this goes to {count} person.", "Preview: this goes to {count} people.", total
        ).format(count=total)
    ]
    for share in shares:
        name = LANGUAGE_NAMES.get(share.language, share.language)
        if share.text_language == share.language:
            lines.append(_("{language}: {count}").format(language=name, count=share.recipients))
        else:
            lines.append(
                _(
                    "{language}: {count}, who get the {other} text, as there is none in theirs"
                ).format(
                    language=name, count=share.recipients, other=LANGUAGE_NAMES[share.text_language]
                )
            )
    await state.set_state(BroadcastForm.confirm)
    await message.answer("\n".join(lines), reply_markup=confirm_buttons())


def confirm_buttons() -> InlineKeyboardMarkup:
    return column(
        (_("Send now"), BroadcastAction(action="now")),
        (_("Send later…"), BroadcastAction(action="later")),
        (_("Cancel"), BroadcastAction(action="abort")),
    )


async def confirm(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    state: FSMContext,
    repos: Repositories,
    settings: Settings,
    composer: Composer,
) -> None:
    message = await take_choice(query)
    if callback_data.action == "later":
        await state.set_state(BroadcastForm.when)
        zone = await staff_zone(repos, query.from_user.id, settings)
        await message.answer(
            _(
                "When should it go out? Send the date and time as 2026-12-05 18:00 ({zone} time)."
            ).format(zone=zone)
        )
        return
    if callback_data.action != "now":
        await state.clear()
        await message.answer(_("Cancelled: nothing was sent."))
        return
    data = await state.get_data()
    await state.clear()
    broadcast = await create(data, repos, settings, composer, message.chat.id, due=None)
    assert broadcast.id is not None
    state_now = await progress(Outbox(repos.session), broadcast.id)
    status = await message.answer(progress_text(broadcast.id, state_now))
    await BroadcastRepository(repos.session).set_status_message(broadcast.id, status.message_id)


async def create(
    data: dict,
    repos: Repositories,
    settings: Settings,
    composer: Composer,
    chat_id: int,
    due: datetime | None,
) -> Broadcast:
    broadcast = await service(repos, settings, composer).create(
        texts_of(data),
        Audience.from_json(data["audience"]),
        utcnow(),
        due=due,
        status_chat_id=chat_id,
    )
    await audit.record(repos.session, chat_id, audit.creation(due), audit.broadcast(broadcast.id))
    return broadcast


async def when(
    message: Message,
    state: FSMContext,
    repos: Repositories,
    settings: Settings,
    composer: Composer,
    i18n: I18n,
) -> None:
    zone = await staff_zone(repos, message.chat.id, settings)
    due = parse_local(message.text or "", zone)
    if due is None:
        await message.answer(
            _("I could not read this. Please write it as 2026-12-05 18:00 ({zone} time).").format(
                zone=zone
            )
        )
        return
    if due <= utcnow():
        await message.answer(_("This time has already passed. Please send a later one."))
        return
    data = await state.get_data()
    await state.clear()
    broadcast = await create(data, repos, settings, composer, message.chat.id, due=due)
    await message.answer(
        _(
            "Scheduled: broadcast #{id} goes out on {when}. /scheduled lists it and can cancel it."
        ).format(id=broadcast.id, when=format_when(due, zone, i18n.current_locale))
    )


def snippet(html_text: str) -> str:
    plain = unescape(re.sub(r"<[^>]+>", "", html_text)).strip()
    return escape(plain if len(plain) <= SNIPPET else plain[: SNIPPET - 1].rstrip() + "…")


async def scheduled_command(
    message: Message, repos: Repositories, settings: Settings, composer: Composer, i18n: I18n
) -> None:
    waiting = await service(repos, settings, composer).scheduled()
    if not waiting:
        await message.answer(_("No broadcasts are waiting to go out."))
        return
    zone = await staff_zone(repos, message.chat.id, settings)
    for broadcast in waiting:
        first = next(iter(broadcast.texts.values()))
        when_text = format_when(broadcast.due, zone, i18n.current_locale)
        builder = InlineKeyboardBuilder()
        builder.button(
            text=button_label(_("Cancel broadcast #{id}").format(id=broadcast.id)),
            callback_data=BroadcastAction(action="drop", id=broadcast.id or 0),
        )
        await message.answer(
            f"#{broadcast.id} · {escape(when_text)}\n{snippet(first)}",
            reply_markup=builder.as_markup(),
        )


async def drop(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    repos: Repositories,
    settings: Settings,
    composer: Composer,
) -> None:
    if callback_data.action != "drop":
        await stale_button(query)
        return
    if await service(repos, settings, composer).cancel(callback_data.id):
        cancelled = audit.Action.BROADCAST_CANCELLED
        await audit.record(
            repos.session, query.from_user.id, cancelled, audit.broadcast(callback_data.id)
        )
        text = _("Broadcast #{id} is cancelled: it will not go out.")
    else:
        text = _("Broadcast #{id} cannot be cancelled: it has gone out or was cancelled already.")
    await query.answer(text.format(id=callback_data.id), show_alert=True)
    await set_buttons(query, None)


def router() -> Router:
    router = Router(name="broadcasts")
    staff = HasRole(Role.STAFF)
    typed = FreeText()
    router.message.register(broadcast_command, Command("broadcast"), staff)
    router.message.register(scheduled_command, Command("scheduled"), staff)
    router.message.register(text_en, StateFilter(BroadcastForm.text_en), typed, staff)
    router.message.register(text_uk, StateFilter(BroadcastForm.text_uk), typed, staff)
    router.message.register(when, StateFilter(BroadcastForm.when), typed, staff)
    router.callback_query.register(
        change_audience, StateFilter(BroadcastForm.audience), AudienceStep.filter(), staff
    )
    router.callback_query.register(
        confirm,
        StateFilter(BroadcastForm.confirm),
        BroadcastAction.filter(F.action.in_({"now", "later", "abort"})),
        staff,
    )
    ours = BroadcastAction.filter(F.action.in_(ACTIONS))
    router.callback_query.register(drop, ours, staff)
    router.message.register(staff_only, Command("broadcast", "scheduled"))
    # AudienceStep is shared with /newevent: its fallbacks follow the events router. Actions
    # that are no button of ours get the fallback router's stale-button reply.
    router.callback_query.register(staff_only, ours)
    return router
