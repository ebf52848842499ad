"""/language and the language buttons: the only moment a user is stored."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import keyboards
from welcomebot.telegram.callbacks import LanguageChoice, ProfileChoice, ProfileField
from welcomebot.telegram.edits import pressed_on
from welcomebot.telegram.replies import help_text


async def language_command(message: Message, i18n: I18n) -> None:
    await message.answer(
        _("Please choose your language:"), reply_markup=keyboards.languages(i18n.current_locale)
    )


async def choose_language(
    query: CallbackQuery,
    callback_data: LanguageChoice,
    services: UnitOfWork,
    role: Role,
    i18n: I18n,
    user: Profile | None,
) -> None:
    if callback_data.code not in i18n.available_locales:
        await query.answer(_("This language is not available."), show_alert=True)
        return
    await services.users.save_language(query.from_user.id, callback_data.code)
    i18n.current_locale = callback_data.code
    await query.answer()
    text = _("Done: I will answer in English.") + "\n\n" + help_text(role)
    if user is not None:
        await pressed_on(query).answer(text)
        return
    # Someone new: the optional profile is offered once, here.
    text += "\n\n" + _(
        "If you like, answer a few short questions so that I can show first what fits you. "
        "Each one is optional."
    )
    offer = ProfileChoice(field=ProfileField.SITUATION, walk=True)
    await pressed_on(query).answer(
        text, reply_markup=keyboards.column((_("Tell me about yourself (optional)"), offer))
    )


def router() -> Router:
    router = Router(name="language")
    router.message.register(language_command, Command("language"))
    router.callback_query.register(choose_language, LanguageChoice.filter())
    return router
