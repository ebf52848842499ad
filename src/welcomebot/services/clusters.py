"""Texts grouped: reports by what they mean, questions by how they are worded.

Emerging reports (`Meanings`) are read as the matcher reads a message: lemmas and stems, the
lexicon's concepts (which link languages: "free lunches" and "безкоштовні обіди" both name
cost and school meals), Latin-typed and Russian words read as Ukrainian, and the thesaurus's
synonyms of Cyrillic words. Each term weighs its rarity in the content, so a word every rumour
uses ("newcomers") joins nothing alone. Groups are made by average linkage: a report joins a
group it resembles as a whole, not one member of it, so groups do not chain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from welcomebot.matching.lexicon import CONCEPT_PREFIX
from welcomebot.matching.related import related_words
from welcomebot.matching.text import is_cyrillic, normalize
from welcomebot.storage.models import RumourReport, UnansweredQuestion

if TYPE_CHECKING:
    from welcomebot.matching.matcher import Matcher

MEANING_SIMILARITY = 0.3  # average cosine of a group's members; chosen on tests/test_clusters.py
RELATED_WEIGHT = 0.5
ROOT, ROOT_PREFIX, ROOT_WEIGHT = (
    4,
    "~",
    0.5,
)  # a thesaurus lists every sense of a word: its synonyms weigh less


@dataclass(frozen=True)
class Cluster:
    size: int
    example: str


@dataclass(frozen=True)
class ReportCluster:
    """Reports that say one thing, oldest first; known by its oldest report's id."""

    reports: tuple[RumourReport, ...]

    @property
    def id(self) -> int:
        return self.reports[0].id or 0

    @property
    def size(self) -> int:
        return len(self.reports)

    @property
    def example(self) -> str:
        return self.reports[0].text or ""

    @property
    def said(self) -> list[str]:
        """Every report's text, in any language."""
        return [report.text for report in self.reports if report.text]

    def texts(self, lang: str) -> list[str]:
        """Its texts in `lang`, each once, as written."""
        found = [" ".join((r.text or "").split()) for r in self.reports if r.lang == lang]
        return list(dict.fromkeys(text for text in found if text))


Vector = dict[str, float]


class Meanings:
    """What texts say, in the matcher's terms, weighed as the matcher weighs them."""

    def __init__(self, matcher: Matcher, similarity: float = MEANING_SIMILARITY) -> None:
        self.analyzer = matcher.analyzer
        self.config = matcher.config
        self.index = matcher.index
        self.similarity = similarity

    def idf(self, term: str) -> float:
        """A term's rarity in the content; a term the content lacks is as rare as any."""
        row = self.index.terms.get(term)
        return self.index.max_idf if row is None else float(self.index.term_idf[row])

    def vector(self, text: str) -> Vector:
        """Terms with weights, unit length; empty for a text with no content word."""
        reading = self.analyzer.read(text)
        weights: Vector = {}
        for term in reading.terms:
            weight = self.idf(term)
            if term.startswith(CONCEPT_PREFIX):
                weight *= self.config.concept_weight
            elif term in reading.synonyms:
                weight *= self.config.synonym_weight
            weights[term] = max(weights.get(term, 0.0), weight)
            if is_cyrillic(term) and len(term) > ROOT:
                # A word family shares its beginning: обід and обідати, безкоштовний and
                # безкоштовно (Ukrainian lemmas keep a noun, adjective and verb apart).
                root = ROOT_PREFIX + term[:ROOT]
                weights[root] = max(weights.get(root, 0.0), ROOT_WEIGHT * weight)
        # As the matcher does: the thesaurus speaks for a Cyrillic word the content lacks, its
        # weight shared among the senses it lists. Not strict: the terms end with the concepts.
        for term, word in zip(reading.terms, reading.term_words, strict=False):
            if term in self.index.terms or not is_cyrillic(word):
                continue
            related = related_words(term, word)
            for other in related:
                weight = RELATED_WEIGHT * weights[term] / math.sqrt(len(related))
                weights[other] = max(weights.get(other, 0.0), weight)
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {term: w / norm for term, w in weights.items()} if norm else {}

    def groups(self, texts: Sequence[str]) -> list[list[int]]:
        """The positions of `texts` grouped by meaning, biggest group first (ties: earliest)."""
        vectors = [self.vector(text) for text in texts]
        n = len(vectors)
        if n < 2:
            return [[i] for i in range(n)]
        similar = np.array(
            [[cosine(vectors[i], vectors[j]) for j in range(n)] for i in range(n)],
            dtype=np.float64,
        )
        found = average_linkage(similar, self.similarity)
        return sorted(found, key=lambda group: (-len(group), group[0]))

    def emerging(self, reports: Sequence[RumourReport]) -> list[ReportCluster]:
        """Reports that matched no rumour, grouped by what they say, biggest group first."""
        unmatched = sorted(
            (r for r in reports if r.rumour_id is None and r.text), key=lambda r: r.id or 0
        )
        return [
            ReportCluster(tuple(unmatched[i] for i in group))
            for group in self.groups([r.text or "" for r in unmatched])
        ]


def cosine(a: Vector, b: Vector) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def average_linkage(similar: np.ndarray, threshold: float) -> list[list[int]]:
    """Agglomerative grouping: the two groups most alike on average merge while that average
    reaches `threshold`. Each group's members in order."""
    groups: list[list[int]] = [[i] for i in range(len(similar))]
    # Sums of similarities between groups; their average is the sum over the sizes' product.
    sums = similar.copy()
    np.fill_diagonal(sums, -np.inf)
    while len(groups) > 1:
        sizes = np.array([len(g) for g in groups], dtype=np.float64)
        average = sums / np.outer(sizes, sizes)
        found = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[found] < threshold:
            break
        i, j = sorted(int(k) for k in found)
        groups[i] = sorted(groups[i] + groups[j])
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = -np.inf
        sums = np.delete(np.delete(sums, j, axis=0), j, axis=1)
        del groups[j]
    return groups


def unanswered(questions: Sequence[UnansweredQuestion]) -> list[Cluster]:
    """Questions no content answered, grouped by likeness: what staff could write next."""
    return by_likeness([q.text for q in questions])


def by_likeness(texts: Sequence[str], similarity: float = 60.0) -> list[Cluster]:
    """Texts grouped by likeness (rapidfuzz on normalised text), biggest group first.

    Greedy leader clustering: each text joins the first group whose leader it resembles.
    """
    texts = [normalize(text) for text in texts]
    leaders: list[str] = []
    members: list[list[str]] = []
    for text in texts:
        found = process.extractOne(
            text, leaders, scorer=fuzz.token_set_ratio, score_cutoff=similarity
        )
        if found is None:
            leaders.append(text)
            members.append([text])
        else:
            members[found[2]].append(text)
    clusters = [Cluster(len(group), group[0]) for group in members]
    return sorted(clusters, key=lambda c: -c.size)
