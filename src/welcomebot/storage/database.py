"""Engine, sessions and migrations for the configured DATABASE_URL."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.cache_files import alone
from welcomebot.config import ENV_PREFIX, ConfigError, Settings

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_364_001  # any fixed number; PostgreSQL advisory locks are keyed by integers


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


SETTING = f"{ENV_PREFIX}DATABASE_URL"


def parse_url(url: str) -> URL:
    """The URL, or one line naming the setting (never its text, which may hold a password)."""
    try:
        return make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"{SETTING} is not a database URL: write it as "
            "sqlite:///path/to/welcomebot.db or postgresql+psycopg://user:password@host/db"
        ) from None


def driver_missing(url: URL, error: ImportError) -> ConfigError:
    """The plain install has SQLite's driver only; PostgreSQL's comes with an extra."""
    if url.get_backend_name() == "postgresql":
        return ConfigError(
            f"{SETTING} names PostgreSQL, whose driver is not installed ({error}): "
            "pip install 'welcomebot[postgres]', and write the URL as "
            "postgresql+psycopg://user:password@host/db"
        )
    return ConfigError(f"{SETTING} ({url.render_as_string(hide_password=True)}): {error}")


def _ensure_sqlite_folder(parsed: URL) -> None:
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class Migrated:
    """What `upgrade` did: the revision before (None: an empty database) and after."""

    before: str | None
    after: str | None
    applied: int


def _revision(connection: Connection) -> str | None:
    """The database's revision, as Alembic records it (None: an empty database)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# `revision = "0008"` and `down_revision = "0007"` (or None) in a migration file.
_REVISION = re.compile(r"^(down_)?revision\b[^=\n]*=\s*[\"']?([\w-]*)", re.MULTILINE)


def head_revisions() -> set[str]:
    """The migrations no other one follows, read from the files without importing Alembic
    (tens of MB): a start on an up-to-date database, the usual one, needs none of it."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text("utf-8")):
            if value != "None":
                (followed if down else revisions).add(value)
    return revisions - followed


def _migrate(connection: Connection, config: Config) -> None:
    from alembic import command

    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def upgrade(settings: Settings, in_child: bool = False) -> Migrated:
    """Bring the schema to the newest migration; safe to run at every start.

    The revision is read here, without Alembic: a database at the newest migration, the usual
    start, needs none of it. `in_child`: a database behind is migrated by a child process
    (migrator.py), so that Alembic and what the migrations import (11 MB) never enter this
    one: the bot and the worker live for weeks. A command that exits soon migrates here, as
    a second process costs it more time than it saves (the chat's first reply came 1 s later
    on a busy 2-core machine)."""
    url = settings.sync_database_url
    with _connected(url) as connection:
        before = _revision(connection)
    if before is not None and {before} == head_revisions():
        return Migrated(before, before, 0)
    return _migrate_in_child(url) if in_child else migrate_here(url)


def _migrate_in_child(url: str) -> Migrated:
    """`migrate_here` in a child Python running `storage/migrator.py` on this process's
    sys.path (the same code), logging at this process's level to this process's stderr. The
    URL, which may hold a password, goes on its stdin, never on its command line; its error
    comes back as one line, raised here as this process's own."""
    level = logging.getLogger("alembic").getEffectiveLevel()
    request = json.dumps({"path": sys.path, "url": url, "level": level})
    child = subprocess.run(
        [sys.executable, "-c", MIGRATOR], input=request, stdout=subprocess.PIPE, text=True
    )
    if child.returncode != 0 or not child.stdout.strip():  # its traceback is on stderr already
        raise RuntimeError(f"the database migrations failed (exit status {child.returncode})")
    answer = json.loads(child.stdout.splitlines()[-1])  # its last line: anything else is not ours
    if "error" in answer:
        raise ConfigError(answer["error"])
    return Migrated(answer["before"], answer["after"], answer["applied"])


MIGRATOR = (
    "import json, sys; request = json.load(sys.stdin); sys.path[:] = request['path']; "
    "from welcomebot.storage.migrator import main; main(request)"
)


@contextmanager
def _connected(url: str) -> Iterator[Connection]:
    """A connection for migrating, closed after; a missing driver, or a database that cannot
    be reached or migrated, is one line naming the setting."""
    parsed = parse_url(url)
    try:
        _ensure_sqlite_folder(parsed)
        engine = create_sync_engine(url, poolclass=NullPool, hide_parameters=hide_parameters())
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()
    except ImportError as error:
        raise driver_missing(parsed, error) from None
    except (SQLAlchemyError, OSError) as error:
        raise ConfigError(
            f"{SETTING} ({parsed.render_as_string(hide_password=True)}): "
            f"cannot migrate the database: {error.__class__.__name__}: {str(error).splitlines()[0]}"
        ) from None


@contextmanager
def _alone_on_file(url: str) -> Iterator[None]:
    """Processes that start together on a new SQLite file (the bot and a console chat) take
    turns: both found no tables, and the second's CREATE TABLE failed ("already exists").
    PostgreSQL's replicas wait on an advisory lock instead (`migrate_here`)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        yield
        return
    with alone(Path(f"{parsed.database}.migrating.lock")):
        yield


def migrate_here(url: str) -> Migrated:
    """Migrate in this process, with Alembic: `upgrade`'s, or its child's (migrator.py)."""
    with _alone_on_file(url), _connected(url) as connection:
        # Replicas start together; on PostgreSQL one migrates while the others wait.
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        before = _revision(connection)
        config = alembic_config(url)
        _migrate(connection, config)
        after = _revision(connection)
        connection.commit()
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    applied = (
        0 if after == before else len(list(scripts.iterate_revisions(after, before or "base")))
    )
    return Migrated(before, after, applied)


def hide_parameters() -> bool:
    """Statement parameters hold Telegram ids; errors and logs show them only when SQLAlchemy's
    own logging is at DEBUG, as a developer sets it to trace a statement."""
    return not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.DEBUG)


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.async_database_url
    parsed = parse_url(url)
    # A server connection can go stale between requests; a SQLite file cannot.
    try:
        engine = create_async_engine(
            url, pool_pre_ping=not url.startswith("sqlite"), hide_parameters=hide_parameters()
        )
    except ImportError as error:
        raise driver_missing(parsed, error) from None
    if url.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL: the bot, the worker and the command line read while one writes, and a commit
    costs one sync instead of several (3 ms a stored question before). synchronous=NORMAL is
    the documented pairing: a crash of the process loses nothing; a power cut may lose the
    last commits. busy_timeout: a writer waits for another instead of failing at once."""
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def one_session(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session on an up-to-date schema, for a command that reads once and exits."""
    upgrade(settings)
    engine = create_engine(settings)
    try:
        async with session_factory(engine)() as session:
            yield session
    finally:
        await engine.dispose()
