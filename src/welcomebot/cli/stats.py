"""`welcomebot stats`: the monitoring figures of a period, counted without personal data."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.cli.days import day
from welcomebot.domain.times import weeks_back
from welcomebot.domain.usage import STATS_WEEKS
from welcomebot.errors import OperatorError

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.services.stats import Stats


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats",
        help="monitoring figures: questions, answers, votes, requests to a person, people, reports",
    )
    parser.add_argument(
        "--since",
        type=day,
        default=None,
        help=f"first day, YYYY-MM-DD (default: the Monday {STATS_WEEKS - 1} weeks before "
        "--until's week, as /stats shows)",
    )
    parser.add_argument("--until", type=day, default=None, help="last day (default: today)")
    parser.add_argument("--csv", type=Path, default=None, help="also write the figures as CSV")
    parser.add_argument("--chart", type=Path, default=None, help="also write the weekly PNG")
    parser.set_defaults(handler=run)


async def _stats(settings: Settings, start: date, until: date) -> Stats:
    from welcomebot.content.loader import load_checklist
    from welcomebot.services.stats import read_stats
    from welcomebot.storage import database

    steps = load_checklist(settings.content_dir)
    async with database.one_session(settings) as session:
        return await read_stats(session, settings.zone, start, until, steps)


def lines(stats: Stats) -> list[str]:
    def share(n: int) -> str:
        return f"{n} ({n / stats.questions:.0%})" if stats.questions else str(n)

    votes = stats.helpful + stats.not_helpful
    median = stats.median_reply_seconds
    out = [
        f"{stats.start.isoformat()} to {stats.until.isoformat()}",
        f"questions: {stats.questions}",
        f"  answered directly: {share(stats.answered)}",
        f"  answered through a suggestion: {share(stats.via_suggestion)}",
        f"  not answered: {share(stats.not_answered)}",
        f"helpful: {stats.helpful / votes:.0%} of {votes} votes" if votes else "helpful: no votes",
        f"requests to a person: {stats.tickets_opened} opened, {stats.tickets_reopened} reopened, "
        f"{stats.tickets_answered} answered, "
        f"{stats.tickets_closed} closed; median time to the first staff reply: "
        + (f"{round(median / 60)} min" if median is not None else "-"),
        "questions by topic and language:",
    ]
    for (topic, lang), n in sorted(stats.by_topic.items()):
        out.append(f"  {topic or '(no answer)'} {lang}: {n}")
    out.append("per week: questions, active people, rumour reports")
    out += [
        f"  {w.week}: {w.questions}, {w.active_people}, {w.rumour_reports}" for w in stats.weeks
    ]
    if stats.checklist is not None:
        out.append(
            "people who completed each first step, per week: " + ", ".join(stats.checklist.weeks)
        )
        out += [
            f"  {step.id}: " + ", ".join(map(str, stats.checklist.row(step.id)))
            for step in stats.checklist.steps
        ]
    return out


def run(args: argparse.Namespace) -> int:
    settings = args.settings
    until = args.until or datetime.now(settings.zone).date()
    start = args.since or weeks_back(until, STATS_WEEKS)
    if start > until:
        raise OperatorError("--since must not be after --until")
    stats = asyncio.run(_stats(settings, start, until))
    for line in lines(stats):
        print(line)
    try:
        if args.csv is not None:
            args.csv.write_text(stats.csv(), encoding="utf-8")
            print(f"CSV written to {args.csv}")
        if args.chart is not None:
            from welcomebot.services.stats import chart

            titles = {
                "questions": "questions",
                "active_people": "active people",
                "rumour_reports": "rumour reports",
            }
            args.chart.write_bytes(chart(stats, titles))
            print(f"chart written to {args.chart}")
    except OSError as error:
        raise OperatorError(f"{error.filename}: cannot write: {error.strerror}") from None
    return 0
