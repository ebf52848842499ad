"""A fielded index over content entries: a BM25F word matrix and a character n-gram matrix.

Scores for all entries come from one sparse product each, so a query costs the same few
operations at 100 or 10,000 entries. BM25F is ours rather than a library's because it needs
per-field weights and per-term query weights (typo corrections), which BM25 packages lack.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from welcomebot.content.models import Entry, Localized
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.text import tokenize


def entry_fields(entry: Entry, title: Localized) -> dict[str, str]:
    """The searchable text of an entry, every language together, by field."""
    return {
        "question": " \n ".join(entry.headline.values()),
        "variants": " \n ".join(v for texts in entry.variants.values() for v in texts),
        "title": " \n ".join(title.values()),
        "answer": " \n ".join([*entry.body.values(), *_arguments(entry)]),
    }


def _arguments(entry: Entry) -> list[str]:
    """A rumour's arguments are part of what it is about; FAQ entries have none."""
    return [text for argument in getattr(entry, "arguments", []) for text in argument.text.values()]


def char_grams(text: str, sizes: tuple[int, int]) -> Counter[str]:
    """Character n-grams inside space-padded words, as in scikit-learn's `char_wb`."""
    grams: Counter[str] = Counter()
    low, high = sizes
    for token in tokenize(text):
        padded = f" {token} "
        for n in range(low, high + 1):
            grams.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


def _vocabulary(counts: Iterable[Counter[str]]) -> dict[str, int]:
    vocab: dict[str, int] = {}
    for counter in counts:
        for key in counter:
            vocab.setdefault(key, len(vocab))
    return vocab


class Postings:
    """A term-by-entry weight matrix read row by row: a query touches only its own terms.

    For short postings, gathering the rows and summing them with `np.bincount` avoids the
    ~100 µs that scipy's fancy row indexing costs per call; for long ones (large collections,
    common n-grams) scipy's C loops win, so each call takes the cheaper way.
    """

    GATHER_LIMIT = 20_000  # stored values; above this scipy is faster (benchmarks/matching.py)

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        self.matrix = matrix
        self.indptr, self.indices, self.data = matrix.indptr, matrix.indices, matrix.data
        self.entries = matrix.shape[1]

    def dot(self, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The weighted sum of the given rows: one score per entry."""
        starts = self.indptr[rows]
        lengths = self.indptr[rows + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(self.entries)
        if total > self.GATHER_LIMIT:
            return np.asarray(self.matrix[rows].T @ weights, dtype=np.float64)
        # Positions of every stored value of those rows, without a Python loop over the rows.
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        values = self.data[positions] * np.repeat(weights, lengths)
        return np.bincount(self.indices[positions], weights=values, minlength=self.entries)


def _matrix(rows: dict[str, int], columns: Sequence[dict[str, float]]) -> Postings:
    data, row_ids, col_ids = [], [], []
    for col, weights in enumerate(columns):
        for key, value in weights.items():
            row_ids.append(rows[key])
            col_ids.append(col)
            data.append(value)
    shape = (len(rows), len(columns))
    return Postings(sparse.csr_matrix((data, (row_ids, col_ids)), shape=shape, dtype=np.float32))


class Index:
    """Read-only after construction; safe to share between concurrent queries."""

    def __init__(
        self,
        entries: Sequence[Entry],
        titles: dict[str, Localized],
        config: MatcherConfig,
        analyzer: Analyzer,
    ) -> None:
        self.entries = list(entries)
        self.config = config
        self.analyzer = analyzer
        fields = [entry_fields(e, titles.get(e.group, {})) for e in self.entries]
        self._build_words(fields)
        self._build_phrasings()
        self._build_chars(fields)

    # Words: BM25F (Robertson & Zaragoza 2009), saturating the weighted sum of field tfs.
    def _build_words(self, fields: list[dict[str, str]]) -> None:
        cfg = self.config
        per_field = {
            name: [Counter(self.analyzer.analyze(f[name])) for f in fields]
            for name in cfg.field_weights
        }
        averages = {
            name: max(1e-9, sum(sum(c.values()) for c in counts) / max(1, len(counts)))
            for name, counts in per_field.items()
        }
        n_docs = len(fields)
        columns: list[dict[str, float]] = []
        df: Counter[str] = Counter()
        for doc in range(n_docs):
            pseudo: dict[str, float] = {}
            for name, weight in cfg.field_weights.items():
                counts = per_field[name][doc]
                norm = 1 - cfg.b + cfg.b * sum(counts.values()) / averages[name]
                for term, tf in counts.items():
                    pseudo[term] = pseudo.get(term, 0.0) + weight * tf / norm
            df.update(pseudo.keys())
            columns.append(pseudo)
        self.terms = _vocabulary(columns)
        self.term_idf = np.zeros(len(self.terms), dtype=np.float32)
        for term, row in self.terms.items():
            self.term_idf[row] = math.log(1 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
        saturated = [
            {t: float(self.term_idf[self.terms[t]]) * tf / (cfg.k1 + tf) for t, tf in col.items()}
            for col in columns
        ]
        self.words = _matrix(self.terms, saturated)
        self.max_idf = float(self.term_idf.max()) if len(self.term_idf) else 1.0
        self.vocabulary = list(self.terms)

    # Phrasings: each question and variant on its own, so a close paraphrase of one of them
    # is not diluted by the rest of the entry. Same term weights as the word signal.
    def _build_phrasings(self) -> None:
        columns, owners = [], []
        for position, entry in enumerate(self.entries):
            texts = [
                *entry.headline.values(),
                *(v for vs in entry.variants.values() for v in vs),
            ] or [""]  # at least one phrasing an entry keeps `best_phrasing` aligned
            for text in texts:
                terms = set(self.analyzer.analyze(text))
                columns.append(
                    {t: float(self.term_idf[self.terms[t]]) for t in terms if t in self.terms}
                )
                owners.append(position)
        self.phrasings = _matrix(self.terms, columns)
        # Phrasings are stored entry by entry, so each entry's run starts where its owner changes.
        owner = np.array(owners, dtype=np.int64)
        self.phrasing_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        self.phrasing_weight = np.array([sum(c.values()) for c in columns], dtype=np.float32)

    def best_phrasing(self, values: np.ndarray) -> np.ndarray:
        """The highest value among each entry's phrasings (every entry has its question)."""
        return np.maximum.reduceat(values, self.phrasing_starts)

    # Characters: sublinear TF-IDF, L2-normalised, short fields and answers kept apart.
    def _build_chars(self, fields: list[dict[str, str]]) -> None:
        sizes = self.config.char_ngrams
        short = [
            char_grams(" ".join((f["question"], f["variants"], f["title"])), sizes) for f in fields
        ]
        long = [char_grams(f["answer"], sizes) for f in fields]
        self.grams = _vocabulary([*short, *long])
        df: Counter[str] = Counter()
        for counter in (*short, *long):
            df.update(counter.keys())
        n = len(short) + len(long)
        self.gram_idf = np.zeros(len(self.grams), dtype=np.float32)
        for gram, row in self.grams.items():
            self.gram_idf[row] = math.log((1 + n) / (1 + df[gram])) + 1
        self.chars_short = _matrix(self.grams, [self._unit(c) for c in short])
        self.chars_long = _matrix(self.grams, [self._unit(c) for c in long])

    def _unit(self, counter: Counter[str]) -> dict[str, float]:
        # An n-gram the content never uses weighs as the rarest one, so it lowers the cosine.
        rarest = float(self.gram_idf.max()) if len(self.gram_idf) else 1.0
        weights = {
            g: (1 + math.log(tf))
            * (float(self.gram_idf[self.grams[g]]) if g in self.grams else rarest)
            for g, tf in counter.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {g: w / norm for g, w in weights.items()}

    def query_chars(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows and weights of a query's known n-grams, L2-normalised over all of them."""
        weights = self._unit(char_grams(text, self.config.char_ngrams))
        known = [(self.grams[g], w) for g, w in weights.items() if g in self.grams]
        rows = np.fromiter((r for r, _ in known), dtype=np.int64, count=len(known))
        values = np.fromiter((w for _, w in known), dtype=np.float32, count=len(known))
        return rows, values
