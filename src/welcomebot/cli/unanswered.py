"""`welcomebot unanswered`: what newcomers asked that no content answers, to write it next."""

from __future__ import annotations

import argparse
import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.services.clusters import Cluster


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "unanswered", help="questions the bot could not answer, grouped by likeness"
    )
    parser.add_argument("--days", type=int, default=30, help="how far back (default 30)")
    parser.set_defaults(handler=run)


async def _groups(settings: Settings, days: int) -> list[Cluster]:
    from welcomebot.services.clusters import unanswered
    from welcomebot.storage import database
    from welcomebot.storage.models import utcnow
    from welcomebot.storage.repositories import UnansweredRepository

    async with database.one_session(settings) as session:
        questions = await UnansweredRepository(session).since(utcnow() - timedelta(days=days))
    return unanswered(questions)


def run(args: argparse.Namespace) -> int:
    groups = asyncio.run(_groups(args.settings, args.days))
    if not groups:
        print(f"no unanswered questions in the last {args.days} days")
    for group in groups:
        print(f"{group.size:4d}  {group.example}")
    return 0
