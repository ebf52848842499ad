"""Matcher latency and index build time at 100, 1,000 and 10,000 generated entries.

The decision fitted for the content (`matching/decision.py`) is fitted once per size and then
decides each message, as in the bot (`--thresholds`: the hand-set thresholds instead). Latency is
one message at a time; the last column is the cost per message when 100 arrive
together and are ranked in one pass (`Matcher.match_many`), as the bot does with the updates
of one polling batch.

Entries are generated from the words of the demo and eval content (both languages), so the
vocabulary grows with the number of entries as real content would; queries are the dev
queries' texts, used only as realistic load. Prints a Markdown table.

    python -m benchmarks.matching [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np

from welcomebot.content.loader import load_content
from welcomebot.content.models import FaqEntry
from welcomebot.matching.decision import fit
from welcomebot.matching.matcher import Matcher
from welcomebot.matching.text import tokenize

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval"


def word_pools() -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"en": [], "uk": []}
    for folder in (REPO / "content", EVAL / "content"):
        if not folder.exists():
            continue
        pack, _ = load_content(folder)
        for entry in pack.entries:
            for lang in pools:
                text = " ".join([entry.headline.get(lang, ""), entry.body.get(lang, "")])
                pools[lang] += tokenize(text)
    return pools


BATCH = 100  # updates per getUpdates


def generate(n: int, pools: dict[str, list[str]], seed: int = 7) -> list[FaqEntry]:
    rng = random.Random(seed)

    def words(lang: str, k: int) -> str:
        return " ".join(rng.choices(pools[lang], k=k))

    def variant(question: str, lang: str) -> str:
        # A rephrasing: some of the question's words and some others, as content staff write
        # them (the decision fitted on the content needs variants that can find their entry).
        said = question.rstrip("?").split()
        return " ".join([*rng.sample(said, k=min(3, len(said))), words(lang, rng.randint(1, 3))])

    entries = []
    for i in range(n):
        question = {lang: words(lang, rng.randint(5, 10)) + "?" for lang in pools}
        entries.append(
            FaqEntry(
                id=f"gen-{i}",
                group=f"topic-{i % 12}",
                question=question,
                variants={
                    lang: [variant(question[lang], lang) for _ in range(2)] for lang in pools
                },
                answer={lang: words(lang, rng.randint(40, 80)) for lang in pools},
            )
        )
    return entries


def queries() -> list[str]:
    path = EVAL / "queries-dev.jsonl"
    if path.exists():
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return ["how do I find a family doctor", "де знайти стоматолога", "dopomoha na dytynu"]


def measure(
    n: int, pools: dict[str, list[str]], texts: list[str], fitted: bool = True
) -> dict[str, float]:
    entries = generate(n, pools)
    start = time.perf_counter()
    matcher = Matcher(entries)
    build_s = time.perf_counter() - start
    fit_s = cpu_s = float("nan")
    if fitted:
        # As the bot decides: with the decision fitted for the content (not cached here).
        start, cpu = time.perf_counter(), time.process_time()
        matcher.decision = fit(matcher, {}, matcher.analyzer.lexicon)
        fit_s, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    for text in texts[:20]:  # warm caches the way a running bot has them
        matcher.match(text, "en")
    times = []
    for text in texts:
        start = time.perf_counter()
        matcher.match(text, "en")
        times.append((time.perf_counter() - start) * 1000)
    batches = [texts[i : i + BATCH] for i in range(0, len(texts) - BATCH + 1, BATCH)]
    start = time.perf_counter()
    for batch in batches:
        matcher.match_many(batch, ["en"] * len(batch))
    batched_ms = (time.perf_counter() - start) * 1000 / (len(batches) * BATCH)
    return {
        "entries": n,
        "build_s": build_s,
        "fit_s": fit_s,
        "fit_cpu_s": cpu_s,
        "p50_ms": float(np.percentile(times, 50)),
        "p99_ms": float(np.percentile(times, 99)),
        "mean_ms": statistics.fmean(times),
        "batched_ms": batched_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--thresholds", action="store_true", help="decide by the hand-set thresholds, no fit"
    )
    args = parser.parse_args()
    pools, texts = word_pools(), queries()
    print(f"{len(texts)} queries per size, one core\n")
    print(
        "| entries | index build | decision fit (CPU) | p50 | p99 | mean | batched, per message |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = measure(n, pools, texts, not args.thresholds)
        fitted = "-" if args.thresholds else f"{r['fit_s']:.1f} s ({r['fit_cpu_s']:.1f} s)"
        print(
            f"| {r['entries']:,} | {r['build_s']:.2f} s "
            f"| {fitted} | {r['p50_ms']:.2f} ms "
            f"| {r['p99_ms']:.2f} ms | {r['mean_ms']:.2f} ms | {r['batched_ms']:.2f} ms |"
        )


if __name__ == "__main__":
    main()
