"""Rank content entries for a message and decide: answer, suggest or abstain."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from welcomebot.content.models import Entry, Localized
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.index import Index
from welcomebot.matching.language import detect_language
from welcomebot.matching.lexicon import CONCEPT_PREFIX, Lexicon, load_lexicon


class Outcome(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    ABSTAIN = "abstain"


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    phrasing: float = 0.0  # how closely the message says one curated phrasing, both ways


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    lang: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class Matcher:
    def __init__(
        self,
        entries: Sequence[Entry],
        titles: dict[str, Localized] | None = None,
        config: MatcherConfig | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.config = config or MatcherConfig()
        self.analyzer = Analyzer(lexicon if lexicon is not None else load_lexicon()[0])
        self.index = Index(entries, titles or {}, self.config, self.analyzer)
        self.entries = self.index.entries
        self._kinds = np.array([e.kind for e in self.entries])
        # Each unknown word is compared with the whole vocabulary once; bounded, as input is not.
        self._near_terms = lru_cache(maxsize=100_000)(self._find_near_terms)

    def _query_terms(self, terms: list[str]) -> tuple[dict[int, float], int]:
        """Known term rows with weights, and how many words the content does not know at all.

        An unknown word is matched to close content words (typos); one with no close word
        still counts against confidence, so "recipe for borscht" is not a sure match for
        the one entry that says "recipe".
        """
        rows: dict[int, float] = {}
        unknown = 0
        for term in dict.fromkeys(terms):
            if term in self.index.terms:
                concept = term.startswith(CONCEPT_PREFIX)
                rows[self.index.terms[term]] = self.config.concept_weight if concept else 1.0
                continue
            if term.startswith(CONCEPT_PREFIX):
                continue  # a concept the content never mentions says nothing about it
            near = self._near_terms(term)
            unknown += not near
            for word, similarity in near:
                row = self.index.terms[word]
                rows[row] = max(rows.get(row, 0.0), similarity)
        return rows, unknown

    def _find_near_terms(self, term: str) -> tuple[tuple[str, float], ...]:
        cfg = self.config
        if len(term) < cfg.typo_min_length or term.isdigit():
            return ()
        found = process.extract(
            term, self.index.vocabulary, scorer=fuzz.ratio, score_cutoff=cfg.typo_cutoff, limit=2
        )
        return tuple((word, score / 100) for word, score, _ in found)

    def scores(self, words: Sequence[str], terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """For every entry: a confidence in [0, 1], and its closest phrasing's overlap."""
        cfg, index = self.config, self.index
        terms_found, unknown = self._query_terms(terms)
        gram_rows, gram_weights = index.query_chars(words)
        rows = np.fromiter(terms_found, np.int64, len(terms_found))
        weights = np.fromiter(terms_found.values(), np.float64, len(terms_found))
        # The best possible score saturates every query term, unknown ones at the rarest idf.
        best = max(1e-9, float(index.term_idf[rows] @ weights) + unknown * index.max_idf)
        # Word rows weigh their share of the best possible word score; with it, the phrasing
        # columns come out as the share of the query's weight that each phrasing covers.
        weightings = [np.concatenate((weights / best, gram_weights))]
        concepts = bool(terms_found) and weights.max() > 1
        if concepts:
            # From the phrasing's side a concept counts once, as the words it stands for.
            weightings.append(np.concatenate((np.minimum(weights, 1), np.zeros(len(gram_rows)))))
        sums = index.postings.dots(np.concatenate((rows, gram_rows)), *weightings)
        fused, of_query = sums[0][: index.phrasing_offset], sums[0][index.phrasing_offset :]
        if not terms_found:
            return fused, np.zeros(len(fused))
        # The entry keeps its best phrasing.
        fused = (1 - cfg.phrasing_weight) * fused + cfg.phrasing_weight * index.best_phrasing(
            of_query
        )
        of_phrase = sums[1][index.phrasing_offset :] if concepts else of_query * best
        of_phrase *= index.phrasing_scale
        # Both ways (F1 of the two shares): near 1 only when the message says that phrasing.
        both = 2 * of_query * of_phrase / np.maximum(of_query + of_phrase, 1e-9)
        return fused, index.best_phrasing(both)

    def mask(self, keep: Callable[[Entry], bool]) -> np.ndarray:
        """Which entries a caller may be answered with; build it once, pass it to `match`."""
        return np.array([keep(entry) for entry in self.entries], dtype=bool)

    def match(
        self,
        text: str,
        preferred_lang: str = "en",
        kinds: Collection[str] | None = None,
        mask: np.ndarray | None = None,
    ) -> Match:
        """Rank entries of the given kinds (all by default, or those in `mask`) and decide."""
        cfg = self.config
        reading = self.analyzer.read(text)
        lang = detect_language(reading, preferred_lang)
        if not self.entries:
            return Match(Outcome.ABSTAIN, lang)
        scores, overlap = self.scores(reading.words, reading.terms)
        if kinds is not None:
            scores = np.where(np.isin(self._kinds, list(kinds)), scores, -1.0)
        if mask is not None:
            scores = np.where(mask, scores, -1.0)
        top = np.argsort(-scores, kind="stable")[: max(cfg.suggestions, 2)]
        candidates = [
            Candidate(self.entries[i], float(scores[i]), float(overlap[i]))
            for i in top
            if scores[i] > 0
        ]
        return Match(self.decide(candidates), lang, candidates)

    def decide(self, candidates: Sequence[Candidate]) -> Outcome:
        cfg = self.config
        if not candidates or candidates[0].score < cfg.suggest_min:
            return Outcome.ABSTAIN
        top, runner_up = (
            candidates[0],
            candidates[1] if len(candidates) > 1 else Candidate(candidates[0].entry, 0.0),
        )
        # The margin is relative: a clear lead matters, whatever the scale of the scores.
        clear_lead = top.score >= cfg.answer_min and (
            top.score - runner_up.score >= cfg.answer_margin * top.score
        )
        says_one_phrasing = (
            top.phrasing >= cfg.phrasing_answer
            and top.phrasing - runner_up.phrasing >= cfg.phrasing_lead
        )
        return Outcome.ANSWER if clear_lead or says_one_phrasing else Outcome.SUGGEST
