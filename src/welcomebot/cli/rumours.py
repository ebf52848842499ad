"""`welcomebot rumours export|emerging`: the anonymous report log, for staff analysis."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.errors import OperatorError

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.storage.models import RumourReport


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("rumours", help="analyse anti-rumour reports")
    sub = parser.add_subparsers(dest="rumours_command", required=True)
    export = sub.add_parser("export", help="CSV of reports: one row a report, no ids")
    export.add_argument("--since", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    export.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    export.set_defaults(handler=run_export)
    new = sub.add_parser("emerging", help="unanswered reports grouped by likeness")
    new.add_argument("--days", type=int, default=14, help="how far back (default 14)")
    new.set_defaults(handler=run_emerging)


async def _reports_since(settings: Settings, start: datetime) -> list[RumourReport]:
    from welcomebot.storage import database
    from welcomebot.storage.repositories import RumourReportRepository

    async with database.one_session(settings) as session:
        return await RumourReportRepository(session).since(start)


def run_export(args: argparse.Namespace) -> int:
    from welcomebot.services.barometer import export_csv

    start = datetime.combine(args.since, datetime.min.time(), tzinfo=UTC)
    reports = asyncio.run(_reports_since(args.settings, start))
    text = export_csv(reports)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OperatorError(f"--out {args.out}: cannot write: {error.strerror}") from None
    print(f"{len(reports)} reports written to {args.out}")
    return 0


def run_emerging(args: argparse.Namespace) -> int:
    from welcomebot.services.barometer import emerging
    from welcomebot.storage.models import utcnow

    reports = asyncio.run(_reports_since(args.settings, utcnow() - timedelta(days=args.days)))
    clusters = emerging(reports)
    if not clusters:
        print(f"no unanswered reports in the last {args.days} days")
    for cluster in clusters:
        print(f"{cluster.size:4d}  {cluster.example}")
    return 0
