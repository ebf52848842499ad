"""Words to index terms: Ukrainian lemmas (simplemma), English stems (Snowball), concepts.

Latin-script words that read as Ukrainian become Ukrainian lemmas; Surzhyk spellings are mapped
to Ukrainian words; phrases of the domain lexicon add a concept term, which links languages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

from welcomebot.matching import lemmas
from welcomebot.matching.lexicon import CONCEPT_PREFIX, Lexicon
from welcomebot.matching.memo import Memoizing
from welcomebot.matching.morphology import (
    dictionary_lemma,
    inflections,
    is_dictionary_form,
    plural_noun,
    verb_readings,
    with_apostrophe,
)
from welcomebot.matching.russian import russian_lemma
from welcomebot.matching.text import data_words, is_cyrillic, normalize, tokenize
from welcomebot.matching.translit import first_reading, is_english, to_cyrillic
from welcomebot.matching.vocabulary import Vocabulary

STOPWORDS = data_words("stopwords.yaml")
_PREDICATIVE = {
    key: frozenset(words.split())
    for key, words in yaml.safe_load(
        (Path(__file__).parent / "data" / "predicative.yaml").read_text("utf-8")
    ).items()
}
# Russian letters people type in Ukrainian words, as the Ukrainian letter usually meant.
_RUSSIAN_LETTERS = str.maketrans({"ы": "и", "э": "е", "ё": "йо", "ъ": "'"})

_english = snowballstemmer.stemmer("english")
STEM_OVERRIDES: dict[str, str] = yaml.safe_load(
    (Path(__file__).parent / "data" / "stems.yaml").read_text("utf-8")
)


@lru_cache(maxsize=200_000)
def ukrainian_lemma(word: str) -> str:
    if not lemmas.is_known(word, "uk"):
        lemma = dictionary_lemma(word)
        if lemma:
            return lemma
    lemma = lemmas.lemmatize(word, "uk").casefold()
    return (lemma == word and plural_noun(word)) or lemma


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    return STEM_OVERRIDES.get(word) or _english.stemWord(word)


def term(token: str) -> str:
    """The plain index term of one token, with no lexicon (the baselines use this)."""
    return ukrainian_lemma(token) if is_cyrillic(token) else english_stem(token)


MIN_ROOT = 4  # shorter roots begin too many unrelated words


def wildcard_root(phrase: str) -> str | None:
    """The root of a lexicon phrase written as one word and a *, such as хвор*.

    Ukrainian lemmas keep a word's noun, adjective and verb apart (хвороба, хворий,
    хворіти); a root stands for all of them, as truncation does in a search box.
    """
    phrase = phrase.strip()
    if not phrase.endswith("*"):
        return None
    words = tokenize(phrase[:-1])
    one_word = len(words) == 1 and normalize(phrase[:-1]) == words[0]
    return words[0] if one_word and len(words[0]) >= MIN_ROOT else None


def says_how(tokens: Sequence[str], at: int) -> bool:
    """Whether the English word at `at` says how someone is ("he is fine"), not a topic ("a
    fine"): `data/predicative.yaml`."""
    if tokens[at] not in _PREDICATIVE["words"]:
        return False
    start = at - 1 if at and tokens[at - 1] in _PREDICATIVE["between"] else at
    before = tokens[max(0, start - 2) : start]
    linked = bool(before) and before[-1] in _PREDICATIVE["linking"]
    asked = len(before) == 2 and before[0] in _PREDICATIVE["linking"]
    asked = asked and before[1] in _PREDICATIVE["subjects"]
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    # "is fine 500 euro" names a sum: a penalty, however it is linked.
    return not after.isdigit() and (linked or asked or after in _PREDICATIVE["after"])


@lru_cache(maxsize=200_000)
def is_ukrainian_word(lemma: str) -> bool:
    return lemmas.is_known(lemma, "uk")


# A message's word as first seen: the word, its Cyrillic reading if it is a Latin one that
# reads as Ukrainian, and whether it is English (None for a Cyrillic word, True for a number).
_Token = tuple[str, str | None, bool | None]


@dataclass
class _Scan:
    """A message's words, and how many letters of each kind they have, before any is read."""

    tokens: list[_Token] = field(default_factory=list)
    cyrillic_letters: int = 0
    uk_letters: int = 0  # Latin letters of words that read as Ukrainian
    en_letters: int = 0
    # Latin words by (read as Ukrainian, English).
    latin_words: Counter[tuple[bool, bool]] = field(default_factory=Counter)

    @property
    def latin_is_ukrainian(self) -> bool:
        return self.uk_letters + self.cyrillic_letters > self.en_letters

    @property
    def guess_ukrainian(self) -> bool:
        """Typed in Latin, with most words read as Ukrainian, an unread word is likelier a
        typo (dopooha) than English; among English words it is an English typo (nedes)."""
        ukrainian, unread = self.latin_words[True, False], self.latin_words[False, False]
        return ukrainian >= 2 and ukrainian > self.latin_words[False, True] + unread / 2


@dataclass(frozen=True)
class Reading:
    terms: list[str]
    words: list[str]  # as read: Latin-script Ukrainian given back its Cyrillic
    cyrillic_letters: int
    translit_letters: int  # Latin letters of words that read as Ukrainian
    english_letters: int
    # Terms read from dictionary words, not typos: the matcher does not "correct" them.
    dictionary_terms: frozenset[str] = frozenset()
    # Terms that a one-word phrase or a root of the lexicon stands for: their concept says it.
    synonyms: frozenset[str] = frozenset()
    term_words: tuple[str, ...] = ()  # the word each term before the concepts was read from


class Analyzer(Memoizing):
    CACHES = ("_cyrillic",)

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon()
        self._memoize()
        self.spellings = self.lexicon.spellings
        # Russian words the lexicon's Russian phrases use, as Russian lemmas: a message's word
        # that Ukrainian does not know is read as one of them (врача is врач, which names the
        # doctor concept), so Russian reaches the content through the concepts, as Surzhyk
        # reaches it through the spellings.
        self.russian_terms = frozenset(
            lemma
            for languages in self.lexicon.concepts.values()
            for phrase in languages.get("ru", [])
            if wildcard_root(phrase) is None
            for token in tokenize(phrase)
            if (lemma := russian_lemma(token)) is not None
        )
        # Each phrase is analysed like any text, then found by its first term; a root ending
        # in * is found by the beginning of a word or of its term, by length.
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.roots: dict[int, dict[str, list[str]]] = {}
        for concept, languages in self.lexicon.concepts.items():
            for lang, phrases in languages.items():
                for phrase in phrases:
                    root = wildcard_root(phrase)
                    if root:
                        found = self.roots.setdefault(len(root), {}).setdefault(root, [])
                        found.append(CONCEPT_PREFIX + concept)
                        continue
                    words = self.phrase_terms(phrase)
                    # A Russian phrase that reads as Ukrainian words only (пособие is
                    # допомога, also "help") would widen the concept's Ukrainian list, which
                    # alone says which Ukrainian words stand for it.
                    if lang == "ru" and all(map(is_ukrainian_word, words)):
                        continue
                    if words:
                        self.phrases.setdefault(words[0], []).append(
                            (words, CONCEPT_PREFIX + concept)
                        )
        for options in self.phrases.values():
            options.sort(key=lambda item: -len(item[0]))
        # The terms a one-word phrase names concepts by: where a typo of one may be found.
        self.one_word: dict[str, tuple[str, ...]] = {
            first: tuple(dict.fromkeys(c for words, c in options if len(words) == 1))
            for first, options in self.phrases.items()
            if any(len(words) == 1 for words, _ in options)
        }
        self._one_word_typos: tuple[dict[str, str], Vocabulary] | None = None

    def one_word_typos(self) -> tuple[dict[str, str], Vocabulary]:
        """Each form of the lexicon's one-word phrases, with its term, and their vocabulary: a
        typo of a Ukrainian word keeps its ending ("дитсдаку" is one swap from "дитсадку", two
        from "дитсадок"). Built when a typo is first looked up."""
        if self._one_word_typos is None:
            forms: dict[str, str] = {}
            for term in self.one_word:
                for form in inflections(term) if is_cyrillic(term) else (term,):
                    forms.setdefault(form, term)
            self._one_word_typos = (forms, Vocabulary(forms))
        return self._one_word_typos

    def _memoize(self) -> None:
        # Words recur, and two dictionary lookups per word are most of the cost of reading a
        # message; bounded, because the input is.
        self._cyrillic = lru_cache(maxsize=100_000)(self._lookup)

    def cyrillic_term(self, token: str) -> str:
        """The Ukrainian term of one Cyrillic word, Surzhyk and Russian mapped, as in `read`."""
        return self._cyrillic(token)

    def phrase_terms(self, phrase: str) -> tuple[str, ...]:
        """A lexicon phrase's terms; empty when function words would leave it meaning more.

        "can't sleep" without "can't" is every "sleep": such a phrase is dropped, and
        `content check` reports it.
        """
        words = tuple(self.read(phrase, expand=False).terms)
        return words if len(words) == len(tokenize(phrase)) or len(words) > 1 else ()

    def _lookup(self, token: str) -> str:
        """The Ukrainian term of a Cyrillic word (through `_cyrillic`, which keeps them)."""
        token = self.spellings.get(token, token)
        # Before its Russian letters are made Ukrainian: мигранты is Russian, мигранти nothing.
        token = self._from_russian(token) or token.translate(_RUSSIAN_LETTERS)
        token = self.spellings.get(token, token)
        known = lemmas.is_known(token, "uk") or is_dictionary_form(token)
        token = token if known else with_apostrophe(token) or token
        lemma = ukrainian_lemma(token)
        return self.spellings.get(lemma, lemma)

    def _from_russian(self, token: str) -> str | None:
        """The Ukrainian word of a Russian one whose lemma the spellings map, or the lemma
        itself where the lexicon's Russian phrases use it; else None."""
        if lemmas.is_known(token, "uk"):
            return None
        russian = russian_lemma(token)
        if russian is None:
            return None
        return self.spellings.get(russian) or (russian if russian in self.russian_terms else None)

    def read(self, text: str, expand: bool = True) -> Reading:
        scan = self._scan(text)
        terms, words, dictionary, surfaces = self._terms(scan)
        concepts, synonyms = self.concepts(terms, surfaces) if expand else ([], set())
        return Reading(
            [*terms, *concepts],
            words,
            scan.cyrillic_letters,
            scan.uk_letters,
            scan.en_letters,
            frozenset(dictionary),
            frozenset(synonyms),
            tuple(surfaces),
        )

    def _scan(self, text: str) -> _Scan:
        scan = _Scan()
        for token in tokenize(text):
            if is_cyrillic(token):
                scan.tokens.append((token, None, None))
                scan.cyrillic_letters += len(token)
                continue
            if token.isdigit():
                scan.tokens.append((token, None, True))
                continue
            cyrillic = self.spellings.get(token) or to_cyrillic(token)
            english = is_english(token) or token in STOPWORDS
            scan.tokens.append((token, cyrillic, english))
            scan.latin_words[bool(cyrillic), english] += 1
            if cyrillic and not english:
                scan.uk_letters += len(token)
            elif english and not cyrillic:
                scan.en_letters += len(token)
        return scan

    def _terms(self, scan: _Scan) -> tuple[list[str], list[str], set[str], list[str]]:
        """Each word's term (none for a function word), every word as read, the terms read
        from dictionary words, and the word each term was read from."""
        latin_is_ukrainian, guess = scan.latin_is_ukrainian, scan.guess_ukrainian
        terms: list[str] = []
        words: list[str] = []
        dictionary: set[str] = set()
        surfaces: list[str] = []
        tokens = [token for token, _, _ in scan.tokens]
        for at, (token, cyrillic, english) in enumerate(scan.tokens):
            if english and says_how(tokens, at):
                words.append(token)
                continue
            if guess and english is False and cyrillic is None:
                cyrillic = first_reading(token)  # its likeliest spelling meets content words
            # A Latin word reads as Ukrainian when the message is mostly Ukrainian: alone in
            # English text, an unknown word is more likely a name or a typo.
            as_ukrainian = bool(cyrillic) and latin_is_ukrainian
            words.append(cyrillic if as_ukrainian and cyrillic else token)
            if token in STOPWORDS or len(token) == 1 or (as_ukrainian and cyrillic in STOPWORDS):
                continue  # one Latin letter is a preposition (v, z, u) or a pronoun (I)
            term, known = self._term(token, cyrillic, english, as_ukrainian)
            if term is None:
                continue
            terms.append(term)
            if known:
                dictionary.add(term)
            surfaces.append(words[-1])
        return terms, words, dictionary, surfaces

    def _term(
        self, token: str, cyrillic: str | None, english: bool | None, as_ukrainian: bool
    ) -> tuple[str | None, bool]:
        """A word's term (None: a function word), and whether it is a dictionary word's."""
        if english is None or as_ukrainian:
            # A Cyrillic word has no other reading; a Latin one read as Ukrainian has one.
            lemma = self._cyrillic(cyrillic or token)
            if lemma in STOPWORDS:
                return None, False
            return lemma, is_ukrainian_word(lemma)
        return english_stem(token), bool(english)

    def concepts(self, terms: list[str], surfaces: Sequence[str]) -> tuple[list[str], set[str]]:
        """The lexicon's concepts in a message's terms (`surfaces` are its words as read, one
        per term), and the terms a one-word phrase or a root stands for."""
        spans = self._spans(terms, surfaces)
        found = list(dict.fromkeys(concept for concept, _, _ in spans))
        return found, {terms[start] for _, start, end in spans if end - start == 1}

    def _spans(self, terms: list[str], surfaces: Sequence[str]) -> list[tuple[str, int, int]]:
        """Each concept found, with the terms [start, end) that name it."""
        spans = []
        readings = [verb_readings(term, word) for term, word in zip(terms, surfaces, strict=True)]
        for i, options in enumerate(readings):
            for first in options:
                for words, concept in self.phrases.get(first, ()):
                    found = readings[i : i + len(words)]
                    if len(found) == len(words) and all(map(frozenset.__contains__, found, words)):
                        spans.append((concept, i, i + len(words)))
        # A root may begin a term or the word it was read from; in reading order, so a
        # message's terms come out the same every run.
        for i, word in enumerate([*terms, *surfaces]):
            for length, roots in self.roots.items():
                at = i % len(terms)
                spans.extend((concept, at, at + 1) for concept in roots.get(word[:length], ()))
        return spans

    def named_concepts(self, text: str) -> dict[str, str]:
        """Each concept a text names, without its prefix, and the words that first name it."""
        reading = self.read(text, expand=False)
        words = reading.term_words
        named: dict[str, str] = {}
        for concept, start, end in self._spans(reading.terms, words):
            named.setdefault(concept.removeprefix(CONCEPT_PREFIX), " ".join(words[start:end]))
        return named

    def analyze(self, text: str) -> list[str]:
        return self.read(text).terms
