"""`welcomebot run`: long polling with everything in one process, or `--webhook` replicas."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.app import App

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("run", help="run the Telegram bot (long polling by default)")
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="serve WEBHOOK_URL instead of polling; timing runs in `welcomebot worker`",
    )
    parser.set_defaults(handler=run)


async def _poll(app: App, token: str) -> None:
    from welcomebot.app import settle_heap
    from welcomebot.telegram.commands import set_menus
    from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
    from welcomebot.telegram.timing import build_delivery, build_scheduler

    bot = build_bot(token, app.settings.telegram_api_url)
    dispatcher = build_dispatcher(app)
    scheduler = build_scheduler(app, bot)  # one process: the scheduler and delivery run here
    settle_heap()
    app.begin()
    scheduler.start()
    stop = asyncio.Event()
    delivery = asyncio.create_task(build_delivery(app, bot).run(stop))
    try:
        await set_menus(bot, app.translator, app.settings.staff_ids)
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("polling %s with %d entries", app.settings.telegram_api_url, len(app.pack.entries))
        await dispatcher.start_polling(bot, handle_signals=True)
    finally:
        stop.set()
        await delivery
        scheduler.shutdown(wait=False)
        await bot.session.close()
        await app.close()


def run(args: argparse.Namespace) -> int:
    from aiohttp import web

    from welcomebot.app import build_app, settle_heap
    from welcomebot.storage.database import upgrade
    from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
    from welcomebot.telegram.webhook import build_web_app

    settings = args.settings
    token = settings.require_token()
    webhook = settings.require_webhook() if args.webhook else None
    upgrade(settings, in_child=True)  # the bot lives for weeks: Alembic stays out of it
    # A decision still to fit for the content is fitted while the bot already answers.
    app = build_app(settings, migrate=False, fit_later=True)
    if webhook is None:
        asyncio.run(_poll(app, token))
        return 0
    url, secret = webhook
    bot = build_bot(token, settings.telegram_api_url)
    web_app = build_web_app(app, bot, build_dispatcher(app), url, secret)
    settle_heap()
    log.info("serving the webhook %s on %s:%d", url, settings.webhook_host, settings.webhook_port)
    web.run_app(web_app, host=settings.webhook_host, port=settings.webhook_port, print=None)
    return 0
