"""How the matcher holds up when the dev queries are typed worse than they were written.

Each Ukrainian query is also typed in Latin letters (the national standard, KMU 2010, and the
informal spelling people use in chats), and every query is given typos: in three of ten words
of five letters or more, a letter dropped, two swapped or one doubled (three seeds, averaged).
Held-out queries are written by other people, so this says how much of the dev figures rests
on clean spelling. Prints a Markdown table of top-1 / top-3.

    python -m benchmarks.robustness [--content DIR] [--queries FILE]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

from welcomebot.content.loader import load_content
from welcomebot.evaluation.queries import Query, load_queries
from welcomebot.evaluation.runner import GROUPS, Evaluation, matcher_rows
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher
from welcomebot.matching.noise import INFORMAL, STANDARD, WORD_START, to_latin, with_typos

EVAL = Path(__file__).resolve().parents[1] / "eval"
SEEDS = 3


def top_k(matcher: Matcher, queries: list[Query], typed: Callable[[Query], str]) -> dict:
    rows = matcher_rows(matcher, [q.model_copy(update={"text": typed(q)}) for q in queries])
    return {(g["kind"], g["lang"]): g for g in Evaluation(rows, {}).report()["results"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=EVAL / "content")
    parser.add_argument("--queries", type=Path, default=EVAL / "queries-dev.jsonl")
    args = parser.parse_args()
    pack, _ = load_content(args.content)
    lexicon, _ = load_lexicon(args.content)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    queries = [q for q in load_queries(args.queries) if q.expect is not None]
    ukrainian = [q for q in queries if q.lang == "uk"]

    runs = {"as written": top_k(matcher, queries, lambda q: q.text)}
    typo_runs = [
        top_k(matcher, queries, lambda q, s=seed: with_typos(q.text, random.Random(f"{s}{q.id}")))
        for seed in range(SEEDS)
    ]
    runs["with typos"] = {
        group: {k: sum(r[group][k] for r in typo_runs) / SEEDS for k in ("top1", "top3")}
        for group in typo_runs[0]
    }
    runs["in Latin, KMU 2010"] = top_k(
        matcher, ukrainian, lambda q: to_latin(q.text, STANDARD, WORD_START)
    )
    runs["in Latin, informal"] = top_k(matcher, ukrainian, lambda q: to_latin(q.text, INFORMAL, {}))

    names = [f"{kind} {lang}" for kind, lang in GROUPS]
    print("| typed | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for name, groups in runs.items():
        cells = [
            f"{groups[g]['top1']:.3f} / {groups[g]['top3']:.3f}" if g in groups else ""
            for g in GROUPS
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
