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
import re
from collections.abc import Callable
from pathlib import Path

from welcomebot.content.loader import load_content
from welcomebot.evaluation.queries import Query, load_queries
from welcomebot.evaluation.runner import GROUPS, Evaluation, matcher_rows
from welcomebot.matching.lexicon import load_lexicon
from welcomebot.matching.matcher import Matcher

EVAL = Path(__file__).resolve().parents[1] / "eval"
SEEDS = 3

# Ukrainian letters in Latin: the national standard (KMU 2010), which spells є ї й ю я at the
# start of a word as ye yi y yu ya and inside it as ie i i iu ia; informally, people write the
# word-initial forms everywhere and h for х. An apostrophe and the soft sign are dropped.
_STANDARD = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
    "ʼ": "",
}
_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_INFORMAL = {**_STANDARD, **_WORD_START, "х": "h"}


def to_latin(text: str, table: dict[str, str], word_start: dict[str, str]) -> str:
    def word(match: re.Match[str]) -> str:
        first, *rest = match.group(0).lower()
        start = word_start.get(first, table.get(first, first))
        return start + "".join(table.get(letter, letter) for letter in rest)

    return re.sub(r"[\w'’ʼ]+", word, text)


def with_typos(text: str, rng: random.Random) -> str:
    words = []
    for word in text.split():
        if len(word) >= 5 and rng.random() < 0.3:
            i, kind = rng.randrange(1, len(word) - 1), rng.random()
            if kind < 0.4:
                word = word[:i] + word[i + 1 :]
            elif kind < 0.7:
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            else:
                word = word[:i] + word[i] + word[i:]
        words.append(word)
    return " ".join(words)


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
        matcher, ukrainian, lambda q: to_latin(q.text, _STANDARD, _WORD_START)
    )
    runs["in Latin, informal"] = top_k(
        matcher, ukrainian, lambda q: to_latin(q.text, _INFORMAL, {})
    )

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
