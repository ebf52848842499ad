"""Reference rankers the matcher must beat: rapidfuzz WRatio alone and plain BM25 alone."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np
from rapidfuzz import fuzz, process, utils

from welcomebot.content.models import Entry
from welcomebot.matching.analyzer import term
from welcomebot.matching.text import tokenize


class FuzzyBaseline:
    """WRatio against each question and variant; an entry scores as its best phrasing."""

    name = "fuzzy"

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.phrases: list[str] = []
        self.owner: list[int] = []
        for position, entry in enumerate(self.entries):
            for text in [
                *entry.headline.values(),
                *(v for vs in entry.variants.values() for v in vs),
            ]:
                self.phrases.append(text)
                self.owner.append(position)

    def rank(self, text: str, mask: np.ndarray) -> list[tuple[int, float]]:
        matrix = process.cdist(
            [text], self.phrases, scorer=fuzz.WRatio, processor=utils.default_process
        )[0]
        best = np.zeros(len(self.entries), dtype=np.float32)
        np.maximum.at(best, np.array(self.owner), matrix)
        best = np.where(mask, best / 100, -1.0)
        order = np.argsort(-best, kind="stable")[:3]
        return [(int(i), float(best[i])) for i in order if best[i] >= 0]


class BM25Baseline:
    """bm25s over simplemma lemmas and English stems of question, variants and answer."""

    name = "bm25"

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        corpus = [
            " ".join(
                [
                    *e.headline.values(),
                    *(v for vs in e.variants.values() for v in vs),
                    *e.body.values(),
                ]
            )
            for e in self.entries
        ]
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.retriever = bm25s.BM25()
        self.retriever.index([self._terms(doc) for doc in corpus], show_progress=False)

    @staticmethod
    def _terms(text: str) -> list[str]:
        return [term(token) for token in tokenize(text)]

    def rank(self, text: str, mask: np.ndarray) -> list[tuple[int, float]]:
        known = [t for t in self._terms(text) if t in self.retriever.vocab_dict]
        scores = (
            np.asarray(self.retriever.get_scores(known), dtype=np.float32)
            if known
            else np.zeros(len(self.entries), dtype=np.float32)
        )
        scores = np.where(mask, scores, -1.0)
        order = np.argsort(-scores, kind="stable")[:3]
        return [(int(i), float(scores[i])) for i in order if scores[i] >= 0]
