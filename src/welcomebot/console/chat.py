"""A chat with the bot in a terminal, or scripted one message a line on stdin."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys
from collections.abc import Callable, Iterable
from typing import Any

from aiogram.methods import SendPhoto, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardButton, User

from welcomebot.app import App
from welcomebot.console.render import buttons, render
from welcomebot.domain.roles import Role
from welcomebot.storage.repositories import UserRepository
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession
from welcomebot.telegram.parsing import parse_number
from welcomebot.telegram.timing import build_delivery

CONSOLE_USER_ID = 1
DELIVERY_SECONDS = 1.0  # how often a terminal chat looks for announcements and reminders
PROMPT = "you> "


def _prompt() -> None:
    print(PROMPT, end="", flush=True)


class ConsoleChat:
    """Prints what the bot sends; a shown button can be pressed by its number.

    Announcements, event notices and reminders reach this chat as on Telegram, through the
    outbox and a delivery worker; it takes only rows addressed to the local person, so a chat
    pointed at a shared database never sends another recipient's message into the terminal.
    """

    def __init__(self, app: App, lang: str, write: Callable[[str], None] = print) -> None:
        self.write = write
        self._shown: list[tuple[TelegramMethod[Any], Any]] = []
        session = LocalSession(
            on_request=lambda method, result: self._shown.append((method, result))
        )
        bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, session)
        person = User(id=CONSOLE_USER_ID, is_bot=False, first_name="You", language_code=lang)
        self.local = LocalChat(build_dispatcher(app), bot, person)
        self.delivery = build_delivery(app, bot, chats={CONSOLE_USER_ID})
        self._turn = asyncio.Lock()  # a delivery never prints inside a reply
        self.choices: list[tuple[Any, InlineKeyboardButton]] = []
        self.pictures = app.settings.data_dir / "console-pictures"
        self._picture_numbers = itertools.count(1)

    def _save_picture(self, method: SendPhoto) -> None:
        """A terminal cannot show a chart: it is saved beside the database, and named."""
        photo = method.photo
        if isinstance(photo, BufferedInputFile):
            self.pictures.mkdir(parents=True, exist_ok=True)
            path = self.pictures / f"{next(self._picture_numbers)}-{photo.filename}"
            path.write_bytes(photo.data)
            self.write(f"[picture: {method.caption or photo.filename}] saved to {path}")

    def _flush(self) -> None:
        shown_buttons: list[tuple[Any, InlineKeyboardButton]] = []
        for method, result in self._shown:
            if isinstance(method, SendPhoto):
                self._save_picture(method)
            text = render(method, first_number=len(shown_buttons) + 1)
            if text is None:
                continue
            self.write(text)
            shown_buttons += [(result, b) for b in buttons(getattr(method, "reply_markup", None))]
        if shown_buttons:
            self.choices = shown_buttons
        self._shown.clear()

    async def handle(self, line: str) -> None:
        """A number that names a shown button presses it; anything else is a message."""
        text = line.strip()
        if not text:
            return
        number = parse_number(text, 1, len(self.choices))
        async with self._turn:
            if number is not None:
                message, button = self.choices[number - 1]
                await self.local.press(button.callback_data or "", message)
            else:
                await self.local.say(text)
            await self.delivery.run_once()
            self._flush()

    async def deliver(self) -> bool:
        """Print what the outbox holds for this chat now; says whether anything came."""
        async with self._turn:
            taken = await self.delivery.run_once()
            if taken and self._shown:
                self.write("")  # off the line the prompt waits on
            self._flush()
        return bool(taken)

    async def deliver_forever(self, prompt: Callable[[], None]) -> None:
        while True:
            if await self.deliver():
                prompt()
            await asyncio.sleep(DELIVERY_SECONDS)

    async def close(self) -> None:
        await self.local.bot.session.close()


async def run_chat(
    app: App, lang: str, lines: Iterable[str] | None = None, as_agent: bool = False
) -> None:
    # The local person plays the role asked for, whatever an earlier chat left in the database.
    async with app.sessions() as session:
        users = UserRepository(session)
        if as_agent:
            await users.set_role(CONSOLE_USER_ID, Role.AGENT, lang)
        elif await users.get(CONSOLE_USER_ID) is not None:
            await users.set_role(CONSOLE_USER_ID, Role.NEWCOMER, lang)
        await session.commit()
    chat = ConsoleChat(app, lang)
    interactive = lines is None and sys.stdin.isatty()
    try:
        if interactive:
            print(
                "welcomebot local chat: type a message; a number presses a button; Ctrl-D quits.\n"
            )
            await chat.handle("/start")
            # What staff send meanwhile (`welcomebot broadcast` in another terminal) arrives.
            deliveries = asyncio.create_task(chat.deliver_forever(_prompt))
            try:
                while True:
                    try:
                        line = await asyncio.to_thread(input, PROMPT)
                    except EOFError:
                        break
                    await chat.handle(line)
            finally:
                deliveries.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await deliveries
        else:
            for line in lines if lines is not None else sys.stdin:
                await chat.handle(line)
    finally:
        await chat.close()
        await app.close()
