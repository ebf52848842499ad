"""The fuzz test's scripts outside pytest: how many updates it feeds, what the bot sends, and
how long it takes.

Plays the same derandomised scripts as `tests/test_fuzz.py` ("ci" profile: 2,000) through the
same harness (`tests/fuzz/`), on SQLite in a temporary folder, or on the PostgreSQL server of
WELCOMEBOT_TEST_DATABASE_URL in a schema of its own. A script whose property fails stops the
run and is shown, shrunk, as the test would show it.

    python -m benchmarks.fuzz [--examples 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import FUZZ_PROFILE, clean_settings, fresh_database
from tests.fuzz import strategies
from tests.fuzz.harness import STATS, Harness
from welcomebot.app import build_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="scripts to play")
    args = parser.parse_args()
    started = time.perf_counter()
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        tempfile.TemporaryDirectory() as folder,
        fresh_database() as database_url,
        asyncio.Runner() as runner,
    ):
        app = build_app(clean_settings(monkeypatch, Path(folder), database_url, {}))
        harness = Harness(app)
        built = time.perf_counter() - started

        @settings(max_examples=args.examples, **FUZZ_PROFILE)
        @given(script=strategies.scripts())
        def play(script: strategies.Script) -> None:
            runner.run(harness.play(script))

        try:
            play()
        finally:
            runner.run(harness.close())
            runner.run(app.close())
    total = time.perf_counter() - started
    print(STATS.summary())
    print(
        f"app built once in {built:.1f} s; {total:.1f} s in all; "
        f"{1000 * STATS.seconds / max(STATS.updates, 1):.1f} ms an update with its checks; "
        f"backend: {'PostgreSQL' if database_url else 'SQLite'}"
    )


if __name__ == "__main__":
    main()
