"""Staff commands: invite and revoke anti-rumour agents."""

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.i18n import gettext as _

from welcomebot.services.roles import Invitations, Role
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.middlewares import Repositories

STAFF_COMMANDS = ("invite", "revoke")


async def invite(message: Message, bot: Bot, repos: Repositories) -> None:
    code = await Invitations(repos.invites, repos.users).create()
    link = await create_start_link(bot, code)
    await message.answer(
        _("Single-use invite link for a new anti-rumour agent (it works once):\n{link}").format(
            link=link
        )
    )


async def revoke(message: Message, command: CommandObject, repos: Repositories) -> None:
    argument = (command.args or "").strip()
    if not argument.isdigit():
        await message.answer(_("Write it as: /revoke followed by the agent's Telegram id."))
        return
    if await Invitations(repos.invites, repos.users).revoke(int(argument)):
        await message.answer(_("Done: {id} is no longer an anti-rumour agent.").format(id=argument))
    else:
        await message.answer(_("{id} is not an anti-rumour agent.").format(id=argument))


async def staff_only(message: Message) -> None:
    await message.answer(_("Sorry, this is only for the centre's staff."))


def router() -> Router:
    router = Router(name="staff")
    staff = HasRole(Role.STAFF)
    router.message.register(invite, Command("invite"), staff)
    router.message.register(revoke, Command("revoke"), staff)
    router.message.register(staff_only, Command(*STAFF_COMMANDS))
    return router
