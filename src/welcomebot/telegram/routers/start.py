"""/start and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.services.roles import Invitations
from welcomebot.telegram import keyboards
from welcomebot.telegram.commands import set_agent_menu
from welcomebot.telegram.middlewares import Repositories


def help_text() -> str:
    return _(
        "Write your question in your own words, in Ukrainian or English: for example "
        "“how do I find a family doctor?”. I answer only with information checked by "
        "the newcomer centre's team, and when I do not know, I tell you how to reach a person.\n\n"
        "/topics: browse questions by topic\n"
        "/events: upcoming events, with sign-up\n"
        "/subscriptions: choose which announcements you get\n"
        "/language: change the language\n"
        "/forget: delete what the bot keeps about you\n"
        "/help: this message"
    )


async def start_with_invite(
    message: Message, command: CommandObject, repos: Repositories, i18n: I18n
) -> None:
    """`/start <code>` from an invite link makes the person an anti-rumour agent."""
    invitations = Invitations(repos.invites, repos.users)
    if await invitations.redeem(command.args or "", message.chat.id, i18n.current_locale):
        await message.answer(
            _("Welcome to the anti-rumour team! Whenever you hear a rumour, send /report.")
        )
        await set_agent_menu(message.bot, i18n, message.chat.id)  # type: ignore[arg-type]
    else:
        await message.answer(
            _("This invite link is not valid any more. Ask the centre for a new one.")
        )


async def start(message: Message, i18n: I18n) -> None:
    await message.answer(
        _("Hello! I am the newcomer centre's assistant. Please choose your language:"),
        reply_markup=keyboards.languages(i18n.current_locale),
    )


async def help_command(message: Message) -> None:
    await message.answer(help_text())


async def cancel_command(message: Message, state: FSMContext) -> None:
    """Leave any form (a report, a broadcast, an event) without saving it."""
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel."))
        return
    await state.clear()
    await message.answer(_("Stopped. Nothing was saved."))


def router() -> Router:
    router = Router(name="start")
    router.message.register(start_with_invite, CommandStart(deep_link=True))
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.message.register(cancel_command, Command("cancel"))
    return router
