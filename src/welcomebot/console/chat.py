"""A chat with the bot in a terminal, or scripted one message a line on stdin."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram.methods import (
    CopyMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import BufferedInputFile, InlineKeyboardButton, Message, User
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)

from welcomebot.app import App
from welcomebot.console.render import buttons, render
from welcomebot.services.roster import Roster
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.storage.tickets import TicketRepository
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession
from welcomebot.telegram.parsing import parse_number
from welcomebot.telegram.timing import build_delivery, build_scheduler

# Three people, so that a newcomer's, an agent's and a staff member's chat run side by side
# on one data folder without taking each other's role.
CONSOLE_USER_ID = 1
CONSOLE_STAFF_ID = 2  # `chat --as staff`
CONSOLE_AGENT_ID = 3  # `chat --as agent`
# The staff group requests go to, when STAFF_CHAT_ID is not set: a plain group, in which a
# line "#N text" of the staff chat replies to request N.
CONSOLE_STAFF_CHAT = -1_000_000_000_001
TICKET_LINE = re.compile(r"#(\d{1,9})(?:\s+(.+))?", re.DOTALL)
DELIVERY_SECONDS = 1.0  # how often a terminal chat looks for announcements and reminders
JOBS_FINISH_SECONDS = 5.0  # how long closing waits for a job that has started
PROMPT = "you> "


def _prompt() -> None:
    print(PROMPT, end="", flush=True)


def valid_text(line: str) -> str:
    """A terminal can cut a long line inside a character; Python keeps the broken bytes as
    surrogates, which no message can carry (Telegram's are valid UTF-8): they become �."""
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unused_path(folder: Path, name: str) -> Path:
    """`folder/N-name` with the first N no file has: pictures and files of earlier chats stay."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        path = folder / f"{number}-{name}"
        if not path.exists():
            return path
    raise AssertionError("unreachable")  # pragma: no cover


# What answers the person (not a popup note): its buttons replace those a number presses.
REPLIES = (
    SendMessage,
    EditMessageText,
    EditMessageReplyMarkup,
    CopyMessage,
    SendPhoto,
    SendDocument,
)


class ConsoleChat:
    """Prints what the bot sends; a shown button can be pressed by its number.

    Announcements, event notices and reminders reach this chat as on Telegram, through the
    outbox and a delivery worker; it takes only rows addressed to the local person, so a chat
    pointed at a shared database never sends another recipient's message into the terminal.
    The scheduler runs here too, as in `welcomebot run`: reminders and scheduled broadcasts
    fall due, and a broadcast's progress is followed until it is done.
    """

    def __init__(
        self,
        app: App,
        lang: str,
        write: Callable[[str], None] = print,
        person_id: int = CONSOLE_USER_ID,
        staff_group: bool = False,
    ) -> None:
        """`staff_group`: also show the staff group's messages (tickets), and let "#N text"
        answer request N there."""
        self.write = write
        self.app = app
        self._shown: list[tuple[TelegramMethod[Any], Any]] = []
        session = LocalSession(
            on_request=lambda method, result: self._shown.append((method, result))
        )
        bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, session)
        person = User(id=person_id, is_bot=False, first_name="You", language_code=lang)
        dispatcher = build_dispatcher(app)
        self.local = LocalChat(dispatcher, bot, person)
        self.group_id = app.settings.staff_chat_id if staff_group else None
        self.group = (
            LocalChat(dispatcher, bot, person, self.group_id) if self.group_id is not None else None
        )
        chats = {person_id} if self.group_id is None else {person_id, self.group_id}
        self.delivery = build_delivery(app, bot, chats=chats)
        self.scheduler = build_scheduler(app, bot)
        self._jobs_running = 0  # a scripted chat may end while one runs (the purge at start)
        self.scheduler.add_listener(
            self._count_job, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
        )
        self._turn = asyncio.Lock()  # a delivery never prints inside a reply
        self.choices: list[tuple[Any, InlineKeyboardButton]] = []
        self.pictures = app.settings.data_dir / "console-pictures"
        self.files = app.settings.data_dir / "console-files"

    def _save(self, method: SendPhoto | SendDocument) -> None:
        """A terminal cannot show a chart or open a file: it is saved beside the database, under
        a name no earlier one has, and the chat says where."""
        sent, kind, folder = (
            (method.photo, "picture", self.pictures)
            if isinstance(method, SendPhoto)
            else (method.document, "file", self.files)
        )
        if isinstance(sent, BufferedInputFile):
            path = unused_path(folder, sent.filename or kind)
            path.write_bytes(sent.data)
            self.write(f"[{kind}: {method.caption or sent.filename}] saved to {path}")

    def _flush(self, turn: bool = False) -> None:
        """Print what the bot sent. `turn`: in reply to the person, whose buttons then are
        the only ones a number presses: a form's question without buttons ("How many
        places?") takes "1" as typed, not as a press of an older message's first button. A
        popup note, or a message delivered meanwhile without buttons, leaves them."""
        shown_buttons: list[tuple[Any, InlineKeyboardButton]] = []
        replied = False
        for method, result in self._shown:
            if isinstance(method, SendPhoto | SendDocument):
                self._save(method)
            text = render(method, first_number=len(shown_buttons) + 1)
            if text is None:
                continue
            if self.group_id is not None and getattr(method, "chat_id", None) == self.group_id:
                text = "[staff group] " + text
            self.write(text)
            replied = replied or isinstance(method, REPLIES)
            shown_buttons += [(result, b) for b in buttons(getattr(method, "reply_markup", None))]
        if shown_buttons or (turn and replied):
            self.choices = shown_buttons
        self._shown.clear()

    async def handle(self, line: str) -> None:
        """A number that names a shown button presses it; anything else is a message."""
        text = valid_text(line).strip()
        if not text:
            return
        number = parse_number(text, 1, len(self.choices))
        ticket = TICKET_LINE.fullmatch(text) if self.group is not None else None
        async with self._turn:
            if number is not None:
                message, button = self.choices[number - 1]
                await self.local.press(button.callback_data or "", message)
            elif ticket is not None:
                await self._in_ticket(int(ticket[1]), ticket[2])
            else:
                await self.local.say(text)
            await self.delivery.run_once()
            self._flush(turn=True)

    async def _in_ticket(self, number: int, text: str | None) -> None:
        """Staff answer request N in the group: a reply to its last message there."""
        assert self.group is not None and self.group_id is not None
        if not text:
            self.write(f"(write the reply after the number: #{number} your reply)")
            return
        async with self.app.sessions() as session:
            last = await TicketRepository(session).last_message(number, self.group_id)
        if last is None:
            self.write(f"(no message of request #{number} in the staff group yet)")
            return
        reply_to = Message(message_id=last, date=datetime.now(UTC), chat=self.group.chat)
        await self.group.say(text, reply_to_message=reply_to)

    async def deliver(self) -> bool:
        """Print what the outbox holds for this chat now, and what the scheduler's jobs sent
        meanwhile (a broadcast's progress); says whether anything was printed."""
        async with self._turn:
            await self.delivery.run_once()
            shown = bool(self._shown)
            if shown:
                self.write("")  # off the line the prompt waits on
            self._flush()
        return shown

    async def deliver_forever(self, prompt: Callable[[], None]) -> None:
        while True:
            if await self.deliver():
                prompt()
            await asyncio.sleep(DELIVERY_SECONDS)

    def _count_job(self, event: JobEvent) -> None:
        self._jobs_running += 1 if event.code == EVENT_JOB_SUBMITTED else -1

    def start(self) -> None:
        self.scheduler.start()

    async def close(self) -> None:
        if self.scheduler.running:
            # No new runs; one that started ends, instead of being cancelled mid-transaction.
            self.scheduler.pause()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + JOBS_FINISH_SECONDS
            while self._jobs_running > 0 and loop.time() < deadline:
                await asyncio.sleep(0.02)
            self.scheduler.shutdown(wait=False)
        await self.local.bot.session.close()


async def _play_role(app: App, lang: str, as_agent: bool, as_staff: bool) -> None:
    """The agent's chat finds its person on the roster (back on it if staff revoked them: the
    chat was asked for as an agent); the newcomer's is a newcomer, even in a data folder where
    an older version made them the agent; the staff's changes nobody's role."""
    if as_staff:
        return
    async with app.sessions() as session:
        users = UserRepository(session)
        roster, now = Roster(AgentRepository(session), users, app.settings.zone), utcnow()
        if as_agent:
            await roster.join(CONSOLE_AGENT_ID, lang, None, now)
        else:
            agent = await roster.of(CONSOLE_USER_ID)
            if agent is not None and agent.number is not None and agent.revoked is None:
                await roster.revoke(agent.number, now)
        await session.commit()


async def run_chat(
    app: App,
    lang: str,
    lines: Iterable[str] | None = None,
    as_agent: bool = False,
    as_staff: bool = False,
    answered: Callable[[], None] | None = None,
) -> None:
    """`answered`: called once, when the first line (or the interactive chat's /start) has
    been answered."""
    app.begin()
    await _play_role(app, lang, as_agent, as_staff)
    if as_staff:
        chat = ConsoleChat(app, lang, person_id=CONSOLE_STAFF_ID, staff_group=True)
    else:
        chat = ConsoleChat(app, lang, person_id=CONSOLE_AGENT_ID if as_agent else CONSOLE_USER_ID)
    interactive = lines is None and sys.stdin.isatty()
    try:
        chat.start()
        if interactive:
            print(
                "welcomebot local chat: type a message; a number presses a button; Ctrl-D quits.\n"
            )
            if as_staff:
                print(
                    "The staff group's messages show as [staff group]; '#N text' answers "
                    "request N there (try `welcomebot chat` in another terminal).\n"
                )
            await chat.handle("/start")
            if answered is not None:
                answered()
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
                if answered is not None:
                    answered()
                    answered = None
    finally:
        await chat.close()
        await app.close()
