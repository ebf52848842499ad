"""`welcomebot agents`: the anti-rumour agents' roster and pending invites, as /agents and
/invites show them to staff; revoke or restore an agent by number, cancel an invite.

The chat menu of an agent revoked or restored here changes the next time the bot sets menus
(Telegram's menu is a convenience: the role itself takes effect at once)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # imported when the command runs, so `--help` stays quick
    from sqlmodel.ext.asyncio.session import AsyncSession

    from welcomebot.config import Settings
    from welcomebot.services.roles import Invitations
    from welcomebot.services.roster import Member, Roster
    from welcomebot.storage.models import Invite

SHOWN = 6  # characters of an invite code, as the audit log shows it


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agents", help="the anti-rumour agents and pending invites", description=__doc__
    )
    actions = parser.add_subparsers(dest="action")
    actions.add_parser("list", help="the roster (the default)")
    for name, text in (("revoke", "end an agent's role"), ("restore", "give it back")):
        action = actions.add_parser(name, help=text)
        action.add_argument("number", type=int, help="the agent's number, as the list shows it")
    actions.add_parser("invites", help="invite links not used yet")
    cancel = actions.add_parser("cancel", help="cancel an invite link not used yet")
    cancel.add_argument("code", help="the invite's code, or its start as `invites` shows it")
    parser.set_defaults(handler=run)


def member_line(member: Member, zone: ZoneInfo) -> str:
    name = member.name or f"Agent {member.number}"
    joined = member.joined.astimezone(zone).strftime("%Y-%m-%d")
    state = "active" if member.active else "revoked"
    label = f"  (invite: {member.invite_label})" if member.invite_label else ""
    return f"{member.number:>4}  {name:<24}  joined {joined}  {member.reports:>3} reports  {state}{label}"


def invite_line(invite: Invite, zone: ZoneInfo) -> str:
    assert invite.expires is not None
    until = invite.expires.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return f"{invite.code[:SHOWN]}…  until {until}  {invite.label or '(no label)'}"


def services(session: AsyncSession, settings: Settings) -> tuple[Roster, Invitations]:
    from welcomebot.services.roles import Invitations
    from welcomebot.services.roster import Roster
    from welcomebot.storage.agents import AgentRepository
    from welcomebot.storage.repositories import InviteRepository, UserRepository

    roster = Roster(AgentRepository(session), UserRepository(session), settings.zone)
    return roster, Invitations(InviteRepository(session), roster, settings.invite_days)


async def _run(args: argparse.Namespace) -> tuple[int, list[str]]:
    from welcomebot.services import audit
    from welcomebot.storage import database
    from welcomebot.storage.models import utcnow

    settings: Settings = args.settings
    zone, now = ZoneInfo(settings.timezone), utcnow()
    async with database.one_session(settings) as session:
        roster, invitations = services(session, settings)
        action = args.action or "list"
        if action == "list":
            members = await roster.members(now)
            return 0, [member_line(m, zone) for m in members] or ["no agents yet"]
        if action == "invites":
            invites = await invitations.pending(now)
            return 0, [invite_line(i, zone) for i in invites] or ["no invites waiting"]
        if action == "cancel":
            found = [i for i in await invitations.pending(now) if i.code.startswith(args.code)]
            if len(found) != 1 or not await invitations.cancel(found[0].code):
                many = "more than one invite starts" if found else "no invite waiting starts"
                return 1, [f"{many} with {args.code!r}: nothing cancelled"]
            await audit.record(
                session,
                audit.COMMAND_LINE,
                audit.Action.INVITE_CANCELLED,
                audit.invite(found[0].code),
            )
            await session.commit()
            return 0, [f"cancelled: {invite_line(found[0], zone)}"]
        if action == "revoke":
            agent = await roster.revoke(args.number, now)
            verb, done = audit.Action.AGENT_REVOKED, "revoked"
        else:
            agent = await roster.restore(args.number)
            verb, done = audit.Action.AGENT_RESTORED, "restored"
        if agent is None:
            member = await roster.member(args.number, now)
            if member is not None:  # on the roster, already as asked
                state = "active" if action == "restore" else "revoked already"
                return 1, [f"agent {args.number} is {state}: {member_line(member, zone)}"]
            return 1, [f"no agent {args.number} to {action}: see `welcomebot agents`"]
        await audit.record(
            session, audit.COMMAND_LINE, verb, audit.agent(agent.telegram_id, agent.number)
        )
        await session.commit()
        member = await roster.member(args.number, now)
        assert member is not None
        return 0, [f"{done}: {member_line(member, zone)}"]


def run(args: argparse.Namespace) -> int:
    status, lines = asyncio.run(_run(args))
    for line in lines:
        print(line)
    return status
