"""Urgent recall: how many messages from people in danger get their urgent entry as a direct
answer, on both contents, and how many ordinary questions are taken for an emergency.

The messages are JSON Lines with `lang`, `category` (a danger signal, or "none") and `text`.
The default file was written blind for the tests; pass another with --messages (a held-out set
written by someone else) for the figure that counts. Prints a Markdown table.

    python -m benchmarks.urgent [--messages FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from welcomebot.content.loader import load_content
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.services.answering import Responder, _for_newcomers
from welcomebot.services.urgent import UrgentEntries

REPO = Path(__file__).resolve().parents[1]
CONTENTS = {"demo": REPO / "content", "eval": REPO / "eval" / "content"}


def measure(folder: Path, messages: list[dict]) -> dict[str, float | int | str]:
    pack, _ = load_content(folder)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=load_lexicon(folder)[0])
    urgent = UrgentEntries.load(pack, folder, matcher.analyzer)
    responder, mask = Responder(matcher, urgent), matcher.mask(_for_newcomers)
    right = offered = alarms = notes = 0
    start = time.perf_counter()
    for message in messages:
        danger, _ = responder.read(message["text"])
        reply = responder.decide(matcher.match(message["text"], message["lang"], mask=mask), danger)
        if message["category"] == "none":
            alarms += reply.urgent
            notes += reply.emergency_note
            continue
        expected = urgent.entry(message["category"])
        right += reply.urgent and reply.outcome is Outcome.ANSWER and reply.entry == expected
        offered += expected in reply.shown
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
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages", type=Path, default=REPO / "tests" / "data" / "urgent-messages.jsonl"
    )
    args = parser.parse_args()
    messages = [json.loads(line) for line in args.messages.read_text().splitlines() if line]
    print(
        "| content | lang | urgent | answered with its entry | entry shown at all "
        "| ordinary | taken for an emergency | numbers added | ms a message |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, folder in CONTENTS.items():
        if not folder.is_dir():
            continue
        for lang in ("en", "uk"):
            found = measure(folder, [m for m in messages if m["lang"] == lang])
            print(
                f"| {name} | {lang} | {found['urgent']} | {found['answered']} "
                f"| {found['shown']} | {found['ordinary']} | {found['alarms']} "
                f"| {found['notes']} | {found['ms']:.2f} |"
            )


if __name__ == "__main__":
    main()
