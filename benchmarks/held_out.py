"""The command line of a benchmark that reads a content folder and a set written blind."""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def arguments(doc: str, queries: str) -> argparse.Namespace:
    """`--content` (the demo's by default) and `--queries` (`queries`, under the repo)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--queries", type=Path, default=REPO / queries)
    return parser.parse_args()
