"""Staff commands: revoke an anti-rumour agent by Telegram id (the roster is /agents), the rumour barometer, and what
newcomers and agents brought that no content answers yet."""

import asyncio
from collections.abc import Callable
from datetime import timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.models import pick
from welcomebot.domain.roles import Role
from welcomebot.services import audit
from welcomebot.services.barometer import (
    NEW,
    Cluster,
    Trend,
    emerging,
    unanswered,
    weeks_back,
)
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram.callbacks import BarometerPeriod
from welcomebot.telegram.commands import drop_chat_menu
from welcomebot.telegram.edits import Pressed, pressed_on
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.parsing import TELEGRAM_ID_MAX, parse_number
from welcomebot.telegram.replies import staff_only, stale_button

STAFF_COMMANDS = ("revoke", "barometer", "emerging", "unanswered")
DEFAULT_WEEKS = 8
PERIODS = (4, 8, 12, 26)
EMERGING_DAYS = 14
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
    router.message.register(barometer_command, Command("barometer"), staff)
    router.message.register(emerging_command, Command("emerging"), staff)
    router.message.register(unanswered_command, Command("unanswered"), staff)
    router.callback_query.register(barometer_period, BarometerPeriod.filter(), staff)
    router.message.register(staff_only, Command(*STAFF_COMMANDS))
    router.callback_query.register(staff_only, BarometerPeriod.filter())
    return router


def trend_line(number: int, trend: Trend, lang: str) -> str:
    claim = escape(pick(trend.rumour.claim, lang))
    if trend.before == 0:
        change = _("new")
    else:
        arrow = "↑" if trend.now > trend.before else "↓" if trend.now < trend.before else "→"
        change = _("{arrow} from {before}").format(arrow=arrow, before=trend.before)
    return f"{number}. {claim}: <b>{trend.now}</b> ({change})"


async def barometer_command(
    message: Message,
    command: CommandObject,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    weeks = parse_number(command.args or "", 1, 52) or DEFAULT_WEEKS
    await send_barometer(message, weeks, services, i18n)


async def barometer_period(
    query: CallbackQuery,
    callback_data: BarometerPeriod,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    if callback_data.weeks not in PERIODS:
        await stale_button(query)
        return
    await query.answer()
    await send_barometer(pressed_on(query), callback_data.weeks, services, i18n)


def periods() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for weeks in PERIODS:
        label = ngettext("{weeks} week", "{weeks} weeks", weeks).format(weeks=weeks)
        builder.button(text=label, callback_data=BarometerPeriod(weeks=weeks))
    return builder.as_markup()


async def send_barometer(message: Pressed, weeks: int, services: UnitOfWork, i18n: I18n) -> None:
    lang, now, barometer = i18n.current_locale, utcnow(), services.barometer
    reports = await services.reports.tallies_since(now - timedelta(weeks=2 * weeks))
    week_list = weeks_back(now, weeks)
    titles = {group: pick(title, lang) for group, title in barometer.pack.group_titles.items()}
    titles |= {NEW: _("New, not yet answered"), "_y": _("reports")}
    png = await asyncio.to_thread(
        barometer.chart, barometer.weekly(reports, week_list), week_list, titles
    )
    title = ngettext(
        "Rumour barometer, the last {weeks} week", "Rumour barometer, the last {weeks} weeks", weeks
    ).format(weeks=weeks)
    await message.answer_photo(BufferedInputFile(png, "barometer.png"), caption=title)
    trends = barometer.trends(reports, now, weeks)[:TOP]
    lines = [f"<b>{title}</b>"]
    lines += [trend_line(n, t, lang) for n, t in enumerate(trends, start=1)] or [
        _("No reports of known rumours in this period.")
    ]
    await message.answer(
        "\n".join(lines) + "\n\n" + _("New rumours nobody has answered yet: /emerging"),
        reply_markup=periods(),
    )


async def emerging_command(message: Message, services: UnitOfWork) -> None:
    reports = await services.reports.since(utcnow() - timedelta(days=EMERGING_DAYS))
    await message.answer(
        grouped(
            emerging(reports)[:TOP],
            _("No unanswered reports in the last two weeks."),
            _("Unanswered reports of the last two weeks, grouped by likeness:"),
            lambda n: ngettext("{count} report like", "{count} reports like", n).format(count=n),
        )
    )


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
    return "\n".join(
        [header, *(f"• {count(g.size)} «{escape(' '.join(g.example.split()))}»" for g in groups)]
    )
