"""The barometer on one page for a city council: charts, the most reported rumours and their
trend, new rumours, and the agents' activity, all together."""

from __future__ import annotations

from datetime import date
from typing import Literal

from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.roles import Role
from welcomebot.services.barometer import Barometer, Period
from welcomebot.services.barometer_words import BarometerWords
from welcomebot.services.charts import CouncilReport, report_page
from welcomebot.storage.repositories import RumourReportRepository, UserRepository

CLUSTERS = 5


async def council_report(
    barometer: Barometer,
    reports: RumourReportRepository,
    users: UserRepository,
    said: BarometerWords,
    period: Period,
    made: date,
) -> CouncilReport:
    """What the page for `period` says, whose trends compare it with as many weeks before."""
    before = period.before()
    now = barometer.resolve(await reports.tallies_since(period.start, period.end))
    earlier = barometer.resolve(await reports.tallies_since(before.start, before.end))
    return said.council_report(
        barometer.lines(now, period, Breakdown.RUMOUR),
        period,
        {by: barometer.lines(now, period, by) for by in (Breakdown.DISTRICT, Breakdown.TARGET)},
        barometer.trends(now, earlier),
        barometer.emerging(await reports.since(period.start, period.end))[:CLUSTERS],
        barometer.activity(now, period),
        await users.count_role(Role.AGENT),
        made,
    )


async def council_page(
    barometer: Barometer,
    reports: RumourReportRepository,
    users: UserRepository,
    said: BarometerWords,
    period: Period,
    kind: Literal["pdf", "png"],
    made: date,
) -> bytes:
    """The page for `period` as a PDF or PNG file."""
    report = await council_report(barometer, reports, users, said, period, made)
    return report_page(report, kind)
