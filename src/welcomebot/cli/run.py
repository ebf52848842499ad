"""`welcomebot run`: long polling against TELEGRAM_API_URL."""

from __future__ import annotations

import argparse
import asyncio
import logging

from welcomebot.app import App, build_app
from welcomebot.scheduling import build_scheduler
from welcomebot.telegram.commands import set_menus
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("run", help="run the Telegram bot (long polling)")
    parser.set_defaults(handler=run)


async def _poll(app: App, token: str) -> None:
    bot = build_bot(token, app.settings.telegram_api_url)
    dispatcher = build_dispatcher(app)
    scheduler = build_scheduler(app)
    scheduler.start()
    try:
        await set_menus(bot, app.translator)
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("polling %s with %d entries", app.settings.telegram_api_url, len(app.pack.entries))
        await dispatcher.start_polling(bot, handle_signals=True)
    finally:
        scheduler.shutdown(wait=False)
        await bot.session.close()
        await app.close()


def run(args: argparse.Namespace) -> int:
    token = args.settings.require_token()
    app = build_app(args.settings)
    asyncio.run(_poll(app, token))
    return 0
