"""Content gaps: questions with no sure answer, grouped into clusters of like questions, biggest
first, so staff see what to write next (`/gaps`, `welcomebot content gaps`).

Two questions are alike when they say the same things as the matcher reads them (lemmas,
stems, the lexicon's concepts, and at a lower weight the thesaurus' synonyms of Cyrillic words,
so "лікар" meets "доктор" and "GP" meets "family doctor"), or when they are spelled alike
(character n-grams, for typos and words no dictionary knows). Clusters are made by average
linkage over that likeness (scikit-learn), so one stray word does not chain groups together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.related import related_words
from welcomebot.matching.text import normalize
from welcomebot.storage.models import UnansweredQuestion

EXAMPLES = 3
SYNONYM_WEIGHT = 0.3
# Weights of the two likenesses, and how alike on average a cluster's questions must be.
MEANING, SPELLING = 0.5, 0.5
ALIKE = 0.15


@dataclass(frozen=True)
class Gap:
    size: int
    examples: list[str]  # the most typical first
    languages: dict[str, int]  # language → questions, most first
    shown: str | None  # the entry most often offered for them and not picked, if any


def features(analyzer: Analyzer, text: str) -> dict[str, float]:
    reading = analyzer.read(text)
    weights: dict[str, float] = {}
    for term in reading.terms:
        weights[term] = 1.0
    for term, word in zip(reading.terms, reading.term_words, strict=False):
        if word and not word.isascii():
            for synonym in related_words(term, word):
                weights.setdefault(synonym, SYNONYM_WEIGHT)
    return weights


def likeness(analyzer: Analyzer, texts: Sequence[str]) -> np.ndarray:
    """Pairwise likeness in [0, 1] of the texts, as a dense matrix."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    meaning = TfidfTransformer().fit_transform(
        DictVectorizer().fit_transform([features(analyzer, text) for text in texts])
    )
    spelling = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(
        [normalize(text) for text in texts]
    )
    alike = MEANING * (meaning @ meaning.T).toarray() + SPELLING * (spelling @ spelling.T).toarray()
    return np.clip(alike, 0.0, 1.0)


def clusters(analyzer: Analyzer, texts: Sequence[str], alike: float = ALIKE) -> list[list[int]]:
    """Indexes of the texts, grouped; biggest group first, then in the order first seen."""
    if len(texts) < 2:
        return [[i] for i in range(len(texts))]
    from sklearn.cluster import AgglomerativeClustering

    distance = 1.0 - likeness(analyzer, texts)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - alike,
    ).fit_predict(distance)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))


def find_gaps(
    analyzer: Analyzer, questions: Sequence[UnansweredQuestion], alike: float = ALIKE
) -> list[Gap]:
    """The questions' clusters, biggest first, each with its most typical examples."""
    texts = [" ".join(q.text.split()) for q in questions]
    if not texts:
        return []
    similar = likeness(analyzer, texts) if len(texts) > 1 else np.ones((1, 1))
    gaps = []
    for group in clusters(analyzer, texts, alike):
        # The most typical: most like the rest of its group; one per wording.
        centrality = similar[np.ix_(group, group)].sum(axis=1)
        examples: list[str] = []
        for position in np.argsort(-centrality, kind="stable"):
            text = texts[group[position]]
            if normalize(text) not in {normalize(e) for e in examples}:
                examples.append(text)
            if len(examples) == EXAMPLES:
                break
        languages = Counter(questions[i].lang for i in group)
        shown = Counter(
            ids.split()[0] for i in group if (ids := questions[i].shown_entry_ids)
        ).most_common(1)
        gaps.append(
            Gap(
                size=len(group),
                examples=examples,
                languages=dict(languages.most_common()),
                shown=shown[0][0] if shown else None,
            )
        )
    return gaps
