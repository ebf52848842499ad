"""A day typed on the command line, with a reply that says how to write one (argparse's own
names the parsing function: "invalid fromisoformat value")."""

from __future__ import annotations

import argparse
from datetime import date


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day: write it as YYYY-MM-DD, such as 2026-12-07"
        ) from None
