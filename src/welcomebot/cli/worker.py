"""`welcomebot worker`: the scheduler and the delivery queue, for when replicas serve webhooks."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.app import Infrastructure

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("worker", help="run scheduled jobs (one worker at a time)")
    parser.set_defaults(handler=run)


async def _work(app: Infrastructure, token: str) -> None:
    from welcomebot.app import settle_heap
    from welcomebot.telegram.bot import build_bot
    from welcomebot.telegram.timing import build_delivery, build_scheduler
    from welcomebot.worker_lock import worker_lock

    # A signal cancels the task, whether it is waiting for the lock or running jobs.
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, task.cancel)  # type: ignore[union-attr]
    # The worker serves no /metrics (`run --webhook` does): its error counts were never read.
    bot = build_bot(token, app.settings.telegram_api_url, count_errors=False)
    scheduler = build_scheduler(app, bot)
    settle_heap()
    try:
        async with worker_lock(app.engine, app.settings.data_dir):
            scheduler.start()
            jobs = ", ".join(job.id for job in scheduler.get_jobs())
            log.info("worker running: %s, and the delivery queue", jobs)
            await build_delivery(app, bot).run(asyncio.Event())  # runs until cancelled
    except asyncio.CancelledError:
        log.info("worker stopping")
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await bot.session.close()
        await app.close()


def run(args: argparse.Namespace) -> int:
    from welcomebot.app import build_infrastructure
    from welcomebot.storage.database import upgrade

    token = args.settings.require_token()  # the worker sends what the queue holds
    upgrade(args.settings, in_child=True)  # it lives for weeks: Alembic stays out of it
    asyncio.run(_work(build_infrastructure(args.settings, migrate=False), token))
    return 0
