"""/card: a campaign card from a rumour's response, as a picture to share and a text to
forward, in the language chosen; staff can send it to every agent through a broadcast."""

import asyncio
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.content.loader import Centre
from welcomebot.content.models import ContentPack, Rumour, pick
from welcomebot.domain.audiences import TEAM, Audience
from welcomebot.domain.roles import Role
from welcomebot.i18n.quotes import quote
from welcomebot.services import audit
from welcomebot.services.cards import kinds, plain_text, quoted, render
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram import cards_ui
from welcomebot.telegram.callbacks import CardChoice, CardRumour, CardShare, ShareAct
from welcomebot.telegram.edits import Pressed, pressed_on, take_choice
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.progress import progress_text
from welcomebot.telegram.replies import agents_only, staff_only, stale_button


def forwardable(text: str) -> str:
    return escape(text, quote=False)


async def offer_kinds(message: Pressed, rumour: Rumour, lang: str, i18n: I18n) -> None:
    with i18n.use_locale(lang):
        await message.answer(
            _(
                "A campaign card against the rumour {claim}. Which kind of argument should it "
                "carry?"
            ).format(claim=escape(quoted(pick(rumour.claim, lang), lang))),
            reply_markup=cards_ui.kind_buttons(rumour, lang, i18n.available_locales),
        )


async def card_command(
    message: Message, command: CommandObject, services: UnitOfWork, pack: ContentPack, i18n: I18n
) -> None:
    text, lang, reporting = (command.args or "").strip(), i18n.current_locale, services.reporting
    if not text:
        rumours = [r for r in pack.rumours if r.arguments]
        await message.answer(
            _("Which rumour should the card answer?"),
            reply_markup=cards_ui.rumour_buttons(rumours, lang),
        )
        return
    rumour = reporting.rumour(text)
    if rumour is not None and rumour.arguments:
        await offer_kinds(message, rumour, lang, i18n)
        return
    heard = reporting.match(text, lang)
    found = [r for r in ([heard.rumour] if heard.rumour else heard.candidates) if r.arguments]
    if len(found) == 1:
        await offer_kinds(message, found[0], heard.lang, i18n)
    elif found:
        await message.answer(
            _("Which rumour should the card answer?"),
            reply_markup=cards_ui.rumour_buttons(found, heard.lang),
        )
    elif rumour is not None or heard.rumour is not None or heard.candidates:
        await message.answer(
            _(
                "I have no prepared response to this rumour, so no card. Send /card alone to "
                "choose from the rumours that have one."
            )
        )
    else:
        await message.answer(
            _(
                "I do not recognise a rumour in {text}. Send /card alone to choose from the "
                "rumours that have a card."
            ).format(text=quote(escape(text[:80]), lang))
        )


async def rumour_chosen(
    query: CallbackQuery, callback_data: CardRumour, services: UnitOfWork, i18n: I18n
) -> None:
    rumour = services.reporting.rumour(callback_data.rumour)
    if rumour is None or not rumour.arguments or callback_data.lang not in i18n.available_locales:
        await stale_button(query)
        return
    await query.answer()
    await offer_kinds(pressed_on(query), rumour, callback_data.lang, i18n)


async def kind_chosen(
    query: CallbackQuery,
    callback_data: CardChoice,
    pack: ContentPack,
    centre: Centre | None,
    role: Role,
    i18n: I18n,
) -> None:
    lang = callback_data.lang
    if lang not in i18n.available_locales:
        await stale_button(query)
        return
    with i18n.use_locale(lang):
        card = cards_ui.make_card(pack, centre, callback_data.rumour, callback_data.kind, lang)
    if card is None:
        await stale_button(query)
        return
    await query.answer()
    png = await asyncio.to_thread(render, card)
    message = pressed_on(query)
    await message.answer_photo(BufferedInputFile(png, cards_ui.file_name(card)))
    with i18n.use_locale(lang):
        share = cards_ui.share_button(card) if role == Role.STAFF else None
    await message.answer(forwardable(plain_text(card)), reply_markup=share)


class ShareFlow(StatesGroup):
    confirm = State()  # data: the rumour and kind asked about


# Who a shared card goes to; the question counts them as the broadcast will, without the
# agents who blocked the bot (the roster still lists them as active).
AGENTS = Audience(interest=TEAM, roles=(Role.AGENT,))


async def share_card(
    query: CallbackQuery,
    callback_data: CardShare,
    services: UnitOfWork,
    pack: ContentPack,
    centre: Centre | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    """Asks first: one tap would otherwise reach the whole team. Then to every agent, each in
    their language: the same broadcast as /broadcast, with the card as its picture."""
    rumour = services.reporting.rumour(callback_data.rumour)
    if rumour is None or callback_data.kind not in kinds(rumour):
        await stale_button(query)
        return
    asked = {"rumour": rumour.id, "kind": callback_data.kind}
    if callback_data.act is ShareAct.ASK:
        await _ask(query, services, state, asked)
        return
    # Once: the answer clears what was asked, so a second tap finds nothing to confirm.
    if await state.get_state() != ShareFlow.confirm.state or await state.get_data() != asked:
        await stale_button(query)
        return
    await state.clear()
    message = await take_choice(query)
    if callback_data.act is ShareAct.KEEP:
        await message.answer(_("Cancelled: nothing was sent."))
        return
    await _send(
        message, query.from_user.id, rumour, callback_data.kind, services, pack, centre, i18n
    )


async def _ask(
    query: CallbackQuery, services: UnitOfWork, state: FSMContext, asked: dict[str, str]
) -> None:
    agents = len(await services.subscriptions.recipients(AGENTS))
    if not agents:
        await query.answer(_("There are no active agents to send it to."), show_alert=True)
        return
    await query.answer()
    await state.set_state(ShareFlow.confirm)
    await state.set_data(asked)
    await pressed_on(query).answer(
        _("Send this card to all agents ({count})? Each gets it in their own language.").format(
            count=agents
        ),
        reply_markup=cards_ui.confirm_buttons(asked["rumour"], asked["kind"]),
    )


async def _send(
    message: Pressed,
    staff_id: int,
    rumour: Rumour,
    kind: str,
    services: UnitOfWork,
    pack: ContentPack,
    centre: Centre | None,
    i18n: I18n,
) -> None:
    texts = {}
    for lang in i18n.available_locales:
        with i18n.use_locale(lang):
            card = cards_ui.make_card(pack, centre, rumour.id, kind, lang)
        assert card is not None
        texts[lang] = forwardable(plain_text(card))
    broadcast = await services.broadcasts.create(
        texts,
        AGENTS,
        utcnow(),
        status_chat_id=message.chat.id,
        picture=cards_ui.picture_of(rumour.id, kind),
    )
    assert broadcast.id is not None
    await services.audit.record(
        staff_id,
        audit.Action.BROADCAST_CREATED,
        audit.broadcast(broadcast.id),
        f"card {rumour.id} {kind}",
    )
    status = await message.answer(
        progress_text(broadcast.id, await services.broadcasts.progress(broadcast.id))
    )
    await services.broadcasts.follow_in(broadcast.id, status.message_id)


def router() -> Router:
    router = Router(name="cards")
    agent, staff = HasRole(Role.AGENT, Role.STAFF), HasRole(Role.STAFF)
    router.message.register(card_command, Command("card"), agent)
    router.callback_query.register(rumour_chosen, CardRumour.filter(), agent)
    router.callback_query.register(kind_chosen, CardChoice.filter(), agent)
    router.callback_query.register(share_card, CardShare.filter(), staff)
    router.message.register(agents_only, Command("card"))
    router.callback_query.register(agents_only, or_f(CardRumour.filter(), CardChoice.filter()))
    router.callback_query.register(staff_only, CardShare.filter())
    return router
