"""`welcomebot rumours export|emerging|draft|report`: the anonymous report log, for staff and
the city council."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from welcomebot.cli.days import day
from welcomebot.errors import OperatorError

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.app import Knowledge
    from welcomebot.config import Settings
    from welcomebot.services.barometer import Barometer
    from welcomebot.services.clusters import ReportCluster
    from welcomebot.storage.models import RumourReport

REPORT_KINDS = (".pdf", ".png")
REPORT_CLUSTERS = 5


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("rumours", help="analyse anti-rumour reports")
    sub = parser.add_subparsers(dest="rumours_command", required=True)
    export = sub.add_parser("export", help="CSV of reports: one row a report, no ids")
    export.add_argument("--since", type=day, required=True, help="YYYY-MM-DD")
    export.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    export.set_defaults(handler=run_export)
    new = sub.add_parser("emerging", help="unanswered reports grouped by what they say")
    new.add_argument("--days", type=int, default=14, help="how far back (default 14)")
    new.set_defaults(handler=run_emerging)
    draft = sub.add_parser("draft", help="a new rumour's YAML skeleton from an emerging cluster")
    draft.add_argument("cluster", help="the cluster's number, as `emerging` shows it (#17 or 17)")
    draft.add_argument("--days", type=int, default=14, help="how far back (default 14)")
    draft.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    draft.set_defaults(handler=run_draft)
    report = sub.add_parser("report", help="the barometer on one page, for the city council")
    report.add_argument("--since", type=day, required=True, help="YYYY-MM-DD")
    report.add_argument("--until", type=day, required=True, help="YYYY-MM-DD")
    report.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.png")
    report.add_argument("--lang", default=None, help="en or uk (default: the bot's)")
    report.set_defaults(handler=run_report)


async def _reports_since(
    settings: Settings, start: datetime, end: datetime | None = None
) -> list[RumourReport]:
    from welcomebot.storage import database
    from welcomebot.storage.repositories import RumourReportRepository

    async with database.one_session(settings) as session:
        return await RumourReportRepository(session).since(start, end)


def _write(out: Path | None, data: str | bytes) -> None:
    """To `out`, or to stdout; a file that cannot be written is one line, exit 2."""
    if out is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
        return
    try:
        if isinstance(data, str):
            out.write_text(data, encoding="utf-8")
        else:
            out.write_bytes(data)
    except OSError as error:
        raise OperatorError(f"--out {out}: cannot write: {error.strerror}") from None


def run_export(args: argparse.Namespace) -> int:
    from welcomebot.services.barometer import export_csv

    start = datetime.combine(args.since, datetime.min.time(), tzinfo=args.settings.zone)
    reports = asyncio.run(_reports_since(args.settings, start))
    _write(args.out, export_csv(reports))
    if args.out is not None:
        print(f"{len(reports)} reports written to {args.out}")
    return 0


def _barometer(settings: Settings, known: Knowledge | None = None) -> Barometer:
    """The barometer over the content (building its matcher takes seconds)."""
    from welcomebot.app import build_barometer, load_knowledge

    return build_barometer(settings, known or load_knowledge(settings))


def _emerging(args: argparse.Namespace, known: Knowledge | None = None) -> list[ReportCluster]:
    from welcomebot.storage.models import utcnow

    barometer = _barometer(args.settings, known)
    start = utcnow() - timedelta(days=args.days)
    return barometer.emerging(asyncio.run(_reports_since(args.settings, start)))


def run_emerging(args: argparse.Namespace) -> int:
    """Biggest group first; "!" marks a threat of violence, which only a person can take to
    the police (reports are anonymous)."""
    from welcomebot.app import load_knowledge
    from welcomebot.matching.threats import ThreatDetector

    known = load_knowledge(args.settings)
    threats = ThreatDetector(known.matcher.analyzer)
    clusters = _emerging(args, known)
    if not clusters:
        print(f"no unanswered reports in the last {args.days} days")
    marked = [any(map(threats.threatens, cluster.said)) for cluster in clusters]
    for cluster, threat in zip(clusters, marked, strict=True):
        mark = "!" if threat else " "
        print(f"{cluster.size:4d} {mark}#{cluster.id:<6d} {' '.join(cluster.example.split())}")
    if any(marked):
        print("! a threat of violence: reports are anonymous, so only you can tell the police")
    return 0


def run_draft(args: argparse.Namespace) -> int:
    from welcomebot.services.rumour_draft import draft_yaml

    number = args.cluster.removeprefix("#")
    if not number.isdigit():
        raise OperatorError(f"cluster {args.cluster!r}: write its number, as `emerging` shows it")
    wanted = int(number)
    cluster = next((c for c in _emerging(args) if c.id == wanted), None)
    if cluster is None:
        raise OperatorError(
            f"no emerging cluster #{wanted} in the last {args.days} days: "
            "`welcomebot rumours emerging` lists them"
        )
    _write(args.out, draft_yaml(cluster))
    if args.out is not None:
        print(f"a new rumour drafted from {cluster.size} reports written to {args.out}")
    return 0


async def _council_page(
    settings: Settings, since: date, until: date, lang: str, kind: Literal["pdf", "png"]
) -> bytes:
    from welcomebot.i18n.plain import translations
    from welcomebot.services.barometer import Period
    from welcomebot.services.barometer_words import BarometerWords
    from welcomebot.services.council import council_page
    from welcomebot.storage import database
    from welcomebot.storage.models import utcnow
    from welcomebot.storage.repositories import RumourReportRepository, UserRepository

    barometer = _barometer(settings)
    said = BarometerWords(translations(lang), lang, barometer)
    period = Period.spanning(since, until, settings.zone)
    made = utcnow().astimezone(settings.zone).date()
    async with database.one_session(settings) as session:
        reports, users = RumourReportRepository(session), UserRepository(session)
        return await council_page(barometer, reports, users, said, period, kind, made)


def run_report(args: argparse.Namespace) -> int:
    kind = args.out.suffix.lower()
    if kind not in REPORT_KINDS:
        raise OperatorError(f"--out {args.out}: name a .pdf or a .png file")
    if args.until < args.since:
        raise OperatorError("--until is before --since")
    lang = args.lang or args.settings.default_language
    if lang not in ("en", "uk"):
        raise OperatorError(f"--lang {lang}: en or uk")
    page = asyncio.run(_council_page(args.settings, args.since, args.until, lang, kind[1:]))
    _write(args.out, page)
    print(f"the barometer of {args.since} to {args.until} written to {args.out}")
    return 0
