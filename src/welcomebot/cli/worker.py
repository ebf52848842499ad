"""`welcomebot worker`: the scheduler alone, for when bot replicas serve webhooks."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from welcomebot.app import App, build_app
from welcomebot.scheduling import build_scheduler
from welcomebot.worker_lock import worker_lock

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("worker", help="run scheduled jobs (one worker at a time)")
    parser.set_defaults(handler=run)


async def _work(app: App) -> None:
    # A signal cancels the task, whether it is waiting for the lock or running jobs.
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, task.cancel)  # type: ignore[union-attr]
    scheduler = build_scheduler(app)
    try:
        async with worker_lock(app.engine, app.settings.data_dir):
            scheduler.start()
            log.info("worker running: %s", ", ".join(job.id for job in scheduler.get_jobs()))
            await asyncio.Event().wait()
    except asyncio.CancelledError:
        log.info("worker stopping")
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await app.close()


def run(args: argparse.Namespace) -> int:
    asyncio.run(_work(build_app(args.settings)))
    return 0
