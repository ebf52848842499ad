"""Danger signals: find a message from someone in danger, in any words and language.

It reads words the way the matcher does (Ukrainian lemmas, Russian mapped to Ukrainian,
English stems, Latin-typed Ukrainian), but keeps function words ("not breathing") and also
reads a Cyrillic word as a Russian lemma: here a missed message costs far more than a false
alarm, so every reading counts. The phrases are data (`data/danger.yaml`), extended by a
content folder's own `danger.yaml`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rapidfuzz import fuzz, process

from welcomebot.content.models import Problem
from welcomebot.matching import lemmas
from welcomebot.matching.analyzer import Analyzer, english_stem
from welcomebot.matching.lexicon import Phrase
from welcomebot.matching.memo import Memoizing
from welcomebot.matching.russian import russian_lemma
from welcomebot.matching.text import is_cyrillic, normalize
from welcomebot.matching.translit import candidate_readings, is_english

BUILTIN = Path(__file__).parent / "data" / "danger.yaml"
LANGUAGES = ("en", "uk", "ru")
MIN_ROOT = 4
URGENCY = "urgency"  # not a danger: the phrases that make a weak one pressing
ORDINARY = "ordinary"  # not a danger: ordinary questions that a danger's words are part of
SHOUTING = 0.6  # the share of capitals in a message written in capitals
SHOUTING_MIN_LETTERS = 12
WINDOW_SLACK = 3  # words a phrase's words may have between them ("hits me and the kids")
TYPO_CUTOFF = 84  # rapidfuzz ratio: "breth" is breath, "unconcious" unconscious
TYPO_MIN_LENGTH = 5
CORROBORATED = 2  # weak phrases of one danger that together count as a strong one


class SignalFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fallback: str | None = None
    help: dict[str, list[Phrase]] = {}
    weak: dict[str, list[Phrase]] = {}
    en: list[Phrase] = []
    uk: list[Phrase] = []
    ru: list[Phrase] = []


class DangerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signals: dict[str, SignalFile] = {}
    entries: dict[str, str] = {}  # a signal pinned to the entry that answers it
    urgency: dict[str, list[Phrase]] = {}  # words that make a weak phrase strong
    ordinary: dict[str, list[Phrase]] = {}  # longer readings of a danger's words that are none


@dataclass
class DangerLexicon:
    """Signals in priority order, each with its phrases; `entries` pins signals to entries."""

    signals: dict[str, SignalFile] = field(default_factory=dict)
    entries: dict[str, str] = field(default_factory=dict)
    urgency: list[str] = field(default_factory=list)
    ordinary: list[str] = field(default_factory=list)

    def extend(self, other: DangerFile) -> None:
        self.urgency += [phrase for phrases in other.urgency.values() for phrase in phrases]
        self.ordinary += [phrase for phrases in other.ordinary.values() for phrase in phrases]
        for name, extra in other.signals.items():
            mine = self.signals.get(name)
            if mine is None:
                self.signals[name] = extra
                continue
            merged = mine.model_dump()
            for key, value in extra.model_dump(exclude_unset=True).items():
                if isinstance(value, list):
                    merged[key] = [*merged[key], *value]
                elif isinstance(value, dict):
                    merged[key] = {
                        lang: [*merged[key].get(lang, []), *phrases]
                        for lang, phrases in {**merged[key], **value}.items()
                    }
                else:
                    merged[key] = value
            self.signals[name] = SignalFile.model_validate(merged)
        self.entries.update(other.entries)


def load_danger(content_dir: Path | None = None) -> tuple[DangerLexicon, list[Problem]]:
    """The built-in signals, extended by `<content_dir>/danger.yaml` when there is one."""
    lexicon, problems = DangerLexicon(), []
    sources = [(BUILTIN, "welcomebot/matching/data/danger.yaml")]
    if content_dir is not None and (content_dir / "danger.yaml").exists():
        sources.append((content_dir / "danger.yaml", str(Path(content_dir.name) / "danger.yaml")))
    for path, name in sources:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            lexicon.extend(DangerFile.model_validate(raw))
        except (OSError, yaml.YAMLError) as error:
            problems.append(Problem(name, "", "", f"cannot read: {error}".replace("\n", " ")))
        except ValidationError as error:
            problems += [
                Problem(name, "", ".".join(map(str, e["loc"])), e["msg"]) for e in error.errors()
            ]
    for signal, spec in lexicon.signals.items():
        if spec.fallback is not None and spec.fallback not in lexicon.signals:
            problems.append(
                Problem("danger.yaml", signal, "fallback", f"no signal named '{spec.fallback}'")
            )
        problems += short_roots(signal, all_phrases(spec))
    problems += short_roots(ORDINARY, lexicon.ordinary)
    return lexicon, problems


def short_roots(where: str, phrases: Iterable[str]) -> list[Problem]:
    message = "'{}': a root needs at least {} letters before *"
    return [
        Problem("danger.yaml", where, "phrases", message.format(phrase, MIN_ROOT))
        for phrase in phrases
        for word in _slot_words(phrase)
        if word.endswith("*") and len(normalize(word[:-1])) < MIN_ROOT
    ]


def all_phrases(spec: SignalFile) -> Iterable[str]:
    yield from itertools.chain(spec.en, spec.uk, spec.ru, *spec.weak.values(), *spec.help.values())


def _slot_words(phrase: str) -> list[str]:
    return [word for slot in phrase.split() for word in slot.split("|") if word]


@dataclass(frozen=True)
class _Slot:
    """One word of a phrase: any of its readings, roots or exact forms."""

    readings: frozenset[str]
    roots: tuple[str, ...]
    exact: frozenset[str]


@dataclass(frozen=True)
class _Phrase:
    signal: str
    strong: bool
    slots: tuple[_Slot, ...]
    text: str


@dataclass(frozen=True)
class Danger:
    """The dangers a message signals, in priority order; `strong`, those said in words that
    leave no doubt; `pressing`, those said in weaker words but with urgency (now, help, or
    capitals), which count as strong after them; `likely`, below."""

    signals: tuple[str, ...]
    strong: frozenset[str]
    pressing: frozenset[str] = frozenset()
    # Those the danger classifier is sure of (`danger_model.py`), no phrase saying them
    # strongly: they decide unless the matcher is sure of another answer.
    likely: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.signals)


NO_DANGER = Danger((), frozenset())


class DangerDetector(Memoizing):
    CACHES = ("_readings",)

    def __init__(self, lexicon: DangerLexicon, analyzer: Analyzer) -> None:
        self.lexicon = lexicon
        self.analyzer = analyzer
        self.order = list(lexicon.signals)
        self._memoize()
        self.phrases = [
            self._phrase(signal, text, strong)
            for signal, spec in lexicon.signals.items()
            for strong, texts in (
                (True, itertools.chain(spec.en, spec.uk, spec.ru)),
                (False, itertools.chain(*spec.weak.values())),
            )
            for text in texts
        ]
        self.phrases += [self._phrase(URGENCY, text, False) for text in lexicon.urgency]
        self.phrases += [self._phrase(ORDINARY, text, False) for text in lexicon.ordinary]
        self.help_phrases = {
            signal: [
                self._phrase(signal, text, True) for text in itertools.chain(*spec.help.values())
            ]
            for signal, spec in lexicon.signals.items()
        }
        # Where each reading, root and exact form sits: a message looks up its words once,
        # instead of every phrase scanning every word.
        self._by_reading: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._by_exact: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._by_root: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(dict)
        for p, phrase in enumerate(self.phrases):
            for s, slot in enumerate(phrase.slots):
                for value in slot.readings:
                    self._by_reading[value].append((p, s))
                for value in slot.exact:
                    self._by_exact[value].append((p, s))
                for root in slot.roots:
                    self._by_root[len(root)].setdefault(root, []).append((p, s))
        vocabulary = {w for p in self.phrases for w in _phrase_words(p)}
        self._vocabulary = sorted(w for w in vocabulary if len(w) >= TYPO_MIN_LENGTH - 1)

    def _memoize(self) -> None:
        self._readings = lru_cache(maxsize=100_000)(self._token_readings)

    def _phrase(self, signal: str, text: str, strong: bool) -> _Phrase:
        slots = []
        for slot in text.split():
            readings: set[str] = set()
            roots, exact = [], set()
            for word in slot.split("|"):
                if word.startswith("="):
                    exact.add(normalize(word[1:]))
                elif word.endswith("*"):
                    roots.append(normalize(word[:-1]))
                else:
                    readings |= self._readings(normalize(word), False)
            slots.append(_Slot(frozenset(readings), tuple(roots), frozenset(exact)))
        return _Phrase(signal, strong, tuple(slots), text)

    def _token_readings(self, token: str, latin_ukrainian: bool) -> frozenset[str]:
        """Every form a word may stand for: itself, its Ukrainian lemma, its Russian lemma,
        its English stem, and, typed in Latin among Ukrainian words, its Cyrillic readings."""
        found = {token, token.replace("'", "")}
        cyrillic = [token] if is_cyrillic(token) else []
        if not cyrillic:
            found.add(english_stem(token))
            if latin_ukrainian:
                cyrillic = candidate_readings(token)
                found.update(cyrillic)
        for word in cyrillic:
            found.add(self.analyzer.cyrillic_term(word))
            russian = russian_lemma(word)
            if russian is not None:
                found.add(russian)
        return frozenset(found)

    def _typo_readings(self, token: str, latin_ukrainian: bool) -> frozenset[str]:
        """A word no dictionary knows may be a typo of a phrase's word: read it as that word."""
        if len(token) < TYPO_MIN_LENGTH or is_english(token) or lemmas.is_known(token, "uk"):
            return frozenset()
        if russian_lemma(token) is not None:
            return frozenset()
        found = process.extractOne(
            token, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        if found is None:
            return frozenset()
        return self._readings(found[0], latin_ukrainian) | {found[0]}

    def detect(self, text: str) -> Danger:
        reading = self.analyzer.read(text, expand=False)
        latin_ukrainian = reading.translit_letters + reading.cyrillic_letters > (
            reading.english_letters
        )
        tokens = [normalize(word) for word in reading.words]
        return self.detect_words(tokens, latin_ukrainian, shouting(text))

    def detect_words(
        self, tokens: Sequence[str], latin_ukrainian: bool, pressing: bool = False
    ) -> Danger:
        """`pressing`: the message is urgent in itself (in capitals), so a weak phrase counts."""
        found: dict[str, bool] = {}
        weak: dict[str, list[set[int]]] = defaultdict(list)
        said = self._said(tokens, latin_ukrainian, stop_early=False)
        for phrase, places in said:
            ordinary = phrase.signal == ORDINARY or _read_as_ordinary(places, said)
            if ordinary and not phrase.strong:
                continue
            # Inside an ordinary question a strong phrase is still a weak sign: the window can
            # reach across a sentence ("I don't want to live. Alone in this city").
            firm = phrase.strong and not ordinary
            said_strongly = firm and not _read_within(phrase, places, said)
            found[phrase.signal] = found.get(phrase.signal, False) or said_strongly
            if not firm and all(places.isdisjoint(seen) for seen in weak[phrase.signal]):
                weak[phrase.signal].append(places)
        # Two weak signs of one danger, in different words, back each other up: a child
        # "alone" who "does not know her address" is lost, though neither says so alone.
        for signal, signs in weak.items():
            if len(signs) >= CORROBORATED and signal != URGENCY:
                found[signal] = True
        pressing = pressing or URGENCY in found
        signals = tuple(s for s in self.order if s in found)
        strong = frozenset(s for s in signals if found[s])
        return Danger(signals, strong, frozenset(signals) - strong if pressing else frozenset())

    def explain(self, text: str) -> list[str]:
        """Which phrases a text says, as `signal: phrase`, for staff and tests."""
        reading = self.analyzer.read(text, expand=False)
        latin = reading.translit_letters + reading.cyrillic_letters > reading.english_letters
        tokens = [normalize(word) for word in reading.words]
        return [f"{p.signal}: {p.text}" for p, _ in self._said(tokens, latin, stop_early=False)]

    def _said(
        self, tokens: Sequence[str], latin_ukrainian: bool, stop_early: bool
    ) -> list[tuple[_Phrase, set[int]]]:
        places: dict[int, list[set[int]]] = {}
        for i, token in enumerate(tokens):
            found = self._slots_of(self._readings(token, latin_ukrainian), token)
            if not found:
                found = self._slots_of(self._typo_readings(token, latin_ukrainian), token)
            for p, s in found:
                places.setdefault(p, [set() for _ in self.phrases[p].slots])[s].add(i)
        said: list[tuple[_Phrase, set[int]]] = []
        strong: set[str] = set()
        for p in sorted(places):
            phrase = self.phrases[p]
            # A signal said strongly needs no more phrases; a weak one may still turn strong.
            if stop_early and phrase.signal in strong:
                continue
            chosen = _place(places[p])
            if chosen:
                said.append((phrase, chosen))
                if phrase.strong:
                    strong.add(phrase.signal)
        return said

    def _slots_of(self, readings: Iterable[str], token: str) -> list[tuple[int, int]]:
        found = list(self._by_exact.get(token, ()))
        for value in readings:
            found += self._by_reading.get(value, ())
            for length, roots in self._by_root.items():
                found += roots.get(value[:length], ())
        return found

    def places(self, text: str) -> Places:
        """A text's words, and where each of their readings stands: read once for every
        danger whose phrases are looked for in it."""
        reading = self.analyzer.read(text, expand=False)
        tokens = [normalize(word) for word in reading.words]
        at: dict[str, set[int]] = defaultdict(set)
        for i, token in enumerate(tokens):
            for value in self._readings(token, True):
                at[value].add(i)
        return tokens, at

    def names(self, text: str | Places, phrases: Sequence[_Phrase]) -> int:
        """How many of `phrases` a text says (used to find the entry that answers a danger)."""
        tokens, at = self.places(text) if isinstance(text, str) else text
        return sum(_says(phrase, at, tokens) for phrase in phrases)


# A text's normalised words, and the places of each of their readings.
Places = tuple[list[str], dict[str, set[int]]]


def shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return len(letters) >= SHOUTING_MIN_LETTERS and capitals >= SHOUTING * len(letters)


def _phrase_words(phrase: _Phrase) -> Iterable[str]:
    for slot in phrase.slots:
        yield from slot.readings
        yield from slot.roots
        yield from slot.exact


def _positions(slot: _Slot, at: dict[str, set[int]], tokens: Sequence[str]) -> set[int]:
    found = {i for value in slot.readings for i in at.get(value, ())}
    if slot.exact:
        found |= {i for i, token in enumerate(tokens) if token in slot.exact}
    if slot.roots:
        for value, places in at.items():
            if value.startswith(slot.roots):
                found |= places
    return found


def _says(phrase: _Phrase, at: dict[str, set[int]], tokens: Sequence[str]) -> bool:
    """Whether a text says a phrase: its words' places, looked for until one is missing
    (choosing the urgent entries looks for every phrase in every FAQ text at start)."""
    places = []
    for slot in phrase.slots:
        found = _positions(slot, at, tokens)
        if not found:
            return False
        places.append(found)
    return bool(_place(places))


def _read_within(
    phrase: _Phrase, places: set[int], said: Sequence[tuple[_Phrase, set[int]]]
) -> bool:
    """The words of a strong phrase are part of a longer strong phrase of another danger, which
    reads them more exactly: "would take to not wake up" is an overdose, not someone who does
    not wake."""
    return any(
        other.strong
        and other.signal != phrase.signal
        and len(other.slots) > len(phrase.slots)
        and places < where
        for other, where in said
    )


def _read_as_ordinary(places: set[int], said: Sequence[tuple[_Phrase, set[int]]]) -> bool:
    """The words of a phrase are part of a longer ordinary question: "doesn't want to live
    with us" is likely about a home, "без їжі перед аналізом" about a blood test."""
    return any(other.signal == ORDINARY and places < where for other, where in said)


def _place(places: Sequence[set[int]]) -> set[int]:
    """Where a phrase's words all are, each at its own place, within a few words of each
    other; empty when they are not."""
    if not all(places):
        return set()
    options = [sorted(found) for found in places]
    span = len(options) + WINDOW_SLACK
    for first in options[0]:
        near = [[p for p in found if abs(p - first) < span] for found in options[1:]]
        for combination in itertools.product(*near):
            chosen = (first, *combination)
            if len(set(chosen)) == len(chosen) and max(chosen) - min(chosen) < span:
                return set(chosen)
    return set()
