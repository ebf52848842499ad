"""Inbound throughput: synthetic updates through the Dispatcher with an in-memory Bot API.

Compares a bare aiogram echo bot (the floor of what aiogram itself costs) with welcomebot on
SQLite and on PostgreSQL. Questions mix Ukrainian and English, answered and not, from many
users. PostgreSQL is measured only when WELCOMEBOT_TEST_DATABASE_URL points at a server.

Two ways of feeding: as polling does (Telegram returns up to 100 updates per getUpdates and
aiogram's `start_polling` handles each as its own task, as the webhook handler does too), and
one update at a time, awaiting each (no overlap at all: the latency of every step adds up).
Each figure is the best of `--rounds`, every round on a fresh database, because a shared
two-core machine is noisy.

`--api-latency-ms` makes every Bot API request take that long, as Telegram's round trip does,
so handlers overlap as they do in production; `--choose-language` makes each user's first
update a press of the language button, which stores them (a write per new user). Updates
that end in an error reply (the fallback's "something went wrong", or a database outage)
are counted.

    python -m benchmarks.inbound [--updates 2000] [--rounds 3] [--api-latency-ms 50]
        [--choose-language]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from aiogram import Bot, Dispatcher
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from welcomebot.app import build_app, settle_heap
from welcomebot.config import load_settings
from welcomebot.telegram.callbacks import LanguageChoice
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import BOT_USER, LOCAL_TOKEN, LocalSession

REPO = Path(__file__).resolve().parents[1]
Feed = Callable[[Dispatcher, Bot, list[Update]], Awaitable[None]]
# Written for the demo content, about one in six with no answer in it.
QUESTIONS = [
    "How do I find a flat to rent?",
    "де знайти сімейного лікаря",
    "my son is 7, which school",
    "чи можна поїхати в Україну з тимчасовим захистом",
    "what is the weather on mars",
    "потрібен перекладач до лікаря",
    "how much is the bus ticket",
    "шукаю роботу, є вакансії?",
    "landlord keeps my deposit what can i do",
    "як записати дитину в садочок",
    "where can I learn the language for free",
    "болить зуб, куди звернутися вночі",
    "is it true they take children away from ukrainian families",
    "скільки коштує проїзний для студента",
    "how to open a bank account without address",
    "чи правда, що після реєстрації знімають допомогу",
    "best pizza in town?",
    "хто виграв футбол учора",
    "I need a psychologist who speaks ukrainian",
    "де отримати посвідку на проживання",
    "can my diploma be recognised here",
    "допомога на дитину як оформити",
    "emergency number for an ambulance",
    "де безкоштовні курси мови",
    "my residence permit expires next month",
    "як зареєструвати адресу",
    "recommend a good hairdresser",
    "робота без знання мови",
    "where do I get food help",
    "чи можна взяти з собою собаку в автобус",
]


USERS = 500
_IDS = itertools.count(1)  # update ids are never repeated: a repeat is handled only once


def updates(count: int, first_user: int = 10_000, choose_language: bool = False) -> list[Update]:
    made = []
    for number in range(count):
        user_id = first_user + number % USERS  # many users, each asking several times
        person = User(id=user_id, is_bot=False, first_name="U", language_code="uk")
        chat = Chat(id=user_id, type="private")
        if choose_language and number < USERS:
            shown = Message(message_id=1, date=datetime.now(UTC), chat=chat, from_user=BOT_USER)
            query = CallbackQuery(
                id=str(next(_IDS)),
                from_user=person,
                chat_instance="bench",
                message=shown,
                data=LanguageChoice(code=("uk", "en")[number % 2]).pack(),
            )
            made.append(Update(update_id=next(_IDS), callback_query=query))
            continue
        message = Message(
            message_id=next(_IDS),
            date=datetime.now(UTC),
            chat=chat,
            from_user=person,
            text=QUESTIONS[number % len(QUESTIONS)],
        )
        made.append(Update(update_id=next(_IDS), message=message))
    return made


POLLING_LIMIT = 100  # updates per getUpdates; aiogram's default and Telegram's maximum


async def feed_as_polling(dispatcher: Dispatcher, bot: Bot, batch: list[Update]) -> None:
    for start in range(0, len(batch), POLLING_LIMIT):
        chunk = batch[start : start + POLLING_LIMIT]
        await asyncio.gather(*(dispatcher.feed_update(bot, update) for update in chunk))


async def feed_one_by_one(dispatcher: Dispatcher, bot: Bot, batch: list[Update]) -> None:
    for update in batch:
        await dispatcher.feed_update(bot, update)


FEEDS = {"as polling feeds them": feed_as_polling, "one at a time": feed_one_by_one}


class ErrorReplies(logging.Handler):
    """Counts updates that ended in an error reply: each logs one record, from the fallback
    router's error handler or from the database outage one."""

    LOGGERS = ("welcomebot.telegram.routers.fallback", "welcomebot.telegram.outages")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
            logging.getLogger(name).setLevel(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def rate(dispatcher: Dispatcher, batch: list[Update], feed: Feed, latency: float) -> float:
    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", LocalSession(latency=latency))
    warm = updates(50, first_user=1)  # other users: warms code paths, not the user cache
    await feed_one_by_one(dispatcher, bot, warm)
    start = time.perf_counter()
    await feed(dispatcher, bot, batch)
    return len(batch) / (time.perf_counter() - start)


def echo_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()

    # No filter: aiogram runs a magic filter such as F.text in a thread on every check
    # (3.2x), which would make the floor slower than it is.
    @dispatcher.message()
    async def echo(message: Message) -> None:
        if message.text:
            await message.answer(message.text)

    @dispatcher.callback_query()
    async def pressed(query: CallbackQuery) -> None:  # as much Bot API as choosing a language
        await query.answer()
        if query.message is not None:
            await query.message.answer(query.data or "")

    return dispatcher


async def welcomebot_rate(batch: list[Update], server: str, feed: Feed, latency: float) -> float:
    """One round on a fresh database (SQLite, or a new schema on the server), so no round
    finds the users of the one before."""
    if not server:
        return await _measure(batch, "", feed, latency)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.engine.make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        return await _measure(batch, url.render_as_string(hide_password=False), feed, latency)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


async def _measure(batch: list[Update], database_url: str, feed: Feed, latency: float) -> float:
    settings = load_settings(
        data_dir=Path(tempfile.mkdtemp()),
        content_dir=REPO / "content",
        database_url=database_url,
        flood_messages=10**6,
    )
    app = build_app(settings)
    dispatcher = build_dispatcher(app)
    settle_heap()  # as `welcomebot run` does
    try:
        return await rate(dispatcher, batch, feed, latency)
    finally:
        await app.close()


async def main(count: int, rounds: int, latency_ms: float, choose_language: bool) -> None:
    batch = updates(count, choose_language=choose_language)
    latency = latency_ms / 1000
    logging.getLogger("welcomebot").setLevel(logging.ERROR)  # no secret warning per round
    errors = ErrorReplies()
    server = os.environ.get("WELCOMEBOT_TEST_DATABASE_URL", "")
    print(
        f"{count:,} updates from {USERS} users"
        + (" (the first of each chooses a language)" if choose_language else "")
        + f", Bot API latency {latency_ms:g} ms, one process, best of {rounds} rounds\n"
    )
    print(
        "| dispatcher | "
        + " | ".join(f"{name}: updates/s | ratio" for name in FEEDS)
        + " | error replies |"
    )
    print("|---|" + "---:|---:|" * len(FEEDS) + "---:|")
    contenders: dict[str, Callable[[Feed], Awaitable[float]]] = {
        "bare aiogram echo bot (floor)": lambda feed: rate(echo_dispatcher(), batch, feed, latency),
        "welcomebot on SQLite": lambda feed: welcomebot_rate(batch, "", feed, latency),
    }
    if server:
        contenders["welcomebot on PostgreSQL"] = lambda feed: welcomebot_rate(
            batch, server, feed, latency
        )
    measured: dict[str, list[tuple[float, float]]] = {}
    failed = dict.fromkeys(contenders, 0)
    for feed in FEEDS.values():
        # Rounds take turns, so a slow spell of a shared machine hits every contender alike.
        best = dict.fromkeys(contenders, 0.0)
        for _ in range(rounds):
            for name, measure in contenders.items():
                before = errors.count
                best[name] = max(best[name], await measure(feed))
                failed[name] += errors.count - before
        floor = best["bare aiogram echo bot (floor)"]
        for name, value in best.items():
            measured.setdefault(name, []).append((value, value / floor))
    for name, figures in measured.items():
        cells = [f"{value:,.0f} | {ratio:.2f}" for value, ratio in figures]
        print(f"| {name} | " + " | ".join(cells) + f" | {failed[name]} |")
    handled = len(FEEDS) * rounds * count
    print(f"\n(error replies: counted over every round of both feeds, {handled:,} updates each)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--api-latency-ms", type=float, default=0.0, help="how long each Bot API request takes"
    )
    parser.add_argument(
        "--choose-language",
        action="store_true",
        help="each user's first update presses the language button (stores them)",
    )
    arguments = parser.parse_args()
    asyncio.run(
        main(
            arguments.updates, arguments.rounds, arguments.api_latency_ms, arguments.choose_language
        )
    )
