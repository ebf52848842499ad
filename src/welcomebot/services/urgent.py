"""Urgent needs first: which content entry answers each danger, and when it overrides the
matcher.

A missed emergency can be fatal, and an emergency number shown to someone who only feels
unwell harms no one, so a danger said in clear words is answered with its urgent entry even
when the matcher is unsure or prefers another entry.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from welcomebot.content.loader import ContentError
from welcomebot.content.models import ContentPack, Entry, FaqEntry, Problem
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.danger import NO_DANGER, Danger, DangerDetector, Places, load_danger
from welcomebot.matching.danger_model import DangerModel
from welcomebot.matching.decoys import out_of_scope_questions
from welcomebot.matching.matcher import Match, Outcome

QUESTION_WEIGHT = 2  # the question says what an entry is about; a variant, one way to ask it


@dataclass(frozen=True)
class UrgentAnswer:
    """The entry to answer first (None when the content has none for this danger: the
    emergency numbers are shown alone) and other urgent entries the message also signals."""

    entry: Entry | None
    others: tuple[Entry, ...]
    signal: str
    sure: bool  # answer it at once; else offer it first among the matcher's suggestions


class UrgentEntries:
    def __init__(
        self, pack: ContentPack, detector: DangerDetector, model: DangerModel | None = None
    ) -> None:
        self.detector = detector
        self.model = model
        self.by_signal, self.problems = resolve(pack, detector)

    @classmethod
    def load(
        cls,
        pack: ContentPack,
        content_dir: Path | None,
        analyzer: Analyzer,
        model: bool = True,
    ) -> UrgentEntries:
        """The shipped danger signals, extended by the content folder's `danger.yaml`, over
        this content, and (`model`) the danger classifier fitted with its questions. A signal
        file that cannot be read stops the bot; an urgent entry no danger leads to is in
        `problems`, for a warning and for `content check`."""
        lexicon, problems = load_danger(content_dir)
        if problems:
            raise ContentError(problems)
        urgent = cls(pack, DangerDetector(lexicon, analyzer))
        if model:
            urgent.model = DangerModel.fit(ordinary_questions(pack, urgent.by_signal.values()))
        return urgent

    def detect(self, text: str) -> Danger:
        """The phrases' dangers; where none is said strongly, the classifier's, when it is
        sure of one, as `likely`: it decides unless the matcher is sure of another answer."""
        danger = self.detector.detect(text) if self.detector.phrases else NO_DANGER
        if danger.strong or self.model is None:
            return danger
        found = self.model.read(text)
        if found is None or found[0] not in self.detector.order:
            return danger
        signal = found[0]
        signals = tuple(s for s in self.detector.order if s in {signal, *danger.signals})
        return Danger(signals, frozenset(), danger.pressing, frozenset({signal}))

    def entry(self, signal: str) -> Entry | None:
        return self.by_signal.get(signal)

    def override(self, danger: Danger, match: Match) -> UrgentAnswer | None:
        """The urgent answer a message gets instead of the matcher's, or None.

        A danger said in clear words, or with urgency, always decides. A weak one (a word that
        ordinary questions use too, such as "bleeding" or "homeless") gives way to an answer the
        matcher is sure of, which then carries the emergency numbers; else its entry is offered
        first among the suggestions.
        """
        if not danger:
            return None
        strong = [s for s in danger.signals if s in danger.strong]
        strong += [s for s in danger.signals if s in danger.pressing]
        if not strong and match.outcome is Outcome.ANSWER:
            return None
        strong += [s for s in danger.signals if s in danger.likely]
        signal = (strong or list(danger.signals))[0]
        first = self.entry(signal)
        others = []
        for other in danger.signals:
            entry = self.entry(other)
            if entry is not None and entry is not first and entry not in others:
                others.append(entry)
        return UrgentAnswer(first, tuple(others), signal, sure=bool(strong))


def ordinary_questions(pack: ContentPack, dangers: Iterable[Entry]) -> list[str]:
    """What the content asks that is no danger: the questions and variants of its entries
    that are neither marked urgent nor answer a danger (`dangers`: content without the mark
    has them too), and the shipped questions no FAQ answers."""
    texts = list(itertools.chain.from_iterable(out_of_scope_questions().values()))
    answering = set(dangers)
    for entry in pack.entries:
        if entry not in answering and not (isinstance(entry, FaqEntry) and entry.urgent):
            texts += [*entry.headline.values(), *itertools.chain(*entry.variants.values())]
    return texts


def resolve(pack: ContentPack, detector: DangerDetector) -> tuple[dict[str, Entry], list[Problem]]:
    """Each danger's entry: pinned in `danger.yaml`, else the FAQ entry whose own question and
    variants best name the help for it (or say the danger), entries marked `urgent` first;
    a danger with none takes its fallback's."""
    lexicon = detector.lexicon
    found: dict[str, Entry] = {}
    problems: list[Problem] = []
    # Every danger looks at the same texts: each is read once (it was a second of every start),
    # and forgotten when the entries are chosen.
    read: dict[str, Places] = {}
    for signal in lexicon.signals:
        pinned = lexicon.entries.get(signal)
        if pinned is None:
            best = _best_entry(pack.faq, detector, signal, read)
            if best is not None:
                found[signal] = best
        elif isinstance(entry := pack.by_id.get(pinned), FaqEntry):
            found[signal] = entry
        else:
            message = f"'{pinned}' is not an FAQ entry of the content"
            problems.append(Problem("danger.yaml", signal, "entries", message))
    for signal, spec in lexicon.signals.items():
        if signal not in found and spec.fallback in found:
            found[signal] = found[spec.fallback]
    answering = {entry.id for entry in found.values()}
    problems.extend(
        Problem(
            entry.source,
            entry.id,
            "urgent",
            "no danger leads to this entry: name the help it gives in its question or "
            "variants, or pin it in danger.yaml (entries: {signal: id})",
        )
        for entry in pack.faq
        if entry.urgent and entry.id not in answering
    )
    return found, problems


def _best_entry(
    faq: Sequence[FaqEntry], detector: DangerDetector, signal: str, read: dict[str, Places]
) -> FaqEntry | None:
    """The FAQ entry whose question (counted double) and variants name a danger's help or
    phrases most often; marked `urgent`, a little more."""

    def names(text: str) -> int:
        if text not in read:
            read[text] = detector.places(text)
        return detector.names(read[text], phrases)

    phrases = [
        *detector.help_phrases[signal],
        *(p for p in detector.phrases if p.signal == signal and p.strong),
    ]
    best, best_score = None, 0.0
    for entry in faq:
        score: float = sum(QUESTION_WEIGHT * names(text) for text in entry.question.values())
        score += sum(names(text) for texts in entry.variants.values() for text in texts)
        score += 0.5 * bool(score and entry.urgent)
        if score > best_score:
            best, best_score = entry, score
    return best
