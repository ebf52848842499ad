"""A generated year of anti-rumour reports whose every count is known beforehand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from welcomebot.domain.times import iso_week
from welcomebot.storage.models import RumourReport

DISTRICTS = ("Old Town", "Harbour", "Riverside", "North Hill", None)
TARGETS = ("Ukrainians", "refugees in general", "Roma", "Muslims", "other", None)

# How many agents report each rumour `weeks_ago` weeks ago, in the content's order.
AGENTS: dict[str, Callable[[int], int]] = {
    "rumour-jobs": lambda b: max(1, 8 - b),  # rising: 1 a week, then 5, 6, 7, 8
    "rumour-benefits": lambda b: 2 + b % 3,
    "rumour-crime": lambda b: 2,
    "rumour-no-taxes": lambda b: 1 - b % 2,
    "rumour-housing-priority": lambda b: 3 if b < 4 else 0,  # new these four weeks
    "rumour-diseases": lambda b: 1 if b % 4 == 0 else 0,
    "rumour-trip-lose-status": lambda b: 1,
}
NEW_TEXTS = {0: ["the council will paint every bus green", "buses will all be painted green"]}
NEW_TEXTS[1] = ["the library will close on sundays"]
WEEKS = 52


@dataclass(frozen=True)
class Filed:
    """One report as generated: who filed it (an agent's number), when, and its context."""

    rumour_id: str | None
    weeks_ago: int
    agent: int
    district: str | None
    target: str | None
    repeat: bool = False  # the same agent, rumour and week again: it counts once


def a_year() -> list[Filed]:
    filed = []
    for weeks_ago in range(WEEKS):
        for i, (rumour_id, agents) in enumerate(AGENTS.items()):
            for agent in range(agents(weeks_ago)):
                district = DISTRICTS[(agent + i + weeks_ago) % len(DISTRICTS)]
                target = TARGETS[(agent + weeks_ago) % len(TARGETS)]
                filed.append(Filed(rumour_id, weeks_ago, agent, district, target))
        # Agent 0 reports the jobs rumour twice a week, the second time from the harbour.
        filed.append(Filed("rumour-jobs", weeks_ago, 0, "Harbour", None, repeat=True))
    for weeks_ago, texts in NEW_TEXTS.items():
        filed += [Filed(None, weeks_ago, 100 + n, None, None) for n in range(len(texts))]
    return filed


def as_rows(filed: list[Filed], now: datetime) -> list[RumourReport]:
    """Rows filed early on the Monday of their week (in `now`'s zone), repeats a minute later."""
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=1, second=0)
    rows, texts = [], {key: list(value) for key, value in NEW_TEXTS.items()}
    for n, report in enumerate(filed):
        moment = monday - timedelta(weeks=report.weeks_ago) + timedelta(minutes=report.repeat)
        week = iso_week(moment)
        rows.append(
            RumourReport(
                rumour_id=report.rumour_id,
                score=0.9 if report.rumour_id else 0.1,
                text=texts[report.weeks_ago].pop(0) if report.rumour_id is None else f"heard {n}",
                district=report.district,
                target=report.target,
                lang="uk" if report.agent % 3 == 2 else "en",
                week=week,
                agent_key=f"agent-{report.agent}-{report.rumour_id}-{week}",
                created=moment,
            )
        )
    return rows
