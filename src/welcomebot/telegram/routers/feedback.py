"""Helpful / Not helpful, and the way to a person."""

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.loader import Centre
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.telegram.callbacks import ContactChoice, Feedback
from welcomebot.telegram.edits import pressed_on, set_buttons
from welcomebot.telegram.texts import contact_text
from welcomebot.telegram.tickets_ui import ask_button


async def feedback_pressed(
    query: CallbackQuery,
    callback_data: Feedback,
    services: UnitOfWork,
    i18n: I18n,
    centre: Centre | None,
    settings: Settings,
) -> None:
    # The same rule as for showing the answer these buttons came under.
    entry = services.answers.for_newcomer(callback_data.id)
    if entry is None:
        await query.answer(
            _("This answer is no longer available. Please ask again."), show_alert=True
        )
        return
    await query.answer(_("Thank you for your feedback!"))
    # Removing the buttons makes a second vote on the same answer impossible; if they were
    # gone already, this is a second tap of the same vote.
    if not await set_buttons(query, None):
        return
    await services.content_loop.voted(entry, i18n.current_locale, callback_data.helpful)
    if not callback_data.helpful:
        staffed = settings.staff_chat_id is not None
        await pressed_on(query).answer(
            _("I am sorry this did not help.") + "\n\n" + contact_text(centre, i18n.current_locale),
            reply_markup=ask_button() if staffed else None,
        )


async def contact_pressed(query: CallbackQuery, i18n: I18n, centre: Centre | None) -> None:
    await query.answer()
    await pressed_on(query).answer(contact_text(centre, i18n.current_locale))


def router() -> Router:
    router = Router(name="feedback")
    router.callback_query.register(feedback_pressed, Feedback.filter())
    router.callback_query.register(contact_pressed, ContactChoice.filter())
    return router
