"""Urgent recall: how many messages from people in danger get their urgent entry as a direct
answer, on both contents, and how many ordinary questions are taken for an emergency.

The messages are JSON Lines with `lang`, `category` (a danger signal, or "none") and `text`.
The default file was written blind for the tests; pass another with --messages (a held-out set
written by someone else) for the figure that counts. Prints a Markdown table; `--by-danger`
adds one by danger, and which reader raised each false alarm (a phrase or the classifier), so
that a held-out set shows where it fails without anyone reading its messages.

    python -m benchmarks.urgent [--messages FILE] [--by-danger]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from welcomebot.content.loader import load_content
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.services.answering import Responder, _for_newcomers
from welcomebot.services.urgent import UrgentEntries

REPO = Path(__file__).resolve().parents[1]
CONTENTS = {"demo": REPO / "content", "eval": REPO / "eval" / "content"}


def measure(folder: Path, messages: list[dict]) -> dict[str, Any]:
    pack, _ = load_content(folder)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=load_lexicon(folder)[0])
    urgent = UrgentEntries.load(pack, folder, matcher.analyzer)
    responder, mask = Responder(matcher, urgent), matcher.mask(_for_newcomers)
    right = offered = alarms = notes = 0
    by_danger: Counter[tuple[str, str]] = Counter()
    start = time.perf_counter()
    for message in messages:
        danger, _ = responder.read(message["text"])
        reply = responder.decide(matcher.match(message["text"], message["lang"], mask=mask), danger)
        category = message["category"]
        if category == "none":
            alarms += reply.urgent
            notes += reply.emergency_note
            if reply.urgent:
                by_danger[
                    "alarm", "a phrase" if danger.strong or danger.pressing else "the classifier"
                ] += 1
            continue
        expected = urgent.entry(category)
        answered = reply.urgent and reply.outcome is Outcome.ANSWER and reply.entry == expected
        right += answered
        offered += expected in reply.shown
        by_danger[category, "urgent"] += 1
        by_danger[category, "answered"] += answered
    urgent_count = sum(m["category"] != "none" for m in messages)
    share = (lambda n: f"{n / urgent_count:.3f}") if urgent_count else (lambda n: "-")
    return {
        "urgent": urgent_count,
        "answered": share(right),
        "shown": share(offered),
        "ordinary": len(messages) - urgent_count,
        "alarms": alarms,
        "notes": notes,
        "ms": (time.perf_counter() - start) * 1000 / len(messages),
        "by_danger": by_danger,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages", type=Path, default=REPO / "tests" / "data" / "urgent-messages.jsonl"
    )
    parser.add_argument("--by-danger", action="store_true", help="a table by danger too")
    args = parser.parse_args()
    messages = [json.loads(line) for line in args.messages.read_text().splitlines() if line]
    print(
        "| content | lang | urgent | answered with its entry | entry shown at all "
        "| ordinary | taken for an emergency | numbers added | ms a message |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    counts = {}
    for name, folder in CONTENTS.items():
        if not folder.is_dir():
            continue
        for lang in ("en", "uk"):
            found = measure(folder, [m for m in messages if m["lang"] == lang])
            counts[name, lang] = found["by_danger"]
            print(
                f"| {name} | {lang} | {found['urgent']} | {found['answered']} "
                f"| {found['shown']} | {found['ordinary']} | {found['alarms']} "
                f"| {found['notes']} | {found['ms']:.2f} |"
            )
    if args.by_danger:
        print_by_danger(counts)


def print_by_danger(counts: dict[tuple[str, str], Counter[tuple[str, str]]]) -> None:
    """Answered at once of each danger's messages, and the false alarms by their reader."""
    dangers = sorted({d for c in counts.values() for d, what in c if what == "urgent"})
    columns = [*dangers, "alarms by a phrase", "alarms by the classifier"]
    print("\n| content | lang | " + " | ".join(columns) + " |")
    print("|---|---|" + "---:|" * len(columns))
    for (name, lang), c in counts.items():
        cells = [f"{c[d, 'answered']} of {c[d, 'urgent']}" for d in dangers]
        cells += [str(c["alarm", "a phrase"]), str(c["alarm", "the classifier"])]
        print(f"| {name} | {lang} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
