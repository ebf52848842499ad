"""The barometer in words, in the reader's language: charts, weeks, trends, the council's page.

Shared by /barometer and `welcomebot rumours report`. `t` is the reader's gettext catalog:
aiogram's in a handler, `i18n.plain.translations` on the command line (which spares it aiogram).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from babel.numbers import format_decimal

from welcomebot.content.models import Rumour, pick
from welcomebot.domain.barometer import Breakdown
from welcomebot.i18n.dates import format_days
from welcomebot.i18n.quotes import quote
from welcomebot.services.barometer import (
    NEW,
    OTHER,
    UNSAID,
    Activity,
    Barometer,
    Line,
    Period,
    Trend,
    Week,
)
from welcomebot.services.charts import Chart, ChartLine, CouncilReport, Panel, Section
from welcomebot.services.clusters import ReportCluster

TOP_TRENDS = 10


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


def plain(text: str) -> str:
    return text


@dataclass(frozen=True)
class BarometerWords:
    t: Translations  # the reader's catalog
    lang: str
    barometer: Barometer

    def breakdown(self, by: Breakdown) -> str:
        """The name of a breakdown, as on its button."""
        t = self.t
        return {
            Breakdown.RUMOUR: t.gettext("By rumour"),
            Breakdown.DISTRICT: t.gettext("By district"),
            Breakdown.TARGET: t.gettext("By target group"),
        }[by]

    def chart_title(self, by: Breakdown) -> str:
        t = self.t
        return {
            Breakdown.RUMOUR: t.gettext("Rumour reports per week, by rumour"),
            Breakdown.DISTRICT: t.gettext("Rumour reports per week, by district"),
            Breakdown.TARGET: t.gettext("Rumour reports per week, by target group"),
        }[by]

    def days(self, first: date, last: date) -> str:
        return format_days(first, last, self.lang)

    def week(self, week: Week) -> str:
        return format_days(week.first, week.last, self.lang, year=False)

    def span(self, period: Period) -> str:
        """e.g. "the last 4 weeks, Nov 9 – Dec 3, 2026"."""
        weeks, days = len(period.weeks), self.days(period.first, period.last)
        if weeks == 1:  # not "the last 1 week" (nor "останній 1 тиждень")
            return self.t.gettext("the last week, {days}").format(days=days)
        return self.t.ngettext(
            "the last {weeks} week, {days}", "the last {weeks} weeks, {days}", weeks
        ).format(weeks=weeks, days=days)

    def claim(self, rumour: Rumour) -> str:
        """The claim without its full stop, so a colon or a dash can follow it."""
        text = pick(rumour.claim, self.lang).strip()
        return text[:-1] if text.endswith(".") and not text.endswith("..") else text

    def label(self, key: str, by: Breakdown) -> str:
        t, lists = self.t, self.barometer.lists
        if key == UNSAID:
            return t.gettext("Not given")
        if by is Breakdown.RUMOUR:
            if key == NEW:
                return t.gettext("New, not yet answered")
            rumour = self.barometer.rumours.get(key)
            return self.claim(rumour) if rumour else t.gettext("Other rumours")
        listed = lists.districts if by is Breakdown.DISTRICT else lists.target_groups
        return listed.name(key, self.lang)

    def chart_lines(self, lines: Sequence[Line], by: Breakdown) -> tuple[ChartLine, ...]:
        return tuple(
            ChartLine(self.label(line.key, by), line.counts, muted=line.key in (NEW, OTHER, UNSAID))
            for line in lines
        )

    def chart(self, lines: Sequence[Line], period: Period, by: Breakdown) -> Chart:
        return Chart(
            title=self.chart_title(by),
            subtitle=self.days(period.first, period.last),
            weeks=tuple(self.week(week) for week in period.weeks),
            lines=self.chart_lines(lines, by),
            y_label=self.t.gettext("reports"),
            empty=self.t.gettext("No reports in this period."),
        )

    def trends_header(self, period: Period, by: Breakdown = Breakdown.RUMOUR) -> str:
        """What the trends compare: these weeks against as many before."""
        t, weeks, before = self.t, len(period.weeks), period.before()
        days = {
            "weeks": weeks,
            "now": self.days(period.first, period.last),
            "before": self.days(before.first, before.last),
        }
        if weeks == 1:  # not "in 1 week" (nor "за 1 тиждень")
            one = {
                Breakdown.RUMOUR: t.gettext(
                    "Reports of each rumour in the week of {now}, against the week before "
                    "({before}):"
                ),
                Breakdown.DISTRICT: t.gettext(
                    "Reports from each district in the week of {now}, against the week before "
                    "({before}):"
                ),
                Breakdown.TARGET: t.gettext(
                    "Reports about each target group in the week of {now}, against the week "
                    "before ({before}):"
                ),
            }
            return one[by].format(**days)
        several = {
            Breakdown.RUMOUR: t.ngettext(
                "Reports of each rumour in one week ({now}), against the week before ({before}):",
                "Reports of each rumour in these {weeks} weeks ({now}), against the {weeks} weeks "
                "before ({before}):",
                weeks,
            ),
            Breakdown.DISTRICT: t.ngettext(
                "Reports from each district in {weeks} week ({now}), against the week before "
                "({before}):",
                "Reports from each district in these {weeks} weeks ({now}), against the {weeks} "
                "weeks before ({before}):",
                weeks,
            ),
            Breakdown.TARGET: t.ngettext(
                "Reports about each target group in {weeks} week ({now}), against the week "
                "before ({before}):",
                "Reports about each target group in these {weeks} weeks ({now}), against the "
                "{weeks} weeks before ({before}):",
                weeks,
            ),
        }
        return several[by].format(**days)

    def trend_line(
        self,
        number: int,
        trend: Trend,
        escape: Callable[[str], str] = plain,
        bold: Callable[[str], str] = plain,
    ) -> str:
        t = self.t
        if trend.before == 0:
            change = t.gettext("new")
        else:
            arrow = "↑" if trend.now > trend.before else "↓" if trend.now < trend.before else "→"
            change = t.gettext("{arrow} from {before}").format(arrow=arrow, before=trend.before)
        label = escape(self.label(trend.key, trend.by))
        return f"{number}. {label}: {bold(str(trend.now))} ({change})"

    def activity(self, activity: Activity, agents: int | None) -> list[str]:
        t = self.t
        lines = []
        if agents is not None:
            lines.append(
                t.ngettext(
                    "{count} anti-rumour agent in the team.",
                    "{count} anti-rumour agents in the team.",
                    agents,
                ).format(count=agents)
            )
        lines.append(
            t.ngettext(
                "{count} report filed; {counted} counted, once per agent, rumour and week.",
                "{count} reports filed; {counted} counted, once per agent, rumour and week.",
                activity.reports,
            ).format(count=activity.reports, counted=activity.counted)
        )
        if activity.reports:
            lines.append(
                t.gettext(
                    "{matched} of the counted reports are of a known rumour. The busiest week "
                    "had {busiest}; on average {average} a week."
                ).format(
                    matched=activity.matched,
                    busiest=activity.busiest_week,
                    average=format_decimal(
                        activity.counted / activity.weeks, "0.0", locale=self.lang
                    ),
                )
            )
            lines.append(
                t.ngettext(
                    "{district} of {count} report says the district, {target} the group the "
                    "rumour is about.",
                    "{district} of {count} reports say the district, {target} the group the "
                    "rumour is about.",
                    activity.reports,
                ).format(
                    district=activity.with_district,
                    target=activity.with_target,
                    count=activity.reports,
                )
            )
        return lines

    def clusters(self, clusters: Sequence[ReportCluster]) -> list[str]:
        count = self.t.ngettext
        return [
            f"#{c.id} · "
            + count("{count} report like", "{count} reports like", c.size).format(count=c.size)
            + " "
            + quote(" ".join(c.example.split()), self.lang)
            for c in clusters
        ] or [self.t.gettext("No new rumours in this period.")]

    def council_report(
        self,
        reports: Sequence[Line],
        period: Period,
        panels: dict[Breakdown, Sequence[Line]],
        trends: Sequence[Trend],
        clusters: Sequence[ReportCluster],
        activity: Activity,
        agents: int | None,
        made: date,
    ) -> CouncilReport:
        t = self.t
        top = [self.trend_line(n, trend) for n, trend in enumerate(trends[:TOP_TRENDS], 1)]
        return CouncilReport(
            title=t.gettext("Rumour barometer"),
            subtitle=self.days(period.first, period.last),
            note=t.gettext(
                "From the anonymous reports of the anti-rumour agents; one agent's reports of "
                "one rumour in one week count once. Made on {date}."
            ).format(date=format_days(made, made, self.lang)),
            chart=self.chart(reports, period, Breakdown.RUMOUR),
            panels=tuple(
                Panel(
                    self.breakdown(by),
                    self.chart_lines(lines, by),
                    t.gettext("No reports in this period."),
                )
                for by, lines in panels.items()
            ),
            sections=(
                Section(
                    t.gettext("Most reported rumours"),
                    (self.trends_header(period), *top)
                    if top
                    else (t.gettext("No reports of known rumours in this period."),),
                ),
                Section(t.gettext("New rumours, not answered yet"), tuple(self.clusters(clusters))),
                Section(t.gettext("The agents' activity"), tuple(self.activity(activity, agents))),
            ),
        )
