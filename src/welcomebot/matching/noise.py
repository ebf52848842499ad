"""How people type: Ukrainian in Latin letters or in Russian, and typos. The robustness
benchmark types the dev queries so, and a fitted decision (`decision.py`) sees the content's
own phrasings so, as newcomers' messages rarely arrive as cleanly as content staff write."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# Ukrainian letters in Latin: the national standard (KMU 2010), which spells є ї й ю я at the
# start of a word as ye yi y yu ya and inside it as ie i i iu ia; informally, people write the
# word-initial forms everywhere and h for х. An apostrophe and the soft sign are dropped.
STANDARD = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
    "ʼ": "",
}
WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
INFORMAL = {**STANDARD, **WORD_START, "х": "h"}


def to_latin(text: str, table: dict[str, str], word_start: dict[str, str]) -> str:
    def word(match: re.Match[str]) -> str:
        found = match.group(0).lower()
        first, rest = found[0], found[1:]
        start = word_start.get(first, table.get(first, first))
        return start + "".join(table.get(letter, letter) for letter in rest)

    return re.sub(r"[\w'’ʼ]+", word, text)


def with_typos(text: str, rng: random.Random) -> str:
    words = []
    for word in text.split():
        if len(word) >= 5 and rng.random() < 0.3:
            i, kind = rng.randrange(1, len(word) - 1), rng.random()
            if kind < 0.4:
                word = word[:i] + word[i + 1 :]
            elif kind < 0.7:
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            else:
                word = word[:i] + word[i] + word[i:]
        words.append(word)
    return " ".join(words)


Words = dict[str, list[str]]  # a Ukrainian word or lemma -> what a Russian speaker writes


def russian_words(spellings: dict[str, str], concepts: dict[str, dict[str, list[str]]]) -> Words:
    """From the lexicon: its spellings read backwards (the Ukrainian word -> the Russian and
    Surzhyk forms that stand for it), and each concept's one-word Ukrainian phrases -> its
    Russian phrases (roots, `хвор*`, are no words to write)."""
    words: Words = {}
    for form, ukrainian in spellings.items():
        if form != ukrainian and " " not in ukrainian:
            words.setdefault(ukrainian, []).append(form)
    for phrases in concepts.values():
        russian = [p.casefold() for p in phrases.get("ru", []) if "*" not in p and " " not in p]
        if not russian:
            continue
        for phrase in phrases.get("uk", []):
            if " " not in phrase and "*" not in phrase:
                words.setdefault(phrase.casefold(), []).extend(russian)
    return {word: sorted(set(forms)) for word, forms in words.items()}


def in_russian(text: str, words: Words, lemma: Callable[[str], str], rng: random.Random) -> str:
    """Ukrainian as many Ukrainians type it, in Russian where the lexicon knows the Russian
    word: the rest stays Ukrainian, as in Surzhyk."""

    def word(match: re.Match[str]) -> str:
        found = match.group(0).casefold()
        forms = words.get(found) or words.get(lemma(found))
        return rng.choice(forms) if forms else match.group(0)

    return re.sub(r"[\w'’ʼ]+", word, text)
