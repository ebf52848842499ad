"""Texts and buttons of the agents' roster and of pending invites, for staff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from welcomebot.services.roles import LABEL_CHARS
from welcomebot.services.roster import REPORT_DAYS, Member
from welcomebot.storage.models import Invite
from welcomebot.telegram.api_rules import BUTTON_LIMIT, TEXT_LIMIT
from welcomebot.telegram.callbacks import (
    AgentAct,
    AgentAction,
    AgentNaming,
    InviteCancel,
    NameChoice,
    RosterPage,
)
from welcomebot.telegram.html_text import utf16_length
from welcomebot.telegram.texts import button_label

# Agents a page of /agents shows at most: a city's team can be hundreds, and Telegram refuses
# a message with about a hundred buttons or more (one per agent here). Fewer where their lines
# are long: 20 names and invite labels of the longest, in emoji, run past a message's limit.
PAGE = 20
HEADER_ROOM = 200  # of a page's text, kept for its header


def day(moment: datetime, zone: str, lang: str) -> str:
    """e.g. "Dec 3, 2026" / "3 груд. 2026 р." in the city's zone."""
    return format_date(moment.astimezone(ZoneInfo(zone)), "medium", locale=lang)


def agent_name(number: int, name: str | None) -> str:
    """The name an agent chose, else "Agent 7"; HTML-escaped."""
    return escape(name) if name else _("Agent {number}").format(number=number)


def member_line(member: Member, zone: str, lang: str) -> str:
    reports = ngettext(
        "{count} report in {days} days", "{count} reports in {days} days", member.reports
    ).format(count=member.reports, days=REPORT_DAYS)
    state = _("active") if member.active else _("revoked")
    line = _("{name} · joined {date} · {reports} · {state}").format(
        name=f"<b>{agent_name(member.number, member.name)}</b>",
        date=day(member.joined, zone, lang),
        reports=reports,
        state=state,
    )
    if member.invite_label:
        line += "\n    " + _("Invite: {label}").format(label=escape(member.invite_label))
    return f"{member.number}. {line}"


def paged(members: Sequence[Member], zone: str, lang: str) -> list[list[Member]]:
    """The members in pages: at most `PAGE` each, and as many as one message holds."""
    pages: list[list[Member]] = [[]]
    size = 0
    for member in members:
        # The HTML as written: never shorter than the text it shows.
        length = utf16_length(member_line(member, zone, lang)) + 1
        if len(pages[-1]) == PAGE or (pages[-1] and size + length > TEXT_LIMIT - HEADER_ROOM):
            pages.append([])
            size = 0
        pages[-1].append(member)
        size += length
    return pages


def on_page(pages: list[list[Member]], page: int) -> tuple[list[Member], int]:
    """The members `page` shows (the nearest page there is) and that page."""
    page = min(max(page, 0), len(pages) - 1)
    return pages[page], page


def page_of(pages: list[list[Member]], number: int) -> int:
    """The page that shows agent `number` (the first if none does)."""
    found = [n for n, shown in enumerate(pages) if any(m.number == number for m in shown)]
    return found[0] if found else 0


def roster_text(
    members: Sequence[Member], pages: list[list[Member]], zone: str, lang: str, page: int = 0
) -> str:
    """`pages`: the members, `paged`."""
    if not members:
        return _("No anti-rumour agents yet. Send /invite to make an invite link.")
    active = sum(m.active for m in members)
    header = _("Anti-rumour agents, active: {count}").format(count=active)
    shown, page = on_page(pages, page)
    if len(pages) > 1:
        header += " · " + _("page {page} of {pages}").format(page=page + 1, pages=len(pages))
    return "\n".join([f"<b>{header}</b>", *(member_line(m, zone, lang) for m in shown)])


def roster_buttons(pages: list[list[Member]], page: int = 0) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    shown, page = on_page(pages, page)
    for member in shown:
        name = agent_name(member.number, member.name)
        if member.active:
            text = "🚫 " + _("Revoke {name}").format(name=name)
            action = AgentAct.REVOKE
        else:
            text = "↩️ " + _("Restore {name}").format(name=name)
            action = AgentAct.RESTORE
        builder.button(
            text=button_label(text), callback_data=AgentAction(action=action, number=member.number)
        )
    builder.adjust(2)
    turns = [("◀️", page - 1), ("▶️", page + 1)]
    row = [
        InlineKeyboardButton(text=arrow, callback_data=RosterPage(page=to).pack())
        for arrow, to in turns
        if 0 <= to < len(pages)
    ]
    if row:
        builder.row(*row)
    return builder.as_markup() if pages[0] else None


def invite_label(invite: Invite) -> str:
    return escape(invite.label) if invite.label else _("no label")


def invite_created(link: str, invite: Invite, zone: str, lang: str, cut: bool = False) -> str:
    """What it is first, then its label (`cut`: said to be shortened), and the link last, on
    a line of its own: easy to copy."""
    assert invite.expires is not None
    lines = [
        _(
            "Single-use invite link for a new anti-rumour agent (it works once, until {date}):"
        ).format(date=day(invite.expires, zone, lang))
    ]
    if invite.label:
        lines.append(_("Label: {label}").format(label=escape(invite.label)))
    if cut:
        lines.append(
            _("(The label was shortened to its first {count} characters.)").format(
                count=LABEL_CHARS
            )
        )
    return "\n".join(lines) + "\n\n" + link


def invites_text(invites: Sequence[Invite], zone: str, lang: str) -> str:
    if not invites:
        return _("No invite links are waiting to be used.")
    lines = [f"<b>{_('Invite links not used yet:')}</b>"]
    for number, invite in enumerate(invites, start=1):
        assert invite.expires is not None
        until = _("works until {date}").format(date=day(invite.expires, zone, lang))
        lines.append(f"{number}. {invite_label(invite)} · {until}")
    return "\n".join(lines)


def invites_buttons(invites: Sequence[Invite]) -> InlineKeyboardMarkup | None:
    """A button to cancel each, the soonest to expire first, as many as Telegram takes: once
    some are cancelled or expire, the rest get theirs."""
    builder = InlineKeyboardBuilder()
    for number, invite in enumerate(invites[:BUTTON_LIMIT], start=1):
        builder.button(
            text="❌ " + _("Cancel {number}").format(number=number),
            callback_data=InviteCancel(code=invite.code),
        )
    builder.adjust(3)
    return builder.as_markup() if invites else None


def naming_question(number: int) -> str:
    return _(
        "How should the centre's team see you in its list of agents? Write a name (it need "
        "not be your real one), or press a button. Without one, you are “{agent}”."
    ).format(agent=agent_name(number, None))


def naming_buttons(telegram_name: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if telegram_name:
        builder.button(
            text=button_label(_("Use my Telegram name: {name}").format(name=telegram_name)),
            callback_data=AgentNaming(choice=NameChoice.TELEGRAM),
        )
    builder.button(text=_("Skip"), callback_data=AgentNaming(choice=NameChoice.SKIP))
    builder.adjust(1)
    return builder.as_markup()
