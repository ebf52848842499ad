"""Nothing a person can send breaks the bot (issue 18): hypothesis generates scripts of
updates of every kind, from newcomers, an agent and a staff member, and `fuzz/harness.py`
plays them through the real Dispatcher, checking its properties after every update.

The "ci" profile (conftest.py; the default) runs 2,000 scripts, derandomised so that every run
plays the same ones; `pytest --hypothesis-profile=quick tests/test_fuzz.py` runs 200.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from hypothesis import given

from welcomebot.app import build_app

from .conftest import clean_settings, fresh_database, fresh_redis
from .fuzz import strategies
from .fuzz.harness import Harness

@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.Runner, Harness]]:
    """One app and one Dispatcher for every script (the matcher takes seconds to build), on
    one event loop of the module's own."""
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        fresh_database() as database_url,
        fresh_redis() as redis,
        asyncio.Runner() as runner,
    ):
        folder = tmp_path_factory.mktemp("fuzz")
        app = build_app(clean_settings(monkeypatch, folder, database_url, redis))
        harness = Harness(app)
        yield runner, harness
        runner.run(harness.close())
        runner.run(app.close())


@given(script=strategies.scripts())
def test_nothing_a_person_sends_breaks_the_bot(played, script):
    runner, harness = played
    runner.run(harness.play(script))
