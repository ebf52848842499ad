"""Which reports the bot reads as threats of violence (`matching/threats.py`), on messages
written blind (`benchmarks/data/threats-held-out.jsonl`): per language, the threats caught and
the other reports (rumours that newcomers do harm, ordinary rumours, violent words said of
things) taken for threats. Prints a Markdown table.

    python -m benchmarks.threats [--content DIR] [--queries FILE]
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.held_out import arguments
from welcomebot.content.loader import load_content
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher
from welcomebot.matching.threats import ThreatDetector


def read_all(content: Path, queries: Path) -> Counter[tuple[str, bool, bool]]:
    """(language, labelled a threat, read as one) -> messages."""
    pack, _ = load_content(content)
    lexicon, _ = load_lexicon(content)
    threats = ThreatDetector(Matcher(pack.entries, pack.group_titles, lexicon=lexicon).analyzer)
    counts: Counter[tuple[str, bool, bool]] = Counter()
    for line in queries.read_text("utf-8").splitlines():
        if line.strip():
            message = json.loads(line)
            counts[message["lang"], message["threat"], threats.threatens(message["text"])] += 1
    return counts


def table(counts: Counter[tuple[str, bool, bool]]) -> str:
    rows = [
        "| lang | threats | caught | other reports | taken for threats |",
        "|---|---:|---:|---:|---:|",
    ]
    for lang in sorted({lang for lang, _, _ in counts}):
        caught, missed = counts[lang, True, True], counts[lang, True, False]
        false, right = counts[lang, False, True], counts[lang, False, False]
        rows.append(f"| {lang} | {caught + missed} | {caught} | {false + right} | {false} |")
    return "\n".join(rows)


def main() -> None:
    args = arguments(__doc__ or "", "benchmarks/data/threats-held-out.jsonl")
    print(table(read_all(args.content, args.queries)))


if __name__ == "__main__":
    main()
