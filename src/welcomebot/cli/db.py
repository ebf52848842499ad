"""`welcomebot db upgrade`: apply schema migrations (run and chat also do it at start)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from welcomebot.storage.database import Migrated


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="database maintenance")
    sub = parser.add_subparsers(dest="db_command", required=True)
    sub.add_parser("upgrade", help="apply migrations to DATABASE_URL").set_defaults(
        handler=run_upgrade
    )


def run_upgrade(args: argparse.Namespace) -> int:
    from welcomebot.storage.database import upgrade

    print(describe(upgrade(args.settings)))
    return 0


def describe(migrated: Migrated) -> str:
    if not migrated.applied:
        return f"the database is up to date (revision {migrated.after}): nothing to apply"
    plural = "migration" if migrated.applied == 1 else "migrations"
    start = "an empty database" if migrated.before is None else f"revision {migrated.before}"
    return (
        f"upgraded the database from {start} to revision {migrated.after} "
        f"({migrated.applied} {plural} applied)"
    )
