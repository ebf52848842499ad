"""A language's name as the reader says it mid-sentence (Babel's CLDR names: "Ukrainian" to an
English reader, "українська" to a Ukrainian one); buttons name each language in itself."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def language_name(code: str, reader: str) -> str:
    try:
        return Locale.parse(reader).languages.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code
