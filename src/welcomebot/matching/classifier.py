"""A second opinion for the decision: which entry a classifier fitted on the content picks.

The matcher scores how much of a message each entry's texts share (BM25F, n-grams, the closest
phrasing). A discriminative model reads the same words differently: fitted on every entry's
question, variants, title and answer sentences, it weighs a word by how well it tells that
entry from the others, so a word all housing entries say counts for little between them. Where
it and the matcher agree, the match is much more often right (on the dev queries, which check
it: 83-93% against 37-50% where they differ); the decision (`decision.py`) reads its
probability for each candidate.

A multinomial scikit-learn logistic regression over the index's own word and concept rows, so
typos, synonyms and concepts reach it as they reach the matcher. The coefficients are kept as
one float32 matrix (words x entries): predicting sums the rows of a message's own words.

Its cost grows with texts x entries (at 1,000 entries a fit takes 13-33 s; at 10,000, 15 GB), and
a decision fits it once per held-out index, so above `LARGE_CONTENT` entries there is none: it
says nothing (every probability 0), and the decision reads the match alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
from scipy import sparse

from welcomebot.content.models import Entry, Localized
from welcomebot.matching.index import entry_fields

# An answer says much that a question about it does not: each of its sentences is one weak
# example; the question, variants and title are what people ask.
ANSWER_SENTENCE_WEIGHT = 0.3
# Little regularisation: each entry has few texts, and words that tell entries apart should
# count fully; L2 keeps the coefficients of words only one text says small. Set once, not tuned.
REGULARISATION_C = 20.0
# A city's content is tens to a few hundred entries; a looser tolerance that would make larger
# content quick stops scikit-learn's solver before its first step there (all coefficients 0).
LARGE_CONTENT = 300
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")

RowsOf = Callable[[Sequence[str]], list[dict[int, float]]]  # texts -> each one's rows, weights


def _examples(
    entries: Sequence[Entry], titles: dict[str, Localized]
) -> Iterable[tuple[str, int, float]]:
    """(text, entry position, weight) for every text of every entry: the index's fields
    (`entry_fields`), but each variant on its own and each answer sentence on its own."""
    for position, entry in enumerate(entries):
        fields = entry_fields(entry, titles.get(entry.group, {}))
        asked = [*fields["question"], *fields["title"]]
        asked += [text for texts in entry.variants.values() for text in texts]
        for text in asked:
            yield text, position, 1.0
        for body in fields["answer"]:
            for sentence in _SENTENCE_END.split(body):
                if sentence.strip():
                    yield sentence, position, ANSWER_SENTENCE_WEIGHT


def _unit(values: np.ndarray, owners: np.ndarray, n: int) -> np.ndarray:
    """Values of n texts (owners: which text each is of), each text's scaled to unit length."""
    lengths = np.sqrt(np.bincount(owners, values**2, minlength=n))
    return values / np.where(lengths > 0, lengths, 1.0)[owners]


class EntryClassifier:
    def __init__(
        self, coef: np.ndarray, intercept: np.ndarray, idf: np.ndarray, silent: bool = False
    ) -> None:
        self.coef = coef  # (word rows, entries), float32
        self.intercept = intercept  # (entries,)
        self.idf = idf  # per word row
        self.silent = silent  # none was fitted (`LARGE_CONTENT`, or one entry): all zeros

    @classmethod
    def fit(
        cls,
        entries: Sequence[Entry],
        titles: dict[str, Localized],
        rows_of: RowsOf,
        idf: np.ndarray,
    ) -> EntryClassifier:
        """Fitted on the entries' own texts, read into index rows by `rows_of` (deterministic)."""
        from sklearn.linear_model import LogisticRegression

        silent = cls(np.zeros((0, 0), np.float32), np.zeros(0), idf, silent=True)
        if len(entries) > LARGE_CONTENT:
            return silent
        examples = list(_examples(entries, titles))
        found = rows_of([text for text, _, _ in examples])
        owners = np.repeat(np.arange(len(found)), [len(rows) for rows in found])
        words = np.fromiter((r for rows in found for r in rows), np.int64, len(owners))
        weights = np.fromiter((w for rows in found for w in rows.values()), np.float64, len(owners))
        values = _unit(weights * idf[words], owners, len(found))
        features = sparse.csr_matrix((values, (owners, words)), shape=(len(found), len(idf)))
        labels = np.array([position for _, position, _ in examples], dtype=np.int64)
        importance = np.array([weight for _, _, weight in examples])
        present = np.unique(labels)
        if len(present) < 2:  # nothing to tell apart
            return silent
        # Newton-CG: a few exact steps. L-BFGS's bookkeeping over words x entries parameters
        # took most of a decision's fit at a few hundred entries, and stopped farther from
        # the optimum (benchmarks/matching.py).
        model = LogisticRegression(C=REGULARISATION_C, solver="newton-cg", max_iter=500)
        model.fit(features, labels, sample_weight=importance)
        coef = np.zeros((len(idf), len(entries)), dtype=np.float32)
        intercept = np.full(len(entries), -np.inf)
        if len(model.classes_) == 2:
            # Two entries: scikit-learn fits one binary model, the log-odds of the second.
            coef[:, model.classes_[1]] = model.coef_[0]
            intercept[model.classes_] = [0.0, model.intercept_[0]]
        else:
            coef[:, model.classes_] = model.coef_.T
            intercept[model.classes_] = model.intercept_
        return cls(coef, intercept, idf)

    def save(self, target: BinaryIO) -> None:
        """Kept beside the decision fitted with it (`decision.load_or_fit`), so that a start
        that reads them never loads scikit-learn."""
        np.savez(target, coef=self.coef, intercept=self.intercept, silent=self.silent)

    @classmethod
    def load(cls, source: Path, idf: np.ndarray) -> EntryClassifier:
        with np.load(source) as kept:
            return cls(kept["coef"], kept["intercept"], idf, silent=bool(kept["silent"]))

    def probabilities(
        self, words: np.ndarray, weights: np.ndarray, owners: np.ndarray, allowed: np.ndarray
    ) -> np.ndarray:
        """(messages, entries): each entry's probability among the `allowed` ones (a boolean
        matrix of that shape), 0 elsewhere. The messages' words come as (row, weight, owner)
        triples, owners in order, as `Matcher` reads them."""
        queries = len(allowed)
        if self.silent:
            return np.zeros(allowed.shape)
        values = _unit(weights * self.idf[words], owners, queries).astype(np.float32)
        # Only the messages' own words: a few rows of the coefficients, not all of them.
        logits = np.zeros(allowed.shape, dtype=np.float32)
        said = np.flatnonzero(np.bincount(owners, minlength=queries))
        if len(said):  # owners are in order: each message's rows are one run
            starts = np.searchsorted(owners, said)
            logits[said] = np.add.reduceat(self.coef[words] * values[:, None], starts, axis=0)
        logits = np.where(allowed, logits + self.intercept, -np.inf)
        top = logits.max(axis=1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        odds = np.exp(logits - top)
        total = odds.sum(axis=1, keepdims=True)
        return np.divide(odds, total, out=np.zeros_like(odds), where=total > 0)
