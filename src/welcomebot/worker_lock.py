"""One worker at a time: APScheduler 3 must not run twice on one job store.

On PostgreSQL the worker holds a session-level advisory lock for its whole life; on SQLite, an
exclusive lock on a file beside the database. A second worker waits until the first is gone.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)
WORKER_LOCK = 7_364_002
RETRY_SECONDS = 2.0


@asynccontextmanager
async def worker_lock(engine: AsyncEngine, data_dir: Path) -> AsyncIterator[None]:
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            announced = False
            while not (
                await connection.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": WORKER_LOCK}
                )
            ).scalar():
                if not announced:
                    log.info("another worker is running; this one waits to take over")
                    announced = True
                await asyncio.sleep(RETRY_SECONDS)
            try:
                yield
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WORKER_LOCK})
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "worker.lock").open("w") as handle:
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    log.info("another worker is running; this one waits to take over")
                    announced = True
                await asyncio.sleep(RETRY_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
