"""Engine, sessions and migrations for the configured DATABASE_URL."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import ENV_PREFIX, ConfigError, Settings

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_364_001  # any fixed number; PostgreSQL advisory locks are keyed by integers


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _ensure_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def upgrade(settings: Settings) -> None:
    """Bring the schema to the newest migration; safe to run at every start."""
    url = settings.sync_database_url
    try:
        _ensure_sqlite_folder(url)
        config = alembic_config(url)
        engine = create_sync_engine(url, poolclass=NullPool, hide_parameters=hide_parameters())
        with engine.connect() as connection:
            # Replicas start together; on PostgreSQL one migrates while the others wait.
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        engine.dispose()
    except (SQLAlchemyError, OSError, ImportError) as error:
        raise ConfigError(
            f"{ENV_PREFIX}DATABASE_URL ({make_url(url).render_as_string(hide_password=True)}): "
            f"cannot migrate the database: {error.__class__.__name__}: {str(error).splitlines()[0]}"
        ) from None


def hide_parameters() -> bool:
    """Statement parameters hold Telegram ids; errors and logs show them only when SQLAlchemy's
    own logging is at DEBUG, as a developer sets it to trace a statement."""
    return not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.DEBUG)


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.async_database_url
    # A server connection can go stale between requests; a SQLite file cannot.
    engine = create_async_engine(
        url, pool_pre_ping=not url.startswith("sqlite"), hide_parameters=hide_parameters()
    )
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
