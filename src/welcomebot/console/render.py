"""Bot API requests as terminal text: HTML reduced to plain text, buttons numbered."""

from __future__ import annotations

import html
import re
from typing import Any

from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", text))


def buttons(markup: Any) -> list[InlineKeyboardButton]:
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [button for row in markup.inline_keyboard for button in row]


def render(method: TelegramMethod[Any], first_number: int) -> str | None:
    """The text a person sees for one request, or None for requests that show nothing."""
    if isinstance(method, SendMessage | EditMessageText):
        # aiogram types an edit's text as optional
        return _with_buttons([plain(method.text or "")], method.reply_markup, first_number)
    if isinstance(method, CopyMessage):  # a photo, a document or a voice message, relayed
        lines = [plain(method.caption or ""), "[a photo, file or voice message]"]
        return _with_buttons([line for line in lines if line], method.reply_markup, first_number)
    if isinstance(method, EditMessageReplyMarkup):  # a message's buttons, changed in place
        if not buttons(method.reply_markup):
            return "[the buttons above are gone]"
        return _with_buttons(["[the buttons above are now]"], method.reply_markup, first_number)
    if isinstance(method, AnswerCallbackQuery) and method.text:
        return f"(!) {method.text}"
    return None


def _with_buttons(lines: list[str], markup: Any, first_number: int) -> str:
    for number, button in enumerate(buttons(markup), start=first_number):
        lines.append(f"  [{number}] {button.text}")
    return "\n".join(lines)
