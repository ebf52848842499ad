"""Everything no other router took: a polite word, never silence or a crash."""

import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.i18n import gettext as _

from welcomebot.telegram.filters import CommandText
from welcomebot.telegram.replies import stale_button

log = logging.getLogger(__name__)


async def unknown_command(message: Message) -> None:
    await message.answer(_("I do not know this command. Send /help to see what I can do."))


async def not_text(message: Message) -> None:
    await message.answer(
        _("I can only read text. Please type your question in words, in Ukrainian or English.")
    )


async def on_error(event: ErrorEvent) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    text = _("Sorry, something went wrong on our side. Please try again in a minute.")
    if event.update.message is not None:
        await event.update.message.answer(text)
    elif event.update.callback_query is not None:
        await apologise(event.update.callback_query, text)


async def apologise(query: CallbackQuery, text: str) -> None:
    try:
        await query.answer(text, show_alert=True)
    except TelegramBadRequest:  # the handler answered the button before it failed
        if query.message is not None:
            await query.message.answer(text)


def router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_command, CommandText())
    router.message.register(not_text)
    router.callback_query.register(stale_button)
    router.errors.register(on_error)
    return router
