"""Entry point: parse the command line, load settings, hand over to one subcommand."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from welcomebot.cli import (
    agents,
    audit,
    broadcast,
    chat,
    checklist,
    content,
    db,
    evaluate,
    rumours,
    run,
    stats,
    unanswered,
    worker,
)
from welcomebot.config import LOG_FORMAT, Settings, load_settings
from welcomebot.errors import OperatorError


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="welcomebot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    content.add_parser(commands, settings.content_dir)
    evaluate.add_parser(commands)
    chat.add_parser(commands)
    run.add_parser(commands)
    db.add_parser(commands)
    rumours.add_parser(commands)
    worker.add_parser(commands)
    broadcast.add_parser(commands)
    unanswered.add_parser(commands)
    audit.add_parser(commands)
    stats.add_parser(commands)
    checklist.add_parser(commands)
    agents.add_parser(commands)
    return parser


# Services log what they do; every other command prints its result, and logs only trouble.
SERVICES = frozenset({"run", "worker"})
# Commands whose start builds hundreds of thousands of long-lived objects (aiogram's models, the
# dictionaries, the index): the cycle collector's passes over them found nothing to free and
# took ~0.7 s of the chat's start. They run with it off until built (app.settle_heap turns it
# back on); the rest, which follow a broadcast or a query for a while, keep it.
BUILDERS = frozenset({"run", "worker", "chat", "content", "eval"})


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    # Every few seconds a job runs; its start and end are not news (misses still show).
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    collecting = gc.isenabled()
    try:
        settings = load_settings()
        args = build_parser(settings).parse_args(argv)
        if args.command in BUILDERS:
            gc.disable()
        if args.command in SERVICES:
            logging.getLogger().setLevel(logging.INFO)
            # Alembic says which migrations it runs, and on a schema already up to date,
            # that it assumes non-transactional DDL: only the former is news.
            logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
        args.settings = settings
        return int(args.handler(args) or 0)
    except OperatorError as error:
        print(f"welcomebot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if collecting:
            gc.enable()
