"""A decision fitted for the content it serves: more direct answers where they are sure to be right.

Two small models read each match (`signals.py`): the probability that a candidate entry is
right, and that the message is in scope at all. Both are scikit-learn logistic regressions
with calibrated probabilities, fitted on the content itself, never on labelled queries:

- in scope: each entry's variants, asked of an index built without them, the entry keeping
  its other variants (as a person's message meets it with all of them), also typed as people
  type (`noise.py`: Ukrainian in Latin letters, or in Russian where the lexicon knows the word,
  or with typos) and wrapped in a story (`data/stories.yaml`: the asker's situation, or where
  a rumour was heard; a keyword variant then ends with "?", as people end what they ask);
- out of scope: the phrasings of whole topics, asked of an index built without those topics,
  and a shipped list of questions no city's FAQ answers (`data/out_of_scope.yaml`), the same
  ways.

The thresholds come from the same data, predicted by models that did not see it: the model
answers where the best entry is right often enough (the rule's answers counted) and the
message in scope; buttons and the plain no-answer stay the hand-set rule's (`Decision`), but
for a message far closer to a shipped out-of-scope question than to any entry (`decoys.py`),
which gets the plain no-answer: how far, the content's own held-out phrasings say.

Fitting takes seconds (4 s for the demo content, 7 s for the eval content, one core); the
bot fits in a child process (`fit_process.py`), `run` and a chat at a terminal while the rule
already answers. The result and the classifier fitted with it are
kept in cache files named by a hash of the content, the lexicon and this code, so a restart
with unchanged content reads them back. Deciding uses plain numpy (the fitted coefficients),
not scikit-learn: it is on every message's path.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import random
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from welcomebot import __version__
from welcomebot.cache_files import alone, hash_folder, hash_versions, used, write_whole
from welcomebot.content.models import Entry, Localized
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.decoys import out_of_scope_questions
from welcomebot.matching.lemmas import lemmatize
from welcomebot.matching.lexicon import Lexicon
from welcomebot.matching.matcher import Matcher, Outcome, Verdict
from welcomebot.matching.noise import (
    INFORMAL,
    Words,
    in_russian,
    russian_words,
    to_latin,
    with_typos,
)
from welcomebot.matching.signals import FEATURES

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent  # the matching package
DATA = PACKAGE / "data"
# What the decision must reach on the held-out content phrasings.
ANSWER_PRECISION = 0.95  # of the answers given to in-scope phrasings, right
OUT_OF_SCOPE_ANSWERED = 0.03  # of the out-of-scope phrasings, answered at most
# Of the in-scope phrasings, those the model may answer (the rest are left to the rule).
SCOPE_RECALL = 0.98
# Of the in-scope phrasings the rule offers buttons for, those that keep them however close a
# shipped out-of-scope question is (`decoys.py`).
DECOY_RECALL = 0.99
NEVER = 1.0  # a lead no message reaches (both scores are confidences in [0, 1])
FOLDS = 5  # indexes built for the held-out phrasings; 2 above `MANY_ENTRIES`
MANY_ENTRIES = 300
# Only the languages the content's own phrasings are in: out-of-scope questions in a language
# no in-scope one is would teach that the language itself is out of scope (Russian is read
# through the Ukrainian path, `analyzer.py`, and must not count against a message).
TRAINED_LANGUAGES = ("en", "uk")
MOST_PHRASINGS = 2000  # held-out phrasings asked (each also typed and in a story), evenly spread
# What a fit's rows and models depend on besides welcomebot: the libraries that read words,
# and those that fit.
LIBRARIES = (
    "simplemma",
    "pymorphy3",
    "pymorphy3-dicts-uk",
    "snowballstemmer",
    "rapidfuzz",
    "numpy",
    "scipy",
    "scikit-learn",
)
RULE = FEATURES.index("hand-set rule answers")
FIRST_CHOICE = FEATURES.index("classifier's first choice")
BEST_SCORE = FEATURES.index("best score")
GROUNDED = FEATURES.index("grounded")


def _may_answer(firsts: np.ndarray) -> np.ndarray:
    """Which best candidates' rows the model may answer with, whatever its chances: two
    opinions agree (above `LARGE_CONTENT` entries there is no classifier, and every candidate
    counts as its first choice), and the message is grounded. One test, fitted and decided."""
    return (firsts[:, FIRST_CHOICE] > 0) & (firsts[:, GROUNDED] > 0)


Stories = dict[str, dict[str, list[str]]]  # kind -> language -> templates


def story_templates() -> Stories:
    """By kind (faq: the asker's situation; rumour: where it was heard), then language."""
    raw = yaml.safe_load((DATA / "stories.yaml").read_text("utf-8"))
    return {
        kind: {lang: [str(t) for t in templates] for lang, templates in languages.items()}
        for kind, languages in raw.items()
    }


@dataclass(frozen=True)
class Calibrated:
    """A calibrated logistic regression as numbers: each cross-validation fold's scaler,
    coefficients and calibration map, averaged as scikit-learn's `CalibratedClassifierCV`."""

    folds: list[dict]  # mean, scale, coef, intercept, and x/y (isotonic) or a/b (sigmoid)

    @classmethod
    def of(cls, model, mean: np.ndarray, scale: np.ndarray) -> Calibrated:  # noqa: ANN001
        """From a fitted `CalibratedClassifierCV` of logistic regressions, on rows that were
        standardised with `mean` and `scale`."""
        folds = []
        for fold in model.calibrated_classifiers_:
            regression, calibrator = fold.estimator, fold.calibrators[0]
            part = {
                "mean": mean.tolist(),
                "scale": scale.tolist(),
                "coef": regression.coef_[0].tolist(),
                "intercept": float(regression.intercept_[0]),
            }
            if hasattr(calibrator, "X_thresholds_"):
                part["x"] = calibrator.X_thresholds_.tolist()
                part["y"] = calibrator.y_thresholds_.tolist()
            else:
                part["a"], part["b"] = float(calibrator.a_), float(calibrator.b_)
            folds.append(part)
        return cls(folds)

    def __post_init__(self) -> None:
        # Each fold's scaler folded into its coefficients: one product scores all folds.
        scale = np.array([part["scale"] for part in self.folds])
        coef = np.array([part["coef"] for part in self.folds]) / scale
        mean = np.array([part["mean"] for part in self.folds])
        intercept = np.array([part["intercept"] for part in self.folds]) - (coef * mean).sum(1)
        object.__setattr__(self, "_coef", coef.T.copy())
        object.__setattr__(self, "_intercept", intercept)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        scores = rows @ self._coef + self._intercept  # type: ignore[attr-defined]
        total = np.zeros(len(rows))
        for fold, part in enumerate(self.folds):
            if "x" in part:
                total += np.interp(scores[:, fold], part["x"], part["y"])
            else:
                total += 1 / (1 + np.exp(part["a"] * scores[:, fold] + part["b"]))
        return np.clip(total / len(self.folds), 0.0, 1.0)


@dataclass(frozen=True)
class Decision:
    """Adds answers to the hand-set rule's (`Matcher.decide`): where the model finds the best
    entry right often enough, the message in scope, and the content's classifier agrees, and
    the message is grounded (`Matcher.scores`: one general word is no question; the rule
    may still answer an ungrounded message that all but says a curated phrasing). The
    rule's own answers, buttons and no-answers stand otherwise. The models' doubts do not
    carry over from the content's phrasings to people's messages as their confidence does:
    turning away what the scope model finds out of scope, or hiding buttons it finds
    unlikely, cost more right buttons than it spared out-of-scope messages on both check
    sets (README.md, "What a person gets"), so neither is done. What does carry over is a
    nearer neighbour: a message much closer to a question no FAQ answers than to any entry
    gets neither the model's answer nor buttons (`decoy_at`)."""

    right: Calibrated  # per candidate: is it the entry that answers the message?
    scope: Calibrated  # per message (its best candidate's row): does the content answer it?
    answer_at: float
    scope_at: float  # the model answers only from here
    figures: dict  # what the fit measured on held-out phrasings, for `content fit`
    # How much closer to a shipped out-of-scope question than to any entry (`decoys.py`) a
    # message the rule would offer buttons for gets the plain no-answer instead.
    decoy_at: float = NEVER

    def decide(self, rows: np.ndarray, rule: Outcome, decoy_lead: float = 0.0) -> Verdict:
        chances = self.right.probability(rows)
        in_scope = float(self.scope.probability(rows[:1])[0])
        sure = (
            chances[0] >= self.answer_at
            and in_scope >= self.scope_at
            and bool(_may_answer(rows[:1])[0])
            and decoy_lead <= self.decoy_at
        )
        outcome = Outcome.ANSWER if sure else rule
        if outcome is Outcome.SUGGEST and decoy_lead > self.decoy_at:
            outcome = Outcome.ABSTAIN
        return Verdict(outcome, tuple(round(float(c), 4) for c in chances), in_scope)

    def to_json(self) -> dict:
        return {
            "right": self.right.folds,
            "scope": self.scope.folds,
            "answer_at": self.answer_at,
            "scope_at": self.scope_at,
            "decoy_at": self.decoy_at,
            "figures": self.figures,
        }

    @classmethod
    def from_json(cls, data: dict) -> Decision:
        return cls(
            Calibrated(data["right"]),
            Calibrated(data["scope"]),
            data["answer_at"],
            data["scope_at"],
            data["figures"],
            data["decoy_at"],
        )


@dataclass
class Examples:
    """Rows to fit on: candidates (labelled right or not) and messages (in scope or not)."""

    candidates: list[np.ndarray]
    right: list[bool]
    candidate_groups: list[int]
    messages: list[np.ndarray]
    in_scope: list[bool]
    message_groups: list[int]
    # Where each row came from: a held-out phrasing, a left-out topic's, or the shipped list.
    candidate_sources: list[str] = field(default_factory=list)
    message_sources: list[str] = field(default_factory=list)
    # Per message: how much closer it is to a shipped out-of-scope question than to its best
    # entry (a shipped question's own is left out: `examples`).
    decoy_leads: list[float] = field(default_factory=list)
    # Messages no entry matched at all (no row to fit on), by whether they were in scope: they
    # get the plain no-answer, and the figures count them.
    unmatched: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})

    def add(
        self,
        examined,  # noqa: ANN001
        expected: Sequence[str | None],
        groups: Sequence[int],
        source: str,
        decoys: np.ndarray,
    ) -> None:
        for (candidates, rows), expect, group, decoy in zip(
            examined, expected, groups, decoys, strict=True
        ):
            if not candidates:
                self.unmatched[expect is not None] += 1
                continue
            for candidate, row in zip(candidates, rows, strict=True):
                self.candidates.append(row)
                self.right.append(candidate.entry.id == expect)
                self.candidate_groups.append(group)
                self.candidate_sources.append(source)
            self.messages.append(rows[0])
            self.in_scope.append(expect is not None)
            self.message_groups.append(group)
            self.message_sources.append(source)
            self.decoy_leads.append(float(decoy) - candidates[0].score)


def _weights(sources: list[str]) -> np.ndarray:
    """Each source of out-of-scope rows weighs as much in all as half the in-scope rows: the
    left-out topics' phrasings are many, and unlike most questions a city's FAQ lacks."""
    kinds = np.array(sources)
    weights = np.ones(len(kinds))
    inside = (kinds == "held-out").sum()
    for source in ("left-out topic", "shipped list"):
        mine = kinds == source
        if mine.any():
            weights[mine] = inside / 2 / mine.sum()
    return weights


def _wrapped(text: str, lang: str, kind: str, n: int, stories: Stories) -> str:
    told = stories.get(kind) or stories["faq"]
    templates = told.get(lang) or told["en"]
    ask = text.strip()
    # A variant is often keywords ("school registration"). In a story people end the question
    # with "?"; without one, the ask ran on into the context and `asking.py` missed it.
    if kind == "faq" and ask[-1:] not in ".?!":
        ask += "?"
    return templates[n % len(templates)].replace("{ask}", ask)


def _typed(text: str, lang: str, n: int, russian: Words | None = None) -> str:
    """The phrasing as a newcomer may type it: Ukrainian in Latin letters, or in Russian where
    the lexicon knows the word, or with typos."""
    if lang == "uk" and n % 3 == 0:
        return to_latin(text, INFORMAL, {})
    if lang == "uk" and n % 3 == 1 and russian:
        return in_russian(text, russian, functools.partial(lemmatize, lang="uk"), random.Random(n))
    return with_typos(text, random.Random(n))


def _phrasings(entry: Entry) -> list[tuple[str, str]]:
    return [(lang, text) for lang, text in entry.headline.items()] + [
        (lang, text) for lang, texts in entry.variants.items() for text in texts
    ]


# A query examined while fitting: text, language, kind, expected entry (None: out of scope),
# and its group (a phrasing and its typed and story forms stay in one cross-validation fold).
Ask = tuple[str, str, str, str | None, int]


@dataclass
class _Asker:
    """Turns phrasings into queries, numbering each phrasing in turn: the number is the
    queries' group, and only every `stride`-th phrasing is asked (large content)."""

    stories: Stories
    stride: int
    russian: Words | None = None
    count: int = 0

    def held_out(self, held: list[Entry]) -> list[Ask]:
        """The held-out entries' variants, each as written, typed and in a story."""
        asks: list[Ask] = []
        for entry in held:
            for lang, text in _variants(entry):
                if self._next():
                    asks += self._forms(text, lang, entry.kind, entry.id, story=True)
        return asks

    def left_out(self, entries: Sequence[Entry], left_out: set[tuple[str, str]]) -> list[Ask]:
        """The phrasings of the left-out topics (of kinds still in the index), out of scope;
        every other one in a story too."""
        kinds = {e.kind for e in entries if (e.kind, e.group) not in left_out}
        asks: list[Ask] = []
        for entry in entries:
            if (entry.kind, entry.group) not in left_out or entry.kind not in kinds:
                continue
            for lang, text in _phrasings(entry):
                if self._next():
                    asks += self._forms(text, lang, entry.kind, None, story=bool(self.count % 2))
        return asks

    def shipped(self, kinds: Sequence[str]) -> dict[str, list[tuple[str, str, int, int]]]:
        """The shipped out-of-scope questions (text, language, group, number in its
        language's list) to ask of each kind, each as written, typed and in that kind's story
        (so that no kind's stories tell in scope from out of scope by their template); one
        group per question."""
        asks: dict[str, list[tuple[str, str, int, int]]] = {kind: [] for kind in kinds}
        for lang, questions in out_of_scope_questions().items():
            if lang not in TRAINED_LANGUAGES:
                continue
            for n, text in enumerate(questions):
                self.count += 1
                typed = _typed(text, lang, self.count, self.russian)
                for kind in kinds:
                    story = _wrapped(text, lang, kind, n, self.stories)
                    asks[kind] += [(form, lang, self.count, n) for form in (text, typed, story)]
        return asks

    def _next(self) -> bool:
        """Number the next phrasing; whether it is asked."""
        self.count += 1
        return not self.count % self.stride

    def _forms(self, text: str, lang: str, kind: str, expect: str | None, story: bool) -> list[Ask]:
        n = self.count
        forms = [text, _typed(text, lang, n, self.russian)]
        if story:
            forms.append(_wrapped(text, lang, kind, n, self.stories))
        return [(form, lang, kind, expect, n) for form in forms]


def _hold_out(entries: Sequence[Entry], fold: int, folds: int) -> tuple[list[Entry], list[Entry]]:
    """Every entry without its variants of the fold (each one whose place in its language's
    list is the fold, counted round `folds`); and those variants, as entries of their own."""
    kept: list[Entry] = []
    held: list[Entry] = []
    for entry in entries:
        keep: dict[str, list[str]] = {}
        out: dict[str, list[str]] = {}
        for lang, texts in entry.variants.items():
            keep[lang] = [t for n, t in enumerate(texts) if n % folds != fold]
            out[lang] = [t for n, t in enumerate(texts) if n % folds == fold]
        if any(out.values()):
            held.append(entry.model_copy(update={"variants": out}))
            kept.append(entry.model_copy(update={"variants": keep}))
        else:
            kept.append(entry)
    return kept, held


def examples(
    matcher: Matcher, titles: dict[str, Localized], lexicon: Lexicon, config: MatcherConfig
) -> Examples:
    """Held-out phrasings of the content, and the shipped out-of-scope questions, examined."""
    entries = matcher.entries
    found = Examples([], [], [], [], [], [])
    folds = FOLDS if len(entries) <= MANY_ENTRIES else 2
    topics = sorted({(e.kind, e.group) for e in entries})
    topic_fold = {topic: n % folds for n, topic in enumerate(topics)}
    # Large content: every entry's phrasings still count, fewer of each.
    asked = sum(len(_variants(e)) + len(_phrasings(e)) for e in entries)
    asker = _Asker(
        story_templates(),
        stride=max(1, round(asked / MOST_PHRASINGS)),
        russian=russian_words(lexicon.spellings, lexicon.concepts),
    )

    def ask(kept: list[Entry], asks: list[Ask]) -> None:
        index = Matcher(
            kept, titles, config=config, analyzer=matcher.analyzer, decoys=matcher.decoys
        )
        _ask(index, asks, found)

    # Two kinds of index per fold: one without some of every entry's variants (all topics and
    # each entry's other variants kept, so a held-out phrasing meets the whole content, as a
    # person's message does; with all of an entry's variants left out, its phrasings were
    # harder than people's messages, and the model answered fewer of those), and one without
    # some whole topics (their phrasings are then out of scope).
    for fold in range(folds):
        kept, held = _hold_out(entries, fold, folds)
        if held:
            ask(kept, asker.held_out(held))
        if len(entries) > MANY_ENTRIES and fold:
            continue  # large content: half its topics' phrasings are out-of-scope rows enough
        left_out = {t for t, f in topic_fold.items() if f == fold}
        asks = asker.left_out(entries, left_out)
        if asks:
            ask([e for e in entries if (e.kind, e.group) not in left_out], asks)
    # A shipped question is among the decoys itself: its lead is measured on the others, as
    # for a message no decoy says word for word.
    decoys = matcher.decoys
    for kind, shipped in asker.shipped(sorted({e.kind for e in entries})).items():
        texts = [g[0] for g in shipped]
        examined = matcher.examine(texts, [g[1] for g in shipped], [kind])
        groups = [g[2] for g in shipped]
        own = [decoys.position(g[1], g[3]) for g in shipped]
        nearest = matcher.nearest_decoys(texts, own)
        found.add(examined, [None] * len(shipped), groups, "shipped list", nearest)
    return found


def _ask(matcher: Matcher, asks: list[Ask], found: Examples) -> None:
    """Examine the asks (text, lang, kind, expected entry, group), each among its own kind."""
    for kind in sorted({a[2] for a in asks}):
        mine = [a for a in asks if a[2] == kind]
        texts = [a[0] for a in mine]
        examined = matcher.examine(texts, [a[1] for a in mine], [kind])
        source = "held-out" if mine[0][3] is not None else "left-out topic"
        decoys = matcher.nearest_decoys(texts)
        found.add(examined, [a[3] for a in mine], [a[4] for a in mine], source, decoys)


def _variants(entry: Entry) -> list[tuple[str, str]]:
    return [(lang, text) for lang, texts in entry.variants.items() for text in texts]


def _model(rows: int, regularisation: float, folds: int = 5):  # noqa: ANN202
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    # Isotonic calibration needs plenty of rows; Platt's sigmoid fits small content better.
    method = "isotonic" if rows >= 2000 else "sigmoid"
    regression = LogisticRegression(C=regularisation, max_iter=2000)
    return CalibratedClassifierCV(regression, method=method, cv=folds)


# People's messages are unlike the content's own phrasings (longer, looser, other words), so
# the models must carry over to text unlike what they were fitted on. The content has a proxy
# for that: its two kinds. Each strength is tried by fitting on one kind's rows and ranking the
# other's; the one that carries over best is used for the whole content.
REGULARISATIONS = (1.0, 0.1, 0.01)
DEFAULT_REGULARISATION = 0.1


def _regularisation(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    rumour = rows[:, FEATURES.index("rumour")] == 1
    sides = [(rumour, ~rumour), (~rumour, rumour)]
    if any(len(set(labels[a])) < 2 or len(set(labels[b])) < 2 for a, b in sides):
        return DEFAULT_REGULARISATION
    transfer = []
    for strength in REGULARISATIONS:
        ranked = []
        for fitted_on, checked_on in sides:
            scaled, mean, scale = _standardised(rows[fitted_on])
            model = LogisticRegression(C=strength, max_iter=2000)
            model.fit(scaled, labels[fitted_on], sample_weight=weights[fitted_on])
            guess = model.decision_function((rows[checked_on] - mean) / scale)
            ranked.append(roc_auc_score(labels[checked_on], guess))
        transfer.append(float(np.mean(ranked)))
    return REGULARISATIONS[int(np.argmax(transfer))]


def _standardised(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows with each feature at mean 0 and deviation 1, and the mean and scale used (a
    constant feature keeps scale 1). Done once, so that row weights reach the regression."""
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (rows - mean) / scale, mean, scale


def _fitted(
    rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, regularisation: float
) -> Calibrated:
    scaled, mean, scale = _standardised(rows)
    model = _model(len(rows), regularisation).fit(scaled, labels, sample_weight=weights)
    return Calibrated.of(model, mean, scale)


def _held_out(
    rows: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    weights: np.ndarray,
    regularisation: float,
) -> np.ndarray:
    """Each row's probability from a model fitted without its group (a phrasing and its
    story are one group), for the thresholds."""
    from sklearn.model_selection import GroupKFold, cross_val_predict

    return cross_val_predict(
        _model(len(rows), regularisation, folds=3),
        _standardised(rows)[0],
        labels,
        groups=groups,
        cv=GroupKFold(3),
        method="predict_proba",
        params={"sample_weight": weights},
    )[:, 1]


def fit(matcher: Matcher, titles: dict[str, Localized], lexicon: Lexicon) -> Decision:
    """Fit the decision for the content `matcher` serves (deterministic)."""
    import sklearn.calibration  # noqa: F401  (loaded before the limit, or it misses their threads)
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits

    start, cpu = time.perf_counter(), time.process_time()
    # Each held-out index reads the same entries again: read each text once. The regressions
    # are small, and BLAS threads only contend with each other (and with the bot) for them.
    with _reading_once(matcher.analyzer), threadpool_limits(1):
        return _fit(matcher, titles, lexicon, start, cpu)


@contextmanager
def _reading_once(analyzer: Analyzer) -> Iterator[None]:
    remembered = functools.lru_cache(maxsize=None)(analyzer.read)
    analyzer.read = remembered  # type: ignore[method-assign]
    try:
        yield
    finally:
        del analyzer.read  # the class's own method again


def _fit(
    matcher: Matcher, titles: dict[str, Localized], lexicon: Lexicon, start: float, cpu: float
) -> Decision:
    config = matcher.config
    found = examples(matcher, titles, lexicon, config)
    candidates, right = np.array(found.candidates), np.array(found.right)
    messages, in_scope = np.array(found.messages), np.array(found.in_scope)
    if right.sum() < 10 or (~in_scope).sum() < 10 or in_scope.sum() < 10:
        raise ValueError("too few held-out phrasings to fit a decision: the content needs variants")
    candidate_weights = _weights(found.candidate_sources)
    message_weights = _weights(found.message_sources)
    right_c = _regularisation(candidates, right, candidate_weights)
    scope_c = _regularisation(messages, in_scope, message_weights)
    right_model = _fitted(candidates, right, candidate_weights, right_c)
    scope_model = _fitted(messages, in_scope, message_weights, scope_c)
    candidate_groups, message_groups = (
        np.array(found.candidate_groups),
        np.array(found.message_groups),
    )
    p_right = _held_out(candidates, right, candidate_groups, candidate_weights, right_c)
    p_scope = _held_out(messages, in_scope, message_groups, message_weights, scope_c)
    first = candidates[:, 0] == 1
    inside = in_scope  # one message row per first candidate, in the same order
    firsts, p_first = candidates[first], p_right[first]
    scope_at = float(np.quantile(p_scope[in_scope], 1 - SCOPE_RECALL))
    # The hand-set rule's answers stand: the model adds answers only while all of them
    # together stay right often enough.
    rule = firsts[:, RULE] > 0
    # What the rule offers buttons for: a score of at least `MatcherConfig.suggest_min`.
    offered = firsts[:, BEST_SCORE] >= config.suggest_min
    # A message far closer to a shipped out-of-scope question than to any entry gets neither
    # the model's answer nor buttons, where so few held-out phrasings of the content itself
    # come that close (`DECOY_RECALL`); the rule's answers stand.
    leads = np.array(found.decoy_leads)
    pool = leads[in_scope & offered & ~rule]
    decoy_at = float(np.quantile(pool, DECOY_RECALL)) if len(pool) else NEVER
    near_decoy = leads > decoy_at
    chances = np.where((p_scope >= scope_at) & _may_answer(firsts) & ~near_decoy, p_first, -1.0)
    answer_at = max(
        _precise_from(chances[inside], right[first][inside], ANSWER_PRECISION, rule[inside]),
        # Counted as the bot decides: behind the scope, first-choice and decoy gates.
        float(np.quantile(chances[~inside], 1 - OUT_OF_SCOPE_ANSWERED)),
    )
    answered = (chances >= answer_at) | rule
    offered &= ~(~answered & near_decoy)
    # Shares of all held-out messages, those no entry matched included (never answered).
    asked_in = int(in_scope.sum()) + found.unmatched[True]
    asked_out = int((~in_scope).sum()) + found.unmatched[False]
    clean = int((~answered & ~offered)[~in_scope].sum()) + found.unmatched[False]
    figures = {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "candidate_rows": len(candidates),
        "regularisation": {"right": right_c, "scope": scope_c},
        "messages_in_scope": asked_in,
        "messages_out_of_scope": asked_out,
        "held_out_answered": round(answered[in_scope].sum() / asked_in, 4),
        "held_out_answered_right": round((answered & right[first])[in_scope].sum() / asked_in, 4),
        "held_out_answer_precision": round(
            float((answered & right[first])[inside].sum() / max(1, answered[inside].sum())), 4
        ),
        "held_out_out_of_scope_answered": round(answered[~in_scope].sum() / asked_out, 4),
        "held_out_out_of_scope_clean": round(clean / asked_out, 4),
    }
    return Decision(
        right_model,
        scope_model,
        answer_at,
        scope_at,
        figures,
        decoy_at,
    )


def _precise_from(
    chances: np.ndarray, right: np.ndarray, precision: float, given: np.ndarray
) -> float:
    """The lowest probability down to which answers are right at least `precision` of the
    time (counted from the most likely down, over at least ten answers), the `given` ones
    counted as answered whatever their probability; above 1 if none is."""
    rest = ~given
    order = np.argsort(-chances[rest], kind="stable")
    ranked = chances[rest][order]
    answers = given.sum() + np.arange(1, len(order) + 1)
    hits = (right[given].sum() + np.cumsum(right[rest][order])) / answers
    # A threshold answers all of a tie (calibrated probabilities come in steps): only the end
    # of one is a place to stop.
    ends = np.append(ranked[:-1] > ranked[1:], True)
    ok = np.flatnonzero((hits >= precision) & (answers >= 10) & ends)
    return float(ranked[ok[-1]]) if len(ok) else 1.01


def content_hash(entries: Sequence[Entry], titles: dict[str, Localized], lexicon: Lexicon) -> str:
    """What a fitted decision depends on: the content, the lexicon, the matching code and data
    (a thesaurus or a reading rule changes the rows), and the libraries that read and fit."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    # Python's own Unicode tables case-fold and split the words.
    digest.update(f"\0{sys.version_info[:2]}\0{unicodedata.unidata_version}".encode())
    hash_versions(digest, LIBRARIES)
    # The whole matching package, code and data: whatever reads a word may change a row.
    hash_folder(digest, PACKAGE)
    digest.update(
        json.dumps(
            [e.model_dump(mode="json") for e in entries], sort_keys=True, ensure_ascii=False
        ).encode()
    )
    digest.update(json.dumps(titles, sort_keys=True, ensure_ascii=False).encode())
    digest.update(
        json.dumps(
            [lexicon.spellings, lexicon.concepts], sort_keys=True, ensure_ascii=False
        ).encode()
    )
    return digest.hexdigest()[:20]


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "welcomebot"


def kept_files(
    entries: Sequence[Entry],
    titles: dict[str, Localized],
    lexicon: Lexicon,
    cache_dir: Path | None,
) -> tuple[Path, Path, Path]:
    """Where the decision fitted for this content and the classifier fitted with it are kept,
    and the lock its fit holds (`cache_files.alone`)."""
    folder = cache_dir or default_cache()
    stem = f"decision-{content_hash(entries, titles, lexicon)}"
    return folder / f"{stem}.json", folder / f"{stem}.classifier.npz", folder / f"{stem}.lock"


def cached(
    matcher: Matcher,
    titles: dict[str, Localized],
    lexicon: Lexicon,
    cache_dir: Path | None = None,
) -> tuple[Decision, Path] | None:
    """The decision kept for this content and its file, the classifier fitted with it given
    to `matcher`; None where none is kept whole (or it is unreadable)."""
    path, arrays, _ = kept_files(matcher.entries, titles, lexicon, cache_dir)
    decision = _read(path, arrays, matcher)
    return None if decision is None else (decision, path)


def _read(path: Path, arrays: Path, matcher: Matcher) -> Decision | None:
    from welcomebot.matching.classifier import EntryClassifier

    if not (path.is_file() and arrays.is_file()):
        return None
    try:
        decision = Decision.from_json(json.loads(path.read_text("utf-8")))
        classifier = EntryClassifier.load(arrays, matcher.index.term_idf)
    except Exception as error:  # whatever is wrong with them, they are fitted anew
        log.warning("decision cache %s unreadable (%s): fitting again", path, error)
        return None
    matcher.classifier = classifier
    used(path)
    used(arrays)
    return decision


def load_or_fit(
    matcher: Matcher,
    titles: dict[str, Localized],
    lexicon: Lexicon,
    cache_dir: Path | None = None,
) -> tuple[Decision, Path, bool]:
    """The decision for this content: read from the cache, or fitted and written there (with
    the classifier it was fitted with). Returns it, its cache file, and whether it was fitted
    now (the file is missing if the folder could not be written)."""
    path, arrays, lock = kept_files(matcher.entries, titles, lexicon, cache_dir)
    decision = _read(path, arrays, matcher)
    if decision is not None:
        return decision, path, False
    with alone(lock):
        decision = _read(path, arrays, matcher)  # fitted meanwhile by another process?
        if decision is not None:
            return decision, path, False
        decision = fit(matcher, titles, lexicon)
        try:
            kept = io.BytesIO()
            matcher.classifier.save(kept)
            write_whole(arrays, kept.getvalue())
            write_whole(path, json.dumps(decision.to_json()).encode())  # last: the sign of both
        except OSError as error:
            log.warning(
                "decision cache %s not written (%s): it is fitted at each start", path, error
            )
    return decision, path, True
