"""/start and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.storage.models import User
from welcomebot.telegram import keyboards


def help_text() -> str:
    return _(
        "Write your question in your own words, in Ukrainian or English: for example "
        "“how do I find a family doctor?”. I answer only with information checked by "
        "the newcomer centre's team, and when I do not know, I tell you how to reach a person.\n\n"
        "/topics: browse questions by topic\n"
        "/language: change the language\n"
        "/forget: delete what the bot keeps about you\n"
        "/help: this message"
    )


async def start(message: Message, user: User | None, i18n: I18n) -> None:
    await message.answer(
        _("Hello! I am the newcomer centre's assistant. Please choose your language:"),
        reply_markup=keyboards.languages(i18n.current_locale),
    )


async def help_command(message: Message) -> None:
    await message.answer(help_text())


def router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    return router
