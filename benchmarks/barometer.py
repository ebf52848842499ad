"""Barometer build time for a year of reports at 200 a week, on SQLite.

Measures loading the reports of half the weeks and as many before, matching again those that
matched no rumour, counting them by week and by rumour, district and target, the trends, the
emerging clusters and the PNG chart, separately and in all.

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
from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.times import iso_week
from welcomebot.i18n.plain import translations
from welcomebot.services.barometer_words import BarometerWords
from welcomebot.services.charts import chart_png
from welcomebot.storage.models import RumourReport, utcnow
from welcomebot.storage.repositories import RumourReportRepository

REPO = Path(__file__).resolve().parents[1]


async def measure(per_week: int, weeks: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    app = build_app(load_settings(data_dir=folder, content_dir=REPO / "content"))
    rumours = [r.id for r in app.pack.rumours]
    rng, now = random.Random(1), utcnow().astimezone(app.settings.zone)
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
                    district=rng.choice(["Old Town", "Harbour", None]),
                    target=rng.choice(["Roma", "Muslims", None]),
                    week=iso_week(moment),
                    agent_key=f"agent-{rng.randrange(60)}",
                    created=moment,
                )
                for i in range(per_week)
            )
        await session.commit()
    timings = {}
    start = time.perf_counter()
    period = app.barometer.recent(weeks // 2, now)
    async with app.sessions() as session:
        found = await RumourReportRepository(session).tallies_since(period.before().start)
    timings["load"] = time.perf_counter() - start
    mark = time.perf_counter()
    reports = app.barometer.resolve(found)
    timings["re-match the unmatched, first in the process"] = time.perf_counter() - mark
    mark = time.perf_counter()
    said = BarometerWords(translations("en"), "en", app.barometer)
    lines = {by: app.barometer.lines(reports, period, by) for by in Breakdown}
    app.barometer.trends(*period.split(reports))
    timings["count by rumour, district and target; trends"] = time.perf_counter() - mark
    chart = said.chart(lines[Breakdown.RUMOUR], period, Breakdown.RUMOUR)
    mark = time.perf_counter()
    chart_png(chart)
    timings["chart, first in the process (imports matplotlib)"] = time.perf_counter() - mark
    timings["total, first /barometer"] = time.perf_counter() - start
    mark = time.perf_counter()
    app.barometer.resolve(found)
    timings["re-match, warm (cached)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    chart_png(chart)
    timings["chart, warm"] = time.perf_counter() - mark
    timings["total, later /barometer"] = (
        timings["load"]
        + timings["re-match, warm (cached)"]
        + timings["count by rumour, district and target; trends"]
        + timings["chart, warm"]
    )
    mark = time.perf_counter()
    async with app.sessions() as session:
        recent = await RumourReportRepository(session).since(now - timedelta(days=14))
    app.barometer.emerging(recent)
    timings["emerging clusters by meaning, last 14 days"] = time.perf_counter() - mark
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
