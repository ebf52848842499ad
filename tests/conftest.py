from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from welcomebot.app import App, Infrastructure, build_app, build_infrastructure
from welcomebot.config import Settings, load_settings
from welcomebot.telegram.local import LocalChat

# Helpers that test modules share live in tests/fakes; these names stay importable from here.
from .fakes.chats import STAFF_ID, STALE, STALE_UK, make_chat, rows  # noqa: F401
from .fakes.clock import seconds_to_midnight
from .fakes.databases import MigratedSqlite
from .fakes.knowledge import KnowledgeLender
from .fakes.repo import (  # noqa: F401
    DEMO_CONTENT,
    EVAL_DIR,
    REPO,
    REQUIRE_SERVERS,
    SHARED_EVAL_DIR,
    TEST_DATABASE_URL,
    TEST_REDIS_URL,
)

LENDER = pytest.StashKey[KnowledgeLender]()

# The fuzz test's profiles (tests/test_fuzz.py): "ci", the default, plays 2,000 scripts, the
# same ones on every run; `--hypothesis-profile=quick` plays 200.
FUZZ_PROFILE = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("ci", max_examples=2000, **FUZZ_PROFILE)
hypothesis_settings.register_profile("quick", max_examples=200, **FUZZ_PROFILE)
hypothesis_settings.load_profile("ci")


# Many tests compare a date the code takes with one the test took a moment before (this week's
# reports, today's counts, an invite's last day). A midnight between the two, in UTC or on the
# city's clock, makes them differ; so no test starts within this many seconds of one.
MIDNIGHT_MARGIN = 90.0
CITY_ZONE = Settings.model_fields["timezone"].default


@pytest.fixture(autouse=True)
def _not_across_midnight() -> None:
    wait = seconds_to_midnight(datetime.now(UTC), (CITY_ZONE,))
    if wait < MIDNIGHT_MARGIN:
        time.sleep(wait + 1.0)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """SQLite (the empty URL: a file in the data folder) by default; with
    WELCOMEBOT_TEST_DATABASE_URL (PostgreSQL), a fresh schema of that server, dropped afterwards."""
    if not TEST_DATABASE_URL:
        yield ""
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(TEST_DATABASE_URL, poolclass=sa.pool.NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        message = f"WELCOMEBOT_TEST_DATABASE_URL is set but unreachable: {error.orig}"
        if REQUIRE_SERVERS:
            pytest.fail(message)
        pytest.skip(message)
    url = sa.engine.make_url(TEST_DATABASE_URL).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def database_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@contextlib.contextmanager
def fresh_redis() -> Iterator[dict[str, str]]:
    """No Redis by default; with WELCOMEBOT_TEST_REDIS_URL, that server under a key prefix of
    its own, whose keys are deleted afterwards."""
    if not TEST_REDIS_URL:
        yield {}
        return
    import redis

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"WELCOMEBOT_TEST_REDIS_URL is set but unreachable: {error}"
        if REQUIRE_SERVERS:
            pytest.fail(message)
        pytest.skip(message)
    yield {"redis_url": TEST_REDIS_URL, "redis_prefix": prefix}
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_settings() -> Iterator[dict[str, str]]:
    with fresh_redis() as found:
        yield found


def clean_settings(
    monkeypatch: pytest.MonkeyPatch, folder: Path, database_url: str, redis: dict[str, str]
) -> Settings:
    """Settings of the demo content, data in `folder`, and nothing from the environment."""
    for name in list(os.environ):
        if name.startswith("WELCOMEBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(folder)  # no developer .env leaks in
    return load_settings(
        data_dir=folder / "data",
        content_dir=DEMO_CONTENT,
        database_url=database_url,
        **redis,
    )


@pytest.fixture
def settings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    redis_settings: dict[str, str],
) -> Settings:
    return clean_settings(monkeypatch, tmp_path, database_url, redis_settings)


@pytest.fixture(scope="session")
def knowledge_lender(pytestconfig: pytest.Config) -> KnowledgeLender:
    """The demo content, lexicon and matcher: built by the first test that needs them, then
    lent to every test's app, and checked for changes after each (fakes/knowledge.py)."""
    return pytestconfig.stash.setdefault(LENDER, KnowledgeLender())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    try:
        result = yield
    finally:
        lender = item.config.stash.get(LENDER, None)
        if lender is not None:
            lender.take_back()
    return result


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> MigratedSqlite:
    """A SQLite database migrated once, copied for each app (fakes/databases.py)."""
    return MigratedSqlite(tmp_path_factory.mktemp("migrated"))


@pytest.fixture
async def app(
    request: pytest.FixtureRequest,
    settings: Settings,
    knowledge_lender: KnowledgeLender,
    migrated_sqlite: MigratedSqlite,
) -> AsyncIterator[App]:
    """The whole app on the demo content; its content and matcher are shared by all tests."""
    migrated_sqlite.copy_for(settings)
    knowledge = None
    if settings.content_dir == DEMO_CONTENT and settings.reranker_model is None:
        knowledge = knowledge_lender.lend(settings, request.node.nodeid)
    application = build_app(settings, knowledge=knowledge)
    yield application
    await application.close()


@pytest.fixture
async def infrastructure(
    settings: Settings, migrated_sqlite: MigratedSqlite
) -> AsyncIterator[Infrastructure]:
    """The database (and Redis, if the suite has one) and translations alone, without the
    content and matcher: for storage and delivery tests."""
    migrated_sqlite.copy_for(settings)
    base = build_infrastructure(settings)
    yield base
    await base.close()


@pytest.fixture
def eval_dir() -> Path:
    if not (EVAL_DIR / "queries-dev.jsonl").exists():
        pytest.fail(f"the evaluation corpus is missing: expected {EVAL_DIR} beside the repo")
    return EVAL_DIR


@pytest.fixture
def chat(app: App) -> LocalChat:
    return make_chat(app)


@pytest.fixture
async def staffed(app: App) -> App:
    """The app with STAFF_ID as the centre's staff."""
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    return app


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fuzz test's figures, when it ran: how many scripts and updates, what the bot sent."""
    from .fuzz.harness import STATS

    if STATS.examples:
        terminalreporter.write_line(STATS.summary())
