"""`welcomebot checklist stats`: how many people completed each first step, per week. Counts
only: staff never see whose list is whose."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.services.checklist import StepCounts


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("checklist", help="the arrival checklist, for staff")
    actions = parser.add_subparsers(dest="action", required=True)
    stats = actions.add_parser("stats", help="people who completed each step, per week")
    stats.add_argument("--weeks", type=int, default=4, help="how many weeks (default 4)")
    stats.set_defaults(handler=run)


async def _counts(settings: Settings, weeks: int) -> StepCounts:
    from welcomebot.content.loader import load_checklist
    from welcomebot.services.checklist import completed_per_week
    from welcomebot.storage import database
    from welcomebot.storage.models import utcnow

    steps = load_checklist(settings.content_dir)
    async with database.one_session(settings) as session:
        return await completed_per_week(session, steps, weeks, utcnow().astimezone(settings.zone))


def table(counts: StepCounts) -> str:
    from welcomebot.content.models import pick

    width = max([4, *(len(step.id) for step in counts.steps)])
    lines = [f"{'step':<{width}}  " + "  ".join(f"{w:>8}" for w in counts.weeks) + "     all"]
    for step in counts.steps:
        row = counts.row(step.id)
        cells = "  ".join(f"{n:>8}" for n in row)
        lines.append(f"{step.id:<{width}}  {cells}  {sum(row):>6}  {pick(step.title, 'en')}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from welcomebot.config import ConfigError

    if not 1 <= args.weeks <= 520:
        raise ConfigError("--weeks: between 1 and 520")
    counts = asyncio.run(_counts(args.settings, args.weeks))
    if not counts.steps:
        print("the content has no checklist.yaml")
        return 0
    print(table(counts))
    return 0
