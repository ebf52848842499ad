"""Russian words among Ukrainian ones: people type them, and the lexicon and thesaurus map some.

Russian is looked up (in simplemma's low-memory store, `lemmas.py`) only for words Ukrainian
does not know, and each answer is kept here.
"""

from __future__ import annotations

from functools import lru_cache

from welcomebot.matching import lemmas
from welcomebot.matching.text import is_cyrillic


def is_russian_word(word: str) -> bool:
    """A word the Russian dictionary knows (no Latin word is one)."""
    return is_cyrillic(word) and lemmas.is_known(word, "ru")


@lru_cache(maxsize=100_000)
def russian_lemma(word: str) -> str | None:
    """The case-folded Russian lemma of a word the Russian dictionary knows, or None."""
    if not lemmas.is_known(word, "ru"):
        return None
    return lemmas.lemmatize(word, "ru").casefold()
