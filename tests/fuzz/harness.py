"""Plays fuzz scripts (`strategies.py`) through the real Dispatcher, on the recording Bot API
(`LocalSession`, which refuses what Telegram refuses), and checks after every update what the
bot must never do:

1. fail: no handler error reaches the error handlers (`routers/fallback.py:on_error` logs it,
   `outages.py` logs a database outage; any log record of WARNING or above fails the script);
2. say more than one thing to one message or button, except the replies listed in
   `MULTI_REPLY`, or answer in someone else's chat, or in a group or channel at all;
   a private message a handler takes gets a reply, a button pressed gets one answer;
3. change what the sender's role does not allow (`role_problems`), or show a newcomer what is
   for agents and staff;
4. send what Telegram would refuse: any refusal of `LocalSession` other than "message is not
   modified" (which `telegram/edits.py` takes as done) fails, and `limit_problems` checks the
   limits it does not (buttons, alerts, command menus);
5. answer an update sent again with the same id;
6. send a campaign card to the agents more times than staff were asked to confirm it, or ask
   staff to confirm it for another number of agents than it would go to;
7. relay a person's message into their ticket other than once, a staff reply to a ticket
   already closed, or a message in the staff group to anyone but the person of the ticket it
   is about (its topic, or the message it replies to), or from anyone but staff
   (`ticket_problems`).

The app and the Dispatcher are built once; between scripts the database is emptied and seeded
again, and each script's newcomers and agent get fresh Telegram ids (the staff member's state
is cleared), which is all the per-person state there is. The agent is on the roster, with as
many more as the script says (`Script.team`), so that /agents has pages to turn. The staff
group is as the script says (`Script.staff`): a forum, where each ticket gets its topic; a plain
group, where staff answer a ticket in reply to the bot's messages about it; or none, where the
bot gives the centre's contacts instead (the Dispatcher's settings and its `StaffRoom`, which
asks once whether the group is a forum, are the script's own). A ticket's messages (both ways)
are delivered after each update, as the delivery worker would, so that their buttons can be
pressed and staff can reply to them.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

import sqlalchemy as sa
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    Animation,
    Audio,
    CallbackQuery,
    Chat,
    ChatMemberBanned,
    ChatMemberMember,
    ChatMemberUpdated,
    Contact,
    Dice,
    Document,
    ForumTopic,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Poll,
    PollOption,
    Sticker,
    TelegramObject,
    Update,
    User,
    Video,
    VideoNote,
    Voice,
)
from sqlmodel import SQLModel, col

from welcomebot.app import App
from welcomebot.content.models import Rumour, pick
from welcomebot.delivery.errors import DeliveryError
from welcomebot.delivery.worker import Parcel
from welcomebot.domain.audiences import EVENTS, Audience
from welcomebot.storage.models import (
    Agent,
    Broadcast,
    Delivery,
    Event,
    RumourReport,
    Ticket,
    UnansweredQuestion,
    utcnow,
)
from welcomebot.storage.models import User as StoredUser
from welcomebot.telegram.api_rules import NOT_MODIFIED
from welcomebot.telegram.callbacks import CardShare, ShareAct
from welcomebot.telegram.cards_ui import PREFIX as CARD_PICTURES
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.html_text import utf16_length
from welcomebot.telegram.local import BOT_USER, LOCAL_TOKEN, LocalSession
from welcomebot.telegram.sender import TelegramSender
from welcomebot.telegram.staff_room import StaffRoom

from . import strategies as s

STAFF_ID = 6_118_204_501
# Fresh real-sized ids for each script's newcomers and agent; updates and queries are numbered
# once for the whole run, as Telegram numbers a bot's updates.
_PEOPLE = itertools.count(7_300_000_001)
_UPDATES = itertools.count(50_000_001)
_QUERIES = itertools.count(1)

GROUP = Chat(id=-4_000_000_001, type="group", title="Newcomers chat")
SUPERGROUP = Chat(id=-1_001_000_000_001, type="supergroup", title="City forum")
CHANNEL = Chat(id=-1_002_000_000_001, type="channel", title="City news")
OTHER_CHATS = {"group": GROUP, "supergroup": SUPERGROUP, "channel": CHANNEL}
# Where tickets are answered (STAFF_CHAT_ID): a forum, a topic for each ticket; or the same
# group with its topics off, where staff reply to the bot's messages about a ticket.
STAFF_GROUP = Chat(id=-1_001_555_000_111, type="supergroup", title="Staff", is_forum=True)
PLAIN_STAFF_GROUP = STAFF_GROUP.model_copy(update={"is_forum": None})

# Handlers that may send more than one message for one update, and why.
MULTI_REPLY = {
    "events_command": "one card per upcoming event, each with its own buttons",
    "scheduled_command": "one message per broadcast waiting to go out, each with its cancel button",
    "barometer_command": "the chart (a photo), then the table of trends with the period and "
    "breakdown buttons",
    "barometer_view": "the chart (a photo), then the table of trends with the period and "
    "breakdown buttons",
    "stats_command": "the weekly trend (a photo), then the figures",
    "kind_chosen": "the campaign card (a photo), then its text to forward, with staff's button "
    "to send it to the agents",
    "report_text": "the prepared response with its argument buttons, then the first question "
    "about where the rumour was heard, with its own buttons",
    "choose_rumour": "the prepared response with its argument buttons, then the first question "
    "about where the rumour was heard, with its own buttons",
    "report_command": "with words (/report they say...), as report_text",
    "aside_pressed": "another rumour typed at a report's question, reported: as report_text",
    "type_while_choosing": "when the rumours to choose from are gone from the content, the "
    "report filed as new: as report_text",
    "emerging_command": "with a number of weeks it does not take: which weeks it shows "
    "instead, then the groups",
    "change_audience": "the broadcast preview: the text in each language exactly as people will "
    "get it, then how many get it, with the send buttons",
}

# Telegram's limits that LocalSession does not check itself (it checks texts and captions).
CALLBACK_DATA_BYTES = 64
ALERT_CHARS = 200
# Telegram documents none; the bot's own is 60 (`texts.BUTTON_CHARS`), counted as it counts
# them: in characters, so that an agent's name of 40 emoji fits as one of 40 letters does.
BUTTON_CHARS = 64
BUTTONS, BUTTONS_IN_ROW = 100, 8
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
COMMAND_DESCRIPTION = 256


@dataclass
class Stats:
    """What the run fed the bot and what it answered, for the summary line."""

    examples: int = 0
    updates: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    messages: int = 0  # messages sent, parts of a long one each counted
    answers: int = 0  # button presses answered
    not_modified: int = 0  # edits Telegram refuses as changing nothing, taken as done
    failures: int = 0  # scripts where a property failed (hypothesis shrinks and reports them)
    seconds: float = 0.0
    handlers: Counter[str] = field(default_factory=Counter)  # updates each handler took
    all_handlers: set[str] = field(default_factory=set)
    # Scripts for each staff group (`Script.staff`), and the updates each handler took there.
    setups: Counter[str] = field(default_factory=Counter)
    by_setup: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.updates += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        return (
            f"fuzz: {self.examples} examples, {self.updates} updates fed ({kinds}); "
            f"{self.requests} Bot API requests, {self.messages} messages sent, "
            f"{self.answers} buttons answered, {self.not_modified} unchanged edits taken as done; "
            f"{len(self.handlers)} of {len(self.all_handlers)} handlers reached "
            f"(not: {', '.join(sorted(self.all_handlers - self.handlers.keys())) or 'none'}; "
            f"least: {', '.join(f'{h} {n}' for h, n in self.handlers.most_common()[:-6:-1])}); "
            f"staff groups: {self.setups_summary()}; "
            f"scripts failing: {self.failures}; {self.seconds:.1f} s"
        )

    def setups_summary(self) -> str:
        """Scripts of each staff group, and how often the handlers each is for were reached."""
        parts = []
        for setup, scripts in sorted(self.setups.items()):
            hits = self.by_setup.get(setup, Counter())
            parts.append(
                f"{setup} {scripts} (" + ", ".join(f"{h} {hits[h]}" for h in SETUP_HANDLERS) + ")"
            )
        return ", ".join(parts)


# What differs between the staff groups: a staff reply (by topic or by reply), the centre's
# contacts instead of a ticket.
SETUP_HANDLERS = ("staff_reply", "not_staff", "contact_pressed")
STATS = Stats()


@contextlib.contextmanager
def uncounted() -> Iterator[None]:
    """Scripts played to check the harness itself stay out of the figures."""
    kept = copy.deepcopy(STATS)
    try:
        yield
    finally:
        STATS.__dict__.update(kept.__dict__)


class Caught(logging.Handler):
    """Log records of WARNING and above: how handler failures and outages are surfaced."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        found = [self.format(r) for r in self.records]
        self.records.clear()
        return found


class Requested(BaseRequestMiddleware):
    """What handlers asked of the Bot API, before the length guard cuts a long text in parts."""

    def __init__(self) -> None:
        self.methods: list[TelegramMethod[Any]] = []

    async def __call__(self, make_request: Any, bot: Bot, method: TelegramMethod[Any]) -> Any:
        self.methods.append(method)
        return await make_request(bot, method)


class Witness(BaseMiddleware):
    """Which handler took each message, edit, button or block (none: no handler, or
    flood-limited)."""

    def __init__(self) -> None:
        self.handlers: list[str] = []

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.handlers.append(data["handler"].callback.__name__)
        return await handler(event, data)


@dataclass(frozen=True)
class Shown:
    """A button the bot has shown: its data, and the message it came with."""

    data: str
    chat_id: int
    message_id: int


EDITS = (EditMessageText, EditMessageReplyMarkup)


def sends(methods: list[TelegramMethod[Any]]) -> list[Any]:
    """The requests that put a new message in a chat."""
    return [m for m in methods if type(m).__name__.startswith("Send") and hasattr(m, "chat_id")]


def buttons_of(method: TelegramMethod[Any]) -> list[InlineKeyboardButton]:
    markup = getattr(method, "reply_markup", None)
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [button for row in markup.inline_keyboard for button in row]


COUNT = re.compile(r"\((\d+)\)")  # how many agents the question says a card goes to


def asks_to_share(method: TelegramMethod[Any]) -> bool:
    """Whether it asks staff to confirm sending a card to every agent (it has the button)."""
    return any(
        (b.callback_data or "").startswith(f"{CardShare.__prefix__}:")
        and (b.callback_data or "").endswith(f":{ShareAct.SEND}")
        for b in buttons_of(method)
    )


def limit_problems(method: TelegramMethod[Any]) -> list[str]:
    problems = []
    markup = getattr(method, "reply_markup", None)
    if isinstance(markup, InlineKeyboardMarkup):
        problems += _button_problems(markup)
    alert = method.text if isinstance(method, AnswerCallbackQuery) else None
    if alert is not None and utf16_length(alert) > ALERT_CHARS:
        problems.append(f"an alert of {utf16_length(alert)} characters")
    if isinstance(method, SetMyCommands):
        problems += _menu_problems(method)
    return problems


def _button_problems(markup: InlineKeyboardMarkup) -> list[str]:
    problems = []
    rows = markup.inline_keyboard
    if sum(len(row) for row in rows) > BUTTONS or any(len(r) > BUTTONS_IN_ROW for r in rows):
        problems.append(f"too many buttons: {[len(r) for r in rows]}")
    for button in (b for row in rows for b in row):
        if not button.text.strip() or len(button.text) > BUTTON_CHARS:
            problems.append(f"button text {button.text!r}")
        data = button.callback_data
        if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_BYTES:
            problems.append(f"callback data of {len(data.encode())} bytes: {data!r}")
    return problems


def _menu_problems(method: SetMyCommands) -> list[str]:
    problems = []
    if len(method.commands) > 100:
        problems.append("more than 100 commands in a menu")
    for command in method.commands:
        if not COMMAND.fullmatch(command.command):
            problems.append(f"command {command.command!r}")
        if not 1 <= len(command.description) <= COMMAND_DESCRIPTION:
            problems.append(f"command description {command.description!r}")
    return problems


def count_requests(actual: list[TelegramMethod[Any]], handlers: list[str], setup: str) -> None:
    """Add one update's handlers and Bot API requests to the run's figures."""
    STATS.handlers.update(handlers)
    STATS.by_setup.setdefault(setup, Counter()).update(handlers)
    STATS.requests += len(actual)
    STATS.messages += len(sends(actual))
    STATS.answers += sum(isinstance(m, AnswerCallbackQuery) for m in actual)


def _is_card(method: SendPhoto) -> bool:
    """A campaign card, which agents make for themselves (`cards_ui.file_name`)."""
    return str(getattr(method.photo, "filename", "")).startswith(f"{CARD_PICTURES}-")


def _text_of(method: TelegramMethod[Any]) -> str:
    return " ".join(
        str(v) for v in (getattr(method, name, None) for name in ("text", "caption")) if v
    )


# -- the database, as each role may change it ----------------------------------------------

Snapshot = dict[str, list[dict[str, Any]]]
PER_PERSON = ("users", "interests", "signups", "checklist_marks", "checklist_reminders", "tickets")
# The tables whose changes `role_problems` judges (feedback and questions are anyone's).
WATCHED = {"broadcasts", "events", "invites", "audit_log", "rumour_reports", "outbox", *PER_PERSON}


def _rows(snapshot: Snapshot, table: str, *columns: str) -> set[str]:
    return {
        json.dumps([row[c] for c in columns] if columns else row, sort_keys=True, default=str)
        for row in snapshot[table]
    }


def role_problems(
    before: Snapshot, after: Snapshot, sender: int, role: str, code: str | None = None
) -> list[str]:
    """What a newcomer's or agent's update changed that their role does not allow. `code`:
    the invite code they sent with /start, which may make them an agent once."""
    problems = [
        f"a {role} changed {table}"
        for table in ("broadcasts", "events")
        if _rows(before, table) != _rows(after, table)
    ]
    unused = {row["code"] for row in before["invites"] if not row["used"]}
    redeemed = code in unused and {row["code"] for row in after["invites"] if row["used"]} == {
        row["code"] for row in before["invites"] if row["used"]
    } | {code}
    if _rows(before, "invites", "code") != _rows(after, "invites", "code") or not (
        redeemed or _rows(before, "invites") == _rows(after, "invites")
    ):
        problems.append(f"a {role} changed the invites")
    # Only staff act in the audit log; someone erasing their data clears them from its entries.
    if _rows(before, "audit_log", "id", "actor", "action") != _rows(
        after, "audit_log", "id", "actor", "action"
    ):
        problems.append(f"a {role} changed the audit log")
    if role == "newcomer" and _rows(before, "rumour_reports") != _rows(after, "rumour_reports"):
        problems.append("a newcomer changed the rumour reports")
    for table in PER_PERSON:
        others = [
            {json.dumps(r, sort_keys=True, default=str) for r in snap[table]}
            - {
                json.dumps(r, sort_keys=True, default=str)
                for r in snap[table]
                if r["telegram_id"] == sender
            }
            for snap in (before, after)
        ]
        if others[0] != others[1]:
            problems.append(f"a {role} changed other people's {table}")
    roles = [
        {r["telegram_id"]: r["role"] for r in snap["users"]}.get(sender) for snap in (before, after)
    ]
    raised = roles[1] is not None and roles[1] not in (roles[0], "newcomer")
    if raised and not (redeemed and roles[1] == "agent"):
        problems.append(f"a {role} became {roles[1]}")
    known = {row["id"] for row in before["outbox"]}
    # A place freed on an event goes to the first who waits: that notice is theirs; so are
    # their own ticket's messages.
    own = {f"ticket:{row['id']}" for row in after["tickets"] if row["telegram_id"] == sender}
    # Staff are told when someone erases open requests (/forget): a note on those only.
    gone = {r["id"] for r in before["tickets"] if r["telegram_id"] == sender} - {
        r["id"] for r in after["tickets"]
    }

    def theirs(batch: str) -> bool:
        kind, _, numbers = batch.partition(":")
        return batch in own or (
            kind == "withdrawn" and {int(n) for n in numbers.split("-")} <= gone
        )

    problems.extend(
        f"a {role} enqueued {row['batch']}"
        for row in after["outbox"]
        if row["id"] not in known
        and not str(row["batch"]).startswith("event:")
        and not theirs(str(row["batch"]))
    )
    return problems


@dataclass(frozen=True)
class InStaffGroup:
    """A message in the staff group, as the harness saw it before it was fed: the ticket it
    is about (its topic's, or that of the bot's message it replies to), whether that ticket
    was live then, and whether staff sent it."""

    about: int | None
    live: bool
    by_staff: bool


def _relayed_kind(message: Message) -> bool:
    """Of a kind that a ticket relays (text, photo, document, voice)."""
    return any(
        k is not None for k in (message.text, message.photo, message.document, message.voice)
    )


def ticket_problems(
    update: Update,
    kind: str,
    handlers: list[str],
    delivered: list[Delivery],
    closed: set[int],
    staff: InStaffGroup | None = None,
) -> list[str]:
    """A person's message in their ticket reaches the staff group once if it is of a kind that
    reaches them (text, photo, document, voice), else not at all; a ticket closed before the
    update takes no staff message to its person; a message in the staff group reaches only
    the person of the ticket it is about, and only from staff: once if it is not a command,
    the ticket is live and the message of a kind that reaches them; an update sent again sends
    nothing on."""
    if kind == "replay":
        return [f"an update sent again was relayed: {row.key}" for row in delivered]
    problems = []
    message = update.message
    if handlers[-1:] == ["message_in_ticket"] and message is not None:
        relayed = [row.key for row in delivered if row.key.endswith(f":in:{message.message_id}")]
        if len(relayed) != _relayed_kind(message):
            problems.append(f"a message in a ticket relayed {len(relayed)} times: {relayed}")
    if kind.startswith("staff"):
        problems += [
            f"closed {row.batch} took a staff message: {row.key}"
            for row in delivered
            if row.chat_id != STAFF_GROUP.id and int(str(row.batch).split(":")[1]) in closed
        ]
    if staff is not None and message is not None:
        problems += _staff_message_problems(message, delivered, staff)
    return problems


def _staff_message_problems(
    message: Message, delivered: list[Delivery], staff: InStaffGroup
) -> list[str]:
    whose = f"ticket:{staff.about}" if staff.by_staff and staff.about is not None else "no ticket"
    problems = [
        f"a message in the staff group about {whose} reached {row.batch}'s person: {row.key}"
        for row in delivered
        if row.chat_id != STAFF_GROUP.id and row.batch != whose
    ]
    command = (message.text or "").startswith("/")
    if staff.live and staff.by_staff and not command:
        out = [row.key for row in delivered if row.key == f"{whose}:out:{message.message_id}"]
        if len(out) != _relayed_kind(message):
            problems.append(f"a staff reply about live {whose} relayed {len(out)} times: {out}")
    return problems


def arguments_of(rumours: list[Rumour]) -> set[str]:
    """The agents' arguments, as the bot would show them."""
    return {
        escape(pick(argument.text, lang))
        for rumour in rumours
        for argument in rumour.arguments
        for lang in ("en", "uk")
    }


# -- the harness -----------------------------------------------------------------------------


class Harness:
    def __init__(self, app: App) -> None:
        self.app = app
        app.settings = app.settings.model_copy(
            update={"staff_ids": frozenset({STAFF_ID}), "staff_chat_id": STAFF_GROUP.id}
        )
        self.unstaffed = app.settings.model_copy(update={"staff_chat_id": None})
        self.dispatcher = build_dispatcher(app)
        self.witness = Witness()
        observed = ("message", "callback_query", "edited_message", "my_chat_member")
        for name in observed:
            self.dispatcher.observers[name].middleware(self.witness)
        STATS.all_handlers = {
            h.callback.__name__
            for router in self.dispatcher.chain_tail
            for name in observed
            for h in router.observers[name].handlers
        }
        # Statements that write, counted: an update that wrote nothing changed nothing.
        self.writes = 0
        sa.event.listen(app.engine.sync_engine, "before_cursor_execute", self._count_writes)
        self.engine = sa.create_engine(app.settings.sync_database_url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(
                self.engine, "connect", lambda c, _: c.execute("PRAGMA busy_timeout=5000")
            )
        self.tables = [
            t for t in SQLModel.metadata.sorted_tables if sa.inspect(self.engine).has_table(t.name)
        ]
        self.watched = [t for t in self.tables if t.name in WATCHED]
        self.arguments = arguments_of([e for e in app.pack.entries if isinstance(e, Rumour)])
        self.caught = Caught()
        self.caught.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def _count_writes(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "PRAGMA", "BEGIN", "SAVEPOINT")):
            self.writes += 1

    async def close(self) -> None:
        sa.event.remove(self.app.engine.sync_engine, "before_cursor_execute", self._count_writes)
        self.engine.dispose()

    # -- between scripts --------------------------------------------------------------------

    async def reset(self, script: s.Script) -> None:
        """An empty database with the seed rows, the cast stored as the script says, and a
        new Bot API whose requests and refusals are this script's alone."""
        self.ids = [next(_PEOPLE), next(_PEOPLE), next(_PEOPLE), STAFF_ID]
        # The usage counts' timed write, now: the blocking reset below would otherwise wait
        # on a write of it in flight, which cannot finish while the event loop is blocked.
        await self.app.usage.flush()
        now = utcnow()
        people = []
        for part, person in enumerate(script.cast):
            language = person.language or ("en" if part == s.AGENT else None)
            if language is not None:
                role = "agent" if part == s.AGENT else "newcomer"
                people.append(
                    {
                        "telegram_id": self.ids[part],
                        "language": language,
                        "role": role,
                        "created": now,
                    }
                )
        # The agent joined by an invite, as every agent has: on the roster, first.
        agent = {"telegram_id": self.ids[s.AGENT], "joined": now, "report_days": []}
        with self.engine.begin() as connection:
            for table in reversed(self.tables):
                connection.execute(table.delete())
            seeded = seed(now, script.team).items()
            for model, rows in [(StoredUser, people), (Agent, [agent]), *seeded]:
                if rows:
                    connection.execute(model.__table__.insert(), rows)
        self.app.profiles.cache.drop(STAFF_ID)
        self.requested = Requested()
        session = LocalSession(on_request=self._record_buttons)
        session.middleware(self.requested)  # outermost: before build_bot's own
        self.setup = script.staff
        staffed = script.staff != "none"
        self.dispatcher["settings"] = self.app.settings if staffed else self.unstaffed
        # As the app builds it: whether the group is a forum is asked of this Bot API, anew.
        self.dispatcher["staff_room"] = StaffRoom(STAFF_GROUP.id if staffed else None)
        if script.staff == "forum":
            session.forums.add(STAFF_GROUP.id)
        self.group = STAFF_GROUP if script.staff == "forum" else PLAIN_STAFF_GROUP
        # What updates from there are: the staff's, or (none configured) a group's like any.
        self.staff_group = "staff" if staffed else "group"
        self.bot = build_bot(LOCAL_TOKEN, self.app.settings.telegram_api_url, session)
        self.session: LocalSession = session
        self.sender = TelegramSender(self.bot)
        await self.dispatcher.fsm.get_context(self.bot, STAFF_ID, STAFF_ID).clear()
        self.people = [
            User(id=i, is_bot=False, first_name="P", language_code=p.language_code)
            for i, p in zip(self.ids, script.cast, strict=True)
        ]
        self.shown: list[Shown] = []
        self.pressed: Shown | None = None  # the last button pressed in a private chat
        self.confirmations = 0  # times staff were asked to confirm sending a card
        self.fed: list[Update] = []
        self.said: dict[int, list[int]] = {}  # message ids each person sent
        self.topics: list[int] = []  # the tickets' topics in the staff group
        # The tickets' messages in the staff group, and the tickets' topics: which ticket each is.
        self.posts: dict[int, int] = {}
        self.threads: dict[int, int] = {}
        self.snapshot: Snapshot | None = None
        self.caught.take()

    def _record_buttons(self, method: TelegramMethod[Any], result: Any) -> None:
        if isinstance(result, ForumTopic):
            self.topics.append(result.message_thread_id)
        if not isinstance(result, Message):
            return
        for button in buttons_of(method):
            if button.callback_data is not None:
                self.shown.append(Shown(button.callback_data, result.chat.id, result.message_id))

    def take_snapshot(self) -> Snapshot:
        with self.engine.connect() as connection:
            return {
                t.name: [dict(r) for r in connection.execute(sa.select(t)).mappings()]
                for t in self.watched
            }

    # -- a script ---------------------------------------------------------------------------

    async def play(self, script: s.Script) -> None:
        started = time.perf_counter()
        root = logging.getLogger()
        root.addHandler(self.caught)
        STATS.examples += 1
        STATS.setups[script.staff] += 1
        try:
            await self.reset(script)
            for number, action in enumerate(script.actions):
                await self.act(number, action)
        except BaseException:
            STATS.failures += 1
            raise
        finally:
            root.removeHandler(self.caught)
            STATS.seconds += time.perf_counter() - started

    async def act(self, number: int, action: s.Action) -> None:
        update, sender, kind = self.update_for(action)
        if update is None:
            return
        role = self.role_of(sender)  # as stored now: an invite or a revocation changes it
        watched = role in ("newcomer", "agent")
        asked, done = len(self.requested.methods), len(self.session.requests)
        refused, handled = len(self.session.refused), len(self.witness.handlers)
        writes = self.writes
        states = self.ticket_states() if self.posts else {}
        closed = {n for n, state in states.items() if state == "closed"}
        staff = self.in_staff_group(update, sender, states) if kind == "staff message" else None
        STATS.count(kind)
        await self.dispatcher.feed_update(self.bot, update)
        methods = self.requested.methods[asked:]
        actual = self.session.requests[done:]
        handlers = self.witness.handlers[handled:]
        count_requests(actual, handlers, self.setup)
        wrote = self.writes > writes
        delivered = await self.deliver_tickets() if wrote else []
        where = f"action {number} ({action!r}), {kind}, handled by {handlers}"

        problems = [f"logged: {line}" for line in self.caught.take()]
        problems += self.refusals(refused)
        for method in self.session.requests[done:]:
            problems += limit_problems(method)
        problems += self.reply_problems(update, kind, sender, methods, handlers)
        problems += ticket_problems(update, kind, handlers, delivered, closed, staff)
        if "share_card" in handlers:
            problems += self.share_problems(actual)
        if watched and wrote:
            problems += self.changes_problems(action, sender, role)
        elif wrote:
            self.snapshot = None  # staff may change anything: look again before the next
        if watched:
            problems += self.content_problems(role, methods)
        if kind != "replay":
            self.fed.append(update)
        assert not problems, f"{where}:\n" + "\n".join(problems)

    def ticket_states(self) -> dict[int, str]:
        with self.engine.connect() as connection:
            found = connection.execute(sa.select(Ticket.id, Ticket.state))
            return {int(n): str(state) for n, state in found if n is not None}

    async def deliver_tickets(self) -> list[Delivery]:
        """The tickets' messages (both ways) waiting to go out, sent as the delivery worker
        sends them, so that the staff's card and the person's reply buttons are shown."""
        with self.engine.connect() as connection:
            rows = [
                Delivery.model_validate(row)
                for row in connection.execute(
                    sa.select(Delivery.__table__).where(
                        col(Delivery.batch).startswith("ticket:"), col(Delivery.state) == "pending"
                    )
                ).mappings()
            ]
        sent: dict[int | None, int | None] = {}
        for row in rows:
            assert row.chat_id is not None
            parcel = Parcel(
                row.chat_id, row.text, row.reply_markup, row.copy_from, row.copy_id, row.thread_id
            )
            # Telegram's refusal is counted by `refusals`, as any other.
            try:
                sent[row.id] = await self.sender.send(parcel)
            except DeliveryError:
                sent[row.id] = None  # given up, as the worker does: not sent again
                continue
            if row.chat_id == STAFF_GROUP.id and sent[row.id] is not None:
                ticket = int(str(row.batch).split(":")[1])
                self.posts[int(sent[row.id] or 0)] = ticket
                if row.thread_id is not None:
                    self.threads[row.thread_id] = ticket
        # Written after the sends: no transaction held while the bot's own tasks run.
        with self.engine.begin() as connection:
            for row_id, message_id in sent.items():
                connection.execute(
                    sa.update(Delivery.__table__)
                    .where(col(Delivery.id) == row_id)
                    .values(
                        state="sent" if message_id is not None else "failed",
                        sent_message_id=message_id,
                    )
                )
        return rows

    def in_staff_group(
        self, update: Update, sender: int | None, states: dict[int, str]
    ) -> InStaffGroup:
        """What a message in the staff group is about, as the harness saw the tickets'
        messages delivered: its topic's ticket (a forum), or that of the bot's message it
        replies to (a plain group)."""
        message, about = update.message, None
        if message is not None and message.is_topic_message and message.message_thread_id:
            about = self.threads.get(message.message_thread_id)
        elif message is not None and message.reply_to_message is not None:
            about = self.posts.get(message.reply_to_message.message_id)
        live = about in states and states[about] != "closed"
        return InStaffGroup(about, live, sender == s.STAFF)

    def role_of(self, sender: int | None) -> str | None:
        """The sender's role as stored now (None: nobody's update, such as a channel post)."""
        if sender == s.STAFF:
            return "staff"
        if sender is None:
            return None
        if self.snapshot is None:
            self.snapshot = self.take_snapshot()
        stored = {r["telegram_id"]: r["role"] for r in self.snapshot["users"]}
        return stored.get(self.ids[sender], "newcomer")

    def refusals(self, since: int) -> list[str]:
        """What Telegram would have refused since the `since`-th refusal (a second tap's
        "not modified" is counted, not a problem)."""
        problems = []
        for method, why in self.session.refused[since:]:
            if why == NOT_MODIFIED:
                STATS.not_modified += 1
            else:
                problems.append(f"Telegram would refuse {type(method).__name__}: {why}")
        return problems

    def changes_problems(self, action: s.Action, sender: int, role: str) -> list[str]:
        """What a newcomer's or agent's update changed in the database that their role does
        not allow; the snapshot moves on to now."""
        after = self.take_snapshot()
        assert self.snapshot is not None
        code = None
        if isinstance(action, s.Say) and (action.text or "").startswith("/start "):
            code = self.filled(action.text or "").split(" ", 1)[1]
        problems = role_problems(self.snapshot, after, self.ids[sender], role, code)
        self.snapshot = after
        return problems

    def reply_problems(
        self,
        update: Update,
        kind: str,
        sender: int | None,
        methods: list[TelegramMethod[Any]],
        handlers: list[str],
    ) -> list[str]:
        sent = sends(methods)
        answers = [m for m in methods if isinstance(m, AnswerCallbackQuery)]
        if kind == "replay":
            return [f"an update sent again was handled again: {methods}"] if methods else []
        if kind in ("private message", "private button", "staff message", "staff button", "edit"):
            # Staff in their group are answered there; the person only through the outbox.
            own = self.chat_of(kind, sender)
            problems = [
                f"{type(m).__name__} to chat {m.chat_id}, not the sender's {own}"
                for m in [*sent, *(m for m in methods if isinstance(m, EDITS))]
                if m.chat_id != own
            ]
            if len(sent) > 1 and not set(handlers) & set(MULTI_REPLY):
                problems.append(
                    f"{len(sent)} messages for one update: {[_text_of(m) for m in sent]}"
                )
            if kind == "private message" and handlers and not sent:
                problems.append("a message a handler took got no reply")
            if kind == "edit" and handlers and len(sent) != 1:  # asked to send it again
                problems.append(f"an edit got {len(sent)} replies")
            if kind.endswith("button") and handlers and len(answers) != 1:
                problems.append(f"a button answered {len(answers)} times")
            return problems
        if kind in ("inline button", "group button"):
            others = [m for m in methods if not isinstance(m, AnswerCallbackQuery)]
            problems = [f"{kind}: {others}"] if others else []
            if handlers and len(answers) != 1:
                problems.append(f"a button answered {len(answers)} times")
            return problems
        # Groups, channels, a blocked bot: nothing to say.
        return [f"{kind} was answered: {methods}"] if methods else []

    def share_problems(self, actual: list[TelegramMethod[Any]]) -> list[str]:
        """A card goes to the agents at most once for each time staff were asked to confirm
        (a second tap, or one after the flow ended, sends nothing), and the question says how
        many agents it would go to now."""
        questions = [m for m in sends(actual) if asks_to_share(m)]
        self.confirmations += len(questions)
        with self.engine.connect() as connection:
            shared = connection.scalar(
                sa.select(sa.func.count()).where(
                    col(Broadcast.picture).startswith(f"{CARD_PICTURES}/")
                )
            )
            agents = connection.scalar(
                sa.select(sa.func.count()).where(
                    col(StoredUser.role) == "agent", col(StoredUser.active).is_(True)
                )
            )
        problems = [
            f"staff asked to send a card to {told} agents, who are {agents}"
            for told in (int(n) for q in questions for n in COUNT.findall(q.text))
            if told != agents
        ]
        if shared and shared > self.confirmations:
            problems.append(f"{shared} cards sent to the agents for {self.confirmations} asked")
        return problems

    def content_problems(self, role: str | None, methods: list[TelegramMethod[Any]]) -> list[str]:
        problems = []
        for method in methods:
            text = _text_of(method)
            if "?start=" in text:
                problems.append(f"a {role} got an invite link")
            if isinstance(method, SendPhoto) and not (role == "agent" and _is_card(method)):
                problems.append(f"a {role} got a picture not for them (a chart, a card)")
            if role == "newcomer" and any(argument in text for argument in self.arguments):
                problems.append("a newcomer got agents' arguments")
        return problems

    # -- building updates -------------------------------------------------------------------

    def update_for(self, action: s.Action) -> tuple[Update | None, int | None, str]:
        """The update an action sends, who sends it, and its kind."""
        if isinstance(action, s.Replay):
            if not self.fed:
                return None, None, ""
            update = self.fed[action.nth % len(self.fed)]
            sender = update.event.from_user.id if getattr(update.event, "from_user", None) else 0
            return update, self._part(sender), "replay"
        if isinstance(action, s.Say):
            return self._say(action)
        if isinstance(action, s.Edit):
            person = self.people[action.who]
            earlier = self.said.get(person.id) or [self.session.next_message_id()]
            message = self._message(
                person, self._private(person), earlier[action.nth % len(earlier)], action.text, ()
            )
            message = message.model_copy(update={"edit_date": int(time.time())})
            return Update(update_id=next(_UPDATES), edited_message=message), action.who, "edit"
        if isinstance(action, s.ChannelPost):
            post = self._message(None, CHANNEL, self.session.next_message_id(), action.text, ())
            if action.edited:
                post = post.model_copy(update={"edit_date": int(time.time())})
                return Update(update_id=next(_UPDATES), edited_channel_post=post), None, "channel"
            return Update(update_id=next(_UPDATES), channel_post=post), None, "channel"
        if isinstance(action, s.Membership):
            person = self.people[action.who]
            new = (
                ChatMemberBanned(user=BOT_USER, until_date=0)
                if action.blocked
                else ChatMemberMember(user=BOT_USER)
            )
            old = (
                ChatMemberMember(user=BOT_USER)
                if action.blocked
                else ChatMemberBanned(user=BOT_USER, until_date=0)
            )
            changed = ChatMemberUpdated(
                chat=self._private(person),
                from_user=person,
                date=datetime.now(UTC),
                old_chat_member=old,
                new_chat_member=new,
            )
            return Update(update_id=next(_UPDATES), my_chat_member=changed), action.who, "member"
        if action.source == "again" and self.pressed is None:
            return None, None, ""  # nothing pressed yet to press again
        return self._press(action)

    def chat_of(self, kind: str, sender: int | None) -> int | None:
        """Where an update's replies belong: the staff group, or the sender's own chat."""
        if kind.startswith("staff"):
            return STAFF_GROUP.id
        return self.ids[sender] if sender is not None else None

    def _part(self, telegram_id: int) -> int | None:
        return self.ids.index(telegram_id) if telegram_id in self.ids else None

    @staticmethod
    def _private(person: User) -> Chat:
        return Chat(id=person.id, type="private")

    def _message(
        self,
        person: User | None,
        chat: Chat,
        message_id: int,
        text: str | None,
        entities: tuple[s.Entity, ...],
        media: str | None = None,
    ) -> Message:
        fields: dict[str, Any] = {}
        formatting = message_entities(text or "", entities, person) or None
        if media is None:
            fields = {"text": text, "entities": formatting}
        else:
            fields = media_fields(media)
            if media in CAPTIONED and text:
                fields |= {"caption": text, "caption_entities": formatting}
        if person is None:
            fields["sender_chat"] = chat
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=chat,
            from_user=person,
            **fields,
        )

    def filled(self, text: str) -> str:
        """The text with the last invite code the bot gave and the agent's id put in."""
        if s.INVITE in text:
            links = [
                m.text for m in self.session.sent(SendMessage) if m.text and "?start=" in m.text
            ]
            text = text.replace(s.INVITE, links[-1].rsplit("start=", 1)[1] if links else "none")
        return text.replace(s.AGENT_ID, str(self.ids[s.AGENT]))

    def _say(self, action: s.Say) -> tuple[Update, int | None, str]:
        person = self.people[action.who]
        message_id = self.session.next_message_id()
        if action.text:
            action = replace(action, text=self.filled(action.text))
        if action.chat == "channel":
            post = self._message(
                None, CHANNEL, message_id, action.text, action.entities, action.media
            )
            return Update(update_id=next(_UPDATES), channel_post=post), None, "channel"
        chat = OTHER_CHATS.get(action.chat) or self._private(person)
        message = self._message(
            person, chat, message_id, action.text, action.entities, action.media
        )
        if action.chat == "private":
            self.said.setdefault(person.id, []).append(message_id)
            kind = "private message"
        elif action.chat in ("staff", "topic", "first", "stray"):
            message = message.model_copy(update=self._in_staff_group(action.chat, person))
            kind = f"{self.staff_group} message"
        else:
            kind = "group message"
        return Update(update_id=next(_UPDATES), message=message), action.who, kind

    def _in_staff_group(self, chat: str, person: User) -> dict[str, Any]:
        """Where in the staff group a message goes: about the last ticket or the first (in its
        topic, in a forum; else in reply to its last message there), in reply to a message
        about no ticket ("stray"), or neither ("staff")."""
        where: dict[str, Any] = {"chat": self.group}
        if chat in ("topic", "first") and self.setup == "forum" and self.topics:
            topic = self.topics[-1 if chat == "topic" else 0]
            return where | {"message_thread_id": topic, "is_topic_message": True}
        if chat in ("topic", "first") and self.posts:
            tickets = list(dict.fromkeys(self.posts.values()))
            ticket = tickets[-1 if chat == "topic" else 0]
            last = max(m for m, t in self.posts.items() if t == ticket)
            return where | self._reply_to(last, BOT_USER)
        if chat == "stray":
            # One of the bot's messages there about no ticket (its answers to staff), or a
            # member's own.
            others = [
                m.message_id
                for m in self.session.replies
                if m.chat.id == STAFF_GROUP.id and m.message_id not in self.posts
            ]
            if others:
                return where | self._reply_to(others[-1], BOT_USER)
            return where | self._reply_to(self.session.next_message_id(), person)
        return where

    def _reply_to(self, message_id: int, author: User) -> dict[str, Any]:
        """A reply to a message in the staff group, as Telegram sends it: in a plain
        supergroup, the reply's thread is numbered by the message it starts from."""
        text, _ = self.session.rules.messages.get((STAFF_GROUP.id, message_id), ("…", None))
        replied = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=self.group,
            from_user=author,
            text=text or "…",
        )
        thread = message_id if self.setup != "forum" else None
        return {"reply_to_message": replied, "message_thread_id": thread}

    def _press(self, action: s.Press) -> tuple[Update, int, str]:
        person = self.people[action.who]
        shown: Shown | None = None
        if action.source == "again" and self.pressed:
            shown = self.pressed
            data = shown.data
        elif action.source == "shown" and self.shown:
            shown = self.shown[action.nth % len(self.shown)]
            data = shown.data
        elif action.source == "random":
            data = action.data
        else:
            templates = TEMPLATES
            data = templates[action.nth % len(templates)]
        if action.mutation is not None:
            data = mutate(data, action.mutation)
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="…", callback_data=data)]]
        )
        message: Message | InaccessibleMessage | None = None
        # In the staff group: on the message the button came with there, or on one of its own.
        in_staff = action.on == "staff" or (shown is not None and shown.chat_id == STAFF_GROUP.id)
        chat = self.group if in_staff else self._private(person)
        kind = f"{self.staff_group} button" if in_staff else "private button"
        if action.on == "inline":
            kind = "inline button"
        elif action.on == "inaccessible":
            message_id = shown.message_id if shown else self.session.next_message_id()
            message = InaccessibleMessage(chat=chat, message_id=message_id)
        elif action.on == "group":
            kind = "group button"
            message = Message(
                message_id=self.session.next_message_id(),
                date=datetime.now(UTC),
                chat=SUPERGROUP,
                from_user=BOT_USER,
                text="…",
                reply_markup=markup,
            )
        elif shown is not None and shown.chat_id == chat.id and data == shown.data:
            # The message the button came with, as it shows now.
            text, buttons = self.session.rules.messages.get(
                (shown.chat_id, shown.message_id), ("…", None)
            )
            message = Message(
                message_id=shown.message_id,
                date=datetime.now(UTC),
                chat=chat,
                from_user=BOT_USER,
                text=text,
                reply_markup=InlineKeyboardMarkup.model_validate_json(buttons) if buttons else None,
            )
        else:
            # Someone else's button, or data a client made up: on a message of its own.
            message = Message(
                message_id=self.session.next_message_id(),
                date=datetime.now(UTC),
                chat=chat,
                from_user=BOT_USER,
                text="…",
                reply_markup=markup,
            )
            self.session.remember(message)
        if message is not None and message.chat.id in (person.id, STAFF_GROUP.id):
            self.pressed = Shown(data, message.chat.id, message.message_id)
        query = CallbackQuery(
            id=f"q{next(_QUERIES)}",
            from_user=person,
            chat_instance="fuzz",
            message=message,
            inline_message_id="inline-1" if action.on == "inline" else None,
            data=data,
        )
        return Update(update_id=next(_UPDATES), callback_query=query), action.who, kind


def mutate(data: str, mutation: s.Mutation) -> str:
    if mutation.how == "field":
        fields = data.split(":")
        fields[mutation.index % len(fields)] = mutation.value
        return ":".join(fields)
    if mutation.how == "cut":
        return data[: mutation.index % (len(data) + 1)] or mutation.value
    if mutation.how == "append":
        return data + mutation.value
    if not data or not mutation.value:
        return data + mutation.value
    at = mutation.index % len(data)
    return data[:at] + mutation.value[0] + data[at + 1 :]


# Button data of every kind the bot makes, with values that exist and some that do not.
TEMPLATES = (
    "lang:en",
    "lang:uk",
    "lang:ru",
    "topic:",
    "topic:health",
    "topic:nosuch",
    "entry:health-family-doctor",
    "entry:rumour-trip-lose-status",
    "entry:rumour-benefits",
    "fb:health-family-doctor:1",
    "fb:health-family-doctor:0",
    "fb:rumour-benefits:1",
    "contact",
    "forget:1",
    "forget:0",
    "rp:",
    "rp:rumour-benefits",
    "arg:rumour-benefits:data:en",
    "arg:rumour-benefits:empathy:uk",
    "ctx:place:0",
    "ctx:district:-1",
    "ctx:target:1",
    "bar:4",
    "bar:8",
    "bar:5",
    "unsub:news",
    "unsub:events",
    "sub:news",
    "sub:topic.health",
    "subt:news:1",
    "subt:topic.health:0",
    "dist:0",
    "dist:-1",
    "aud:languages",
    "aud:roles",
    "aud:districts",
    "aud:interest",
    "aud:done",
    "bc:now:0",
    "bc:later:0",
    "bc:abort:0",
    "bc:drop:1",
    "ev:join:1",
    "ev:leave:1",
    "ev:ics:1",
    "ev:join:2",
    "ev:time:1",
    "ev:place:1",
    "ev:places:1",
    "ev:cancel:1",
    "ev:cancelled:1",
    "ev:keep:1",
    "ev:publish:0",
    "ev:quiet:0",
    "ev:abort:0",
    "pf:situation:-1:1",
    "pf:situation:0:1",
    "pf:situation:-3:0",
    "pf:children:0:1",
    "pf:children:-2:1",
    "pf:ages:1:0",
    "pft:ages:1:0:1",
    "pft:interests:0:1:0",
    "pf:ages:-2:0",
    "pf:district:2:0",
    "pf:district:-3:1",
    "pf:interests:0:1",
    "pf:interests:-2:1",
    "pf:summary:-1:0",
    "pf:summary:9:0",
    "cl:list:",
    "cl:open:register-address",
    "cl:open:school",
    "cl:done:bank-account",
    "cl:skip:find-work",
    "cl:undo:bank-account",
    "cl:remind:",
    "cl:quiet:",
    "cl:done:nosuch",
    "aud:situations",
    "aud:ages",
    "ag:revoke:1",
    "ag:restore:5",
    "ag:revoke:99",
    "agp:0",
    "agp:1",
    "agp:2",
    "agp:3",
    "agp:-1",
    "agp:99999999999999999999",
    "agp:",
    "cr:rumour-benefits:en",
    "cr:rumour-benefits:xx",
    "card:rumour-benefits:empathy:uk",
    "card:rumour-benefits:data:en",
    "cshare:rumour-benefits:empathy",
    "cshare:rumour-benefits:empathy:ask",
    "cshare:rumour-benefits:empathy:send",
    "cshare:rumour-benefits:contradiction:keep",
    "cshare:rumour-benefits:data:send",
    "cshare:rumour-benefits:empathy:drop",
    "cshare:nosuch:data:send",
    "tk:ask:0",
    "tk:ask:1",
    "tk:share:1",
    "tk:write:1",
    "tk:leave:1",
    "tk:close:1",
    "tk:close:2",
    "tk:reopen:1",
    "tk:sclose:1",
    "tk:sclose:0",
    "tk:nosuch:1",
)

CAPTIONED = {"photo", "voice", "document", "video", "animation", "audio"}


def media_fields(media: str) -> dict[str, Any]:
    file = {"file_id": f"fuzz-{media}", "file_unique_id": f"fuzz-{media}"}
    return {
        "sticker": lambda: {
            "sticker": Sticker(
                **file, type="regular", width=512, height=512, is_animated=False, is_video=False
            )
        },
        "photo": lambda: {"photo": [PhotoSize(**file, width=800, height=600)]},
        "voice": lambda: {"voice": Voice(**file, duration=3)},
        "location": lambda: {"location": Location(latitude=50.45, longitude=30.52)},
        "contact": lambda: {"contact": Contact(phone_number="+380441234567", first_name="Ann")},
        "document": lambda: {"document": Document(**file, file_name="passport.pdf")},
        "video": lambda: {"video": Video(**file, width=640, height=480, duration=5)},
        "video_note": lambda: {"video_note": VideoNote(**file, length=240, duration=5)},
        "animation": lambda: {"animation": Animation(**file, width=320, height=240, duration=2)},
        "audio": lambda: {"audio": Audio(**file, duration=60)},
        "dice": lambda: {"dice": Dice(emoji="🎲", value=6)},
        "poll": lambda: {
            "poll": Poll(
                id="fuzz-poll",
                question="Which day?",
                options=[PollOption(persistent_id="1", text="Mon", voter_count=0)],
                total_voter_count=0,
                is_closed=False,
                is_anonymous=True,
                type="regular",
                allows_multiple_answers=False,
                allows_revoting=False,
                members_only=False,
            )
        },
    }[media]()


def message_entities(
    text: str, wanted: tuple[s.Entity, ...], person: User | None
) -> list[MessageEntity]:
    """Entities as Telegram sends them: within the text, in UTF-16 units, never splitting a
    character, nested or apart but never crossing."""
    if not text:
        return []
    # UTF-16 offset of each character boundary.
    bounds = [0]
    for char in text:
        bounds.append(bounds[-1] + utf16_length(char))
    kept: list[MessageEntity] = []
    spans: list[tuple[int, int]] = []
    for entity in wanted:
        start = int(entity.start * (len(text) - 1))
        end = min(len(text), start + 1 + int(entity.share * (len(text) - start - 1)))
        offset, stop = bounds[start], bounds[end]
        if any(a < offset < b < stop or offset < a < stop < b for a, b in spans):
            continue  # crossing another: Telegram never sends that
        spans.append((offset, stop))
        extra: dict[str, Any] = {
            "pre": {"language": "python"},
            "text_link": {"url": "https://example.org/?a=1&b=<2>"},
            "text_mention": {"user": person or BOT_USER},
            "custom_emoji": {"custom_emoji_id": "5368324170671202286"},
            "date_time": {"unix_time": 1_798_761_600, "date_time_format": "wDT"},
        }.get(entity.type, {})
        kept.append(MessageEntity(type=entity.type, offset=offset, length=stop - offset, **extra))
    return sorted(kept, key=lambda e: (e.offset, -e.length))


# The roster's other agents: their ids, and names and invite labels at their longest, with
# HTML's characters, or none.
TEAM_ID = 8_000_000_001
TEAM_NAMES = (None, "Olena <b>&</b> Co", "🇺🇦" * 20, "Я" * 40)
TEAM_LABELS = (None, "Library <poster> & flyers", "x" * 80)


def seed(now: datetime, team: int = 0) -> dict[type[SQLModel], list[dict[str, Any]]]:
    """What the centre has before the script: events (one place only; one for agents), a
    broadcast waiting to go out, reports and unanswered questions for the staff's lists, and
    `team` more agents on the roster (of every five, one revoked and one who blocked the bot)."""
    week = f"{now.isocalendar().year}-W{now.isocalendar().week:02d}"
    event = {
        "description": {"en": "Practise Ukrainian over tea."},
        "place": {"en": "Library", "uk": "Бібліотека"},
        "starts": now + timedelta(days=3),
        "ends": None,
        "timezone": "Europe/Kyiv",
        "state": "active",
        "created": now,
    }
    return {
        Event: [
            event
            | {
                "title": {"en": "Language café", "uk": "Мовне кафе"},
                "audience": Audience(interest=EVENTS).to_json(),
                "capacity": 1,
            },
            event
            | {
                "title": {"en": "Agents' meeting"},
                "audience": Audience(interest=EVENTS, roles=("agent",)).to_json(),
                "capacity": None,
            },
        ],
        Broadcast: [
            {
                "texts": {"en": "<b>Soon:</b> a new office", "uk": "<b>Скоро:</b> новий офіс"},
                "audience": Audience().to_json(),
                "due": now + timedelta(days=2),
                "state": "scheduled",
                "status_chat_id": STAFF_ID,
                "status_message_id": None,
                "created": now,
            }
        ],
        RumourReport: [
            {
                "rumour_id": rumour,
                "score": 0.9,
                "text": text,
                "place": None,
                "district": None,
                "target": None,
                "lang": "en",
                "week": week,
                "agent_key": f"seed-{n}",
                "created": now - timedelta(days=n),
            }
            for n, (rumour, text) in enumerate(
                [
                    ("rumour-benefits", "they get more money"),
                    (None, "the new tram <b>costs</b> double for newcomers"),
                    (None, "the new tram costs double for newcomers & others"),
                ]
            )
        ],
        UnansweredQuestion: [
            {
                "text": text,
                "lang": "en",
                "best_entry_id": None,
                "best_score": 0.1,
                "created": now - timedelta(hours=1),
            }
            for text in ("what is the weather on mars", "where can I fix my <bike>", "ĳ ﷽ 𝕏")
        ],
        StoredUser: [
            {
                "telegram_id": TEAM_ID + n,
                "language": ("en", "uk")[n % 2],
                "role": "newcomer" if n % 5 == 4 else "agent",
                "active": n % 5 != 2,  # blocked the bot, as the delivery worker found
                "created": now,
            }
            for n in range(team)
        ],
        Agent: [
            {
                "telegram_id": TEAM_ID + n,
                "name": TEAM_NAMES[n % len(TEAM_NAMES)],
                "joined": now - timedelta(days=n),
                "revoked": now if n % 5 == 4 else None,
                "invite_label": TEAM_LABELS[n % len(TEAM_LABELS)],
                "report_days": [now.date().isoformat()] * (n % 3),
            }
            for n in range(team)
        ],
    }
