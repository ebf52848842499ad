"""Changing the message a button was pressed on, in the one way every handler uses.

Telegram refuses an edit that changes nothing ("message is not modified"): a second tap on
the same button, or the choice already shown. The person got what they asked for, so it
counts as done. A button can also sit on a message the bot can no longer reach
(`InaccessibleMessage`: deleted, or too old), which cannot be edited: new text then comes as a
new message, and buttons stay as they are; what the person did stands either way.
"""

from __future__ import annotations

from collections.abc import Awaitable

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message

Pressed = Message | InaccessibleMessage


def pressed_on(query: CallbackQuery) -> Pressed:
    """The message of the pressed button; it has `answer` whether reachable or not. Only a
    button of an inline-mode message lacks one, and the root router takes none of those."""
    if query.message is None:
        raise LookupError(f"button {query.data!r} has no message to answer")
    return query.message


async def _changed(edit: Awaitable[object]) -> bool:
    try:
        await edit
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise
        return False
    return True


async def edit_text(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Show `text` (and buttons) in place of the pressed message, or below it if it is out of
    reach."""
    message = pressed_on(query)
    if isinstance(message, Message):
        await _changed(message.edit_text(text, reply_markup=reply_markup))
    else:
        await message.answer(text, reply_markup=reply_markup)


async def set_buttons(query: CallbackQuery, reply_markup: InlineKeyboardMarkup | None) -> bool:
    """Put these buttons (None: none) under the pressed message. False if it already had
    them, as after a second tap that the first one answered."""
    message = pressed_on(query)
    if isinstance(message, InaccessibleMessage):
        return True
    return await _changed(message.edit_reply_markup(reply_markup=reply_markup))


async def take_choice(query: CallbackQuery) -> Pressed:
    """Acknowledge a pressed choice and remove its buttons, so it is made only once."""
    await query.answer()
    await set_buttons(query, None)
    return pressed_on(query)
