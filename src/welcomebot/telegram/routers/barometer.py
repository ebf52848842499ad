"""Staff's rumour barometer: reports per week by rumour, district or target group, what rose and
what fell, and the new rumours nobody has answered yet, each a draft away from a response."""

import asyncio
from datetime import timedelta
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, get_i18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.config import Settings
from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.roles import Role
from welcomebot.i18n.quotes import quote
from welcomebot.services.barometer_words import BarometerWords
from welcomebot.services.charts import chart_png
from welcomebot.services.clusters import ReportCluster
from welcomebot.services.rumour_draft import draft_yaml
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram.callbacks import BarometerView, EmergingDraft
from welcomebot.telegram.edits import Pressed, pressed_on
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.replies import staff_only, stale_button, weeks_asked

COMMANDS = ("barometer", "emerging")
DEFAULT_WEEKS = 8
PERIODS = (4, 8, 12, 26)  # offered as buttons
MOST_WEEKS = 52
EMERGING_WEEKS = 2  # /emerging alone
TOP = 10
CURRENT = "• "  # marks the period and the breakdown shown


def router() -> Router:
    router = Router(name="barometer")
    staff = HasRole(Role.STAFF)
    router.message.register(barometer_command, Command("barometer"), staff)
    router.message.register(emerging_command, Command("emerging"), staff)
    router.callback_query.register(barometer_view, BarometerView.filter(), staff)
    router.callback_query.register(draft_rumour, EmergingDraft.filter(), staff)
    router.message.register(staff_only, Command(*COMMANDS))
    router.callback_query.register(staff_only, BarometerView.filter())
    router.callback_query.register(staff_only, EmergingDraft.filter())
    return router


def words(i18n: I18n, services: UnitOfWork) -> BarometerWords:
    lang = i18n.current_locale
    catalog = i18n.locales.get(lang) or i18n.locales[i18n.default_locale]
    return BarometerWords(catalog, lang, services.barometer)


async def barometer_command(
    message: Message, command: CommandObject, services: UnitOfWork, i18n: I18n
) -> None:
    weeks = await weeks_asked(message, command.args, MOST_WEEKS, DEFAULT_WEEKS)
    await send_barometer(message, weeks, Breakdown.RUMOUR, services, i18n)


async def barometer_view(
    query: CallbackQuery, callback_data: BarometerView, services: UnitOfWork, i18n: I18n
) -> None:
    # Any period /barometer takes: its chart's breakdown buttons keep it ("/barometer 3").
    if not 1 <= callback_data.weeks <= MOST_WEEKS:
        await stale_button(query)
        return
    await query.answer()
    await send_barometer(pressed_on(query), callback_data.weeks, callback_data.by, services, i18n)


def controls(weeks: int, by: Breakdown, said: BarometerWords) -> InlineKeyboardMarkup:
    """The periods on one row, the breakdowns on the next; the ones shown marked."""
    builder = InlineKeyboardBuilder()
    for option in PERIODS:
        label = ngettext("{weeks} week", "{weeks} weeks", option).format(weeks=option)
        mark = CURRENT if option == weeks else ""
        builder.button(text=mark + label, callback_data=BarometerView(weeks=option, by=by))
    for breakdown in Breakdown:
        mark = CURRENT if breakdown is by else ""
        builder.button(
            text=mark + said.breakdown(breakdown),
            callback_data=BarometerView(weeks=weeks, by=breakdown),
        )
    builder.adjust(len(PERIODS), len(Breakdown))
    return builder.as_markup()


async def send_barometer(
    message: Pressed, weeks: int, by: Breakdown, services: UnitOfWork, i18n: I18n
) -> None:
    barometer, said = services.barometer, words(i18n, services)
    period = barometer.recent(weeks)
    reports = barometer.resolve(await services.reports.tallies_since(period.before().start))
    chart = said.chart(barometer.lines(reports, period, by), period, by)
    png = await asyncio.to_thread(chart_png, chart)
    name = f"barometer-{by}-{weeks}w.png"
    await message.answer_photo(
        BufferedInputFile(png, name), caption=f"{chart.title}\n{said.span(period)}"
    )
    # The text follows the chart's breakdown: rumours, or districts, or target groups.
    trends = barometer.trends(*period.split(reports), by)[:TOP]
    title = _("Rumour barometer: {span}").format(span=said.span(period))
    lines = [f"<b>{escape(title)}</b>"]
    if trends:
        lines.append(escape(said.trends_header(period, by)))
        lines += [
            said.trend_line(n, trend, escape, lambda count: f"<b>{count}</b>")
            for n, trend in enumerate(trends, start=1)
        ]
    elif by is Breakdown.RUMOUR:
        lines.append(_("No reports of known rumours in this period."))
    else:
        lines.append(_("No reports in this period."))
    await message.answer(
        "\n".join(lines) + "\n\n" + _("New rumours nobody has answered yet: /emerging"),
        reply_markup=controls(weeks, by, said),
    )


def emerging_weeks(settings: Settings) -> int:
    """The longest look back: a report's words, which group it, are cleared after
    REPORT_TEXT_RETENTION_DAYS."""
    return max(1, settings.report_text_retention_days // 7)


async def emerging_command(
    message: Message, command: CommandObject, services: UnitOfWork, settings: Settings
) -> None:
    """/emerging, or /emerging 6 for the last six weeks."""
    most = emerging_weeks(settings)
    weeks = await weeks_asked(message, command.args, most, min(EMERGING_WEEKS, most))
    reports = await services.reports.since(utcnow() - timedelta(weeks=weeks))
    clusters = services.barometer.emerging(reports)[:TOP]
    if not clusters:
        await message.answer(emerging_heading(weeks, found=False))
        return
    heading = emerging_heading(weeks, found=True)
    threats = [any(map(services.reporting.threatens, cluster.said)) for cluster in clusters]
    lines = [heading, *map(cluster_line, clusters, threats)]
    if any(threats):
        lines += [
            "",
            _(
                "⚠️ marks a threat of violence. Reports are anonymous, so the police hear of it "
                "only if someone tells them: please consider doing so."
            ),
        ]
    builder = InlineKeyboardBuilder()
    for cluster in clusters:
        builder.button(
            text=_("📝 Draft a rumour from #{id}").format(id=cluster.id),
            callback_data=EmergingDraft(report=cluster.id, weeks=weeks),
        )
    builder.adjust(2)
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())


def emerging_heading(weeks: int, found: bool) -> str:
    """What /emerging shows, or that it has nothing to show ("the last week", not "1 week")."""
    if found:
        return (
            _("Unanswered reports of the last week, grouped by what they say:")
            if weeks == 1
            else ngettext(
                "Unanswered reports of the last {weeks} week, grouped by what they say:",
                "Unanswered reports of the last {weeks} weeks, grouped by what they say:",
                weeks,
            ).format(weeks=weeks)
        )
    return (
        _("No unanswered reports in the last week.")
        if weeks == 1
        else ngettext(
            "No unanswered reports in the last {weeks} week.",
            "No unanswered reports in the last {weeks} weeks.",
            weeks,
        ).format(weeks=weeks)
    )


def cluster_line(cluster: ReportCluster, threat: bool = False) -> str:
    count = ngettext("{count} report like", "{count} reports like", cluster.size)
    example = escape(" ".join(cluster.example.split()))
    quoted = quote(example, get_i18n().current_locale)
    mark = "⚠️ " if threat else ""
    return f"• {mark}#{cluster.id}: {count.format(count=cluster.size)} {quoted}"


async def draft_rumour(
    query: CallbackQuery, callback_data: EmergingDraft, services: UnitOfWork, settings: Settings
) -> None:
    """A YAML skeleton of a new rumour, from the cluster that holds the report, among the
    reports of the weeks /emerging showed."""
    weeks = callback_data.weeks
    if not 1 <= weeks <= emerging_weeks(settings):
        await stale_button(query)
        return
    reports = await services.reports.since(utcnow() - timedelta(weeks=weeks))
    cluster = services.barometer.cluster_of(reports, callback_data.report)
    if cluster is None:  # its reports were answered, or are older than those weeks
        await stale_button(query)
        return
    await query.answer()
    document = BufferedInputFile(draft_yaml(cluster).encode(), f"rumour-draft-{cluster.id}.yaml")
    caption = ngettext(
        "A new rumour, drafted from {count} report. Complete its response and arguments, then "
        "add it to the content: its reports will count for it.",
        "A new rumour, drafted from {count} reports. Complete its response and arguments, then "
        "add it to the content: its reports will count for it.",
        cluster.size,
    ).format(count=cluster.size)
    await pressed_on(query).answer_document(document, caption=caption)
