"""The rumour barometer: what agents reported, when, where, about whom, rising or falling.

Counts are of distinct (agent, rumour, week) keys, so one agent repeating a rumour in a week
counts once (a claim of no known rumour: agent, words, week). Nothing here knows who an agent is. A report that matched no rumour when it was
filed is matched again against the content of the day: once staff add the rumour (drafted from
an emerging cluster, say), its reports count for it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from welcomebot.content.lists import CityList, CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.times import iso_week
from welcomebot.services.clusters import Meanings, ReportCluster
from welcomebot.storage.models import RumourReport, utcnow
from welcomebot.storage.repositories import Tally

NEW = "new"  # reports that match no rumour yet
OTHER = "other"  # the rumours after the most reported ones
UNSAID = ""  # a report that does not say its district or target
TOP_RUMOURS = 5
EXPORT_FIELDS = ("week", "rumour_id", "score", "text", "place", "district", "target", "lang")

Rematch = Callable[[str, str], str | None]  # (text, lang) -> the rumour it now matches


@dataclass(frozen=True)
class Week:
    key: str  # ISO week, as reports store it
    first: date
    last: date  # the last day counted: today, for the week under way


def week_of(day: date) -> Week:
    first = day - timedelta(days=day.weekday())
    return Week(iso_week(datetime.combine(first, time())), first, first + timedelta(days=6))


@dataclass(frozen=True)
class Period:
    """Consecutive ISO weeks of the city's calendar (`zone`), as reports are filed and as
    /stats counts: a report filed early on a Monday there is that week's."""

    weeks: tuple[Week, ...]
    zone: tzinfo

    @classmethod
    def recent(cls, today: date, count: int, zone: tzinfo) -> Period:
        """The last `count` weeks, ending with the one under way, counted up to `today`."""
        this = week_of(today)
        earlier = [week_of(this.first - timedelta(weeks=back)) for back in range(count - 1, 0, -1)]
        return cls((*earlier, replace(this, last=today)), zone)

    @classmethod
    def spanning(cls, first: date, last: date, zone: tzinfo) -> Period:
        """The weeks from `first` to `last`, the first and the last cut to them."""
        weeks = []
        day = first
        while day <= last:
            week = week_of(day)
            weeks.append(replace(week, first=max(week.first, first), last=min(week.last, last)))
            day = week.last + timedelta(days=1)
        return cls(tuple(weeks), zone)

    @property
    def first(self) -> date:
        return self.weeks[0].first

    @property
    def last(self) -> date:
        return self.weeks[-1].last

    @property
    def keys(self) -> list[str]:
        return [week.key for week in self.weeks]

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone)

    @property
    def end(self) -> datetime:
        """The moment after the period (excluded)."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone)

    def split(self, reports: Iterable[Tally]) -> tuple[list[Tally], list[Tally]]:
        """The reports of these weeks, and those of as many weeks before."""
        recent, earlier = set(self.keys), set(self.before().keys)
        reports = list(reports)
        return [r for r in reports if r.week in recent], [r for r in reports if r.week in earlier]

    def before(self) -> Period:
        """As many whole weeks, just before these."""
        start = week_of(self.first).first
        count = len(self.weeks)
        weeks = tuple(week_of(start - timedelta(weeks=back)) for back in range(count, 0, -1))
        return Period(weeks, self.zone)


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: what it counts, and its count in each week."""

    key: str  # a rumour id, or a district's or target group's stored name; or NEW, OTHER, UNSAID
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Trend:
    """A line of a breakdown (a rumour's id, a district's or target group's stored name, or
    UNSAID), reported `now` and in as many weeks `before`."""

    key: str
    now: int
    before: int
    by: Breakdown = Breakdown.RUMOUR


@dataclass(frozen=True)
class Activity:
    """What the agents did in a period, all together."""

    reports: int  # as filed
    counted: int  # one per agent, rumour and week
    weeks: int
    busiest_week: int  # the most reports counted in one week
    with_district: int  # of `reports`
    with_target: int
    matched: int  # counted reports of a known rumour, today
    languages: dict[str, int]


def distinct(reports: Iterable[Tally]) -> list[Tally]:
    """One report per agent, rumour and week: the first one. (A report of no rumour is keyed
    by its words too, `RumourReporting.agent_key`: an agent's new claims count apart.)"""
    seen: set[tuple[str, str | None, str]] = set()
    kept = []
    for report in reports:
        key = (report.agent_key, report.rumour_id, report.week)
        if key not in seen:
            seen.add(key)
            kept.append(report)
    return kept


def _other(found: str | None, not_rumour: str | None) -> str | None:
    """The rumour matched today, unless the agent said the report is not that one."""
    return None if found == not_rumour else found


class Barometer:
    def __init__(
        self,
        pack: ContentPack,
        lists: CityLists | None = None,
        rematch: Rematch | None = None,
        meanings: Meanings | None = None,
        *,
        zone: tzinfo,
    ) -> None:
        """`zone`: the city's, whose weeks reports are filed in (`RumourReporting`)."""
        self.pack = pack
        self.zone = zone
        self.rumours = {rumour.id: rumour for rumour in pack.rumours}
        self.lists = lists or CityLists(CityList(()), CityList(()))
        # Content does not change while the process runs: a text matches the same rumour.
        self._rematch = lru_cache(maxsize=20_000)(rematch) if rematch else None
        self.meanings = meanings

    def recent(self, count: int, now: datetime | None = None) -> Period:
        """The last `count` weeks of the city's calendar, up to today there."""
        today = (now or utcnow()).astimezone(self.zone).date()
        return Period.recent(today, count, self.zone)

    def emerging(self, reports: Sequence[RumourReport]) -> list[ReportCluster]:
        """Reports that match no rumour, even today, grouped by what they say (each alone
        without `meanings`), biggest group first."""
        again = self._rematch
        unmatched = [
            report
            for report in reports
            if report.rumour_id is None
            and report.text
            and (again is None or again(report.text, report.lang) in (None, report.not_rumour))
        ]
        if self.meanings is not None:
            return self.meanings.emerging(unmatched)
        return [ReportCluster((report,)) for report in unmatched]

    def cluster_of(self, reports: Sequence[RumourReport], report_id: int) -> ReportCluster | None:
        """The emerging cluster that holds report `report_id`, if it is still one."""
        return next(
            (c for c in self.emerging(reports) if any(r.id == report_id for r in c.reports)),
            None,
        )

    def resolve(self, reports: Iterable[Tally]) -> list[Tally]:
        """Reports as they count today: one that matched no rumour is matched again."""
        again = self._rematch
        if again is None:
            return list(reports)
        return [
            report._replace(rumour_id=_other(again(report.text, report.lang), report.not_rumour))
            if report.rumour_id is None and report.text
            else report
            for report in reports
        ]

    def lines(self, reports: Sequence[Tally], period: Period, by: Breakdown) -> list[Line]:
        """Counts per week of each line of a breakdown, in the order they are shown."""
        position = {key: i for i, key in enumerate(period.keys)}
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(position))
        for report in distinct(reports):
            if report.week in position:
                counts[self._key(report, by)][position[report.week]] += 1
        found = {key: tuple(week) for key, week in counts.items()}
        if by is Breakdown.RUMOUR:
            return self._top_rumours(found)
        order = self._listed(by).values
        keys = [key for key in order if key in found]
        keys += sorted(set(found) - {*order, UNSAID}, key=lambda key: (-sum(found[key]), key))
        keys += [UNSAID] if UNSAID in found else []
        return [Line(key, found[key]) for key in keys]

    def _key(self, report: Tally, by: Breakdown) -> str:
        if by is Breakdown.RUMOUR:
            return report.rumour_id or NEW
        return (report.district if by is Breakdown.DISTRICT else report.target) or UNSAID

    def _listed(self, by: Breakdown) -> CityList:
        return self.lists.districts if by is Breakdown.DISTRICT else self.lists.target_groups

    def _top_rumours(self, found: dict[str, tuple[int, ...]]) -> list[Line]:
        """The most reported rumours (ties in the content's order), the others as one line,
        and the new ones."""
        order = {rumour_id: i for i, rumour_id in enumerate(self.rumours)}
        known = sorted(
            (key for key in found if key != NEW),
            key=lambda key: (-sum(found[key]), order.get(key, len(order)), key),
        )
        lines = [Line(key, found[key]) for key in known[:TOP_RUMOURS]]
        rest = [found[key] for key in known[TOP_RUMOURS:]]
        if rest:
            lines.append(Line(OTHER, tuple(map(sum, zip(*rest, strict=True)))))
        if NEW in found:
            lines.append(Line(NEW, found[NEW]))
        return lines

    def trends(
        self, recent: Sequence[Tally], earlier: Sequence[Tally], by: Breakdown = Breakdown.RUMOUR
    ) -> list[Trend]:
        """The known rumours (or districts, or target groups) reported in `recent`, against
        `earlier`; most reported first, ties in the content's (or the list's) order, "not
        given" last."""
        order = list(self.rumours) if by is Breakdown.RUMOUR else list(self._listed(by).values)

        def counted(reports: Sequence[Tally]) -> Counter[str]:
            keys = (self._key(report, by) for report in distinct(reports))
            return Counter(k for k in keys if by is not Breakdown.RUMOUR or k in self.rumours)

        now, before = counted(recent), counted(earlier)

        def rank(key: str) -> tuple[int, bool, int, str]:
            listed = order.index(key) if key in order else len(order)
            return (-now[key], key == UNSAID, listed, key)

        return [Trend(key, now[key], before[key], by) for key in sorted(now, key=rank)]

    def activity(self, reports: Sequence[Tally], period: Period) -> Activity:
        keys = set(period.keys)
        filed = [report for report in reports if report.week in keys]
        counted = distinct(filed)
        per_week = Counter(report.week for report in counted)
        return Activity(
            reports=len(filed),
            counted=len(counted),
            weeks=len(period.weeks),
            busiest_week=max(per_week.values(), default=0),
            with_district=sum(1 for report in filed if report.district),
            with_target=sum(1 for report in filed if report.target),
            matched=sum(1 for report in counted if report.rumour_id in self.rumours),
            languages=dict(Counter(report.lang for report in filed).most_common()),
        )


def export_csv(reports: Iterable[RumourReport]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for report in reports:
        writer.writerow(
            [
                getattr(report, name) if getattr(report, name) is not None else ""
                for name in EXPORT_FIELDS
            ]
        )
    return buffer.getvalue()
