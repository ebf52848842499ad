"""A chat with the bot in a terminal, or scripted one message a line on stdin."""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from aiogram.methods import TelegramMethod
from aiogram.types import CallbackQuery, Chat, InlineKeyboardButton, Message, Update, User

from welcomebot.app import App
from welcomebot.console.render import buttons, render
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession

CHAT_ID = 1


class ConsoleChat:
    """One person talking to the bot; a reply's buttons can be pressed by their number."""

    def __init__(self, app: App, lang: str, write: Callable[[str], None] = print) -> None:
        self.write = write
        self.session = LocalSession(on_request=self._show)
        self.bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, self.session)
        self.dispatcher = build_dispatcher(app)
        self.person = User(id=CHAT_ID, is_bot=False, first_name="You", language_code=lang)
        self.chat = Chat(id=CHAT_ID, type="private")
        self.choices: list[tuple[Any, InlineKeyboardButton]] = []
        self._ids = itertools.count(1)
        self._pending: list[tuple[TelegramMethod[Any], Any]] = []

    def _show(self, method: TelegramMethod[Any], result: Any) -> None:
        self._pending.append((method, result))

    def _flush(self) -> None:
        shown_buttons: list[tuple[Any, InlineKeyboardButton]] = []
        for method, result in self._pending:
            text = render(method, first_number=len(shown_buttons) + 1)
            if text is None:
                continue
            self.write(text)
            markup = getattr(method, "reply_markup", None)
            shown_buttons += [(result, button) for button in buttons(markup)]
        if shown_buttons:
            self.choices = shown_buttons
        self._pending.clear()

    async def say(self, text: str) -> None:
        message = Message(
            message_id=next(self._ids), date=datetime.now(UTC), chat=self.chat, from_user=self.person, text=text
        )
        await self.dispatcher.feed_update(self.bot, Update(update_id=next(self._ids), message=message))
        self._flush()

    async def press(self, number: int) -> None:
        message, button = self.choices[number - 1]
        query = CallbackQuery(
            id=str(next(self._ids)),
            from_user=self.person,
            chat_instance="console",
            message=message,
            data=button.callback_data,
        )
        await self.dispatcher.feed_update(self.bot, Update(update_id=next(self._ids), callback_query=query))
        self._flush()

    async def handle(self, line: str) -> None:
        """A number that names a shown button presses it; anything else is a message."""
        stripped = line.strip()
        if not stripped:
            return
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.choices):
            await self.press(int(stripped))
        else:
            await self.say(stripped)

    async def close(self) -> None:
        await self.bot.session.close()


async def run_chat(app: App, lang: str, lines: Iterable[str] | None = None) -> None:
    chat = ConsoleChat(app, lang)
    interactive = lines is None and sys.stdin.isatty()
    try:
        if interactive:
            print("welcomebot local chat: type a message; a number presses a button; Ctrl-D quits.\n")
            await chat.say("/start")
            while True:
                try:
                    line = await asyncio.to_thread(input, "you> ")
                except EOFError:
                    break
                await chat.handle(line)
        else:
            for line in lines if lines is not None else sys.stdin:
                await chat.handle(line)
    finally:
        await chat.close()
        await app.close()
