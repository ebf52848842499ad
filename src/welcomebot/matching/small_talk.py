"""Greetings, thanks (also passed on), goodbyes, a yes, "who are you?" on their own: small
talk, not questions.

A newcomer who writes "Добрий день" or "дякую!" should be greeted or thanked back, not told
that there is no answer to their question; one who says "бувайте" or "так" is answered in kind;
one who sends only "?" is asked for words. None of it is a question for staff. Whatever may be
trouble is left to the danger check and the matcher: no, a question mark after a yes, a
family named beside a goodbye.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import yaml

from welcomebot.matching.text import is_cyrillic, normalize, tokenize
from welcomebot.matching.translit import to_cyrillic


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    ACKNOWLEDGEMENT = "acknowledgement"  # yes, no, sure
    ABOUT = "about"  # who are you?
    WORDLESS = "wordless"  # only punctuation or other symbols ("?", "😡"): nothing to match


class Said(NamedTuple):
    kind: SmallTalk
    lang: str | None  # the language its words are in; None when they do not tell


Lists = dict[str, frozenset[str]]  # language -> words
Phrases = dict[str, tuple[tuple[str, ...], ...]]  # language -> phrases, as words
PASSED_ON = "passed_on"  # thanks passed on: a section of its own, answered as thanks


def _load() -> tuple[
    dict[str, Lists], dict[str, frozenset[str]], dict[str, Phrases], frozenset[str]
]:
    """Each section's own words by language, the words that may stand beside them (any
    language), its own phrases (whole, they count as its own words), and the thankful emoji."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "small_talk.yaml").read_text("utf-8"))
    emoji = frozenset(data[SmallTalk.THANKS].pop("emoji").split())
    phrases = {
        kind: {
            lang: tuple(tuple(tokenize(phrase)) for phrase in listed)
            for lang, listed in lists.pop("phrases", {}).items()
        }
        for kind, lists in data.items()
    }
    beside = {kind: frozenset(lists.pop("beside", "").split()) for kind, lists in data.items()}
    words = {
        kind: {lang: frozenset(text.split()) for lang, text in lists.items()}
        for kind, lists in data.items()
    }
    return words, beside, phrases, emoji


WORDS, BESIDE, PHRASES, EMOJI = _load()
THANKS_WORDS = WORDS[SmallTalk.THANKS]
# Tried in this order, so that "good" alone thanks and "good morning" greets. Each: the kind
# said, the section of its own words, whether words of thanks may stand beside them, and
# whether a question mark rules it out ("yes?" asks; "bye?" and "hello?" still are).
_KINDS = (
    (SmallTalk.THANKS, SmallTalk.THANKS, False, False),
    (SmallTalk.GREETING, SmallTalk.GREETING, False, False),
    (SmallTalk.GOODBYE, SmallTalk.GOODBYE, True, False),
    (SmallTalk.ACKNOWLEDGEMENT, SmallTalk.ACKNOWLEDGEMENT, True, True),
    (SmallTalk.THANKS, PASSED_ON, True, True),
    (SmallTalk.ABOUT, SmallTalk.ABOUT, False, False),
)
_EMOJI_LONGEST_FIRST = sorted(EMOJI, key=len, reverse=True)  # ❤️ before ❤
# What may stand beside emoji: punctuation, spaces, and the emoji variation selector.
_FILLER = frozenset(" \t\n.,!?;:-–—()'\"«»…\ufe0f")


def small_talk(text: str) -> Said | None:
    """Small talk that is the whole message (`SmallTalk`), or no words at all, with its
    language; None for anything else.

    Cheap for a question: it stops at the first word that is not small talk."""
    tokens = tokenize(text)
    if not tokens:
        # No words: thanks when it is only thankful emoji (👍, 🙏).
        symbols = rest = "".join(ch for ch in normalize(text) if ch not in _FILLER)
        for mark in _EMOJI_LONGEST_FIRST:
            rest = rest.replace(mark, "")
        return Said(SmallTalk.THANKS if symbols and not rest else SmallTalk.WORDLESS, None)
    asked = "?" in text
    for kind, section, with_thanks, not_asked in _KINDS:
        if not (asked and not_asked):
            langs = _said(tokens, section, with_thanks)
            if langs is not None:
                return Said(kind, langs.pop() if len(langs) == 1 else None)
    return None


def _said(tokens: list[str], section: str, with_thanks: bool) -> set[str] | None:
    """The languages of the section's own words and phrases when every word is one of them,
    one that may stand beside them, or (`with_thanks`) one of thanks, and at least one is its
    own (thanks passed on also needs a word of thanks); None otherwise. A phrase counts only
    whole: "help" alone is no thanks, "thanks for your help" is."""
    langs: set[str] = set()
    own = thanked = False
    phrased: dict[int, tuple[str, bool]] | None = None  # found at the first word not listed
    for at, token in enumerate(tokens):
        lang = _language(token, WORDS[section])
        own = own or lang is not None
        if lang is None and with_thanks:
            lang = _language(token, THANKS_WORDS)
            thanked = thanked or lang is not None
        if lang is None and not any(word in BESIDE[section] for word in _readings(token)):
            if phrased is None:
                phrased = _phrased(tokens, section, with_thanks)
            if at not in phrased:
                return None  # a word that is not this kind of small talk: most questions stop here
            lang, of_thanks = phrased[at]
            own = own or not of_thanks
            thanked = thanked or of_thanks
        if lang is not None:
            langs.add(lang)
    return langs if own and (thanked or section != PASSED_ON) else None


def _phrased(tokens: list[str], section: str, with_thanks: bool) -> dict[int, tuple[str, bool]]:
    """The words that the section's own phrases (and, `with_thanks`, those of thanks) cover,
    with each phrase's language and whether it is one of thanks."""
    readings = [_readings(token) for token in tokens]
    sections = [(section, False)] + ([(SmallTalk.THANKS.value, True)] if with_thanks else [])
    covered: dict[int, tuple[str, bool]] = {}
    for name, of_thanks in sections:
        for lang, listed in PHRASES[name].items():
            for phrase in listed:
                for start in range(len(tokens) - len(phrase) + 1):
                    if all(w in read for w, read in zip(phrase, readings[start:], strict=False)):
                        covered.update(
                            (at, (lang, of_thanks)) for at in range(start, start + len(phrase))
                        )
    return covered


def _language(token: str, words: dict[str, frozenset[str]]) -> str | None:
    """Which language's list holds the word (Latin Ukrainian read back), or None."""
    for lang, known in words.items():
        if any(word in known for word in _readings(token)):
            return lang
    return None


def _readings(token: str) -> tuple[str, ...]:
    """The word, and a Latin one's Ukrainian reading ("poka" stays, "zavtra" is завтра)."""
    if is_cyrillic(token):
        return (token,)
    cyrillic = to_cyrillic(token)
    return (token,) if cyrillic is None else (token, cyrillic)
