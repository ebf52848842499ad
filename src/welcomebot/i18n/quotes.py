"""Quotation marks by language: Ukrainian quotes «so», English “so”.

Babel does not load CLDR's delimiters, so the two languages the bot speaks are listed here.
"""

from __future__ import annotations

QUOTES = {"uk": ("«", "»")}
DEFAULT = ("“", "”")


def quote(text: str, lang: str) -> str:
    start, end = QUOTES.get(lang, DEFAULT)
    return f"{start}{text}{end}"
