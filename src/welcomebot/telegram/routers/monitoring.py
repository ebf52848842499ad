"""Staff monitoring: /stats (figures without personal data, and the weekly trend as a chart)
and /gaps (questions with no sure answer, grouped: what to write next)."""

import asyncio
from datetime import datetime, timedelta

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.models import ContentPack
from welcomebot.domain.roles import Role
from welcomebot.domain.times import weeks_back
from welcomebot.domain.usage import STATS_WEEKS
from welcomebot.services.gaps import find_gaps
from welcomebot.services.stats import chart
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.monitoring_ui import chart_titles, gap_lines, stats_text
from welcomebot.telegram.replies import staff_only, weeks_asked

MONITORING_COMMANDS = ("stats", "gaps")

MOST_WEEKS = 52
GAPS_DAYS = 30
TOP = 10


async def stats_command(
    message: Message,
    command: CommandObject,
    services: UnitOfWork,
    settings: Settings,
    pack: ContentPack,
    i18n: I18n,
) -> None:
    """/stats [weeks]: this week and the weeks before it, up to today."""
    weeks = await weeks_asked(message, command.args, MOST_WEEKS, STATS_WEEKS)
    today = datetime.now(settings.zone).date()
    start = weeks_back(today, weeks)
    stats = await services.statistics.read(start, today, pack.checklist)
    lang = i18n.current_locale
    png = await asyncio.to_thread(chart, stats, chart_titles())
    title = (
        _("Weekly trend, the last week")
        if weeks == 1
        else ngettext(
            "Weekly trend, the last {weeks} week", "Weekly trend, the last {weeks} weeks", weeks
        ).format(weeks=weeks)
    )
    await message.answer_photo(BufferedInputFile(png, "stats.png"), caption=title)
    await message.answer(stats_text(stats, pack, lang))


async def gaps_command(
    message: Message, services: UnitOfWork, pack: ContentPack, i18n: I18n
) -> None:
    questions = await services.unanswered.unsure_since(utcnow() - timedelta(days=GAPS_DAYS))
    analyzer = services.answers.matcher.analyzer
    gaps = (await asyncio.to_thread(find_gaps, analyzer, questions))[:TOP]
    if not gaps:
        await message.answer(_("No questions without a sure answer in the last 30 days."))
        return
    header = _(
        "Questions without a sure answer in the last 30 days, in groups of like questions, "
        "biggest first:"
    )
    await message.answer("\n".join([header, *gap_lines(gaps, pack, i18n.current_locale)]))


def router() -> Router:
    router = Router(name="monitoring")
    staff = HasRole(Role.STAFF)
    router.message.register(stats_command, Command("stats"), staff)
    router.message.register(gaps_command, Command("gaps"), staff)
    router.message.register(staff_only, Command(*MONITORING_COMMANDS))
    return router
