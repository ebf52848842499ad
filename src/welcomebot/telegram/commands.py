"""The command menu, set once per language so each client shows it in its own; staff and
anti-rumour agents see their commands too, in a menu set for their chats."""

import contextlib
from collections.abc import Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat
from aiogram.utils.i18n import I18n

COMMANDS = (
    "topics",
    "ask",
    "checklist",
    "profile",
    "events",
    "subscriptions",
    "language",
    "timezone",
    "cancel",
    "help",
    "mydata",
    "forget",
)
AGENT_MENU = ("report", "card")
STAFF_MENU = (
    "newevent",
    "broadcast",
    "scheduled",
    "barometer",
    "emerging",
    "unanswered",
    "gaps",
    "stats",
    "invite",
    "invites",
    "agents",
    "report",  # staff may report rumours as agents do
    "card",
)


def menu(i18n: I18n, lang: str, extra: tuple[str, ...] = ()) -> list[BotCommand]:
    descriptions = {
        "topics": i18n.gettext("Browse questions by topic", locale=lang),
        "ask": i18n.gettext("Ask a person at the centre", locale=lang),
        "events": i18n.gettext("Upcoming events and sign-up", locale=lang),
        "subscriptions": i18n.gettext("Choose which announcements I get", locale=lang),
        "language": i18n.gettext("Change the language", locale=lang),
        "timezone": i18n.gettext("The time zone dates are shown in", locale=lang),
        "cancel": i18n.gettext("Stop a form without saving it", locale=lang),
        "help": i18n.gettext("How to use this bot", locale=lang),
        "forget": i18n.gettext("Delete my data", locale=lang),
        "checklist": i18n.gettext("My first steps in the city", locale=lang),
        "profile": i18n.gettext("My optional profile", locale=lang),
        "mydata": i18n.gettext("See all the bot keeps about me", locale=lang),
        "newevent": i18n.gettext("Staff: create an event", locale=lang),
        "broadcast": i18n.gettext("Staff: send an announcement", locale=lang),
        "scheduled": i18n.gettext("Staff: announcements not sent yet", locale=lang),
        "barometer": i18n.gettext("Staff: the rumour barometer", locale=lang),
        "emerging": i18n.gettext("Staff: new rumours nobody has answered", locale=lang),
        "unanswered": i18n.gettext("Staff: questions the bot could not answer", locale=lang),
        "gaps": i18n.gettext("Staff: groups of questions without a sure answer", locale=lang),
        "stats": i18n.gettext("Staff: statistics without personal data", locale=lang),
        "invite": i18n.gettext("Staff: invite an anti-rumour agent", locale=lang),
        "invites": i18n.gettext("Staff: invite links not used yet", locale=lang),
        "agents": i18n.gettext("Staff: the anti-rumour agents", locale=lang),
        "report": i18n.gettext("Report a rumour you heard", locale=lang),
        "card": i18n.gettext("A campaign card against a rumour", locale=lang),
    }
    return [BotCommand(command=name, description=descriptions[name]) for name in COMMANDS + extra]


async def set_menus(bot: Bot, i18n: I18n, staff_ids: Iterable[int] = ()) -> None:
    await _set_menu(bot, i18n)
    for chat_id in staff_ids:
        await _set_menu(bot, i18n, STAFF_MENU, BotCommandScopeChat(chat_id=chat_id))


async def set_agent_menu(bot: Bot, i18n: I18n, chat_id: int) -> None:
    """A new agent's chat gets /report in its menu. The menu is a convenience: if Telegram
    refuses, the role stands and /report works all the same."""
    with contextlib.suppress(TelegramAPIError):
        await _set_menu(bot, i18n, AGENT_MENU, BotCommandScopeChat(chat_id=chat_id))


async def drop_chat_menu(bot: Bot, i18n: I18n, chat_id: int) -> None:
    """Back to everyone's menu, for an agent whose role was revoked."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    with contextlib.suppress(TelegramAPIError):
        await bot.delete_my_commands(scope=scope)
        for lang in i18n.available_locales:
            await bot.delete_my_commands(scope=scope, language_code=lang)


async def _set_menu(
    bot: Bot, i18n: I18n, extra: tuple[str, ...] = (), scope: BotCommandScopeChat | None = None
) -> None:
    """The menu for everyone or for one chat: a default, then one per language."""
    await bot.set_my_commands(menu(i18n, i18n.default_locale, extra), scope=scope)
    for lang in i18n.available_locales:
        await bot.set_my_commands(menu(i18n, lang, extra), scope=scope, language_code=lang)
