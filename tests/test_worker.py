"""`welcomebot worker` as processes: a second worker waits, and takes over when the first stops;
what the worker never imports."""

import asyncio
import signal
import sys

from .fakes.process_env import start_welcomebot, welcomebot_env

RUNNING = (
    b"worker running: retention, timetable, broadcast-progress, checklist-reminders, "
    b"and the delivery queue"
)


# `welcomebot ARGS`, then, on stderr's last line, which of these it ever imported: Alembic
# (migrations) and prometheus_client (counts that only `run --webhook` serves).
UNUSED = ("alembic", "prometheus_client")
PROBE = f"""
import atexit, runpy, sys
atexit.register(lambda: print("imported:", [m for m in {UNUSED} if m in sys.modules], file=sys.stderr))
sys.argv = ["welcomebot", *sys.argv[1:]]
runpy.run_module("welcomebot", run_name="__main__")
"""


async def start_worker(settings, probe=False):
    env = welcomebot_env(
        data_dir=str(settings.data_dir),
        database_url=settings.database_url,  # SQLite file, or the test's schema
        # Sending needs no content: the worker neither reads it nor builds the matcher.
        content_dir=str(settings.data_dir / "no-content-here"),
        telegram_token="1:X",  # the queue is empty: nothing is sent
    )
    if not probe:
        return await start_welcomebot("worker", env=env)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", PROBE, "worker", env=env, stderr=asyncio.subprocess.PIPE
    )


async def read_until(process, needle: bytes, timeout: float = 60) -> bytes:
    seen = b""

    async def scan():
        nonlocal seen
        while needle not in seen:
            line = await process.stderr.readline()
            if not line:
                raise AssertionError(f"worker ended before saying {needle!r}: {seen.decode()}")
            seen += line

    await asyncio.wait_for(scan(), timeout)
    return seen


async def test_a_second_worker_waits_then_takes_over(settings):
    started = []
    try:
        first = await start_worker(settings)
        started.append(first)
        await read_until(first, RUNNING)
        second = await start_worker(settings)
        started.append(second)
        await read_until(second, b"another worker is running; this one waits to take over")
        first.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.wait(), 30) == 0
        await read_until(second, RUNNING)
        second.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(second.wait(), 30) == 0
    finally:
        for process in started:  # a failed assertion must not leave a worker running
            if process.returncode is None:
                process.kill()
                await process.wait()


async def test_the_worker_leaves_a_new_databases_migrations_to_a_child(settings):
    """It lives for weeks: Alembic and the migrations' imports (11 MB) stay out of it, and
    so does prometheus_client, as it serves no /metrics."""
    worker = await start_worker(settings, probe=True)
    try:
        said = await read_until(worker, RUNNING)
        assert b"INFO alembic.runtime.migration: Running upgrade  -> 0001" in said  # the child's
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.wait(), 30) == 0
        assert worker.stderr is not None
        assert (await worker.stderr.read()).splitlines()[-1] == b"imported: []"
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
