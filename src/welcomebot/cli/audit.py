"""`welcomebot audit`: what staff did (invites, revoked agents, broadcasts, events), and when."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from welcomebot.cli.days import day

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from welcomebot.config import Settings
    from welcomebot.storage.models import AuditEntry


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="staff actions, oldest first")
    parser.add_argument(
        "--since",
        type=day,
        required=True,
        help="YYYY-MM-DD, from midnight in the city's time zone",
    )
    parser.set_defaults(handler=run)


def line(entry: AuditEntry, zone: ZoneInfo) -> str:
    when = entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    who = "command line" if entry.actor is None else f"staff {entry.actor}"
    text = f"{when}  {who:<16}  {entry.action:<20}  {entry.target}"
    return f"{text}  ({entry.detail})" if entry.detail else text


async def _entries(settings: Settings, start: datetime) -> list[AuditEntry]:
    from welcomebot.storage import database
    from welcomebot.storage.audit import AuditRepository

    async with database.one_session(settings) as session:
        return await AuditRepository(session).since(start)


def run(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    zone = ZoneInfo(settings.timezone)
    entries = asyncio.run(_entries(settings, datetime.combine(args.since, time(), tzinfo=zone)))
    if not entries:
        print(f"no staff actions since {args.since}")
    for entry in entries:
        print(line(entry, zone))
    return 0
