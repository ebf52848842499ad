"""Statistics for monitoring reports, from counts that never name a person: questions by topic
and language, how they were answered, votes, tickets, active people, rumour reports and the
checklist's steps completed per week (`/stats`, `welcomebot stats`)."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.content.models import ChecklistStep
from welcomebot.domain.usage import Count
from welcomebot.services.barometer import distinct
from welcomebot.services.checklist import StepCounts, completed_per_week
from welcomebot.services.usage import Usage, monday, weeks_between
from welcomebot.storage.repositories import RumourReportRepository
from welcomebot.storage.usage import UsageRepository

NO_TOPIC = ""  # questions that got no entry


@dataclass(frozen=True)
class Week:
    week: str  # ISO week, e.g. 2026-W47
    questions: int
    active_people: int
    rumour_reports: int


@dataclass(frozen=True)
class Stats:
    start: date
    until: date  # the last day, included
    by_topic: dict[tuple[str, str], int]  # (topic, language) → questions; NO_TOPIC: none
    answered: int  # directly
    via_suggestion: int
    not_answered: int
    helpful: int
    not_helpful: int
    tickets_opened: int
    tickets_reopened: int
    tickets_answered: int
    tickets_closed: int
    median_reply_seconds: float | None
    weeks: list[Week] = field(default_factory=list)
    checklist: StepCounts | None = None  # None: the content has no checklist

    @property
    def questions(self) -> int:
        return self.answered + self.via_suggestion + self.not_answered

    @property
    def languages(self) -> list[str]:
        return sorted({lang for _, lang in self.by_topic})

    def csv(self) -> str:
        """One figure a row: metric, week, topic, language, value (blank where not per one)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("metric", "week", "topic", "lang", "value"))
        for (topic, lang), n in sorted(self.by_topic.items()):
            writer.writerow(("questions", "", topic, lang, n))
        median = self.median_reply_seconds
        for metric, value in (
            ("answered_directly", self.answered),
            ("answered_via_suggestion", self.via_suggestion),
            ("not_answered", self.not_answered),
            ("helpful_votes", self.helpful),
            ("not_helpful_votes", self.not_helpful),
            ("tickets_opened", self.tickets_opened),
            ("tickets_reopened", self.tickets_reopened),
            ("tickets_answered", self.tickets_answered),
            ("tickets_closed", self.tickets_closed),
            ("median_first_reply_seconds", "" if median is None else round(median)),
        ):
            writer.writerow((metric, "", "", "", value))
        for week in self.weeks:
            writer.writerow(("questions", week.week, "", "", week.questions))
            writer.writerow(("active_people", week.week, "", "", week.active_people))
            writer.writerow(("rumour_reports", week.week, "", "", week.rumour_reports))
        if (steps := self.checklist) is not None:
            for step in steps.steps:
                for label, n in zip(steps.weeks, steps.row(step.id), strict=True):
                    writer.writerow(("checklist_completed", label, step.id, "", n))
        return buffer.getvalue()


async def read_stats(
    session: AsyncSession,
    zone: ZoneInfo,
    start: date,
    until: date,
    steps: Sequence[ChecklistStep] = (),
) -> Stats:
    """The figures of the days from `start` to `until`, both included, in the city's days
    (what a process counted since its last write is not in them: `Usage.flush` first);
    with `steps`, how many people completed each in the period's weeks."""
    end = until + timedelta(days=1)
    repository = UsageRepository(session)
    rows = await repository.counts(start, end)
    total: Counter[str] = Counter()
    by_topic: Counter[tuple[str, str]] = Counter()
    weekly: Counter[str] = Counter()
    for row in rows:
        total[row.kind] += row.n
        if row.kind in (Count.ANSWERED, Count.PICKED):
            by_topic[(row.topic, row.lang)] += row.n
        if row.kind in (Count.SUGGESTED, Count.UNANSWERED):
            by_topic[(NO_TOPIC, row.lang)] += row.n
        if row.kind == Count.PICKED:  # no longer without a topic
            by_topic[(NO_TOPIC, row.lang)] -= row.n
        if row.kind in (Count.ANSWERED, Count.SUGGESTED, Count.UNANSWERED):
            year, number, _ = row.day.isocalendar()
            weekly[f"{year}-W{number:02d}"] += row.n
    weeks = weeks_between(start, end)
    active = {
        row.day: row.n
        for row in await repository.counts(monday(weeks[0]), end)
        if row.kind == Count.ACTIVE
    }
    live = await repository.active_counts()
    first = datetime.combine(monday(weeks[0]), time(), tzinfo=zone)
    tallies = await RumourReportRepository(session).tallies_since(first)
    reports = Counter(tally.week for tally in distinct(tallies))
    durations = await repository.durations(start, end)
    picked = total[Count.PICKED]
    checklist = None
    if steps:
        last = datetime.combine(until, time(), tzinfo=zone)
        checklist = await completed_per_week(session, steps, len(weeks), last)
    return Stats(
        start=start,
        until=until,
        by_topic={key: n for key, n in by_topic.items() if n > 0},
        answered=total[Count.ANSWERED],
        via_suggestion=picked,
        not_answered=max(0, total[Count.SUGGESTED] + total[Count.UNANSWERED] - picked),
        helpful=total[Count.HELPFUL],
        not_helpful=total[Count.NOT_HELPFUL],
        tickets_opened=total[Count.TICKET_OPENED],
        tickets_reopened=total[Count.TICKET_REOPENED],
        tickets_answered=total[Count.TICKET_ANSWERED],
        tickets_closed=total[Count.TICKET_CLOSED],
        median_reply_seconds=statistics.median(durations) if durations else None,
        weeks=[
            Week(
                week,
                weekly[week],
                active.get(monday(week), 0) + live.get(week, 0),
                reports[week],
            )
            for week in weeks
        ],
        checklist=checklist,
    )


class Statistics:
    """The figures as a handler reads them: with what this process counted since its last
    write included."""

    def __init__(self, session: AsyncSession, usage: Usage) -> None:
        self.session, self.usage = session, usage

    async def read(self, start: date, until: date, steps: Sequence[ChecklistStep] = ()) -> Stats:
        await self.usage.flush()
        return await read_stats(self.session, self.usage.zone, start, until, steps)


def chart(stats: Stats, titles: dict[str, str]) -> bytes:
    """The weekly trend as a PNG: questions, active people and rumour reports per week."""
    import matplotlib

    matplotlib.use("Agg")  # no screen on a server
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4.5), dpi=100)
    axes = figure.subplots()
    labels = [week.week for week in stats.weeks]
    for name in ("questions", "active_people", "rumour_reports"):
        values = [getattr(week, name) for week in stats.weeks]
        axes.plot(labels, values, marker="o", label=titles.get(name, name))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.legend(fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
