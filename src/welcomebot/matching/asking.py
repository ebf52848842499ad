"""Find the ask in a story: the sentence that asks, so that its words count more than the
context around it ("we came three weeks ago with the kids ... where do I get a tax number?").

A sentence asks when it ends with "?", or, when none does, when it begins with a question or
need word of `data/asking.yaml` ("how ...", "I need ...", "підкажіть ...", "нужно ...").
A message of one sentence, or with no asking sentence, is all ask.
"""

from __future__ import annotations

import re

from welcomebot.matching.text import data_words, normalize, tokenize

_WORDS = data_words("asking.yaml")
_SENTENCE = re.compile(r"[^.!?\n;]+[.!?\n;]*")


# "I need ...", "ми хочемо ...": the word after a person asking is the one that asks.
_PERSONS = frozenset(["i", "we", "я", "ми", "мы", "мені", "нам", "мне"])


def _asks(words: list[str]) -> bool:
    first = 1 if words[0] in _PERSONS and len(words) > 1 else 0
    return words[first] in _WORDS


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if tokenize(s)]


def ask(text: str) -> str | None:
    """The asking sentences of a story, joined; None when the whole message is the ask."""
    parts = sentences(text)
    if len(parts) < 2:
        return None
    asking = [s for s in parts if s.rstrip().endswith("?")]
    if not asking:
        asking = [s for s in parts if _asks(tokenize(normalize(s)))]
    if not asking or len(asking) == len(parts):
        return None
    return " ".join(asking)
