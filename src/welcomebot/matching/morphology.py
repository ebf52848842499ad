"""Where simplemma alone reads Ukrainian words wrong, with pymorphy3's full dictionary: forms
it does not know (посвідки, мерії), words typed without their apostrophe (сімю), genitive
plurals it keeps as they are (батьків), and verb forms of two verbs (відправлять).

simplemma stays first where it knows a word: its choice among a form's readings is better than
pymorphy3's first parse (роботи is робота, not робот).
"""

from __future__ import annotations

import logging
from functools import lru_cache

import pymorphy3

from welcomebot.matching import lemmas
from welcomebot.matching.text import is_cyrillic


@lru_cache(maxsize=1)
def _dictionary() -> pymorphy3.MorphAnalyzer:
    # It announces each dictionary it loads at INFO, which would sit in every command's output.
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)
    return pymorphy3.MorphAnalyzer(lang="uk")


# The dictionary also lists misspellings (украіна), marked so: they are not readings to choose.
_MISSPELT = frozenset({"Dist", "Erro"})


def _readings(word: str) -> list[pymorphy3.analyzer.Parse]:
    return [
        parse
        for parse in _dictionary().parse(word)
        if parse.is_known and not parse.tag.grammemes & _MISSPELT
    ]


def dictionary_lemma(word: str) -> str | None:
    """The lemma of a form the dictionary knows, or None (it would only guess)."""
    readings = _readings(word)
    return readings[0].normal_form if readings else None


def is_dictionary_form(word: str) -> bool:
    # The plain lookup is cheap and almost always says no; parsing only confirms a yes.
    return _dictionary().word_is_known(word, strict=True) and bool(_readings(word))


def inflections(lemma: str) -> set[str]:
    """Every form of a Ukrainian lemma the dictionary knows (the lemma alone if none)."""
    forms = {lemma}
    for reading in _readings(lemma):
        if reading.normal_form == lemma:
            forms.update(form.word for form in reading.lexeme)
    return forms


_CONSONANTS = frozenset("бвгґджзклмнпрстфхцчшщ")
_IOTATED = frozenset("яюєї")


def with_apostrophe(word: str) -> str | None:
    """A word typed without its apostrophe (сімю, підїзд, обовязково), as the dictionary
    spells it, or None. Ukrainian writes one between a hard consonant and я, ю, є, ї; people
    often leave it out, as the national transliteration standard does."""
    for i in range(1, len(word)):
        if word[i] in _IOTATED and word[i - 1] in _CONSONANTS:
            spelled = f"{word[:i]}'{word[i:]}"
            if lemmas.is_known(spelled, "uk") or is_dictionary_form(spelled):
                return spelled
    return None


def plural_noun(word: str) -> str | None:
    """The noun of a word in -ів that the dictionary reads as a genitive plural, or None.

    For a lemma, simplemma keeps some such forms as they are: a possessive adjective
    (батьків, "father's"; господарів) or a form it does not resolve (родичів), which then
    no longer meet батьки or родич. Called only for those; Львів has no such reading.
    """
    if not word.endswith(("ів", "їв")):
        return None
    readings = _readings(word)
    nouns = (r for r in readings if r.tag.POS == "NOUN" and {"plur", "gent"} <= r.tag.grammemes)
    return next((r.normal_form for r in nouns), None)


_INFINITIVE = ("ти", "тися", "ть", "тись")


@lru_cache(maxsize=100_000)
def verb_readings(lemma: str, word: str) -> frozenset[str]:
    """`lemma`, with the other verbs a form of it may be: відправлять is відправляти and also
    відправити ("they will send"), so a phrase written with either meets it.

    Only when `lemma` is itself read as a verb: a noun form may also be a rare verb's (діла,
    "deeds", is also діти, "to put"), which would make it about children.
    """
    # A Ukrainian verb's lemma is its infinitive; other words skip the dictionary lookup.
    if not lemma.endswith(_INFINITIVE) or not is_cyrillic(word):
        return frozenset((lemma,))
    verbs = {r.normal_form for r in _readings(word) if r.tag.POS == "VERB"}
    return frozenset({lemma, *verbs}) if lemma in verbs else frozenset((lemma,))
