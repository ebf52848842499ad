"""A fielded index over content entries: BM25F words, character n-grams, single phrasings.

All three live in one sparse matrix, so scoring every entry and every phrasing is one gather
of the query's rows: a query costs the same few operations at 100 or 10,000 entries. BM25F
is ours rather than a library's because it needs per-field weights and per-term query
weights (typo corrections), which BM25 packages lack.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from welcomebot.content.models import Entry, Localized
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.lexicon import CONCEPT_PREFIX
from welcomebot.matching.memo import Memoizing
from welcomebot.matching.text import is_cyrillic, tokenize
from welcomebot.matching.vocabulary import Vocabulary


def entry_fields(entry: Entry, title: Localized) -> dict[str, list[str]]:
    """The searchable text of an entry by field, one text per language version."""
    return {
        "question": list(entry.headline.values()),
        "variants": [" \n ".join(texts) for texts in entry.variants.values()],
        "title": list(title.values()),
        "answer": [*entry.body.values(), *_arguments(entry)],
    }


def _arguments(entry: Entry) -> list[str]:
    """A rumour's arguments are part of what it is about; FAQ entries have none."""
    return [text for argument in getattr(entry, "arguments", []) for text in argument.text.values()]


def char_grams(text: str, sizes: tuple[int, int]) -> Counter[str]:
    """Character n-grams inside space-padded words, as in scikit-learn's `char_wb`."""
    low, high = sizes
    return Counter(
        padded[i : i + n]
        for padded in (f" {token} " for token in tokenize(text))
        for n in range(low, high + 1)
        for i in range(max(1, len(padded) - n + 1))
    )


def _vocabulary(counts: Iterable[Mapping[str, object]]) -> dict[str, int]:
    vocab: dict[str, int] = {}
    for counter in counts:
        for key in counter:
            vocab.setdefault(key, len(vocab))
    return vocab


def _counted(vocab: dict[str, int], counters: Sequence[Counter[str]]) -> sparse.csr_matrix:
    """(texts, vocabulary): each text's counts."""
    lengths = [len(counter) for counter in counters]
    total = sum(lengths)
    columns = np.fromiter((vocab[key] for c in counters for key in c), np.int64, total)
    counts = np.fromiter((n for c in counters for n in c.values()), np.float64, total)
    texts = np.repeat(np.arange(len(counters)), lengths)
    return sparse.csr_matrix((counts, (texts, columns)), shape=(len(counters), len(vocab)))


class Postings:
    """A term-by-column weight matrix read row by row: a query touches only its own terms.

    Several queries are scored together: each query row says which query it belongs to. For
    short postings, gathering the rows and summing them with `np.bincount` avoids the ~100 µs
    that scipy's sparse machinery costs per call; for long ones (large collections, common
    n-grams) scipy's C loops win, so each call takes the cheaper way.
    """

    GATHER_LIMIT = 20_000  # stored values a query; above, scipy is faster (benchmarks/matching.py)

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        self.matrix = matrix
        self.indptr, self.indices, self.data = matrix.indptr, matrix.indices, matrix.data
        self.lengths = np.diff(self.indptr)
        self.columns = matrix.shape[1]

    def sums(
        self, rows: np.ndarray, weights: np.ndarray, owners: np.ndarray, queries: int
    ) -> np.ndarray:
        """(queries, columns): for each query, the weighted sum of its rows."""
        starts, lengths = self.indptr[rows], self.lengths[rows]
        total = int(lengths.sum())
        if total > self.GATHER_LIMIT * queries:
            # Row slicing and a matrix-vector product per query: a sparse-sparse product
            # (one call for all) costs several times more per stored value.
            summed = np.zeros((queries, self.columns))
            for query in range(queries):
                mine = owners == query
                summed[query] = self.matrix[rows[mine]].T @ weights[mine]
            return summed
        # Positions of every stored value of those rows, without a Python loop over the rows.
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        cells = np.repeat(owners * self.columns, lengths) + self.indices[positions]
        values = self.data[positions] * np.repeat(weights, lengths)
        summed = np.bincount(cells, weights=values, minlength=queries * self.columns)
        return summed.reshape(queries, self.columns)


def _matrix(rows: dict[str, int], columns: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    data, row_ids, col_ids = [], [], []
    for col, weights in enumerate(columns):
        for key, value in weights.items():
            row_ids.append(rows[key])
            col_ids.append(col)
            data.append(value)
    shape = (len(rows), len(columns))
    return sparse.csr_matrix((data, (row_ids, col_ids)), shape=shape, dtype=np.float32)


class Index(Memoizing):
    """Read-only after construction (but for a cache of words' n-grams); safe to share
    between concurrent queries."""

    CACHES = ("_token_grams",)

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
        words = self._build_words(fields)
        self.word_forms = self._build_word_forms(fields)
        self.typos = Vocabulary(self.word_forms)  # what a typo is compared with
        phrasings = self._build_phrasings()
        chars = self._build_chars(fields)
        # Rows: words, then n-grams from `gram_offset`. Columns: entries, then phrasings from
        # `phrasing_offset`. The two entry signals are fused with fixed weights, so the matrix
        # holds them pre-weighted; phrasings are scored on words alone.
        ww = config.word_weight
        self.postings = Postings(
            sparse.bmat([[words * ww, phrasings], [chars * (1 - ww), None]], "csr")
        )
        self.gram_offset = len(self.terms)
        self.phrasing_offset = len(self.entries)

    # Words: BM25F (Robertson & Zaragoza 2009), saturating the weighted sum of field tfs.
    def _build_words(self, fields: list[dict[str, list[str]]]) -> sparse.csr_matrix:
        cfg = self.config
        per_field = {
            name: [self._field_terms(f[name]) for f in fields] for name in cfg.field_weights
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
        self.max_idf = float(self.term_idf.max()) if len(self.term_idf) else 1.0
        return _matrix(self.terms, saturated)

    def _build_word_forms(self, fields: list[dict[str, list[str]]]) -> dict[str, str]:
        """What a typo is compared with: each word term, and each Ukrainian word as the content
        writes it, with its term.

        A Ukrainian word is inflected, and a typo keeps its ending: "докуменів" is one letter
        from "документів" but three from the lemma "документ". English terms are stems already.
        """
        forms = {term: term for term in self.terms if not term.startswith(CONCEPT_PREFIX)}
        for field in fields:
            for text in (text for texts in field.values() for text in texts):
                for token in tokenize(text):
                    if token in forms or not is_cyrillic(token):
                        continue
                    terms = self.analyzer.read(token, expand=False).terms
                    if len(terms) == 1 and terms[0] in self.terms:
                        forms[token] = terms[0]
        return forms

    def _field_terms(self, versions: list[str]) -> Counter[str]:
        """A field's terms, read whole and each language version on its own.

        Read whole, an English word among Ukrainian ones takes the Ukrainian reading that people
        type (deposit, депозит); alone, it keeps its English one as well (accept, pay).
        """
        terms = Counter(self.analyzer.analyze(" \n ".join(versions)))
        if len(versions) < 2:
            return terms  # one version read whole is that version read alone
        apart = sum((Counter(self.analyzer.analyze(text)) for text in versions), Counter())
        for term, count in apart.items():
            terms.setdefault(term, count)
        return terms

    # Phrasings: each question and variant on its own, so a close paraphrase of one of them
    # is not diluted by the rest of the entry. Same term weights as the word signal.
    def _build_phrasings(self) -> sparse.csr_matrix:
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
        # Phrasings are stored entry by entry, so each entry's run starts where its owner changes.
        owner = np.array(owners, dtype=np.int64)
        self.phrasing_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        # A phrasing's share of itself that a query covers: divide by the phrasing's whole weight.
        totals = np.array([sum(c.values()) for c in columns], dtype=np.float64)
        self.phrasing_scale = 1 / np.maximum(totals, 1e-9)
        return _matrix(self.terms, columns)

    def best_phrasing(self, values: np.ndarray) -> np.ndarray:
        """(queries, entries): the highest value among each entry's phrasings (every entry
        has its question)."""
        return np.maximum.reduceat(values, self.phrasing_starts, axis=1)

    # Characters: sublinear TF-IDF, L2-normalised, short fields and answers weighed apart.
    # The two cosines are mixed with fixed weights, so one matrix holds their sum. The weights
    # are scikit-learn's TfidfVectorizer(sublinear_tf=True) (a test holds them to it), in numpy:
    # importing it would add ~70 MB and 0.4 s to every start.
    def _build_chars(self, fields: list[dict[str, list[str]]]) -> sparse.csr_matrix:
        sizes, mix = self.config.char_ngrams, self.config.char_answer_weight
        short = [
            char_grams(" \n ".join([*f["question"], *f["variants"], *f["title"]]), sizes)
            for f in fields
        ]
        long = [char_grams(" \n ".join(f["answer"]), sizes) for f in fields]
        self.grams = _vocabulary([*short, *long])
        tf = _counted(self.grams, [*short, *long])  # (texts, n-grams)
        df = np.bincount(tf.indices, minlength=len(self.grams))
        self.gram_idf_rows = np.log((1 + tf.shape[0]) / (1 + df)) + 1
        # An n-gram the content never uses weighs as the rarest one, so it lowers the cosine.
        self.rarest_gram = float(self.gram_idf_rows.max()) if len(self.grams) else 1.0
        self._memoize()
        weights = tf.copy()
        weights.data = (1 + np.log(weights.data)) * self.gram_idf_rows[weights.indices]
        texts = np.repeat(np.arange(tf.shape[0]), np.diff(weights.indptr))
        norms = np.sqrt(np.bincount(texts, weights.data**2, minlength=tf.shape[0]))
        weights.data /= np.where(norms > 0, norms, 1.0)[texts]
        half = len(short)
        mixed = weights[:half] * (1 - mix) + weights[half:] * mix
        return sparse.csr_matrix(mixed.T, dtype=np.float32)

    def _memoize(self) -> None:
        # Words recur, so each word's n-grams are looked up once; bounded, as the input is not.
        self._token_grams = lru_cache(maxsize=100_000)(self._find_token_grams)

    def query_grams(self, words: Iterable[str]) -> tuple[Counter[int], float]:
        """A query's known n-grams (rows from `gram_offset`) with their counts, and the
        squared weight of those the content never uses (they still lower the cosine)."""
        known: list[int] = []
        unknown: list[str] = []
        for word in words:
            rows, others = self._token_grams(word)
            known.extend(rows)
            unknown.extend(others)
        outside = sum(
            ((1 + math.log(n)) * self.rarest_gram) ** 2 for n in Counter(unknown).values()
        )
        return Counter(known), outside

    def gram_weights(
        self, rows: np.ndarray, tf: np.ndarray, owners: np.ndarray, outside: np.ndarray
    ) -> np.ndarray:
        """Sublinear TF-IDF of the queries' n-grams, each query L2-normalised."""
        values = (1 + np.log(tf)) * self.gram_idf_rows[rows - self.gram_offset]
        norms = np.sqrt(np.bincount(owners, values * values, minlength=len(outside)) + outside)
        return values / np.where(norms > 0, norms, 1.0)[owners]

    def _find_token_grams(self, token: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """A word's n-grams as rows, and those the content never uses."""
        rows, unknown = [], []
        for gram in char_grams(token, self.config.char_ngrams).elements():
            row = self.grams.get(gram)
            if row is None:
                unknown.append(gram)
            else:
                rows.append(row + self.gram_offset)
        return tuple(rows), tuple(unknown)
