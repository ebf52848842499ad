"""/forget: anyone can erase what the bot keeps about them."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram import keyboards
from welcomebot.telegram.callbacks import ForgetChoice
from welcomebot.telegram.edits import pressed_on, set_buttons


async def forget_command(message: Message) -> None:
    await message.answer(
        _(
            "The bot keeps only your Telegram id, your language, which announcements you chose "
            "and which events you signed up to. Your questions are kept without your name or "
            "id. Delete your data?"
        ),
        reply_markup=keyboards.forget(),
    )


async def forget_pressed(
    query: CallbackQuery, callback_data: ForgetChoice, services: UnitOfWork, state: FSMContext
) -> None:
    await query.answer()
    if not await set_buttons(query, None):
        return  # a second tap: the first one did what was asked
    if not callback_data.confirm:
        await pressed_on(query).answer(_("Nothing was deleted."))
        return
    # This week's active key first: its own short transaction, before this one writes.
    await services.usage.forget(query.from_user.id)
    await services.events.leave_all(query.from_user.id, utcnow())
    await services.users.forget(query.from_user.id)
    await state.clear()  # a half-written report or broadcast is theirs too (in Redis, by id)
    await pressed_on(query).answer(
        _("Done: your data is deleted. Send /start if you want to begin again.")
    )


def router() -> Router:
    router = Router(name="privacy")
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_pressed, ForgetChoice.filter())
    return router
