"""Replies several routers give, in one place: a router never imports another router."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from welcomebot.domain.roles import Role
from welcomebot.telegram.parsing import parse_number
from welcomebot.telegram.texts import notify


async def stale_button(query: CallbackQuery) -> None:
    """The one reply to a button from a flow that is over, for content that is gone, or with
    data no handler knows (a client can send any): nothing is done."""
    await query.answer(
        _("This button no longer works. Please send /topics or type your question."),
        show_alert=True,
    )


async def staff_only(event: Message | CallbackQuery) -> None:
    await notify(event, _("Sorry, this is only for the centre's staff."))


async def agents_only(event: Message | CallbackQuery) -> None:
    text = _(
        "Sorry, this is only for anti-rumour agents. If you would like to become one, "
        "ask the newcomer centre."
    )
    await notify(event, text)


async def language_first(event: Message | CallbackQuery) -> None:
    """To someone who has not chosen a language, so nothing of them is stored yet; the
    handlers that need a stored person are guarded by `filters.LanguageChosen`."""
    await notify(event, _("Please choose your language first: send /start."))


def help_text(role: Role) -> str:
    """What the bot can do for this person: everyone's commands, then their role's."""
    text = (
        _(
            "Write your question in your own words, in Ukrainian or English: for example "
            "“how do I find a family doctor?”. I answer only with information checked by "
            "the newcomer centre's team, and when I do not know, I tell you how to reach a "
            "person.\n\n"
            "/topics: browse questions by topic\n"
            "/events: upcoming events, with sign-up\n"
            "/subscriptions: choose which announcements you get\n"
            "/language: change the language\n"
            "/forget: delete what the bot keeps about you\n"
            "/help: this list"
        )
        + "\n"
        + _(
            "/timezone: the time zone dates are shown in\n"
            "/cancel: stop a form you have started, without saving it"
        )
        + "\n"
        + _("/ask: write to a person at the centre")
        + "\n"
        + _(
            "/checklist: your first steps in the city\n"
            "/profile: your optional profile\n"
            "/mydata: all the bot keeps about you"
        )
    )
    if role in (Role.AGENT, Role.STAFF):
        text += (
            "\n\n"
            + _("For anti-rumour agents:")
            + "\n"
            + _("/report: tell what rumour you heard")
            + "\n"
            + _("/card: a campaign card against a rumour, to share")
        )
    if role == Role.STAFF:
        text += (
            "\n\n"
            + _("For the centre's staff:")
            + "\n"
            + _(
                "/newevent: create an event\n"
                "/broadcast: send an announcement\n"
                "/scheduled: announcements not sent yet\n"
                "/barometer: the rumour barometer\n"
                "/emerging: new rumours nobody has answered\n"
                "/unanswered: questions the bot could not answer\n"
                "/invite: a link that makes someone an anti-rumour agent\n"
                "/revoke and a Telegram id: end an agent's role"
            )
            + "\n"
            + _(
                "/gaps: groups of questions without a sure answer\n"
                "/stats: statistics without personal data, and their weekly trend"
            )
            + "\n"
            + _(
                "/invites: invite links not used yet, to cancel one\n"
                "/agents: the anti-rumour agents, to revoke or restore one"
            )
        )
    return text


# A number of weeks may be written with its unit, in either language.
WEEK_WORDS = frozenset(
    {"w", "wk", "wks", "week", "weeks", "т", "тиж", "тиждень", "тижні", "тижнів", "тижня"}
)


async def weeks_asked(message: Message, args: str | None, most: int, default: int) -> int:
    """The weeks a staff command was given (/stats 12), or `default`, said so when the
    argument was not a number of weeks from 1 to `most`; "4 weeks" and "4 тижні" are."""
    words = (args or "").split()
    if len(words) == 2 and words[1].casefold().rstrip(".") in WEEK_WORDS:
        words = words[:1]
    weeks = parse_number(" ".join(words), 1, most)
    if weeks is None and args:
        await message.answer(
            ngettext(
                "The number of weeks must be from 1 to {most}: showing the last {weeks} week.",
                "The number of weeks must be from 1 to {most}: showing the last {weeks} weeks.",
                default,
            ).format(most=most, weeks=default)
        )
    return weeks or default
