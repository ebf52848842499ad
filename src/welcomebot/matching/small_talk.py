"""Greetings, thanks, goodbyes, yes and no on their own: small talk, not questions.

A newcomer who writes "Добрий день" or "дякую!" should be greeted or thanked back, not told
that there is no answer to their question; one who says "бувайте" or "так" is answered in kind;
one who sends only "?" is asked for words. None of it is a question for staff.
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


def _load() -> tuple[dict[SmallTalk, Lists], Lists, frozenset[str]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "small_talk.yaml").read_text("utf-8"))
    emoji = frozenset(data[SmallTalk.THANKS].pop("emoji").split())
    words = {
        kind: {lang: frozenset(text.split()) for lang, text in data[kind].items()} for kind in ORDER
    }
    relayed = {lang: frozenset(text.split()) for lang, text in data["relayed"].items()}
    return words, relayed, emoji


# Tried first, so that "good" alone thanks and "good morning" greets.
ORDER = (
    SmallTalk.THANKS,
    SmallTalk.GREETING,
    SmallTalk.GOODBYE,
    SmallTalk.ACKNOWLEDGEMENT,
    SmallTalk.ABOUT,
)
WORDS, RELAYED, EMOJI = _load()
# Kinds whose messages may also thank: "thanks, bye" is a goodbye, "yes thanks" a yes.
_WITH_THANKS = (SmallTalk.GOODBYE, SmallTalk.ACKNOWLEDGEMENT)
# Kinds someone may pass on: "my wife says thank you".
_PASSED_ON = (SmallTalk.THANKS, SmallTalk.GREETING, SmallTalk.GOODBYE)
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
    for kind in ORDER:
        langs = set()
        own = False  # a word of the kind itself, not only who passed it on
        for token in tokens:
            lang = _language(token, WORDS[kind])
            own = own or lang is not None
            if lang is None and kind in _WITH_THANKS:
                lang = _language(token, WORDS[SmallTalk.THANKS])
            if lang is None and kind in _PASSED_ON:
                lang = _language(token, RELAYED)
            if lang is None:
                break  # a word that is not this kind of small talk: most questions stop here
            langs.add(lang)
        else:
            if own:
                return Said(kind, langs.pop() if len(langs) == 1 else None)
    return None


def _language(token: str, words: dict[str, frozenset[str]]) -> str | None:
    """Which language's list holds the word (Latin Ukrainian read back), or None."""
    candidates = (token,) if is_cyrillic(token) else (token, to_cyrillic(token))
    for lang, known in words.items():
        if any(word in known for word in candidates):
            return lang
    return None
