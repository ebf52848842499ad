"""`welcomebot broadcast`: send or schedule an announcement from the command line.

The same preview, audience and queue as /broadcast in Telegram. Sending needs a running
`welcomebot run` or `welcomebot worker`; this command queues and follows the progress.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from html import escape
from typing import TYPE_CHECKING

from welcomebot.config import LANGUAGES, ConfigError
from welcomebot.domain.audiences import ROLES
from welcomebot.domain.profile import AGE_BANDS, SITUATIONS

if TYPE_CHECKING:  # imported when the command runs: `--help` and `--list` stay quick
    from sqlmodel.ext.asyncio.session import AsyncSession

    from welcomebot.app import Infrastructure
    from welcomebot.domain.audiences import Audience
    from welcomebot.services.broadcasts import Broadcasts, Progress
    from welcomebot.storage.models import Broadcast

POLL_SECONDS = 2.0
STALL_SECONDS = 30.0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "broadcast",
        help="send or schedule an announcement; --list, --cancel and --resend-unknown for "
        "existing ones",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for lang in LANGUAGES:
        parser.add_argument(f"--text-{lang}", default="", help=f"the text in {lang} (plain text)")
    parser.add_argument("--interest", default="news", help="news, events or topic.<id>")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="only these languages")
    parser.add_argument("--role", action="append", choices=ROLES, help="only these roles")
    parser.add_argument("--district", action="append", help="only these districts")
    parser.add_argument(
        "--situation", action="append", choices=SITUATIONS, help="only people in this situation"
    )
    parser.add_argument(
        "--children",
        action="append",
        choices=AGE_BANDS,
        help="only people with children of these ages",
    )
    parser.add_argument("--at", help="send later: YYYY-MM-DD HH:MM in the city's time zone")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--no-wait", action="store_true", help="do not follow the progress")
    parser.add_argument("--list", action="store_true", help="list broadcasts and their outcome")
    parser.add_argument("--cancel", type=int, metavar="ID", help="cancel a scheduled broadcast")
    parser.add_argument(
        "--resend-unknown",
        type=int,
        metavar="ID",
        help="send again the messages of a broadcast whose outcome is unknown (some people may "
        "get them twice)",
    )
    parser.set_defaults(handler=run)


def broadcasts_in(session: AsyncSession, app: Infrastructure) -> Broadcasts:
    """The broadcasts service; its composer words messages as Telegram shows them, so only
    the commands that queue messages import aiogram."""
    from welcomebot.services.broadcasts import Broadcasts
    from welcomebot.telegram.notices import TelegramComposer

    return Broadcasts(session, TelegramComposer(app), app.settings.default_language)


def audience_of(args: argparse.Namespace, app: Infrastructure) -> Audience:
    from welcomebot.content.lists import CityLists
    from welcomebot.content.loader import load_content
    from welcomebot.domain.audiences import Audience

    pack, centre = load_content(app.settings.content_dir)  # its topics, not the matcher
    known = {"news", "events", *(f"topic.{t.topic}" for t in pack.topics)}
    if args.interest not in known:
        raise ConfigError(f"--interest {args.interest}: choose one of {', '.join(sorted(known))}")
    # A district by its key or any of its names; the audience keeps what users store.
    districts = CityLists.of(centre, app.settings).districts
    found = {name: districts.find(name) for name in args.district or ()}
    unknown = sorted(name for name, value in found.items() if value is None)
    if unknown:
        where = "centre.yaml districts" if centre and centre.districts else "WELCOMEBOT_DISTRICTS"
        keys = ", ".join(item.key for item in districts.items)
        raise ConfigError(f"--district {', '.join(unknown)}: not in {where} ({keys})")
    return Audience(
        interest=args.interest,
        languages=tuple(args.lang or ()),
        roles=tuple(args.role or ()),
        districts=tuple(dict.fromkeys(v for v in found.values() if v is not None)),
        situations=tuple(args.situation or ()),
        ages=tuple(args.children or ()),
    )


def confirmed(args: argparse.Namespace, question: str) -> bool:
    """--yes, or a "y" typed at the terminal."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise ConfigError("add --yes to go ahead without a terminal to confirm in")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def describe(state: Progress) -> str:
    return (
        f"sent {state.sent}, failed {state.failed}, blocked {state.blocked}, "
        f"unknown {state.unknown}, remaining {state.remaining}"
    )


async def _send(args: argparse.Namespace, app: Infrastructure) -> int:
    from welcomebot.domain.times import parse_local
    from welcomebot.i18n.dates import format_when
    from welcomebot.services import audit
    from welcomebot.services.broadcasts import check_texts
    from welcomebot.storage.models import utcnow

    settings = app.settings
    try:
        texts = check_texts({lang: escape(getattr(args, f"text_{lang}")) for lang in LANGUAGES})
    except ValueError as error:
        raise ConfigError(f"--text-en/--text-uk: {error}") from None
    audience = audience_of(args, app)
    due = None
    if args.at:
        due = parse_local(args.at, settings.timezone)
        if due is None or due <= utcnow():
            raise ConfigError(f"--at {args.at}: give a future time as YYYY-MM-DD HH:MM")
    async with app.sessions() as session:
        broadcasts = broadcasts_in(session, app)
        shares = await broadcasts.preview(texts, audience)
        total = sum(share.recipients for share in shares)
        people = f"{total} {'person' if total == 1 else 'people'}"
        print(f"audience: {people}")
        for share in shares:
            note = (
                ""
                if share.text_language == share.language
                else (f" (no {share.language} text: they get the {share.text_language} one)")
            )
            print(f"  {share.language}: {share.recipients}{note}")
        for lang in texts:
            print(f"--- {lang} ---\n{getattr(args, f'text_{lang}').strip()}")
        if not confirmed(args, f"send to {people}?"):
            print("nothing was sent")
            return 1
        broadcast = await broadcasts.create(texts, audience, utcnow(), due=due)
        target = audit.broadcast(broadcast.id)
        await audit.record(session, audit.COMMAND_LINE, audit.creation(due), target)
        await session.commit()
    if due is not None:
        when = format_when(due, settings.timezone, "en")
        print(f"broadcast #{broadcast.id} is scheduled for {when}")
        return 0
    print(f"broadcast #{broadcast.id} is queued")
    return 0 if args.no_wait else await follow(app, broadcast)


async def follow(app: Infrastructure, broadcast: Broadcast) -> int:
    """Print the progress as it changes, until done or nothing moves for a while."""
    from welcomebot.delivery.outbox import Outbox
    from welcomebot.services.broadcasts import progress

    assert broadcast.id is not None
    last, still = None, 0.0
    while True:
        async with app.sessions() as session:
            state = await progress(Outbox(session), broadcast.id)
        if state != last:
            print(describe(state), flush=True)
            last, still = state, 0.0
        if state.done:
            return 0
        if still >= STALL_SECONDS:
            print(
                "nothing has been sent for a while: is `welcomebot run` or `welcomebot worker` "
                "running? The messages stay queued and go out when one runs."
            )
            return 0
        await asyncio.sleep(POLL_SECONDS)
        still += POLL_SECONDS


async def _list(app: Infrastructure) -> int:
    from welcomebot.delivery.outbox import Outbox
    from welcomebot.i18n.dates import format_when
    from welcomebot.services.broadcasts import progress
    from welcomebot.storage.broadcasts import BroadcastRepository

    async with app.sessions() as session:
        repo, outbox = BroadcastRepository(session), Outbox(session)
        found = [
            b
            for state in ("scheduled", "queued", "done", "missed", "cancelled")
            for b in await repo.in_state(state)
        ]
        if not found:
            print("no broadcasts")
        for broadcast in sorted(found, key=lambda b: b.id or 0):
            assert broadcast.id is not None
            when = format_when(broadcast.due, app.settings.timezone, "en")
            line = f"#{broadcast.id}  {broadcast.state:9}  {when}"
            if broadcast.state in ("queued", "done"):
                line += "  " + describe(await progress(outbox, broadcast.id))
            print(line)
    return 0


async def _cancel(app: Infrastructure, broadcast_id: int) -> int:
    from welcomebot.services import audit

    async with app.sessions() as session:
        broadcasts = broadcasts_in(session, app)
        cancelled = await broadcasts.cancel(broadcast_id)
        if cancelled:
            action, target = audit.Action.BROADCAST_CANCELLED, audit.broadcast(broadcast_id)
            await audit.record(session, audit.COMMAND_LINE, action, target)
        await session.commit()
    if cancelled:
        print(f"broadcast #{broadcast_id} is cancelled")
        return 0
    print(f"broadcast #{broadcast_id} is not scheduled: it went out, was cancelled, or is unknown")
    return 1


async def _resend_unknown(args: argparse.Namespace, app: Infrastructure) -> int:
    from welcomebot.services import audit
    from welcomebot.services.broadcasts import progress
    from welcomebot.storage.models import utcnow

    broadcast_id = args.resend_unknown
    async with app.sessions() as session:
        broadcasts = broadcasts_in(session, app)
        broadcast = await broadcasts.repo.get(broadcast_id)
        if broadcast is None:
            print(f"there is no broadcast #{broadcast_id}")
            return 1
        count = await broadcasts.unknown(broadcast_id)
        erased = (await progress(broadcasts.outbox, broadcast_id)).unknown - count
        if erased:
            print(f"not sent again: {erased} to people who have since deleted their data")
        if not count:
            print(f"broadcast #{broadcast_id} has no message to send again")
            return 0
        print(
            f"{count} messages of broadcast #{broadcast_id} may or may not have arrived: sending "
            "was interrupted.\nIf you send them again, some of these people may get the message "
            "twice."
        )
        if not confirmed(args, f"send again to {count} people?"):
            print("nothing was sent again")
            return 1
        requeued = await broadcasts.resend_unknown(broadcast_id, utcnow())
        action, target = audit.Action.BROADCAST_RESENT, audit.broadcast(broadcast_id)
        await audit.record(session, audit.COMMAND_LINE, action, target, f"{requeued} messages")
        await session.commit()
    print(f"{requeued} messages of broadcast #{broadcast_id} are queued again")
    return 0 if args.no_wait else await follow(app, broadcast)


async def _run(args: argparse.Namespace) -> int:
    from welcomebot.app import build_infrastructure

    app = build_infrastructure(args.settings)
    try:
        if args.list:
            return await _list(app)
        if args.cancel is not None:
            return await _cancel(app, args.cancel)
        if args.resend_unknown is not None:
            return await _resend_unknown(args, app)
        return await _send(args, app)
    finally:
        await app.close()


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))
