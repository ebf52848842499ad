"""Rank content entries for a message and decide: answer, suggest or abstain."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple, Protocol

import numpy as np

from welcomebot.content.models import Entry, Localized
from welcomebot.matching.analyzer import Analyzer, Reading
from welcomebot.matching.asking import ask
from welcomebot.matching.classifier import EntryClassifier
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.decoys import Decoys
from welcomebot.matching.index import Index
from welcomebot.matching.language import detect_language
from welcomebot.matching.lexicon import CONCEPT_PREFIX, Lexicon
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.memo import Memoizing
from welcomebot.matching.related import related_words, thesauri
from welcomebot.matching.reranker import Reranker
from welcomebot.matching.russian import is_russian_word
from welcomebot.matching.signals import Message, candidate_rows
from welcomebot.matching.text import is_cyrillic, tokenize
from welcomebot.matching.vocabulary import Vocabulary


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
    # With a fitted decision (`decision.py`): each of the best candidates' probability of
    # being right, and that of the message being in scope.
    chances: tuple[float, ...] = ()
    in_scope: float | None = None

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def offered(self, most: int) -> list[Candidate]:
        """The candidates to offer as buttons: the best `most`."""
        return self.candidates[:most]


class QueryTerms(NamedTuple):
    rows: dict[int, float]  # index row -> weight
    unknown: int  # words the content does not know, nor any close word
    related: frozenset[int]  # rows only a thesaurus related to a word: not words said


class QueryRows(NamedTuple):
    unknown: np.ndarray  # per message: words the content does not know
    words: np.ndarray  # word and concept rows of all messages
    weights: np.ndarray
    said: np.ndarray  # 0 for a row only a thesaurus brought (not a word said), else 1
    owners: np.ndarray  # which message each row belongs to
    best: np.ndarray  # per message: the best word score it could reach
    grams: np.ndarray  # n-gram rows (from the index's gram_offset)
    gram_weights: np.ndarray
    gram_owners: np.ndarray


class Scores(NamedTuple):
    confidence: np.ndarray  # (messages, entries) in [0, 1]
    phrasing: np.ndarray  # (messages, entries): the closest phrasing's overlap, both ways
    grounded: np.ndarray  # per message: enough known words to answer on (`answer_words`)
    rows: QueryRows | None = None  # what the scores were made of, for a fitted decision


def same_root(word: str, other: str) -> bool:
    """Close words that likely share a root: the same beginning (practise, practice), or, in
    Ukrainian, one ending the other, as lemmas keep prefixed verbs apart (хворіти, захворіти).

    A Ukrainian lemma is a whole word, so one that merely begins a longer one is usually
    another word (зараз "now", зараза "infection"); English terms are stems, already cut.
    """
    if not is_cyrillic(word):
        return word[:5] == other[:5]
    if word[:5] == other[:5] and min(len(word), len(other)) > 5:
        return True
    return word.endswith(other) or other.endswith(word)


class Verdict(NamedTuple):
    outcome: Outcome
    chances: tuple[float, ...]  # each candidate's probability of being right
    in_scope: float


class Decider(Protocol):
    """A decision fitted for the content (`decision.Decision`)."""

    def decide(self, rows: np.ndarray, rule: Outcome, decoy_lead: float = 0.0) -> Verdict: ...


class Matcher(Memoizing):
    # A pass's scores are dense (messages x entries and phrasings), and its gathered postings
    # grow with the messages: both bounds keep a pass within tens of megabytes.
    DENSE_CELLS = 2_000_000
    MESSAGES_PER_PASS = 100
    CACHES = ("_near_terms", "_word_concepts", "_near_concepts")

    def __init__(
        self,
        entries: Sequence[Entry],
        titles: dict[str, Localized] | None = None,
        config: MatcherConfig | None = None,
        lexicon: Lexicon | None = None,
        reranker: Reranker | None = None,
        analyzer: Analyzer | None = None,
        decoys: Decoys | None = None,
    ) -> None:
        """`analyzer`: one already built for the same lexicon (building one reads it all);
        `decoys`, the out-of-scope questions already read with it."""
        self.config = config or MatcherConfig()
        self.analyzer = analyzer or Analyzer(lexicon if lexicon is not None else load_lexicon()[0])
        self.index = Index(entries, titles or {}, self.config, self.analyzer)
        self.entries = self.index.entries
        # A decision fitted for this content (`decision.py`); without one, the thresholds
        # of `MatcherConfig` decide.
        self.decision: Decider | None = None
        self._entry_terms: list[frozenset[int]] | None = None
        self._classifier: EntryClassifier | None = None
        self._decoys = decoys
        self._titles = titles or {}
        self._use(reranker)
        self._kinds = np.array([e.kind for e in self.entries])
        self._kind_masks = {
            kind: self._kinds == kind for kind in dict.fromkeys(self._kinds.tolist())
        }
        # A concept that most entries name (newcomers, among rumours) tells none of them
        # apart: alone, it grounds an answer no more than a common word does.
        self._concept_rows = np.zeros(len(self.index.term_idf), dtype=np.float64)
        self._distinct_concepts = np.zeros(len(self.index.term_idf), dtype=np.float64)
        for term, row in self.index.terms.items():
            concept = term.startswith(CONCEPT_PREFIX)
            self._concept_rows[row] = concept
            # BM25's idf is log 2 for a term in half the entries.
            self._distinct_concepts[row] = concept and self.index.term_idf[row] > np.log(2)
        self._memoize()

    def _memoize(self) -> None:
        thesauri()  # read at start, not on the first message with a word the content lacks
        # Each unknown word is compared with the vocabulary once; bounded, as input is not.
        self._near_terms = lru_cache(maxsize=100_000)(self._find_near_terms)
        self._word_concepts = lru_cache(maxsize=100_000)(self._find_word_concepts)
        self._near_concepts = lru_cache(maxsize=100_000)(self._find_near_concepts)

    def _close(self, vocabulary: Vocabulary, term: str, limit: int) -> list[tuple[str, float]]:
        """The forms of `vocabulary` a typo of `term` may be; none for a short word or a number."""
        cfg = self.config
        if len(term) < cfg.typo_min_length or term.isdigit():
            return []
        return vocabulary.closest(term, cfg.typo_cutoff, limit)

    def _find_near_concepts(self, term: str) -> tuple[tuple[str, float], ...]:
        """The concepts of the lexicon's one-word phrases close to a word no text holds."""
        forms, vocabulary = self.analyzer.one_word_typos()
        concepts: dict[str, float] = {}
        for form, similarity in self._close(vocabulary, term, limit=2):
            for concept in self.analyzer.one_word[forms[form]]:
                concepts.setdefault(concept, similarity)
        return tuple(concepts.items())

    def _find_word_concepts(self, word: str) -> tuple[str, ...]:
        return tuple(self.analyzer.concepts([word], [word])[0])

    def with_reranker(self, reranker: Reranker | None) -> Matcher:
        """This matcher over the same index, with another reranker (or none): building the
        index is most of the cost of a matcher."""
        other = copy.copy(self)
        other._use(reranker)
        return other

    def _use(self, reranker: Reranker | None) -> None:
        self.reranker = reranker
        if reranker is not None:
            reranker.index(self.entries)

    def _query_terms(self, reading: Reading, ask: Reading | None = None) -> QueryTerms:
        """Known term rows with weights, how many words the content does not know at all, and
        which rows only a thesaurus brought.

        An unknown word is matched to close content words (typos); one with no close word
        still counts against confidence, so "recipe for borscht" is not a sure match for
        the one entry that says "recipe".
        """
        rows: dict[int, float] = {}
        unknown: set[str] = set()  # words with no close content word either
        # In a story, the words of the asking sentences count more than the context's.
        asked = frozenset(ask.terms) if ask is not None else None
        for term in dict.fromkeys(reading.terms):
            context = 1.0 if asked is None or term in asked else self.config.context_weight
            if term in self.index.terms:
                rows[self.index.terms[term]] = self._weight(term, reading) * context
                continue
            if term.startswith(CONCEPT_PREFIX):
                continue  # a concept the content never mentions says nothing about it
            in_dictionary = term in reading.dictionary_terms
            near = self._near_terms(term, in_dictionary)
            if not near and not in_dictionary:
                # The word it was read from (the terms end with concepts, which have none).
                said = reading.term_words[reading.terms.index(term)]
                if not is_russian_word(said) and self._name_typed_concepts(term, context, rows):
                    continue
            if not near:
                unknown.add(term)
            for word, similarity in near:
                # A typo in a word of the lexicon still names its concept, and the word is then
                # a synonym; a real word of the same root may not (закінчити is not
                # закінчитися, "expire").
                concepts = () if in_dictionary else self._word_concepts(word)
                weights = {word: self.config.synonym_weight if concepts else 1.0}
                weights.update(dict.fromkeys(concepts, self.config.concept_weight))
                for found, weight in weights.items():
                    row = self.index.terms.get(found)
                    if row is not None:
                        rows[row] = max(rows.get(row, 0.0), similarity * weight * context)
        return QueryTerms(rows, len(unknown), self._related_rows(reading, rows, unknown))

    def _name_typed_concepts(self, term: str, context: float, rows: dict[int, float]) -> bool:
        """A typo of a word the lexicon lists alone still names its concepts (a Russian word
        is none: it is read as its own, `analyzer.py`). Adds their rows; whether any."""
        named = tuple(
            (concept, similarity)
            for concept, similarity in self._near_concepts(term)
            if concept in self.index.terms
        )
        for concept, similarity in named:
            row = self.index.terms[concept]
            weight = similarity * self.config.concept_weight * context
            rows[row] = max(rows.get(row, 0.0), weight)
        return bool(named)

    def _related_rows(
        self, reading: Reading, rows: dict[int, float], unknown: set[str]
    ) -> frozenset[int]:
        """Adds the content's words that a thesaurus relates to a Cyrillic word that is
        `unknown` (a word read as a typo of a content word has that reading instead).

        The word still counts as unknown, and its related words do not ground an answer: a
        thesaurus lists every sense of a word, so they help to rank, not to be sure.
        """
        related: set[int] = set()
        # Not strict: the terms end with the concepts, which no single word was read as.
        for term, word in zip(reading.terms, reading.term_words, strict=False):
            if term not in unknown or not is_cyrillic(word):
                continue
            found = {self.index.terms.get(other) for other in related_words(term, word)}
            guesses = sorted(row for row in found if row is not None and row not in rows)
            # Together one word's guesses weigh as one word could: however many of them an
            # entry holds, they cannot make it more than the message says.
            for row in guesses:
                rows[row] = self.config.related_weight / len(guesses)
                related.add(row)
        return frozenset(related)

    def _weight(self, term: str, reading: Reading) -> float:
        if term.startswith(CONCEPT_PREFIX):
            return self.config.concept_weight
        return self.config.synonym_weight if term in reading.synonyms else 1.0

    def _find_near_terms(self, term: str, in_dictionary: bool) -> tuple[tuple[str, float], ...]:
        """Content words close to one the content lacks.

        A dictionary word is no typo, so it is not "corrected" into a look-alike (mother is
        not other, спілкування is not лікування); it only reaches words of its own root.
        """
        forms = self.index.word_forms
        near: dict[str, float] = {}  # best first, as rapidfuzz returns them
        for form, similarity in self._close(self.index.typos, term, limit=10):
            word = forms[form]
            if not in_dictionary or same_root(term, form) or same_root(term, word):
                near.setdefault(word, similarity)
        return tuple(near.items())[:2]

    def _rows(
        self, readings: Sequence[Reading], asks: Sequence[Reading | None] | None = None
    ) -> QueryRows:
        """The index rows of several messages, with weights, as flat arrays."""
        index, queries = self.index, len(readings)
        word_rows: list[int] = []
        word_weights: list[float] = []
        word_said: list[float] = []
        word_owners: list[int] = []
        unknowns: list[int] = []
        gram_rows: list[int] = []
        gram_tf: list[int] = []
        gram_owners: list[int] = []
        outside: list[float] = []
        for query, reading in enumerate(readings):
            found, unknown, related = self._query_terms(reading, asks[query] if asks else None)
            word_rows += found
            word_weights += found.values()
            word_said += [float(row not in related) for row in found]
            word_owners += [query] * len(found)
            unknowns.append(unknown)
            counts, squares = index.query_grams(reading.words)
            gram_rows += counts
            gram_tf += counts.values()
            gram_owners += [query] * len(counts)
            outside.append(squares)
        words = np.array(word_rows, dtype=np.int64)
        weights = np.array(word_weights, dtype=np.float64)
        owners = np.array(word_owners, dtype=np.int64)
        # The best possible score saturates every query term, unknown ones at the rarest idf.
        # A thesaurus' words for an unknown word stand in for it, already counted: they add
        # to a score, never to the best possible one (or each guess would lower the rest).
        said = np.array(word_said, dtype=np.float64)
        best = np.bincount(owners, index.term_idf[words] * weights * said, minlength=queries)
        best = np.maximum(best + np.array(unknowns) * index.max_idf, 1e-9)
        grams = np.array(gram_rows, dtype=np.int64)
        gram_by = np.array(gram_owners, dtype=np.int64)
        tf = np.array(gram_tf, dtype=np.float64)
        gram_weights = index.gram_weights(grams, tf, gram_by, np.array(outside))
        return QueryRows(
            np.array(unknowns), words, weights, said, owners, best, grams, gram_weights, gram_by
        )

    def scores(
        self, readings: Sequence[Reading], asks: Sequence[Reading | None] | None = None
    ) -> Scores:
        """Messages are scored together, so a batch pays numpy's per-call cost once. `asks`:
        each story's asking sentences, read (`asks`), whose words count more."""
        cfg, index, queries = self.config, self.index, len(readings)
        rows = self._rows(readings, asks)
        _, words, weights, said, owners, best, grams, gram_weights, gram_owners = rows
        # Word rows weigh their share of the best possible word score; with it, the phrasing
        # columns come out as the share of the query's weight that each phrasing covers.
        # A thesaurus' guesses rank entries, but no phrasing is said by them: they are left
        # out of the phrasing columns (one more gather, only for the rows they are in).
        shares = weights / best[owners]
        guessed = said == 0
        told = ~guessed
        told_words, told_weights, told_owners = words[told], weights[told], owners[told]
        summed = index.postings.sums(
            np.concatenate((told_words, grams)),
            np.concatenate((shares[told], gram_weights)),
            np.concatenate((told_owners, gram_owners)),
            queries,
        )
        if guessed.any():
            summed = summed.astype(np.float64, copy=False)  # no other rows: it may be ints
            summed[:, : index.phrasing_offset] += index.postings.sums(
                words[guessed], shares[guessed], owners[guessed], queries
            )[:, : index.phrasing_offset]
        fused, of_query = summed[:, : index.phrasing_offset], summed[:, index.phrasing_offset :]
        # From the phrasing's side a concept counts once, as the words it stands for; with no
        # concept in the batch, that is the query's share undone.
        if (weights > 1).any():
            of_phrase = index.postings.sums(
                told_words, np.minimum(told_weights, 1), told_owners, queries
            )
            of_phrase = of_phrase[:, index.phrasing_offset :] * index.phrasing_scale
        else:
            of_phrase = of_query * best[:, None] * index.phrasing_scale
        # The entry keeps its best phrasing; a message with no known word has none.
        has_words = np.bincount(told_owners, minlength=queries)[:, None] > 0
        phrasing = index.best_phrasing(of_query)
        fused = np.where(
            has_words, (1 - cfg.phrasing_weight) * fused + cfg.phrasing_weight * phrasing, fused
        )
        # Both ways (F1 of the two shares): near 1 only when the message says that phrasing.
        both = 2 * of_query * of_phrase / np.maximum(of_query + of_phrase, 1e-9)
        # Words, not rows: a lexicon word and its concept are one thing said.
        known = np.bincount(owners, said * (1 - self._concept_rows[words]), minlength=queries)
        domain = np.bincount(owners, self._distinct_concepts[words], minlength=queries)
        grounded = (known >= cfg.answer_words) | (domain > 0)
        return Scores(fused, index.best_phrasing(both), grounded, rows)

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
        return self.match_many([text], [preferred_lang], kinds, mask)[0]

    def match_many(
        self,
        texts: Sequence[str],
        preferred_langs: Sequence[str],
        kinds: Collection[str] | None = None,
        mask: np.ndarray | None = None,
        fits: Sequence[np.ndarray | None] | None = None,
    ) -> list[Match]:
        """`match` for several messages at once, as concurrent updates arrive. `fits`: per
        message, how each entry fits its writer's profile (-1, 0, 1; `fit_of`), or None."""
        readings = [self.analyzer.read(text) for text in texts]
        langs = [
            detect_language(reading, preferred)
            for reading, preferred in zip(readings, preferred_langs, strict=True)
        ]
        if not self.entries:
            return [Match(Outcome.ABSTAIN, lang) for lang in langs]
        matches: list[Match] = []
        chunk = min(self.MESSAGES_PER_PASS, self.DENSE_CELLS // self.index.postings.columns) or 1
        for start in range(0, len(readings), chunk):
            part = slice(start, start + chunk)
            fit = None if fits is None or not any(f is not None for f in fits[part]) else fits[part]
            matches += self._rank(texts[part], readings[part], langs[part], kinds, mask, fit)
        return matches

    def fit_of(self, fit: Callable[[Entry], int]) -> np.ndarray:
        """How each entry fits one profile, in the index's order; build it once per profile."""
        return np.array([fit(entry) for entry in self.entries], dtype=np.float64)

    def _rank(
        self,
        texts: Sequence[str],
        readings: Sequence[Reading],
        langs: Sequence[str],
        kinds: Collection[str] | None,
        mask: np.ndarray | None,
        fits: Sequence[np.ndarray | None] | None = None,
    ) -> list[Match]:
        asks = self.asks(texts)
        scores, overlap, grounded, rows = self.scores(readings, asks)
        if kinds is not None:
            scores = np.where(self._of_kinds(kinds), scores, -1.0)
        if mask is not None:
            scores = np.where(mask, scores, -1.0)
        # As the decision was fitted: before a reranker's or a profile's share.
        lexical_best = np.maximum(scores.max(axis=1), 0.0)
        reranked = np.zeros(len(texts), dtype=bool)
        if self.reranker is not None:
            scores, reranked = self._rerank(texts, langs, scores)
        if fits is not None:
            scores = self._prefer(scores, fits)
        top = np.argsort(-scores, axis=1, kind="stable")[:, : max(self.config.suggestions, 2)]
        queries = np.arange(len(top))[:, None]
        top_scores, top_overlap = scores[queries, top].tolist(), overlap[queries, top].tolist()
        messages = believed = None
        decision = self.decision
        if decision:
            messages = self._messages(texts, readings, asks, rows, grounded)
            believed = self._believed(rows, scores)
            firsts = self._ask_firsts(asks, scores >= 0)
            leads = self.decoys.nearest(readings, asks) - lexical_best
        matches = []
        for n, (lang, ids, values, phrasings, by_model, sure) in enumerate(
            zip(
                langs,
                top.tolist(),
                top_scores,
                top_overlap,
                reranked.tolist(),
                grounded.tolist(),
                strict=True,
            )
        ):
            found = [
                (i, score, phrasing)
                for i, score, phrasing in zip(ids, values, phrasings, strict=True)
                if score > 0
            ]
            candidates = [
                Candidate(self.entries[i], score, phrasing) for i, score, phrasing in found
            ]
            if messages is None or not candidates:
                outcome = self.decide(candidates, reranked=by_model, grounded=sure)
                matches.append(Match(outcome, lang, candidates))
                continue
            assert decision is not None
            rumour = candidates[0].entry.kind == "rumour"
            rule = self.decide(candidates, reranked=by_model, grounded=sure)
            assert believed is not None
            answers = rule is Outcome.ANSWER
            verdict = decision.decide(
                candidate_rows(
                    messages[n], found, self.entry_terms, rumour, answers, believed[n], firsts[n]
                ),
                rule,
                float(leads[n]),
            )
            matches.append(
                Match(
                    verdict.outcome,
                    lang,
                    candidates,
                    verdict.chances,
                    verdict.in_scope,
                )
            )
        return matches

    def examine(
        self, texts: Sequence[str], langs: Sequence[str], kinds: Collection[str] | None = None
    ) -> list[tuple[list[Candidate], np.ndarray]]:
        """Each message's best candidates with the rows a fitted decision reads of them
        (`signals.candidate_rows`): what a decision is fitted on."""
        readings = [self.analyzer.read(text) for text in texts]
        asks = self.asks(texts)
        scores, overlap, grounded, rows = self.scores(readings, asks)
        if kinds is not None:
            scores = np.where(self._of_kinds(kinds), scores, -1.0)
        top = np.argsort(-scores, axis=1, kind="stable")[:, : self.config.suggestions]
        messages = self._messages(texts, readings, asks, rows, grounded)
        believed = self._believed(rows, scores)
        firsts = self._ask_firsts(asks, scores >= 0)
        out = []
        for n, ids in enumerate(top.tolist()):
            found = [
                (i, float(scores[n, i]), float(overlap[n, i])) for i in ids if scores[n, i] > 0
            ]
            candidates = [Candidate(self.entries[i], score, phr) for i, score, phr in found]
            rumour = bool(candidates) and candidates[0].entry.kind == "rumour"
            rule = self.decide(candidates, grounded=bool(grounded[n])) is Outcome.ANSWER
            rows_n = candidate_rows(
                messages[n], found, self.entry_terms, rumour, rule, believed[n], firsts[n]
            )
            out.append((candidates, rows_n))
        return out

    def nearest_decoys(self, texts: Sequence[str], own: Sequence[int] | None = None) -> np.ndarray:
        """Per message, the confidence of its closest shipped out-of-scope question (with
        `own`, each message's own one left out: `Decoys.nearest`)."""
        return self.decoys.nearest([self.analyzer.read(t) for t in texts], self.asks(texts), own)

    @property
    def decoys(self) -> Decoys:
        """The shipped out-of-scope questions (`decoys.py`), read as this content is."""
        if self._decoys is None:
            self.read_decoys()
        assert self._decoys is not None
        return self._decoys

    def read_decoys(self) -> None:
        """Read the shipped out-of-scope questions now: reading needs the dictionaries, which
        a start from the knowledge kept on disk does not load (`knowledge_cache.py`)."""
        self._decoys = Decoys(self.analyzer, self.config)

    def _ask_firsts(self, asks: Sequence[Reading | None], allowed: np.ndarray) -> list[int]:
        """Per message, the entry its asking sentences alone rank first (-1: none, or no story).
        The whole story ranks with the ask's words weighted up, yet its context can still put
        another entry ahead; where the ask alone agrees, the ask was understood."""
        stories = [n for n, a in enumerate(asks) if a is not None]
        firsts = [-1] * len(asks)
        if stories:
            alone = self.scores([a for a in asks if a is not None])[0]
            alone = np.where(allowed[stories], alone, -1.0)
            for n, row in zip(stories, alone, strict=True):
                if row.max() > 0:
                    firsts[n] = int(row.argmax())
        return firsts

    def asks(self, texts: Sequence[str]) -> list[Reading | None]:
        """Each story's asking sentences (`asking.ask`), read; None for a message all ask."""
        found = [ask(text) for text in texts]
        return [self.analyzer.read(text) if text else None for text in found]

    @property
    def classifier(self) -> EntryClassifier:
        """The content's classifier (`classifier.py`), fitted when a decision first needs it."""
        if self._classifier is None:
            self._classifier = EntryClassifier.fit(
                self.entries,
                self._titles,
                lambda texts: [self._query_terms(self.analyzer.read(t)).rows for t in texts],
                self.index.term_idf,
            )
        return self._classifier

    @classifier.setter
    def classifier(self, kept: EntryClassifier) -> None:
        """One fitted for this content before (kept with its decision)."""
        self._classifier = kept

    def _of_kinds(self, kinds: Collection[str]) -> np.ndarray:
        """Which entries are of these kinds (the masks are built once, with the index)."""
        none = np.zeros(len(self.entries), dtype=bool)
        return np.logical_or.reduce([none, *(self._kind_masks.get(k, none) for k in kinds)])

    def _believed(self, rows: QueryRows | None, scores: np.ndarray) -> np.ndarray:
        """Each message's entry probabilities by the classifier, among the entries of the same
        kind it may get."""
        assert rows is not None
        allowed, believed = scores >= 0, np.zeros(scores.shape)
        if self.classifier.silent:
            return believed
        # Within each kind, as the decision was fitted (`examine` asks one kind at a time): a
        # newcomer's question is matched against FAQ entries and rumours together.
        for kind_mask in self._kind_masks.values():
            mine = allowed & kind_mask
            if mine.any():
                believed += self.classifier.probabilities(
                    rows.words, rows.weights, rows.owners, mine
                )
        return believed

    @property
    def entry_terms(self) -> list[frozenset[int]]:
        """Each entry's word and concept rows: which of a message's words it explains."""
        if self._entry_terms is None:
            index = self.index
            words = index.postings.matrix[: index.gram_offset, : index.phrasing_offset].tocsc()
            self._entry_terms = [
                frozenset(words.indices[words.indptr[i] : words.indptr[i + 1]].tolist())
                for i in range(words.shape[1])
            ]
        return self._entry_terms

    def _messages(
        self,
        texts: Sequence[str],
        readings: Sequence[Reading],
        asks: Sequence[Reading | None],
        rows: QueryRows | None,
        grounded: np.ndarray,
    ) -> list[Message]:
        """What each message says, as `signals.Message`."""
        assert rows is not None
        idf = self.index.term_idf[rows.words] * np.minimum(rows.weights, 1.0)
        concept = self._concept_rows[rows.words] > 0
        distinct = self._distinct_concepts[rows.words] > 0
        said = rows.said > 0
        bounds = np.searchsorted(rows.owners, np.arange(len(readings) + 1))
        messages = []
        for n, reading in enumerate(readings):
            part = slice(bounds[n], bounds[n + 1])
            words, weights = rows.words[part].tolist(), idf[part].tolist()
            plain, named = (said[part] & ~concept[part]).tolist(), distinct[part].tolist()
            letters = reading.cyrillic_letters + reading.translit_letters + reading.english_letters
            ask_words: dict[int, float] | None = None
            ask_concepts: frozenset[int] = frozenset()
            asked = asks[n]
            if asked is not None:
                ask_words, ask_concepts = self._said(asked)
            messages.append(
                Message(
                    {row: w for row, w, keep in zip(words, weights, plain, strict=True) if keep},
                    frozenset(row for row, keep in zip(words, named, strict=True) if keep),
                    int(rows.unknown[n]),
                    len(tokenize(texts[n])),
                    reading.cyrillic_letters / letters if letters else 0.0,
                    bool(grounded[n]),
                    ask_words,
                    ask_concepts,
                )
            )
        return messages

    def _said(self, reading: Reading) -> tuple[dict[int, float], frozenset[int]]:
        """A text's words as rows with idf weights, and the distinct concepts it names."""
        found, _, related = self._query_terms(reading)
        words, concepts = {}, set()
        for row, weight in found.items():
            if self._distinct_concepts[row]:
                concepts.add(row)
            elif not self._concept_rows[row] and row not in related:
                words[row] = float(self.index.term_idf[row]) * min(weight, 1.0)
        return words, frozenset(concepts)

    def _prefer(self, scores: np.ndarray, fits: Sequence[np.ndarray | None]) -> np.ndarray:
        """Scale what matched by how it fits each writer: a tie goes to the fitting entry."""
        factor = np.ones_like(scores)
        for row, fit in enumerate(fits):
            if fit is not None:
                factor[row] += self.config.profile_weight * fit
        return np.where(scores > 0, scores * factor, scores)

    def _rerank(
        self, texts: Sequence[str], langs: Sequence[str], scores: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fuse the model's similarity into the scores of each message's best candidates; the
        rest keep their share of the lexical score, and entries it found nothing for stay out.
        Also says which messages the model served."""
        assert self.reranker is not None
        weight, similarity = self.config.rerank_weight, self.reranker.similarity(texts, langs)
        best = np.argsort(-scores, axis=1, kind="stable")[:, : self.config.rerank_candidates]
        rows = np.arange(len(scores))[:, None]
        fused = np.where(scores > 0, scores * (1 - weight), scores)
        found = scores[rows, best] > 0
        fused[rows, best] += np.where(found, weight * np.nan_to_num(similarity[rows, best]), 0.0)
        # Messages in a language the model does not serve keep the lexical ranking.
        served = ~np.isnan(similarity[:, 0])
        return np.where(served[:, None], fused, scores), served

    def decide(
        self, candidates: Sequence[Candidate], reranked: bool = False, grounded: bool = True
    ) -> Outcome:
        """`grounded`: the message names the domain or says enough the content knows. One
        general word ("today") can lead by far and still say nothing of what someone needs,
        unless it is all a curated phrasing says."""
        cfg = self.config
        margin = cfg.rerank_answer_margin if reranked else cfg.answer_margin
        if not candidates or candidates[0].score < cfg.suggest_min:
            return Outcome.ABSTAIN
        top, runner_up = (
            candidates[0],
            candidates[1] if len(candidates) > 1 else Candidate(candidates[0].entry, 0.0),
        )
        # The margin is relative: a clear lead matters, whatever the scale of the scores.
        clear_lead = (
            grounded
            and top.score >= cfg.answer_min
            and (top.score - runner_up.score >= margin * top.score)
        )
        says_one_phrasing = (
            top.phrasing >= cfg.phrasing_answer
            and top.phrasing - runner_up.phrasing >= cfg.phrasing_lead
        )
        return Outcome.ANSWER if clear_lead or says_one_phrasing else Outcome.SUGGEST
