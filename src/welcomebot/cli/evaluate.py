"""`welcomebot eval`: figures for the matcher and both baselines, side by side."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.errors import OperatorError

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.matching.reranker import Reranker

COLUMNS = [
    "n_in",
    "n_oos",
    "top1",
    "top3",
    "mrr",
    "answer_precision",
    "oos_abstain",
    "false_abstain",
    "p50_ms",
    "p99_ms",
]
# What a person gets: shares of in-scope, then of out-of-scope messages.
PERSON_COLUMNS = [
    "answered_right",
    "answered_wrong",
    "suggest_right",
    "suggest_wrong",
    "nothing",
    "oos_answered",
    "oos_suggested",
    "oos_clean",
]


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="measure answer quality on labelled queries")
    parser.add_argument("--content", type=Path, required=True, help="content folder")
    parser.add_argument("--queries", type=Path, required=True, help="JSON Lines queries")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--report", action="store_true", help="also list the confusions")
    parser.add_argument(
        "--outcomes",
        type=Path,
        help="write one JSON line per query: its outcome, the entries shown, the scores",
    )
    parser.add_argument(
        "--decision",
        choices=["fitted", "thresholds"],
        default="fitted",
        help="decide as the bot does by default, with the decision fitted for the content "
        "(cached), or with the matcher's hand-set thresholds alone (WELCOMEBOT_DECISION)",
    )
    parser.add_argument(
        "--reranker-model",
        type=Path,
        help="also measure the matcher with this local sentence-transformers model reranking",
    )
    parser.add_argument(
        "--reranker-languages",
        default="en",
        help="comma-separated languages the model serves (default: en)",
    )
    parser.set_defaults(handler=run)


def _table(title: str, rows: list[dict], columns: list[str] = COLUMNS) -> str:
    head = f"{'kind':<7}{'lang':<5}" + "".join(f"{c:>17}" for c in columns)
    lines = [title, head]
    for row in rows:
        cells = "".join(f"{'-' if row[c] is None else row[c]:>17}" for c in columns)
        lines.append(f"{row['kind']:<7}{row['lang']:<5}{cells}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from welcomebot.evaluation.runner import evaluate

    reranker = _reranker(args)
    result = evaluate(
        args.content,
        args.queries,
        reranker,
        fitted=args.decision == "fitted",
        cache_dir=args.settings.decision_cache,
    )
    report = result.report()
    if args.report:
        report["confusions"] = result.confusions()
    if args.outcomes is not None:
        _write_outcomes(args.outcomes, result.outcomes())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    _print_tables(report, reranker)
    if args.report:
        _print_confusions(report["confusions"])
    return 0


def _reranker(args: argparse.Namespace) -> Reranker | None:
    from welcomebot.matching.reranker import Reranker

    if args.reranker_model is None:
        return None
    languages = [lang.strip() for lang in args.reranker_languages.split(",") if lang.strip()]
    return Reranker(args.reranker_model, languages, "--reranker-model")


def _write_outcomes(path: Path, outcomes: Iterable[dict]) -> None:
    try:
        with path.open("w", encoding="utf-8") as handle:
            for line in outcomes:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError as error:
        raise OperatorError(f"--outcomes {path}: cannot write: {error}") from error


def _print_tables(report: dict, reranker: Reranker | None) -> None:
    print(_table("welcomebot matcher", report["results"]))
    print()
    print(_table("what a person gets (shares)", report["results"], PERSON_COLUMNS))
    if "reranked" in report and reranker is not None:
        print()
        print(_table(f"welcomebot matcher + reranker ({reranker.name})", report["reranked"]))
    for name, rows in report["baselines"].items():
        print()
        print(_table(f"baseline: {name} (own best threshold)", rows))


def _print_confusions(confusions: list[dict]) -> None:
    print("\nconfusions (expected -> answered: query)")
    for c in confusions:
        mark = "ANSWERED" if c["confident"] else "ranked"
        print(
            f"  [{c['kind']}/{c['lang']}] {c['expected']} -> {c['answered']} ({mark}): {c['text']}"
        )
