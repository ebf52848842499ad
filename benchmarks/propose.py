"""Does accepting `content propose`'s variants improve matching on messages not used to make
them? A usage log is generated on the eval content, split in time; proposals are made from
the confirmed pairs of the first half, applied, and the second half is matched before and after.

The simulated people ask in phrasings built from the content itself, never from the dev
queries: keywords of an entry's answer that its question and variants do not use ("insurance
register"), alone or in a frame ("where ...", "де ..."), and a variant with a word dropped and
an answer word added. Each entry has a few such phrasings per language, some far more popular
than others, as real wording is; a message is one of them, typed with typos three times in
ten, Ukrainian also in Latin letters one time in ten. Entries are asked with Zipf-like
popularity over eight weeks. On an unsure reply, a person picks the right suggestion if it is
offered (a confirmed pair); otherwise, and after no answer, half of them ask a person, and
staff answer the ticket with the right entry (a confirmed pair too). A wrong sure answer
teaches nothing. Prints a Markdown table.

    python -m benchmarks.propose [--content DIR] [--seed N] [--min-count N]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from welcomebot.content.loader import load_content
from welcomebot.content.models import ContentPack, Entry, FaqEntry, Rumour
from welcomebot.domain.usage import PairSource
from welcomebot.matching.analyzer import STOPWORDS
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.noise import INFORMAL, WORD_START, to_latin, with_typos
from welcomebot.matching.text import tokenize
from welcomebot.services.proposals import apply, propose, spelled
from welcomebot.storage.usage import Pair

EVAL = Path(__file__).resolve().parents[1] / "eval"
MESSAGES = 6000
PHRASINGS = 4  # per entry and language
TICKET = 0.5  # of those not helped, how many ask a person
FRAMES = {
    "en": ("{}", "{}?", "where {}", "{} help", "need {}", "{} how"),
    "uk": ("{}", "{}?", "де {}", "{} допоможіть", "потрібно {}", "{} як"),
}


@dataclass(frozen=True)
class Message:
    text: str
    lang: str
    expect: str
    phrasing: str  # the clean phrasing it was typed from


def for_newcomers(entry: Entry) -> bool:
    return isinstance(entry, FaqEntry) or (
        isinstance(entry, Rumour) and entry.audience == "newcomers"
    )


def keywords(entry: Entry, lang: str) -> list[str]:
    """Words of the answer that the question and variants do not use, in order."""
    said = {
        *tokenize(entry.headline.get(lang, "")),
        *(w for v in entry.variants.get(lang, []) for w in tokenize(v)),
    }
    found: list[str] = []
    for word in tokenize(entry.body.get(lang, "")):
        if len(word) >= 5 and word not in STOPWORDS and word not in said and word not in found:
            found.append(word)
    return found[:12]


def phrasings(entry: Entry, lang: str, rng: random.Random) -> list[str]:
    words = keywords(entry, lang)
    made: list[str] = []
    for _ in range(PHRASINGS * 3):
        if len(made) == PHRASINGS or len(words) < 2:
            break
        variants = entry.variants.get(lang, [])
        if variants and rng.random() < 0.4:
            base = rng.choice(variants).split()
            if len(base) > 2:
                base.pop(rng.randrange(len(base)))
            text = " ".join([*base, rng.choice(words)])
        else:
            text = rng.choice(FRAMES[lang]).format(" ".join(rng.sample(words, 2)))
        if spelled(text) not in {spelled(m) for m in made}:
            made.append(text)
    return made


def log(pack: ContentPack, rng: random.Random) -> list[Message]:
    entries = [e for e in pack.entries if for_newcomers(e)]
    rng.shuffle(entries)
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(entries))]
    pools = {(e.id, lang): phrasings(e, lang, rng) for e in entries for lang in ("en", "uk")}
    messages = []
    while len(messages) < MESSAGES:
        entry = rng.choices(entries, popularity)[0]
        lang = "uk" if rng.random() < 0.6 else "en"
        pool = pools[entry.id, lang]
        if not pool:
            continue
        phrasing = rng.choices(pool, [1 / (r + 1) ** 1.2 for r in range(len(pool))])[0]
        text = with_typos(phrasing, rng) if rng.random() < 0.3 else phrasing
        if lang == "uk" and rng.random() < 0.1:
            text = to_latin(text, INFORMAL, WORD_START)
        messages.append(Message(text, lang, entry.id, phrasing))
    return messages


def confirmed(matcher: Matcher, messages: Sequence[Message], rng: random.Random) -> list[Pair]:
    """What the people of `messages` confirm, as the bot stands."""
    mask = matcher.mask(for_newcomers)
    pairs = []
    matches = matcher.match_many([m.text for m in messages], [m.lang for m in messages], mask=mask)
    for message, match in zip(messages, matches, strict=True):
        best = match.best
        if match.outcome is Outcome.ANSWER and best is not None:
            continue  # a right answer needs nothing; a wrong one teaches nothing here
        offered = [c.entry.id for c in match.offered(matcher.config.suggestions)]
        if match.outcome is Outcome.SUGGEST and message.expect in offered:
            pairs.append(Pair(message.text, message.lang, message.expect, PairSource.PICK))
        elif rng.random() < TICKET:
            pairs.append(Pair(message.text, message.lang, message.expect, PairSource.TICKET))
    return pairs


def measure(matcher: Matcher, messages: Sequence[Message]) -> dict[str, float]:
    mask = matcher.mask(for_newcomers)
    matches = matcher.match_many([m.text for m in messages], [m.lang for m in messages], mask=mask)
    answered_right = shown_right = answered_wrong = 0
    for message, match in zip(messages, matches, strict=True):
        best = match.best
        if match.outcome is Outcome.ANSWER and best is not None:
            right = best.entry.id == message.expect
            answered_right += right
            answered_wrong += not right
            shown_right += right
        elif match.outcome is Outcome.SUGGEST:
            offered = [c.entry.id for c in match.offered(matcher.config.suggestions)]
            shown_right += message.expect in offered
    n = len(messages) or 1
    return {
        "answered right": answered_right / n,
        "right entry shown": shown_right / n,
        "answered wrong": answered_wrong / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=EVAL / "content")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    pack, _ = load_content(args.content)
    lexicon, _ = load_lexicon(args.content)
    rng = random.Random(args.seed)
    messages = log(pack, rng)
    first, second = messages[: len(messages) // 2], messages[len(messages) // 2 :]
    before = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    pairs = confirmed(before, first, rng)
    proposals = propose(pack, before, pairs, args.min_count)
    improved = apply(pack, proposals)
    after = Matcher(
        improved.entries, improved.group_titles, lexicon=lexicon, analyzer=before.analyzer
    )
    seen = {spelled(m.text) for m in first}
    unseen = [m for m in second if spelled(m.text) not in seen]
    print(
        f"{len(messages)} messages; first half: {len(pairs)} confirmed pairs "
        f"({sum(p.source == PairSource.PICK for p in pairs)} picks), "
        f"{len(proposals)} variants proposed (min count {args.min_count})\n"
    )
    print("| second half | messages | answered right | right entry shown | answered wrong |")
    print("|---|---:|---:|---:|---:|")
    for name, group in (("all", second), ("typed unlike any first-half message", unseen)):
        for label, matcher in (("before", before), ("after", after)):
            f = measure(matcher, group)
            print(
                f"| {name}, {label} | {len(group)} | {f['answered right']:.1%} | "
                f"{f['right entry shown']:.1%} | {f['answered wrong']:.1%} |"
            )


if __name__ == "__main__":
    main()
