"""Ukrainian typed in Latin letters, back to Cyrillic.

The rules invert the national standard (KMU 2010: kh, zh, ts, ch, sh, shch, ye/ie, yi, yu/iu,
ya/ia) and admit the common informal spellings (y as й after a vowel, w, c, j, x, q, a dropped
soft sign). The standard writes no soft sign, so one may follow д т з с ц л н (mozhut, можуть),
and ia may be і + а as well as я (sotsialna). It drops the apostrophe too, so ia, iu, ie and i
may follow one (simia, сім'я; zizdyty, з'їздити). Inside a word the standard writes й and ї as
i (khaziaika, pryikhaty), so readings that need the fewest second choices are tried first. A
word is taken as Ukrainian only when one of its readings is a known Ukrainian word, so English
words and typos stay English here; the analyzer gives a typo among Ukrainian words its
`first_reading`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations, islice, product

from welcomebot.matching import lemmas
from welcomebot.matching.morphology import is_dictionary_form

# Longest first: each position takes the longest Latin group that matches.
_GROUPS: dict[str, tuple[str, ...]] = {
    "shch": ("щ",),
    "sch": ("щ",),
    "kh": ("х",),
    "zh": ("ж",),
    "ts": ("ц", "ць", "тьс", "тс"),  # ться: the standard writes no soft sign
    "ch": ("ч",),
    "sh": ("ш",),
    "yie": ("иє", "їе"),  # приєм: y + ie, which "yi" taken first would split wrong
    "ye": ("є", "е", "'є"),
    "ie": ("є", "іе", "'є"),
    "yi": ("ї", "ий", "иї", "иі", "'ї"),  # при + ї: the standard writes ї inside a word as i
    "ji": ("ї",),
    "yu": ("ю", "'ю"),
    "iu": ("ю", "'ю"),
    "ju": ("ю",),
    "ya": ("я", "'я"),
    "ia": ("я", "іа", "ія", "'я"),
    "ja": ("я",),
    "a": ("а",),
    "b": ("б",),
    "v": ("в",),
    "w": ("в",),
    "h": ("г", "х"),
    "g": ("г", "ґ"),
    "d": ("д", "дь"),
    "e": ("е",),
    "z": ("з", "зь"),
    "y": ("и", "й"),
    "i": ("і", "и", "ї", "'ї"),
    "j": ("й",),
    "k": ("к",),
    "l": ("л", "ль"),
    "m": ("м",),
    "n": ("н", "нь"),
    "o": ("о",),
    "p": ("п",),
    "r": ("р",),
    "s": ("с", "сь"),
    "t": ("т", "ть"),
    "u": ("у",),
    "f": ("ф",),
    "c": ("ц", "к"),
    "x": ("кс",),
    "q": ("к",),
    "'": ("'", "ь"),
}
_MAX_GROUP = max(map(len, _GROUPS))
_FULL_DICTIONARY_MIN = 5
# A soft sign comes at the end of a word, before a consonant or before о (можуть, тільки, льон),
# never before another vowel; offering it there would only spend readings.
_NO_SOFT_SIGN_BEFORE = frozenset("aeiuy")
_VOWELS = frozenset("aeiouy")
_MAX_READINGS = 64  # enough for long words; bounded so a junk token costs little


def _segments(word: str) -> list[tuple[str, ...]] | None:
    segments, i = [], 0
    while i < len(word):
        for size in range(min(_MAX_GROUP, len(word) - i), 0, -1):
            group = word[i : i + size]
            options = _GROUPS.get(group)
            if options:
                if word[i + size : i + size + 1] in _NO_SOFT_SIGN_BEFORE:
                    options = tuple(o for o in options if not o.endswith("ь"))
                if group == "i" and word[i - 1 : i] in _VOWELS:
                    options = (*options, "й")  # the standard writes й after a vowel as i
                segments.append(options)
                i += size
                break
        else:
            return None  # a letter that no Ukrainian word typed in Latin would have
    return segments


def _readings(segments: list[tuple[str, ...]]) -> Iterator[str]:
    """Every reading, those that take fewer letters' second choices first: a long word has
    thousands, and the one meant rarely needs more than two."""
    first = [options[0] for options in segments]
    choices = [i for i, options in enumerate(segments) if len(options) > 1]
    for count in range(len(choices) + 1):
        for positions in combinations(choices, count):
            for others in product(*(segments[i][1:] for i in positions)):
                letters = first.copy()
                for i, letter in zip(positions, others, strict=True):
                    letters[i] = letter
                yield "".join(letters)


def first_reading(word: str) -> str | None:
    """Each letter's first choice: the likeliest spelling of a Ukrainian word no reading finds,
    such as one typed with a typo (dopooha), to compare with the content's words."""
    segments = _segments(word)
    return "".join(options[0] for options in segments) if segments else None


@lru_cache(maxsize=100_000)
def to_cyrillic(word: str) -> str | None:
    """The first reading of a Latin word that is a known Ukrainian word, or None."""
    segments = _segments(word)
    if not segments or len(word) < 2:
        return None
    # The full dictionary holds short abbreviations that Latin words collide with (cv is кв),
    # so it reads only longer words, and never an English one.
    full = len(word) >= _FULL_DICTIONARY_MIN and not is_english(word)
    for reading in islice(_readings(segments), _MAX_READINGS):
        if lemmas.is_known(reading, "uk") or (full and is_dictionary_form(reading)):
            return reading
    return None


def candidate_readings(word: str, limit: int = 12) -> list[str]:
    """The likeliest Cyrillic spellings of a Latin word, known words or not: where missing a
    word costs more than misreading one (danger signals), every likely reading is tried."""
    segments = _segments(word)
    return list(islice(_readings(segments), limit)) if segments and len(word) >= 2 else []


@lru_cache(maxsize=100_000)
def is_english(word: str) -> bool:
    return lemmas.is_known(word, "en")
