"""Everything no other router took: a polite word, never silence or a crash."""

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.i18n import gettext as _

from welcomebot.telegram.filters import CommandText, Worded
from welcomebot.telegram.replies import stale_button

log = logging.getLogger(__name__)


async def unknown_command(message: Message) -> None:
    await message.answer(_("I do not know this command. Send /help to see what I can do."))


async def not_text(message: Message) -> None:
    await message.answer(
        _("I can only read text. Please type your question in words, in Ukrainian or English.")
    )


async def edited(message: Message) -> None:
    """Telegram tells the bot of an edit, but the answer (or the staff's copy) was of the
    first version: say so, so the correction is sent again."""
    await message.reply(
        _(
            "I read only new messages, not changes to earlier ones. Please send the corrected "
            "text as a new message."
        )
    )


async def on_error(event: ErrorEvent) -> None:
    update = event.update.update_id
    if isinstance(event.exception, TelegramForbiddenError):
        # The person blocked the bot (or left the chat) before the reply: nothing to fix,
        # nobody to apologise to. The outbox marks them inactive at its next message.
        log.info("update %s: the chat refuses the bot's messages (%s)", update, event.exception)
        return
    log.exception("update %s failed", update, exc_info=event.exception)
    text = _("Sorry, something went wrong on our side. Please try again in a minute.")
    try:
        if event.update.message is not None:
            await event.update.message.answer(text)
        elif event.update.callback_query is not None:
            await apologise(event.update.callback_query, text)
    except TelegramAPIError as error:  # the apology failed too: the failure is logged above
        log.warning("update %s: the apology was not sent either (%s)", update, error)


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
    router.edited_message.register(edited, Worded())
    router.errors.register(on_error)
    return router
