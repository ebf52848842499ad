"""What a typo is compared with: word forms by script (a Latin word is never close to a
Cyrillic one), shortest first, so that the forms long enough to be close are one slice."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from welcomebot.matching.text import is_cyrillic


class Vocabulary:
    def __init__(self, forms: Iterable[str]) -> None:
        self.by_script: dict[bool, list[str]] = {True: [], False: []}
        for form in sorted(forms, key=len):
            self.by_script[is_cyrillic(form)].append(form)
        self._lengths = {
            script: [len(f) for f in forms] for script, forms in self.by_script.items()
        }

    def near_length(self, term: str, similarity: float) -> list[str]:
        """The forms in `term`'s script whose length allows the similarity (rapidfuzz's
        ratio, 0-1): 2·shorter / (both lengths) can reach it, no more."""
        script = is_cyrillic(term)
        lengths, shortest = self._lengths[script], len(term) * similarity / (2 - similarity)
        start = bisect.bisect_left(lengths, math.ceil(shortest - 1e-9))
        end = bisect.bisect_right(
            lengths, math.floor(len(term) * (2 - similarity) / similarity + 1e-9)
        )
        return self.by_script[script][start:end]

    def closest(self, term: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """The forms at least `cutoff` (0-100) like `term` by rapidfuzz's ratio, best first,
        with their likeness (0-1)."""
        found = process.extract(
            term,
            self.near_length(term, cutoff / 100),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(form, score / 100) for form, score, _ in found]
