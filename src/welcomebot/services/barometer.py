"""The rumour barometer: what agents reported, where, rising or falling, and what is new.

Counts are of distinct (agent, rumour, week) keys, so one agent repeating a rumour in a week
counts once. Nothing here knows who an agent is.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from welcomebot.content.models import ContentPack, Rumour
from welcomebot.matching.text import normalize
from welcomebot.services.reports import iso_week
from welcomebot.storage.models import RumourReport, UnansweredQuestion
from welcomebot.storage.repositories import Tally

NEW = "new"  # the category of reports that match no rumour yet
EXPORT_FIELDS = ("week", "rumour_id", "score", "text", "place", "district", "target", "lang")


@dataclass(frozen=True)
class Trend:
    rumour: Rumour
    now: int
    before: int


@dataclass(frozen=True)
class Cluster:
    size: int
    example: str


def weeks_back(now: datetime, weeks: int) -> list[str]:
    """The ISO weeks of the last `weeks` weeks, oldest first, ending with this one."""
    return [iso_week(now - timedelta(weeks=back)) for back in range(weeks - 1, -1, -1)]


def distinct(reports: Iterable[Tally]) -> list[Tally]:
    """One report per agent, rumour and week: the first one."""
    seen: set[tuple[str, str | None, str]] = set()
    kept = []
    for report in reports:
        key = (report.agent_key, report.rumour_id, report.week)
        if key not in seen:
            seen.add(key)
            kept.append(report)
    return kept


class Barometer:
    def __init__(self, pack: ContentPack) -> None:
        self.pack = pack
        self.category = {r.id: r.group for r in pack.rumours}

    def weekly(self, reports: Sequence[Tally], weeks: list[str]) -> dict[str, list[int]]:
        """Counts per category (and "new") for each week, in the order of `weeks`."""
        position = {week: i for i, week in enumerate(weeks)}
        series: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
        for report in distinct(reports):
            if report.week in position:
                category = self.category.get(report.rumour_id or "", NEW)
                series[category][position[report.week]] += 1
        return dict(series)

    def trends(self, reports: Sequence[Tally], now: datetime, weeks: int) -> list[Trend]:
        """Rumours of the last `weeks` weeks against the `weeks` before, most reported first."""
        recent = set(weeks_back(now, weeks))
        earlier = set(weeks_back(now - timedelta(weeks=weeks), weeks))
        counts_now: Counter[str] = Counter()
        counts_before: Counter[str] = Counter()
        for report in distinct(reports):
            if report.rumour_id in self.category:
                if report.week in recent:
                    counts_now[report.rumour_id] += 1
                elif report.week in earlier:
                    counts_before[report.rumour_id] += 1
        return [
            Trend(self.pack.by_id[rumour_id], count, counts_before[rumour_id])  # type: ignore[arg-type]
            for rumour_id, count in counts_now.most_common()
        ]

    def chart(
        self, series: dict[str, list[int]], weeks: list[str], titles: dict[str, str]
    ) -> bytes:
        """A stacked bar chart of reports per week by category, as PNG bytes."""
        import matplotlib

        matplotlib.use("Agg")  # no screen on a server
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        figure = Figure(figsize=(8, 4.5), dpi=100)
        axes = figure.subplots()
        bottom = [0] * len(weeks)
        for category, counts in sorted(series.items()):
            axes.bar(weeks, counts, bottom=bottom, label=titles.get(category, category))
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        axes.set_ylabel(titles.get("_y", "reports"))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # reports are whole numbers
        axes.tick_params(axis="x", labelrotation=45, labelsize=8)
        if series:
            axes.legend(fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()


def emerging(reports: Sequence[RumourReport], similarity: float = 60.0) -> list[Cluster]:
    """Report texts that matched no rumour, grouped by likeness, biggest first."""
    return by_likeness([r.text for r in reports if r.rumour_id is None and r.text], similarity)


def unanswered(questions: Sequence[UnansweredQuestion]) -> list[Cluster]:
    """Questions no content answered, grouped by likeness: what staff could write next."""
    return by_likeness([q.text for q in questions])


def by_likeness(texts: Sequence[str], similarity: float = 60.0) -> list[Cluster]:
    """Texts grouped by likeness (rapidfuzz on normalised text), biggest group first.

    Greedy leader clustering: each text joins the first group whose leader it resembles.
    """
    texts = [normalize(text) for text in texts]
    leaders: list[str] = []
    members: list[list[str]] = []
    for text in texts:
        found = process.extractOne(
            text, leaders, scorer=fuzz.token_set_ratio, score_cutoff=similarity
        )
        if found is None:
            leaders.append(text)
            members.append([text])
        else:
            members[found[2]].append(text)
    clusters = [Cluster(len(group), group[0]) for group in members]
    return sorted(clusters, key=lambda c: -c.size)


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
