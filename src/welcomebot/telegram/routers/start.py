"""/start and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart, Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.services.roles import looks_like_invite
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.telegram import keyboards
from welcomebot.telegram.commands import set_agent_menu
from welcomebot.telegram.replies import help_text


class InviteLink(Filter):
    """`/start <payload>` whose payload has the shape of an invite code. Any other payload (a
    poster's QR code, a link someone shared) is a plain /start."""

    async def __call__(self, message: Message, command: CommandObject) -> bool:
        return looks_like_invite(command.args or "")


async def start_from_invite_link(
    message: Message, command: CommandObject, services: UnitOfWork, i18n: I18n
) -> None:
    """`/start <code>` from an invite link makes the person an anti-rumour agent."""
    invitations = services.invitations
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


async def help_command(message: Message, role: Role) -> None:
    await message.answer(help_text(role))


async def cancel_command(message: Message, state: FSMContext) -> None:
    """Leave any form (a report, a broadcast, an event) without saving it."""
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel."))
        return
    await state.clear()
    await message.answer(_("Stopped. Nothing was saved."))


def router() -> Router:
    router = Router(name="start")
    # After CommandStart, which parses the payload into `command`.
    router.message.register(start_from_invite_link, CommandStart(deep_link=True), InviteLink())
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.message.register(cancel_command, Command("cancel"))
    return router
