"""`welcomebot chat`: the bot in this terminal, with no token and no network."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from welcomebot.config import LANGUAGES

ROLES = ("newcomer", "agent", "staff")  # welcomebot.services.roles.Role, without its imports
# In English, as the chat's own lines: the bot's words are not loaded yet.
LOADING = "Loading the content... (a first start with new content reads all of it: seconds)"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("chat", help="talk to the bot locally (no Telegram needed)")
    parser.add_argument("--content", type=Path, default=None, help="content folder")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="your Telegram app's language (default: WELCOMEBOT_DEFAULT_LANGUAGE)",
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=ROLES,
        default="newcomer",
        help="try the bot as a newcomer (default), an anti-rumour agent or staff",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from welcomebot.app import build_app, settle_heap
    from welcomebot.console.chat import CONSOLE_STAFF_CHAT, CONSOLE_STAFF_ID, run_chat
    from welcomebot.services.roles import Role

    logging.getLogger().setLevel(logging.WARNING)  # the chat is for reading replies, not logs
    settings = args.settings
    if settings.staff_chat_id is None:  # "Ask a person" goes to a local staff group
        settings = settings.model_copy(update={"staff_chat_id": CONSOLE_STAFF_CHAT})
    if args.role == Role.STAFF:
        settings = settings.model_copy(
            update={"staff_ids": settings.staff_ids | {CONSOLE_STAFF_ID}}
        )
    if sys.stdin.isatty() and sys.stdout.isatty():  # someone waits at the screen
        print(LOADING, flush=True)
    # Someone typing gets replies at once, from the hand-set rule while the decision for new
    # content is fitted; a script gets the same replies whatever the cache holds.
    fit_later = sys.stdin.isatty()
    app = build_app(settings, args.content, console=True, fit_later=fit_later)
    lang = args.lang or settings.default_language
    as_agent, as_staff = args.role == Role.AGENT, args.role == Role.STAFF
    # The heap is settled once the first reply is shown, while it is read: 0.3 s sooner.
    chat = run_chat(app, lang, as_agent=as_agent, as_staff=as_staff, answered=settle_heap)
    asyncio.run(chat)
    return 0
