from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiogram.types import User
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlmodel import select

from welcomebot.app import App, build_app
from welcomebot.config import Settings, load_settings
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession

REPO = Path(__file__).resolve().parents[1]
DEMO_CONTENT = REPO / "content"
# The labelled corpus, vendored so that a clone stands on its own; `../shared/eval` beside the
# repo, where there is one, is its source (test_content checks that the two are the same).
EVAL_DIR = REPO / "eval"
SHARED_EVAL_DIR = REPO.parent / "shared" / "eval"


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

TEST_DATABASE_URL = os.environ.get("WELCOMEBOT_TEST_DATABASE_URL", "")
REQUIRE_SERVERS = os.environ.get("WELCOMEBOT_TEST_REQUIRE_SERVERS") == "1"


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


TEST_REDIS_URL = os.environ.get("WELCOMEBOT_TEST_REDIS_URL", "")


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
    with fresh_redis() as redis_settings:
        yield redis_settings


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


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    application = build_app(settings)
    yield application
    await application.close()


@pytest.fixture
def eval_dir() -> Path:
    if not (EVAL_DIR / "queries-dev.jsonl").exists():
        pytest.fail(f"the evaluation corpus is missing: expected {EVAL_DIR} beside the repo")
    return EVAL_DIR


def make_chat(app: App, user_id: int = 1001, lang: str | None = "en") -> LocalChat:
    bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, LocalSession())
    person = User(id=user_id, is_bot=False, first_name="Olena", language_code=lang)
    return LocalChat(build_dispatcher(app), bot, person)


@pytest.fixture
def chat(app: App) -> LocalChat:
    return make_chat(app)


STAFF_ID = 500
# The one reply to a button no handler acts on: stale, forged, or from a group chat.
STALE = "This button no longer works. Please send /topics or type your question."
STALE_UK = "Ця кнопка більше не працює. Надішліть /topics або напишіть своє питання."


@pytest.fixture
async def staffed(app: App) -> App:
    """The app with STAFF_ID as the centre's staff."""
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    return app


async def rows(app: App, model: type) -> list:
    async with app.sessions() as session:
        return list((await session.exec(select(model))).all())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fuzz test's figures, when it ran: how many scripts and updates, what the bot sent."""
    from .fuzz.harness import STATS

    if STATS.examples:
        terminalreporter.write_line(STATS.summary())
