"""Whole numbers people type: checked before anything uses them.

`str.isdigit()` takes "①" and "²", which `int()` refuses; and a number past what a database
column holds overflows it, on SQLite as on PostgreSQL.
"""

from __future__ import annotations


def parse_number(text: str, low: int, high: int) -> int | None:
    """The whole number `text` says in ASCII digits, if it lies in [low, high]; else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None
