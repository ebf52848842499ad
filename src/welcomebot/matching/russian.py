"""Russian words among Ukrainian ones: people type them, and the lexicon and thesaurus map some.

simplemma's default store holds a language's dictionary as a Python dict of every form, which
for Russian is 164 MB of a process that otherwise needs about 200. Its low-memory store keeps
the same dictionary as one decompressed stream with a sparse index (21 MB) and decodes a few
records per lookup (~25 µs, against under 1 µs). The answers are the same; Russian is looked up
only for words Ukrainian does not know, and each answer is kept here.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma


@lru_cache(maxsize=100_000)
def russian_lemma(word: str) -> str | None:
    """The case-folded Russian lemma of a word the Russian dictionary knows, or None."""
    if not simplemma.is_known(word, lang="ru", low_memory=True):
        return None
    return simplemma.lemmatize(word, lang="ru", low_memory=True).casefold()
