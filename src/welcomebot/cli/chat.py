"""`welcomebot chat`: the bot in this terminal, with no token and no network."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from welcomebot.app import build_app
from welcomebot.config import LANGUAGES
from welcomebot.console.chat import run_chat


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("chat", help="talk to the bot locally (no Telegram needed)")
    parser.add_argument("--content", type=Path, default=None, help="content folder")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="your Telegram app's language (default: WELCOMEBOT_DEFAULT_LANGUAGE)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    logging.getLogger().setLevel(logging.WARNING)  # the chat is for reading replies, not logs
    app = build_app(args.settings, args.content)
    asyncio.run(run_chat(app, args.lang or args.settings.default_language))
    return 0
