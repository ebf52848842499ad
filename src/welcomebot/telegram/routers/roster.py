"""The anti-rumour team: invite links (labelled, expiring), joining by one and choosing the
name staff see, and the roster where staff revoke and restore agents."""

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, CommandStart, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.domain.roles import Role
from welcomebot.services import audit
from welcomebot.services.roles import label_cut, looks_like_invite
from welcomebot.services.roster import NAME_CHARS, Member, clean_name
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import Agent, utcnow
from welcomebot.telegram import roster_ui
from welcomebot.telegram.callbacks import (
    AgentAct,
    AgentAction,
    AgentNaming,
    InviteCancel,
    NameChoice,
    RosterPage,
)
from welcomebot.telegram.commands import drop_chat_menu, set_agent_menu
from welcomebot.telegram.edits import Pressed, edit_text, pressed_on, set_buttons
from welcomebot.telegram.filters import FreeText, HasRole
from welcomebot.telegram.replies import staff_only, stale_button

ROSTER_COMMANDS = ("invite", "invites", "agents")


class JoinFlow(StatesGroup):
    naming = State()


class InviteLink(Filter):
    """`/start <payload>` whose payload has the shape of an invite code. Any other payload (a
    poster's QR code, a link someone shared) is a plain /start."""

    async def __call__(self, message: Message, command: CommandObject) -> bool:
        return looks_like_invite(command.args or "")


# -- joining ---------------------------------------------------------------------------------


async def start_from_invite_link(
    message: Message, command: CommandObject, services: UnitOfWork, i18n: I18n, state: FSMContext
) -> None:
    """`/start <code>` from an invite link makes the person an agent, who then chooses how
    the team sees them."""
    now = utcnow()
    agent = await services.invitations.redeem(
        command.args or "", message.chat.id, i18n.current_locale, now
    )
    if agent is None or agent.number is None:
        await message.answer(
            _("This invite link is not valid any more. Ask the centre for a new one.")
        )
        return
    await state.set_state(JoinFlow.naming)
    first_name = message.from_user.first_name if message.from_user else ""
    await message.answer(
        _("Welcome to the anti-rumour team! Whenever you hear a rumour, send /report.")
        + "\n\n"
        + roster_ui.naming_question(agent.number),
        reply_markup=roster_ui.naming_buttons(first_name),
    )
    await set_agent_menu(message.bot, i18n, message.chat.id)  # type: ignore[arg-type]


async def _named(message: Pressed, agent: Agent | None) -> None:
    if agent is None or agent.number is None:
        return  # erased meanwhile
    shown = roster_ui.agent_name(agent.number, agent.name)
    await message.answer(_("Thank you: the team sees you as “{name}”.").format(name=shown))


async def name_typed(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    text = message.text or ""
    if clean_name(text) is None or len(text.strip()) > NAME_CHARS:
        await message.answer(
            _("Please send a name of at most {count} characters, or press Skip.").format(
                count=NAME_CHARS
            )
        )
        return
    await state.clear()
    await _named(message, await services.roster.name(message.chat.id, text))


async def name_chosen(
    query: CallbackQuery, callback_data: AgentNaming, state: FSMContext, services: UnitOfWork
) -> None:
    if await state.get_state() != JoinFlow.naming.state:
        await stale_button(query)
        return
    await query.answer()
    await state.clear()
    await set_buttons(query, None)
    person = query.from_user
    if callback_data.choice is NameChoice.TELEGRAM:
        agent = await services.roster.name(person.id, person.first_name)
    else:
        agent = await services.roster.of(person.id)
    await _named(pressed_on(query), agent)


# -- invites ---------------------------------------------------------------------------------


async def invite_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
) -> None:
    invite = await services.invitations.create(utcnow(), command.args)
    await services.audit.record(
        message.chat.id, audit.Action.INVITE_CREATED, audit.invite(invite.code), invite.label
    )
    link = await create_start_link(bot, invite.code)
    await message.answer(
        roster_ui.invite_created(
            link, invite, settings.timezone, i18n.current_locale, label_cut(command.args)
        )
    )


async def show_invites(
    message: Message, services: UnitOfWork, settings: Settings, i18n: I18n
) -> None:
    invites = await services.invitations.pending(utcnow())
    await message.answer(
        roster_ui.invites_text(invites, settings.timezone, i18n.current_locale),
        reply_markup=roster_ui.invites_buttons(invites),
    )


async def cancel_invite(
    query: CallbackQuery,
    callback_data: InviteCancel,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
) -> None:
    if not await services.invitations.cancel(callback_data.code):
        await stale_button(query)
        return
    await services.audit.record(
        query.from_user.id, audit.Action.INVITE_CANCELLED, audit.invite(callback_data.code)
    )
    await query.answer(_("Cancelled: that link no longer works."))
    invites = await services.invitations.pending(utcnow())
    await edit_text(
        query,
        roster_ui.invites_text(invites, settings.timezone, i18n.current_locale),
        roster_ui.invites_buttons(invites),
    )


# -- the roster ------------------------------------------------------------------------------


async def show_roster(
    message: Message, services: UnitOfWork, settings: Settings, i18n: I18n
) -> None:
    members = await services.roster.members(utcnow())
    zone, lang = settings.timezone, i18n.current_locale
    pages = roster_ui.paged(members, zone, lang)
    await message.answer(
        roster_ui.roster_text(members, pages, zone, lang),
        reply_markup=roster_ui.roster_buttons(pages),
    )


async def change_agent(
    query: CallbackQuery,
    callback_data: AgentAction,
    services: UnitOfWork,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
) -> None:
    now, roster = utcnow(), services.roster
    if callback_data.action is AgentAct.REVOKE:
        agent = await roster.revoke(callback_data.number, now)
        action = audit.Action.AGENT_REVOKED
    else:
        agent = await roster.restore(callback_data.number)
        action = audit.Action.AGENT_RESTORED
    if agent is None:  # no such agent, or already changed (a second tap, another staff member)
        await stale_button(query)
        return
    await services.audit.record(
        query.from_user.id, action, audit.agent(agent.telegram_id, agent.number)
    )
    name = roster_ui.agent_name(callback_data.number, agent.name)
    if action is audit.Action.AGENT_REVOKED:
        await query.answer(_("Done: {name} is no longer an anti-rumour agent.").format(name=name))
        await drop_chat_menu(bot, i18n, agent.telegram_id)
    else:
        await query.answer(_("Done: {name} is an anti-rumour agent again.").format(name=name))
        await set_agent_menu(bot, i18n, agent.telegram_id)
    members = await roster.members(now)
    await _show_page(query, members, settings, i18n, agent=callback_data.number)


async def turn_page(
    query: CallbackQuery,
    callback_data: RosterPage,
    services: UnitOfWork,
    settings: Settings,
    i18n: I18n,
) -> None:
    await query.answer()
    members = await services.roster.members(utcnow())
    await _show_page(query, members, settings, i18n, page=callback_data.page)


async def _show_page(
    query: CallbackQuery,
    members: list[Member],
    settings: Settings,
    i18n: I18n,
    *,
    page: int = 0,
    agent: int | None = None,
) -> None:
    """The page asked for, or the one that shows `agent`."""
    zone, lang = settings.timezone, i18n.current_locale
    pages = roster_ui.paged(members, zone, lang)
    if agent is not None:
        page = roster_ui.page_of(pages, agent)
    await edit_text(
        query,
        roster_ui.roster_text(members, pages, zone, lang, page),
        roster_ui.roster_buttons(pages, page),
    )


def router() -> Router:
    router = Router(name="roster")
    staff = HasRole(Role.STAFF)
    # After CommandStart, which parses the payload into `command`.
    router.message.register(start_from_invite_link, CommandStart(deep_link=True), InviteLink())
    router.message.register(name_typed, StateFilter(JoinFlow.naming), FreeText())
    router.callback_query.register(name_chosen, AgentNaming.filter())
    router.message.register(invite_command, Command("invite"), staff)
    router.message.register(show_invites, Command("invites"), staff)
    router.message.register(show_roster, Command("agents"), staff)
    router.callback_query.register(cancel_invite, InviteCancel.filter(), staff)
    router.callback_query.register(change_agent, AgentAction.filter(), staff)
    router.callback_query.register(turn_page, RosterPage.filter(), staff)
    router.message.register(staff_only, Command(*ROSTER_COMMANDS))
    router.callback_query.register(staff_only, InviteCancel.filter())
    router.callback_query.register(staff_only, AgentAction.filter())
    router.callback_query.register(staff_only, RosterPage.filter())
    return router
