"""Texts, buttons and outbox messages of tickets ("Ask a person"). What the person reads is in
the ticket's language; what staff read, in the bot's default language."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from html import escape

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from welcomebot.content.models import ContentPack, pick
from welcomebot.delivery.outbox import Outgoing
from welcomebot.domain.tickets import TicketState
from welcomebot.i18n.dates import days_apart, format_clock, format_when
from welcomebot.services.tickets import Asked
from welcomebot.storage.models import Ticket
from welcomebot.telegram.callbacks import TicketAct, TicketAction
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.notices import as_json

TOPIC_NAME_CHARS = 128  # Telegram's limit for a forum topic's name
CAPTION_CHARS = 900  # of a relayed caption: the label and Telegram's 1024 fit
# What may be relayed both ways; anything else gets a polite word.
RELAYED = ("text", "photo", "document", "voice")


def kind_of(message: Message) -> str | None:
    for kind in RELAYED:
        if getattr(message, kind) is not None:
            return kind
    return None


def number(ticket: Ticket) -> int:
    assert ticket.id is not None
    return ticket.id


def state_name(state: str) -> str:
    return {
        TicketState.OPEN: _("open, waiting for the staff"),
        TicketState.ANSWERED: _("answered"),
        TicketState.CLOSED: _("closed"),
    }[TicketState(state)]


# -- the person's side ---------------------------------------------------------------------


def privacy_note(days: int, shared: bool = False) -> str:
    """`shared`: the request already holds the contact they chose to share."""
    if shared:
        return ngettext(
            "Your question, what I showed you and what you write here go to the centre's staff "
            "with the contact you shared, and are deleted {count} day after the request is "
            "closed.",
            "Your question, what I showed you and what you write here go to the centre's staff "
            "with the contact you shared, and are deleted {count} days after the request is "
            "closed.",
            days,
        ).format(count=days)
    return ngettext(
        "Your question, what I showed you and what you write here go to the centre's staff "
        "without your name or Telegram account (unless you choose to share it), and are deleted "
        "{count} day after the request is closed.",
        "Your question, what I showed you and what you write here go to the centre's staff "
        "without your name or Telegram account (unless you choose to share it), and are deleted "
        "{count} days after the request is closed.",
        days,
    ).format(count=days)


def opened_text(ticket: Ticket) -> str:
    return _(
        "Request #{number} is open. Write here: your messages go to the centre's staff, and "
        "their replies come here."
    ).format(number=number(ticket))


def live_text(ticket: Ticket) -> str:
    return _numbered(
        _(
            "You already have a request to the centre, #{number} ({state}): your messages go "
            "into it."
        ),
        ticket,
    )


def reopened_text(ticket: Ticket) -> str:
    return _("Your request #{number} is open again: write here.").format(number=number(ticket))


def office_note(opening: datetime | None, now: datetime, timezone: str, lang: str) -> str | None:
    """Outside office hours: when a reply can be expected, today or tomorrow said so."""
    if opening is None:
        return None
    days = days_apart(now, opening, timezone)
    if days > 1:
        return _(
            "The centre's staff are not at work now: you can expect a reply from {when}."
        ).format(when=format_when(opening, timezone, lang))
    text = (
        _("The centre's staff are not at work now: you can expect a reply today from {time}.")
        if days == 0
        else _(
            "The centre's staff are not at work now: you can expect a reply tomorrow from {time}."
        )
    )
    return text.format(time=format_clock(opening, timezone, lang))


def _numbered(text: str, ticket: Ticket) -> str:
    """A text that names the ticket by number, and its state."""
    return text.format(number=number(ticket), state=state_name(ticket.state))


def added_text(ticket: Ticket) -> str:
    return _numbered(
        _("Your message was added to your request #{number} to the centre ({state})."), ticket
    )


def not_relayed() -> str:
    return _(
        "I can pass on text, photos, documents and voice messages to the centre's staff. "
        "Please send one of those."
    )


def left_text(ticket: Ticket) -> str:
    return _(
        "You are back with the bot: type your question. Your request #{number} stays open, and "
        "the staff's replies still come here."
    ).format(number=number(ticket))


def closed_text(ticket: Ticket, days: int, by_staff: bool) -> str:
    head = (
        _("The centre's staff closed your request #{number}.")
        if by_staff
        else _("Your request #{number} is closed.")
    ).format(number=number(ticket))
    if days <= 0:
        return head
    return (
        head
        + " "
        + ngettext(
            "If you need more help with it, you can reopen it within {count} day.",
            "If you need more help with it, you can reopen it within {count} days.",
            days,
        ).format(count=days)
    )


def too_late_text() -> str:
    return _("This request was closed too long ago to reopen. Send /ask to open a new one.")


def gone_text() -> str:
    return _("This request is closed. Send /ask to ask the centre's staff again.")


def shared_text() -> str:
    return _("Your contact was shared with the centre's staff.")


def staff_label(ticket: Ticket) -> str:
    """Ahead of every staff message the person gets: never who wrote it."""
    return _numbered(_("💬 The centre's staff, request #{number} ({state}):"), ticket)


def to_person_failed() -> str:
    return _(
        "⚠️ Your last message could not be delivered to the centre's staff. Please try again "
        "later, or contact the centre directly."
    )


def _act(label: str, act: TicketAct, ticket: Ticket) -> tuple[str, TicketAction]:
    return label, TicketAction(action=act, id=number(ticket))


def person_buttons(ticket: Ticket) -> InlineKeyboardMarkup:
    """Under what the person reads in a live ticket."""
    return column(
        _act(_("Close the request"), TicketAct.CLOSE, ticket),
        _act(_("Ask the bot instead"), TicketAct.LEAVE, ticket),
    )


def opening_buttons(ticket: Ticket) -> InlineKeyboardMarkup:
    """A contact already shared is not offered again (a reopened request keeps it)."""
    share = (
        []
        if ticket.contact
        else [_act(_("Share my contact with the staff"), TicketAct.SHARE, ticket)]
    )
    return column(
        *share,
        _act(_("Close the request"), TicketAct.CLOSE, ticket),
        _act(_("Ask the bot instead"), TicketAct.LEAVE, ticket),
    )


def reply_buttons(ticket: Ticket) -> InlineKeyboardMarkup:
    """Under a staff message: write back, or close."""
    return column(
        _act(_("Reply to the staff"), TicketAct.WRITE, ticket),
        _act(_("Close the request"), TicketAct.CLOSE, ticket),
    )


def reopen_button(ticket: Ticket) -> InlineKeyboardMarkup:
    return column(_act(_("Reopen the request"), TicketAct.REOPEN, ticket))


def ask_button() -> InlineKeyboardMarkup:
    return column((_("Ask a person"), TicketAction(action=TicketAct.ASK)))


# -- the staff's side (in the default language) ---------------------------------------------


def topic_title(pack: ContentPack, ticket: Ticket, lang: str) -> str:
    topic = pack.topic(ticket.topic) if ticket.topic else None
    return pick(topic.title, lang) if topic is not None else "—"


def topic_name(pack: ContentPack, ticket: Ticket, lang: str) -> str:
    """A forum topic's name: number, language, topic of the question."""
    name = f"#{number(ticket)} · {ticket.lang} · {topic_title(pack, ticket, lang)}"
    return (("🚨 " if ticket.urgent else "") + name)[:TOPIC_NAME_CHARS]


def shown_text(pack: ContentPack, ticket: Ticket, lang: str) -> str:
    entries = [pack.by_id[i] for i in ticket.shown.split(",") if i in pack.by_id]
    if not entries:
        return _("nothing")
    return "\n".join(f"• {escape(pick(e.headline, lang))} (<code>{e.id}</code>)" for e in entries)


def card(pack: ContentPack, ticket: Ticket, lang: str, forum: bool) -> str:
    head = (
        f"🎫 <b>#{number(ticket)}</b> · {ticket.lang} · {escape(topic_title(pack, ticket, lang))}"
    )
    parts = [head]
    if ticket.urgent:
        parts.append(urgent_note())
    parts.append(_("<b>Question:</b> {question}").format(question=escape(ticket.question or "—")))
    parts.append(_("<b>The bot showed:</b>") + "\n" + shown_text(pack, ticket, lang))
    parts.append(
        _(
            "Write in this topic to answer. /answer and an entry's id or words sends a curated "
            "answer; /close closes the request."
        )
        if forum
        else _(
            "Reply to this message (or to any message of #{number}) to answer. /answer and an "
            "entry's id or words sends a curated answer; /close closes the request."
        ).format(number=number(ticket))
    )
    return "\n\n".join(parts)


def urgent_note() -> str:
    return _("🚨 <b>Urgent</b>: the person's words signal danger; they got the emergency numbers.")


def person_label(ticket: Ticket) -> str:
    return _("👤 #{number}:").format(number=number(ticket))


def staff_notice(ticket: Ticket, what: str) -> str:
    return f"<b>#{number(ticket)}</b>: {what}"


def to_staff_failed(ticket: Ticket) -> str:
    return staff_notice(
        ticket,
        _("⚠️ this message could not be delivered to the person (they may have blocked the bot)."),
    )


def card_buttons(ticket: Ticket) -> InlineKeyboardMarkup:
    return column(_act(_("Close the request"), TicketAct.STAFF_CLOSE, ticket))


# -- outbox messages --------------------------------------------------------------------------


def relayed_text(label: str, message: Message) -> tuple[str, int | None]:
    """A relayed message: (text, None) for a text, (caption, its id) for a copy."""
    if message.text is not None:
        return f"{label}\n{escape(message.text)}", None
    caption = escape((message.caption or "")[:CAPTION_CHARS])
    return (f"{label}\n{caption}" if caption else label), message.message_id


def outgoing(
    key: str,
    chat_id: int,
    text: str,
    *,
    thread_id: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
    copy: tuple[int, int | None] | None = None,
    bounce: Outgoing | None = None,
) -> Outgoing:
    copy_from, copy_id = copy if copy is not None and copy[1] is not None else (None, None)
    return Outgoing(
        key=key,
        chat_id=chat_id,
        text=text,
        reply_markup=as_json(markup) if markup is not None else None,
        copy_from=copy_from,
        copy_id=copy_id,
        thread_id=thread_id,
        bounce=bounce,
    )


# -- what the person asked last, kept in their conversation state for "Ask a person" ----------

ASKED = "asked"
ASKED_SECONDS = 3600  # a question older than this no longer "led" to the request


async def remember_asked(state: FSMContext, asked: Asked, now: datetime) -> None:
    await state.update_data({ASKED: {**asdict(asked), "at": now.timestamp()}})


async def recall_asked(state: FSMContext, now: datetime) -> Asked | None:
    kept = (await state.get_data()).get(ASKED)
    if not isinstance(kept, dict) or now.timestamp() - float(kept.get("at", 0)) > ASKED_SECONDS:
        return None
    kept = {k: v for k, v in kept.items() if k != "at"}
    try:
        return Asked(**kept)
    except TypeError:
        return None
