"""Questions no city's FAQ answers, as an index of their own: a message much closer to one of
them than to any entry (a haircut, a car loan, a dog school) is out of scope, and gets the
plain no-answer instead of buttons that only share a word with it.

The questions are shipped (`data/out_of_scope.yaml`), never taken from labelled queries, and
how much closer a message must be is fitted on the content (`decision.py`): as close as only
a sliver of the content's own held-out phrasings come.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from welcomebot.content.models import FaqEntry

if TYPE_CHECKING:
    from welcomebot.matching.analyzer import Analyzer, Reading
    from welcomebot.matching.config import MatcherConfig
    from welcomebot.matching.matcher import Matcher

DATA = Path(__file__).parent / "data"
TRANSLATED = 40  # the first questions of each language's list say the same in each
# A shipped question this close to another (as a message) says nearly the same: the lists
# repeat a few ("Де можна недорого підстригтися?", "де недорого підстригтися").
SAME = 0.75


def out_of_scope_questions() -> dict[str, list[str]]:
    """The shipped questions no city FAQ answers, by language (en, uk, ru)."""
    raw = yaml.safe_load((DATA / "out_of_scope.yaml").read_text("utf-8"))
    return {lang: [str(q) for q in questions] for lang, questions in raw.items()}


class Decoys:
    """The shipped questions, each an entry, read with the content's analyzer and weights."""

    def __init__(self, analyzer: Analyzer, config: MatcherConfig) -> None:
        from welcomebot.matching.matcher import Matcher  # the matcher builds its decoys

        questions = out_of_scope_questions()
        entries = [
            FaqEntry(id=f"{lang}-{n}", question={lang: text}, answer={lang: text}, group=lang)
            for lang, texts in questions.items()
            for n, text in enumerate(texts)
        ]
        self.matcher: Matcher = Matcher(entries, config=config, analyzer=analyzer)
        starts = np.cumsum([0] + [len(texts) for texts in questions.values()])
        self.starts = dict(zip(questions, starts.tolist(), strict=False))
        self.translated = min(TRANSLATED, *(len(texts) for texts in questions.values()))

    @functools.cached_property
    def twins(self) -> list[list[int]]:
        """Each question with its translations and the questions that say nearly the same
        (`SAME`): left out together when a shipped question is asked (`nearest`). Only
        fitting asks for them."""
        texts = [entry.headline[entry.group] for entry in self.matcher.entries]
        analyzer = self.matcher.analyzer
        close = self.matcher.scores([analyzer.read(t) for t in texts]).confidence >= SAME
        twins = [set(np.flatnonzero(row).tolist()) | {n} for n, row in enumerate(close)]
        for n in range(self.translated):
            same = {self.position(lang, n) for lang in self.starts}
            for position in same:
                twins[position] |= same
        return [sorted(found) for found in twins]

    def position(self, lang: str, n: int) -> int:
        """Where the `n`-th shipped question of `lang` stands among the decoys."""
        return self.starts[lang] + n

    def nearest(
        self,
        readings: Sequence[Reading],
        asks: Sequence[Reading | None] | None = None,
        own: Sequence[int] | None = None,
    ) -> np.ndarray:
        """Per message, the confidence of its closest shipped question; with `own`, each
        message's own question (a position, or -1) left out with its twins (`twins`), as
        when fitting on the list."""
        confidence = self.matcher.scores(readings, asks).confidence
        if not confidence.size:
            return np.zeros(len(readings))
        if own is not None:
            confidence = confidence.copy()
            for row, position in enumerate(own):
                if position >= 0:
                    confidence[row, self.twins[position]] = 0.0
        return confidence.max(axis=1)
