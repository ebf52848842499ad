"""A second reader of danger: a classifier over the words and letters of messages from people
in danger, beside the phrase lists (`danger.py`).

A phrase list finds what its writers thought of; other people say the same danger in other
words ("the baby is floppy and won't feed"), and on messages nobody here had read the lists
answered about 60% of urgent ones at once. A linear model over character n-grams and words
carries over to wording it has not seen, as a list does not. It is fitted at start, in 5-7 s,
on messages written blind for it (`data/danger-*.jsonl`: people in danger, by danger, ordinary
questions full of danger's words, and short messages of both kinds), with the content's own
questions (those of no entry that answers a danger) and the shipped out-of-scope questions as
ordinary: each city's content teaches it what is ordinary there. scikit-learn fits it; its
classes are weighed by their counts alone (`class_weights`), nothing by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
EXAMPLES = (
    "danger-training-1.jsonl",
    "danger-training-2.jsonl",
    "danger-training-3.jsonl",
    "danger-training-4.jsonl",
    "danger-training-5.jsonl",
    "danger-training-6.jsonl",
    "danger-ordinary-2.jsonl",
    "danger-ordinary.jsonl",
)
ORDINARY = "none"
WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
# Its likeliest danger, this likely: chosen with `C` by cross-validation on the shipped
# messages and each content's questions (README.md, "Urgent messages"), never on a check set.
SURE = 0.6
# The regression's inverse regularisation: of 4, 16, 64 and 256, 64 and 256 have the lowest
# cross-validated log-loss (within 0.005 of each other on both contents), and at the lowest
# cut-off keeping false alarms under 1 in 200, 64 names more dangers for fewer alarms
# (`benchmarks/danger_model.py`).
C = 64.0


def examples() -> tuple[list[str], list[str]]:
    """The shipped messages and their dangers (`none`: an ordinary question)."""
    texts, labels = [], []
    for name in EXAMPLES:
        for line in (DATA / name).read_text("utf-8").splitlines():
            if line.strip():
                message = json.loads(line)
                texts.append(message["text"])
                labels.append(message["category"])
    return texts, labels


def class_weights(labels: Sequence[str]) -> dict[str, float]:
    """Ordinary messages weigh as much as all dangers together, each danger alike: ordinary
    ones outnumber each danger many times, and with every class alike (scikit-learn's
    "balanced") a message that says little leaned to some danger."""
    counts = Counter(labels)
    dangers = max(1, len(counts) - (ORDINARY in counts))
    half = len(labels) / 2
    return {
        label: half / n if label == ORDINARY else half / dangers / n for label, n in counts.items()
    }


def features(vectorizers: Sequence[Any], texts: Sequence[str], fit: bool = False) -> Any:
    """The texts as the model reads them: each TF-IDF part's columns, one after another."""
    from scipy.sparse import hstack

    parts = [v.fit_transform(texts) if fit else v.transform(texts) for v in vectorizers]
    return hstack(parts).tocsr()


def fitted(texts: Sequence[str], labels: Sequence[str], c: float = C) -> tuple[list[Any], Any]:
    """The TF-IDF parts and the logistic regression, fitted on these messages."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizers = [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    ]
    model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weights(labels))
    model.fit(features(vectorizers, texts, fit=True), labels)
    return vectorizers, model


@dataclass(frozen=True)
class _Terms:
    """One TF-IDF part of the fitted features, read without scikit-learn: its terms' columns
    and idf, counted with sublinear tf and scaled to unit length, as `TfidfVectorizer` does."""

    columns: dict[str, int]
    idf: np.ndarray
    chars: bool  # character n-grams within words; else n-grams of words
    sizes: tuple[int, int]  # the vectorizer's `ngram_range`

    def terms(self, text: str) -> list[str]:
        text = text.lower()
        shortest, longest = self.sizes
        grams: list[str] = []
        if self.chars:
            for word in text.split():
                padded = f" {word} "
                for n in range(shortest, longest + 1):
                    grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
                    if len(padded) <= n:
                        break
            return grams
        words = WORD.findall(text)
        for n in range(shortest, longest + 1):
            grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        return grams

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's columns and their values."""
        counts = Counter(c for t in self.terms(text) if (c := self.columns.get(t)) is not None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        columns = np.fromiter(counts, dtype=np.int64)
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[columns]
        return columns, values / np.linalg.norm(values)


class DangerModel:
    """The fitted classifier as plain numpy: it reads every message, and scikit-learn would
    add its import and memory to the bot's (`decision.py` decides the same way)."""

    def __init__(
        self, parts: list[_Terms], coef: np.ndarray, intercept: np.ndarray, classes: list[str]
    ) -> None:
        self.parts = parts
        self.coef = coef  # (features, classes), the parts' columns one after another
        self.intercept = intercept
        self.classes = classes

    @classmethod
    def fit(cls, ordinary: Iterable[str]) -> DangerModel:
        """Fitted on the shipped messages, with `ordinary` (the content's own questions) as
        more ordinary ones. Deterministic."""
        texts, labels = examples()
        extra = list(ordinary)
        texts += extra
        labels += [ORDINARY] * len(extra)
        return cls.of(*fitted(texts, labels))

    @classmethod
    def of(cls, vectorizers: Sequence[Any], model: Any) -> DangerModel:
        """Fitted TF-IDF parts (their columns one after another) and a logistic regression,
        read as plain numpy."""
        parts = [
            _Terms(
                {str(k): int(c) for k, c in v.vocabulary_.items()},
                v.idf_,
                v.analyzer != "word",
                v.ngram_range,
            )
            for v in vectorizers
        ]
        classes = [str(c) for c in model.classes_]
        return cls(parts, model.coef_.T.copy(), model.intercept_.copy(), classes)

    def chances(self, text: str) -> np.ndarray:
        """Each class's probability (softmax of the linear scores, as the model's own)."""
        scores = self.intercept.copy()
        offset = 0
        for part in self.parts:
            columns, values = part.vector(text)
            scores += values @ self.coef[offset + columns]
            offset += len(part.idf)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def read(self, text: str) -> tuple[str, float] | None:
        """The danger a message most likely signals and its probability, when it is sure."""
        chances = self.chances(text)
        best = int(np.argmax(chances))
        if self.classes[best] == ORDINARY or chances[best] < SURE:
            return None
        return self.classes[best], float(chances[best])
