"""Normalisation and tokenisation shared by indexing and queries."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

# Apostrophe look-alikes people type in Ukrainian words (м’ята, мʼята, м`ята, м'ята).
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u02bc\u0060\u00b4\u2018\u02b9\u2032\uff07"})
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
UKRAINIAN_ONLY = frozenset("іїєґ")


def normalize(text: str) -> str:
    """Case-folded NFC text with one apostrophe and no accents on Cyrillic vowels."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    # Combining acute accents (наголос) would split words; й and ї are precomposed after NFC.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace("\u0301", ""))


def tokenize(text: str) -> list[str]:
    """Words of normalised text; an apostrophe inside a word keeps it whole."""
    return _WORD.findall(normalize(text))


def is_cyrillic(token: str) -> bool:
    return bool(_CYRILLIC.search(token))


def is_latin(token: str) -> bool:
    return bool(_LATIN.search(token))


def data_words(file: str) -> frozenset[str]:
    """The words a shipped list in `matching/data/` holds, whatever its languages' keys."""
    lists = yaml.safe_load((Path(__file__).parent / "data" / file).read_text("utf-8"))
    return frozenset(word for words in lists.values() for word in words.split())
