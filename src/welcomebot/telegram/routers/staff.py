"""Staff commands: revoke an anti-rumour agent by Telegram id (the roster is /agents), and what
newcomers asked that no content answers yet. The barometer and emerging rumours:
routers/barometer.py."""

from collections.abc import Callable
from datetime import timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import I18n, get_i18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.i18n.quotes import quote
from welcomebot.services import audit
from welcomebot.services.clusters import Cluster, unanswered
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram.commands import drop_chat_menu
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.parsing import TELEGRAM_ID_MAX, parse_number
from welcomebot.telegram.replies import staff_only

STAFF_COMMANDS = ("revoke", "unanswered")
UNANSWERED_DAYS = 30
TOP = 10


async def revoke_command(
    message: Message, command: CommandObject, services: UnitOfWork, bot: Bot, i18n: I18n
) -> None:
    agent = parse_number(command.args or "", 1, TELEGRAM_ID_MAX)
    if agent is None:
        await message.answer(_("Write it as: /revoke followed by the agent's Telegram id."))
        return
    if await services.roster.revoke_person(agent, utcnow()):
        await services.audit.record(message.chat.id, audit.Action.AGENT_REVOKED, audit.agent(agent))
        await message.answer(_("Done: {id} is no longer an anti-rumour agent.").format(id=agent))
        await drop_chat_menu(bot, i18n, agent)
    else:
        await message.answer(_("{id} is not an anti-rumour agent.").format(id=agent))


def router() -> Router:
    router = Router(name="staff")
    staff = HasRole(Role.STAFF)
    router.message.register(revoke_command, Command("revoke"), staff)
    router.message.register(unanswered_command, Command("unanswered"), staff)
    router.message.register(staff_only, Command(*STAFF_COMMANDS))
    return router


async def unanswered_command(message: Message, services: UnitOfWork) -> None:
    """What newcomers asked that no content answers: what to write next."""
    questions = await services.unanswered.since(utcnow() - timedelta(days=UNANSWERED_DAYS))
    await message.answer(
        grouped(
            unanswered(questions)[:TOP],
            _("No unanswered questions in the last 30 days."),
            _("Questions the bot could not answer in the last 30 days, grouped by likeness:"),
            lambda n: ngettext("{count} question like", "{count} questions like", n).format(
                count=n
            ),
        )
    )


def grouped(groups: list[Cluster], none: str, header: str, count: Callable[[int], str]) -> str:
    """Groups of like texts, each with how many it holds and an example, one a line (a long
    list goes out in several messages, cut between lines); `none` if empty."""
    if not groups:
        return none
    lang = get_i18n().current_locale
    lines = (
        f"• {count(g.size)} {quote(escape(' '.join(g.example.split())), lang)}" for g in groups
    )
    return "\n".join([header, *lines])
