"""`welcomebot content gaps` and `content propose`: what use teaches the content. Gaps are
clusters of questions with no sure answer; proposals are new variants from confirmed pairs,
written for staff to review (the content is never changed)."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.cli.days import day
from welcomebot.errors import OperatorError
from welcomebot.i18n.quotes import quote

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.storage.models import ConfirmedPair, UnansweredQuestion

GAPS_DAYS = 30
PROPOSE_DAYS = 90


def add_parsers(sub: argparse._SubParsersAction) -> None:
    gaps = sub.add_parser(
        "gaps", help="questions with no sure answer, grouped into clusters, biggest first"
    )
    since_option(gaps, GAPS_DAYS)
    gaps.add_argument("--top", type=int, default=20, help="how many clusters (default 20)")
    gaps.set_defaults(handler=run_gaps)
    propose = sub.add_parser(
        "propose", help="new variants from confirmed pairs, as a YAML patch or a content copy"
    )
    since_option(propose, PROPOSE_DAYS)
    propose.add_argument(
        "--min-count",
        type=int,
        default=2,
        help="confirmations a message needs (default 2)",
    )
    where = propose.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, default=None, help="YAML patch file (default: stdout)")
    where.add_argument(
        "--copy", type=Path, default=None, help="write a copy of the content folder here instead"
    )
    propose.set_defaults(handler=run_propose)


def since_option(parser: argparse.ArgumentParser, days: int) -> None:
    parser.add_argument(
        "--since",
        type=day,
        default=None,
        help=f"YYYY-MM-DD (default: {days} days ago)",
    )


def _start(since: date | None, days: int) -> datetime:
    if since is None:
        return datetime.now(UTC) - timedelta(days=days)
    return datetime.combine(since, datetime.min.time(), tzinfo=UTC)


async def _questions(settings: Settings, start: datetime) -> list[UnansweredQuestion]:
    from welcomebot.storage import database
    from welcomebot.storage.repositories import UnansweredRepository

    async with database.one_session(settings) as session:
        return await UnansweredRepository(session).unsure_since(start)


async def _pairs(settings: Settings, start: datetime) -> list[ConfirmedPair]:
    from welcomebot.storage import database
    from welcomebot.storage.usage import PairRepository

    async with database.one_session(settings) as session:
        return await PairRepository(session).since(start)


def run_gaps(args: argparse.Namespace) -> int:
    from welcomebot.matching.analyzer import Analyzer
    from welcomebot.matching.lexicon_files import load_lexicon
    from welcomebot.services.gaps import find_gaps

    settings = args.settings
    lexicon, problems = load_lexicon(settings.content_dir)
    if problems:
        raise OperatorError("the lexicon has problems: run `welcomebot content check`")
    questions = asyncio.run(_questions(settings, _start(args.since, GAPS_DAYS)))
    gaps = find_gaps(Analyzer(lexicon), questions)[: max(1, args.top)]
    if not gaps:
        print("no questions without a sure answer in this period")
    for gap in gaps:
        languages = ", ".join(f"{lang} {n}" for lang, n in gap.languages.items())
        shown = f"; offered, not picked: {gap.shown}" if gap.shown else ""
        print(f"{gap.size:4d}  ({languages}{shown})")
        for example in gap.examples:
            print(f"      {quote(example, 'en')}")  # the command line speaks English
    return 0


def run_propose(args: argparse.Namespace) -> int:
    from welcomebot.app import load_knowledge
    from welcomebot.services.proposals import patch, propose, write_copy

    settings = args.settings
    if args.min_count < 1:
        raise OperatorError("--min-count must be at least 1")
    pairs = asyncio.run(_pairs(settings, _start(args.since, PROPOSE_DAYS)))
    knowledge = load_knowledge(settings)
    proposals = propose(knowledge.pack, knowledge.matcher, pairs, args.min_count)
    if args.copy is not None:
        if args.copy.exists():
            raise OperatorError(f"--copy {args.copy}: already exists; name a new folder")
        changed = write_copy(settings.content_dir, args.copy, proposals)
        print(f"{len(proposals)} new variants in {len(changed)} files of {args.copy}")
        return 0
    text = patch(proposals)
    if args.out is None:
        print(text, end="")
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OperatorError(f"--out {args.out}: cannot write: {error.strerror}") from None
    print(f"{len(proposals)} new variants from {len(pairs)} confirmed pairs written to {args.out}")
    return 0
