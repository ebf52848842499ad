"""`welcomebot worker` as processes: a second worker waits, and takes over when the first stops."""

import asyncio
import signal

from .fakes.process_env import start_welcomebot, welcomebot_env

RUNNING = (
    b"worker running: retention, timetable, broadcast-progress, checklist-reminders, "
    b"and the delivery queue"
)


async def start_worker(settings):
    env = welcomebot_env(
        data_dir=str(settings.data_dir),
        database_url=settings.database_url,  # SQLite file, or the test's schema
        # Sending needs no content: the worker neither reads it nor builds the matcher.
        content_dir=str(settings.data_dir / "no-content-here"),
        telegram_token="1:X",  # the queue is empty: nothing is sent
    )
    return await start_welcomebot("worker", env=env)


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
