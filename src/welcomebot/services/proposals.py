"""New variants proposed from confirmed pairs: a message and the entry that answered it, from a
suggestion someone picked or a ticket staff answered with the entry (`welcomebot content
propose`). Written as a YAML patch or as a copy of the content folder for staff to review and
merge; the content itself is never changed."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from welcomebot.content.models import ContentPack, Entry, RumourCategory, Topic
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.text import normalize, tokenize

MAX_CHARS = 160  # a variant is a phrasing, not a story
# What may be a person's own: a phone or document number, an e-mail address, a link.
PERSONAL = re.compile(r"\d{5,}|\d[\d ()+-]{7,}\d|\S+@\S+|https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Proposal:
    entry_id: str
    file: str  # the content file the entry is in, e.g. faq/health.yaml
    lang: str
    variant: str
    confirmations: int
    sources: dict[str, int]  # pick / ticket → how many


class Confirmed(Protocol):
    """One confirmed (message, language, entry), as `PairRepository.since` gives them."""

    text: str
    lang: str
    entry_id: str
    source: str


def spelled(text: str) -> str:
    """A message as its words: case, punctuation and spacing aside."""
    return " ".join(tokenize(normalize(text)))


def _known(entry: Entry) -> set[str]:
    phrasings = [*entry.headline.values(), *(v for vs in entry.variants.values() for v in vs)]
    return {spelled(p) for p in phrasings}


def propose(
    pack: ContentPack,
    matcher: Matcher,
    pairs: Iterable[Confirmed],
    min_count: int = 2,
) -> list[Proposal]:
    """Messages confirmed for one entry at least `min_count` times (spelled alike: same
    words, case and punctuation aside), that the entry does not already have as a phrasing and that the matcher
    does not already answer with it. A message confirmed for several entries goes to the one
    it was confirmed for most (ties: none). Most confirmed first."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)  # message → entry → count
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    sources: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    langs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for pair in pairs:
        text = " ".join(pair.text.split())
        key = spelled(text)
        if pair.entry_id not in pack.by_id or not key or len(text) > MAX_CHARS:
            continue
        if PERSONAL.search(text):
            continue
        counts[key][pair.entry_id] += 1
        spellings[key, pair.entry_id][text] += 1
        sources[key, pair.entry_id][pair.source] += 1
        langs[key, pair.entry_id][pair.lang] += 1
    chosen: list[tuple[str, str, int]] = []
    for key, entries in counts.items():
        ranked = entries.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # people disagree: not for a machine to settle
        entry_id, count = ranked[0]
        if count >= min_count and key not in _known(pack.by_id[entry_id]):
            chosen.append((key, entry_id, count))
    texts = [spellings[key, entry_id].most_common(1)[0][0] for key, entry_id, _ in chosen]
    message_langs = [langs[key, entry_id].most_common(1)[0][0] for key, entry_id, _ in chosen]
    matches = matcher.match_many(texts, message_langs) if texts else []
    proposals = []
    for (key, entry_id, count), text, lang, match in zip(
        chosen, texts, message_langs, matches, strict=True
    ):
        best = match.best
        if match.outcome is Outcome.ANSWER and best is not None and best.entry.id == entry_id:
            continue  # answered already: nothing to learn
        entry = pack.by_id[entry_id]
        proposals.append(
            Proposal(
                entry_id,
                entry.source,
                lang,
                text,
                count,
                dict(sources[key, entry_id].most_common()),
            )
        )
    return sorted(proposals, key=lambda p: (-p.confirmations, p.entry_id, p.variant))


def _by_entry(proposals: Sequence[Proposal]) -> dict[str, dict[str, list[str]]]:
    added: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for proposal in proposals:
        added[proposal.entry_id][proposal.lang].append(proposal.variant)
    return added


def patch(proposals: Sequence[Proposal]) -> str:
    """The proposals as a YAML patch: per file and entry, the variants to add per language."""
    files: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    for p in proposals:
        variants = files.setdefault(p.file, {}).setdefault(p.entry_id, {})
        variants.setdefault(p.lang, []).append(
            {"variant": p.variant, "confirmations": p.confirmations, "from": p.sources}
        )
    header = (
        "# New variants proposed by `welcomebot content propose` from confirmed pairs (a\n"
        "# suggestion picked for a message, a ticket answered with the entry). Review each one;\n"
        "# add those you accept to the entry's `variants:` in the file named.\n"
    )
    body = yaml.safe_dump(
        {"files": files}, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return header + body


def apply(pack: ContentPack, proposals: Sequence[Proposal]) -> ContentPack:
    """The pack with the proposed variants added, in memory (the benchmark measures it)."""
    added = _by_entry(proposals)

    def extended(entry: Any) -> Any:
        more = added.get(entry.id)
        if not more:
            return entry
        variants = {lang: list(texts) for lang, texts in entry.variants.items()}
        for lang, texts in more.items():
            variants.setdefault(lang, []).extend(texts)
        return entry.model_copy(update={"variants": variants})

    topics = [
        Topic(topic=t.topic, title=t.title, entries=[extended(e) for e in t.entries])
        for t in pack.topics
    ]
    categories = [
        RumourCategory(category=c.category, title=c.title, rumours=[extended(r) for r in c.rumours])
        for c in pack.categories
    ]
    return ContentPack(topics=topics, categories=categories)


def write_copy(source: Path, target: Path, proposals: Sequence[Proposal]) -> list[Path]:
    """A copy of the content folder with the proposed variants added; the files changed. The
    changed files are written anew by PyYAML (comments and line breaks of those files go)."""
    shutil.copytree(source, target)
    added = _by_entry(proposals)
    changed = []
    for file in sorted({p.file for p in proposals}):
        relative = Path(file)  # named from the folder above the content's, as problems are
        if relative.parts and relative.parts[0] == source.name:
            relative = Path(*relative.parts[1:])
        path = target / relative
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in raw.get("entries") or raw.get("rumours") or []:
            for lang, texts in added.get(item.get("id"), {}).items():
                item.setdefault("variants", {}).setdefault(lang, []).extend(texts)
        path.write_text(
            yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
        changed.append(path)
    return changed
