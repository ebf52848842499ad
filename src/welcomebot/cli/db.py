"""`welcomebot db upgrade`: apply schema migrations (run and chat also do it at start)."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="database maintenance")
    sub = parser.add_subparsers(dest="db_command", required=True)
    sub.add_parser("upgrade", help="apply migrations to DATABASE_URL").set_defaults(
        handler=run_upgrade
    )


def run_upgrade(args: argparse.Namespace) -> int:
    from welcomebot.storage.database import upgrade

    upgrade(args.settings)
    print("database is up to date")
    return 0
