"""Inbound throughput: synthetic updates through the Dispatcher with an in-memory Bot API.

Compares a bare aiogram echo bot (the floor of what aiogram itself costs) with welcomebot on
SQLite and on PostgreSQL. Questions mix Ukrainian and English, answered and not, from many
users. PostgreSQL is measured only when WELCOMEBOT_TEST_DATABASE_URL points at a server.

    python -m benchmarks.inbound [--updates 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from aiogram import Dispatcher
from aiogram.types import Chat, Message, Update, User

from welcomebot.app import build_app
from welcomebot.config import load_settings
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "How do I find a flat to rent?",
    "де знайти сімейного лікаря",
    "my son is 7, which school",
    "чи можна поїхати в Україну з тимчасовим захистом",
    "what is the weather on mars",
    "потрібен перекладач до лікаря",
    "how much is the bus ticket",
    "шукаю роботу, є вакансії?",
]


def updates(count: int) -> list[Update]:
    ids = itertools.count(1)
    made = []
    for number in range(count):
        user_id = 10_000 + number % 500  # many users, each asking several times
        person = User(id=user_id, is_bot=False, first_name="U", language_code="uk")
        message = Message(
            message_id=next(ids),
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=person,
            text=QUESTIONS[number % len(QUESTIONS)],
        )
        made.append(Update(update_id=next(ids), message=message))
    return made


async def rate(dispatcher: Dispatcher, batch: list[Update]) -> float:
    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", LocalSession())
    for update in batch[:50]:  # warm caches, as a running bot has them
        await dispatcher.feed_update(bot, update)
    start = time.perf_counter()
    for update in batch:
        await dispatcher.feed_update(bot, update)
    return len(batch) / (time.perf_counter() - start)


def echo_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()

    # No filter: aiogram runs a magic filter such as F.text in a thread on every check
    # (3.2x), which would make the floor slower than it is.
    @dispatcher.message()
    async def echo(message: Message) -> None:
        if message.text:
            await message.answer(message.text)

    return dispatcher


async def welcomebot_rate(batch: list[Update], database_url: str) -> float:
    folder = Path(tempfile.mkdtemp())
    settings = load_settings(
        data_dir=folder,
        content_dir=REPO / "content",
        database_url=database_url,
        flood_messages=10**6,
    )
    app = build_app(settings)
    try:
        return await rate(build_dispatcher(app), batch)
    finally:
        await app.close()


async def main(count: int) -> None:
    batch = updates(count)
    rows = [("bare aiogram echo bot (floor)", await rate(echo_dispatcher(), batch))]
    rows.append(("welcomebot on SQLite", await welcomebot_rate(batch, "")))
    server = os.environ.get("WELCOMEBOT_TEST_DATABASE_URL", "")
    if server:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(server)
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = sa.engine.make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            rows.append(
                (
                    "welcomebot on PostgreSQL",
                    await welcomebot_rate(batch, url.render_as_string(hide_password=False)),
                )
            )
        finally:
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    floor = rows[0][1]
    print(f"{count:,} updates, one core, one process\n")
    print("| dispatcher | updates/s | ratio to echo |\n|---|---:|---:|")
    for name, value in rows:
        print(f"| {name} | {value:,.0f} | {value / floor:.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    asyncio.run(main(parser.parse_args().updates))
