"""Numbers from outside: typed after a command, or carried by a button. Both are checked at
the edge, before anything uses them.

Typed numbers go through `domain/numbers.py:parse_number`; a button's row id through `RowId`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from welcomebot.domain.numbers import parse_number

__all__ = ["ROW_ID_MAX", "SKIP", "TELEGRAM_ID_MAX", "RowId", "parse_number", "skipped"]

TELEGRAM_ID_MAX = 2**63 - 1  # Telegram's ids, and the BIGINT columns that keep them
ROW_ID_MAX = 2**31 - 1  # rows' own ids are INTEGER columns: 32 bits on PostgreSQL

# A row id in callback data; anything else fails to unpack and gets the stale-button reply.
RowId = Annotated[int, Field(ge=0, le=ROW_ID_MAX)]


SKIP = "-"  # what staff send to leave a question of a form unanswered


def skipped(text: str) -> str | None:
    """What was typed, trimmed; None for "-", the answer that leaves a question out."""
    text = text.strip()
    return None if text == SKIP else text
