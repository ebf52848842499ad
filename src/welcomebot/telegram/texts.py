"""Turning content into message text: HTML-escaped, in the user's language."""

from __future__ import annotations

from html import escape

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from welcomebot.content.loader import DEFAULT_EMERGENCY, Centre, EmergencyLine
from welcomebot.content.models import Entry, FaqEntry, pick

BUTTON_CHARS = 60  # long questions make buttons unreadable on a phone


def entry_text(entry: Entry, lang: str) -> str:
    """A rumour's claim in bold would read as the bot's own word, so it is marked as a rumour
    and the response that follows says what is true."""
    headline, body = escape(pick(entry.headline, lang)), escape(pick(entry.body, lang))
    if entry.kind == "rumour":
        return _("<b>Rumour:</b> {claim}").format(claim=f"<i>{headline}</i>") + f"\n\n{body}"
    return f"<b>{headline}</b>\n\n{body}"


def button_label(text: str) -> str:
    return text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1].rstrip() + "…"


def headline_label(entry: Entry, lang: str) -> str:
    """A button that offers an entry by its question or claim."""
    return button_label(pick(entry.headline, lang))


def entry_label(entry: Entry, lang: str) -> str:
    """A button that offers an entry to a newcomer; a rumour's says it is one."""
    if entry.kind == "rumour":
        return button_label(_("Rumour: {claim}").format(claim=pick(entry.headline, lang)))
    return headline_label(entry, lang)


def contact_text(centre: Centre | None, lang: str) -> str:
    if centre is None:
        return _("Please contact the newcomer centre: a person there will help you.")
    return _("A person can help you here:\n<b>{name}</b>\n{contact}").format(
        name=escape(pick(centre.name, lang)), contact=escape(pick(centre.contact, lang))
    )


def _emergency(centre: Centre | None) -> tuple[EmergencyLine, ...]:
    return centre.emergency if centre is not None and centre.emergency else DEFAULT_EMERGENCY


def emergency_text(centre: Centre | None, lang: str) -> str:
    """What leads every urgent answer: the first number to call, then every line by name."""
    lines = _emergency(centre)
    first = _("🆘 <b>If you or someone else is in danger, call {number} now.</b>").format(
        number=escape(lines[0].number)
    )
    listed = [f"• {escape(pick(line.name, lang))}: <b>{escape(line.number)}</b>" for line in lines]
    return "\n".join([first, *listed])


def answer_text(entry: Entry, lang: str, centre: Centre | None) -> str:
    """An entry opened from a button: an urgent one still leads with the emergency numbers."""
    text = entry_text(entry, lang)
    if isinstance(entry, FaqEntry) and entry.urgent:
        return emergency_text(centre, lang) + "\n\n" + text
    return text


def _named(line: EmergencyLine, lang: str) -> str:
    return f"{escape(pick(line.name, lang))} {escape(line.number)}"


def emergency_line(centre: Centre | None, lang: str) -> str:
    """One short line under every reply that is not a sure answer."""
    numbers = " · ".join(_named(line, lang) for line in _emergency(centre))
    return _("🆘 In danger? {numbers}").format(numbers=numbers)


def threat_note(centre: Centre | None, lang: str) -> str:
    """Leads the response to a reported threat of violence: the agent may be the only one
    who can warn the police, and a report stays anonymous and goes nowhere outside. The
    first emergency line is the one to call (`emergency_text`); the others are helplines."""
    return _(
        "⚠️ If you heard a threat of violence against people or property, call the police "
        "now: reports here are anonymous and do not reach them.\n🚓 {numbers}"
    ).format(numbers=_named(_emergency(centre)[0], lang))


def threat_reminder(centre: Centre | None) -> str:
    """Under the request for what was heard: a threat goes to the police first, whatever the
    bot makes of the words that follow (`threat_note` when it reads one)."""
    return _(
        "If you heard a threat of violence, call the police first ({number}): reports here are "
        "anonymous and do not reach them."
    ).format(number=escape(_emergency(centre)[0].number))


async def notify(event: Message | CallbackQuery, text: str) -> None:
    """Tell the person: a reply to a message, an alert on a pressed button."""
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)
