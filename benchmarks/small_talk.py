"""What small talk the bot recognises, on messages written blind
(`benchmarks/data/small-talk-held-out.jsonl`): each message read as the bot reads a
newcomer's, the danger check first. Per labelled kind and language: how many get their kind,
another kind, or go on to the matcher; of the messages that are not only small talk, how many
were taken for it (the costly mistake: a question or a danger answered "Goodbye!"). Prints a
Markdown table.

    python -m benchmarks.small_talk [--content DIR] [--queries FILE]
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.held_out import arguments
from welcomebot.content.loader import load_content
from welcomebot.matching.matcher import Matcher
from welcomebot.services.answering import Responder
from welcomebot.services.urgent import UrgentEntries

NONE = "none"


def read_all(content: Path, queries: Path) -> Counter[tuple[str, str, str]]:
    """(labelled kind, language, kind read) -> messages."""
    pack, _ = load_content(content)
    matcher = Matcher(pack.entries, pack.group_titles)
    responder = Responder(matcher, UrgentEntries.load(pack, content, matcher.analyzer))
    counts: Counter[tuple[str, str, str]] = Counter()
    for line in queries.read_text("utf-8").splitlines():
        if line.strip():
            message = json.loads(line)
            _, said = responder.read(message["text"])
            counts[message["kind"], message["lang"], NONE if said is None else said.kind] += 1
    return counts


def table(counts: Counter[tuple[str, str, str]]) -> str:
    rows = [
        "| kind | lang | messages | read as labelled | another kind | small talk missed |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind, lang in sorted({(k, lang) for k, lang, _ in counts}, key=lambda g: (g[0] == NONE, g)):
        read = {got: n for (k, la, got), n in counts.items() if (k, la) == (kind, lang)}
        total, right = sum(read.values()), read.get(kind, 0)
        missed = 0 if kind == NONE else read.get(NONE, 0)
        rows.append(
            f"| {kind} | {lang} | {total} | {right} | {total - right - missed} | {missed} |"
        )
    return "\n".join(rows)


def main() -> None:
    args = arguments(__doc__ or "", "benchmarks/data/small-talk-held-out.jsonl")
    print(table(read_all(args.content, args.queries)))


if __name__ == "__main__":
    main()
