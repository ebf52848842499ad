"""/start and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.telegram import keyboards
from welcomebot.telegram.replies import help_text


async def start(message: Message, i18n: I18n) -> None:
    await message.answer(
        _("Hello! I am the newcomer centre's assistant. Please choose your language:"),
        reply_markup=keyboards.languages(i18n.current_locale),
    )


async def help_command(message: Message, role: Role) -> None:
    await message.answer(help_text(role))


async def cancel_command(message: Message, state: FSMContext) -> None:
    """Leave any form (a report, a broadcast, an event) without saving it."""
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel."))
        return
    await state.clear()
    await message.answer(_("Stopped. Nothing was saved."))


def router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.message.register(cancel_command, Command("cancel"))
    return router
