"""Barometer build time for a year of reports at 200 a week, on SQLite.

Measures loading the reports from the database, counting them by week and category, the
trends, the emerging clusters and the PNG chart, separately and in all.

    python -m benchmarks.barometer [--per-week 200] [--weeks 52]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from welcomebot.app import build_app
from welcomebot.config import load_settings
from welcomebot.services.barometer import emerging, weeks_back
from welcomebot.services.reports import iso_week
from welcomebot.storage.models import RumourReport, utcnow
from welcomebot.storage.repositories import RumourReportRepository

REPO = Path(__file__).resolve().parents[1]


async def measure(per_week: int, weeks: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    app = build_app(load_settings(data_dir=folder, content_dir=REPO / "content"))
    rumours = [r.id for r in app.pack.rumours]
    rng, now = random.Random(1), utcnow()
    async with app.sessions() as session:
        for back in range(weeks):
            moment = now - timedelta(weeks=back)
            session.add_all(
                RumourReport(
                    rumour_id=rng.choice([*rumours, None]),
                    score=0.5,
                    text=f"report {back} {i} "
                    + rng.choice(["buses", "library", "market", "taxes"]),
                    lang="uk",
                    week=iso_week(moment),
                    agent_key=f"agent-{rng.randrange(60)}",
                    created=moment,
                )
                for i in range(per_week)
            )
        await session.commit()
    timings = {}
    start = time.perf_counter()
    async with app.sessions() as session:
        reports = await RumourReportRepository(session).tallies_since(now - timedelta(weeks=weeks))
    timings["load"] = time.perf_counter() - start
    week_list = weeks_back(now, weeks)
    mark = time.perf_counter()
    series = app.barometer.weekly(reports, week_list)
    app.barometer.trends(reports, now, weeks // 2)
    timings["count and trends"] = time.perf_counter() - mark
    mark = time.perf_counter()
    app.barometer.chart(series, week_list, {})
    timings["chart, first in the process (imports matplotlib)"] = time.perf_counter() - mark
    timings["total, first /barometer"] = time.perf_counter() - start
    mark = time.perf_counter()
    app.barometer.chart(series, week_list, {})
    timings["chart, warm"] = time.perf_counter() - mark
    timings["total, later /barometer"] = (
        timings["load"] + timings["count and trends"] + timings["chart, warm"]
    )
    mark = time.perf_counter()
    async with app.sessions() as session:
        recent = await RumourReportRepository(session).since(now - timedelta(days=14))
    emerging(recent)
    timings["emerging, last 14 days"] = time.perf_counter() - mark
    timings["reports"] = len(reports)
    await app.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-week", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    timings = asyncio.run(measure(args.per_week, args.weeks))
    print(f"{int(timings.pop('reports')):,} reports\n")
    print("| step | time |\n|---|---:|")
    for step, seconds in timings.items():
        print(f"| {step} | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
