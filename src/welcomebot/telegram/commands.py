"""The command menu, set once per language so each client shows it in its own."""

from aiogram import Bot
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n

COMMANDS = ("topics", "events", "subscriptions", "language", "help", "forget")


def menu(i18n: I18n, lang: str) -> list[BotCommand]:
    descriptions = {
        "topics": i18n.gettext("Browse questions by topic", locale=lang),
        "events": i18n.gettext("Upcoming events and sign-up", locale=lang),
        "subscriptions": i18n.gettext("Choose which announcements I get", locale=lang),
        "language": i18n.gettext("Change the language", locale=lang),
        "help": i18n.gettext("How to use this bot", locale=lang),
        "forget": i18n.gettext("Delete my data", locale=lang),
    }
    return [BotCommand(command=name, description=descriptions[name]) for name in COMMANDS]


async def set_menus(bot: Bot, i18n: I18n) -> None:
    await bot.set_my_commands(menu(i18n, i18n.default_locale))
    for lang in i18n.available_locales:
        await bot.set_my_commands(menu(i18n, lang), language_code=lang)
