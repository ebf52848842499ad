"""Words a thesaurus relates to one the content does not use: зараза is an інфекція.

The lexicon links the domain's own words; people also use everyday synonyms it cannot list.
`data/related.tsv.gz` holds LibreOffice's Ukrainian thesaurus and, for the words Ukrainians
share with Russian or type in Russian, its Russian one, with their synonyms as Ukrainian lemmas;
and for a Russian word that is no Ukrainian one (врач), the English words Mueller's
English-Russian dictionary translates it with, as English stems: the content is also written
in English, so a Russian word the lexicon lacks reaches it there (`scripts/build_related_words.py`;
sources and licences in `data/RELATED.md`). No Python library carries a Ukrainian thesaurus or
a Russian-Ukrainian dictionary, and this lookup is one dictionary read.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from welcomebot.matching.russian import russian_lemma

DATA = Path(__file__).parent / "data" / "related.tsv.gz"


@lru_cache(maxsize=1)
def thesauri() -> dict[str, dict[str, tuple[str, ...]]]:
    thesauri: dict[str, dict[str, tuple[str, ...]]] = {"uk": {}, "ru": {}, "ruen": {}}
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            lang, word, related = line.rstrip("\n").split("\t")
            thesauri[lang][word] = tuple(related.split())
    return thesauri


@lru_cache(maxsize=50_000)
def related_words(lemma: str, word: str) -> frozenset[str]:
    """Index terms given as synonyms of a Cyrillic word, read as `lemma`: Ukrainian lemmas,
    and English stems of a Russian word's translations.

    The Russian thesaurus and dictionary only speak for a Russian word the Ukrainian thesaurus
    lacks: for a Ukrainian word, its Russian look-alike may mean something else (город, неділя).
    """
    tables = thesauri()
    uk, ru = tables["uk"], tables["ru"]
    found = {*uk.get(lemma, ()), *uk.get(word, ())}
    russian = None if found else russian_lemma(word)
    if russian is None:
        return frozenset(found)
    english = tables["ruen"].get(russian, ())
    return frozenset({*ru.get(word, ()), *ru.get(russian, ()), *english})
