"""One worker at a time: APScheduler 3 must not run twice on one job store.

On PostgreSQL the worker holds a session-level advisory lock for its whole life; on SQLite, an
exclusive lock on a file beside the database. A second worker waits until the first is gone.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)
WORKER_LOCK = 7_364_002
RETRY_SECONDS = 2.0


async def _acquire(try_lock: Callable[[], Awaitable[bool]]) -> None:
    """Try until the lock is ours, saying once that we wait."""
    if await try_lock():
        return
    log.info("another worker is running; this one waits to take over")
    while not await try_lock():
        await asyncio.sleep(RETRY_SECONDS)


@asynccontextmanager
async def worker_lock(engine: AsyncEngine, data_dir: Path) -> AsyncIterator[None]:
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:

            async def try_advisory() -> bool:
                query = text("SELECT pg_try_advisory_lock(:k)")
                return bool((await connection.execute(query, {"k": WORKER_LOCK})).scalar())

            await _acquire(try_advisory)
            try:
                yield
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WORKER_LOCK})
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "worker.lock").open("w") as handle:

        async def try_file() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return False

        await _acquire(try_file)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
