"""One guard for every text the bot sends, whichever code sends it.

Telegram refuses a message over 4096 characters, a caption over 1024 and a button's alert
over 200, and the whole message is lost. This middleware of the Bot's session splits a long
message into several, cut between lines (a list stays whole item by item; the buttons go
under the last part), and trims what must stay one message: an edit, a caption, an alert.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.enums import ParseMode
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from welcomebot.telegram.api_rules import CAPTION_LIMIT, TEXT_LIMIT
from welcomebot.telegram.html_text import HtmlError, fits, split, trim

ALERT_LIMIT = 200


def parses_html(bot: Bot, parse_mode: str | Default | None) -> bool:
    """Whether Telegram reads this text as HTML (the Bot's default, unless the call says)."""
    if isinstance(parse_mode, Default):
        parse_mode = bot.default[parse_mode.name]
    return parse_mode == ParseMode.HTML


def _fitted(bot: Bot, method: TelegramMethod[Any]) -> TelegramMethod[Any]:
    """The method with its text, caption or alert trimmed to Telegram's limit."""
    changes: dict[str, str] = {}
    if isinstance(method, EditMessageText) and method.entities is None and method.text is not None:
        html = parses_html(bot, method.parse_mode)
        if not fits(method.text, TEXT_LIMIT, html):
            changes["text"] = trim(method.text, TEXT_LIMIT, html)
    caption = getattr(method, "caption", None)
    if isinstance(caption, str) and getattr(method, "caption_entities", None) is None:
        html = parses_html(bot, getattr(method, "parse_mode", None))
        if not fits(caption, CAPTION_LIMIT, html):
            changes["caption"] = trim(caption, CAPTION_LIMIT, html)
    alert = method.text if isinstance(method, AnswerCallbackQuery) else None
    if alert and not fits(alert, ALERT_LIMIT, html=False):
        changes["text"] = trim(alert, ALERT_LIMIT, html=False)
    return method.model_copy(update=changes) if changes else method


class LengthGuard(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            if isinstance(method, SendMessage) and method.entities is None:
                html = parses_html(bot, method.parse_mode)
                if not fits(method.text, TEXT_LIMIT, html):
                    parts = split(method.text, TEXT_LIMIT, html)
                    return await self._send(make_request, bot, method, parts)
            method = _fitted(bot, method)
        except HtmlError:
            pass  # Telegram refuses it with its own words, which say more than a cut would
        return await make_request(bot, method)

    async def _send(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: SendMessage,
        parts: list[str],
    ) -> Any:
        """Each part as a message: the first answers what the whole would have answered, the
        last carries the buttons and is the message returned."""
        result = None
        for number, part in enumerate(parts):
            changes: dict[str, Any] = {"text": part}
            if number < len(parts) - 1:
                changes["reply_markup"] = None
            if number > 0:
                changes |= {"reply_parameters": None, "reply_to_message_id": None}
            result = await make_request(bot, method.model_copy(update=changes))
        return result
