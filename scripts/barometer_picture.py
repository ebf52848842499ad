"""The README's barometer chart: the demo content's rumours over the generated year of reports
the tests use (tests/fakes/reports.py), by rumour, the last 12 weeks, in English.

    PYTHONPATH=src:. .venv/bin/python scripts/barometer_picture.py [docs/images/barometer.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fakes.reports import a_year, as_rows
from welcomebot.app import build_barometer, load_knowledge
from welcomebot.config import load_settings
from welcomebot.domain.barometer import Breakdown
from welcomebot.i18n.plain import translations
from welcomebot.services.barometer_words import BarometerWords
from welcomebot.services.charts import chart_png
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import Tally

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "images" / "barometer.png"
    settings = load_settings(content_dir=REPO / "content")
    barometer = build_barometer(settings, load_knowledge(settings))
    now = utcnow().astimezone(settings.zone)  # the city's weeks, as the bot counts
    reports = barometer.resolve(
        Tally(r.rumour_id, r.week, r.agent_key, r.district, r.target, r.text, r.lang)
        for r in as_rows(a_year(), now)
    )
    period = barometer.recent(12, now)
    said = BarometerWords(translations("en"), "en", barometer)
    chart = said.chart(barometer.lines(reports, period, Breakdown.RUMOUR), period, Breakdown.RUMOUR)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(chart_png(chart))
    print(f"{out}: {chart.title}, {chart.subtitle}")


if __name__ == "__main__":
    main()
