"""Numbers from outside: typed after a command, or carried by a button. Both are checked at
the edge, before anything uses them.

`str.isdigit()` takes "①" and "²", which `int()` refuses; and a number past what a database
column holds overflows it, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

TELEGRAM_ID_MAX = 2**63 - 1  # Telegram's ids, and the BIGINT columns that keep them
ROW_ID_MAX = 2**31 - 1  # rows' own ids are INTEGER columns: 32 bits on PostgreSQL

# A row id in callback data; anything else fails to unpack and gets the stale-button reply.
RowId = Annotated[int, Field(ge=0, le=ROW_ID_MAX)]


def parse_number(text: str, low: int, high: int) -> int | None:
    """The whole number `text` says in ASCII digits, if it lies in [low, high]; else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None
