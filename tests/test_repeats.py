"""An update Telegram sends again is answered once, by one process or by replicas."""

import asyncio
from datetime import UTC, datetime

import pytest
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, Update

from welcomebot.storage.models import Interest, User
from welcomebot.telegram.callbacks import LanguageChoice
from welcomebot.telegram.dispatcher import build_dispatcher
from welcomebot.telegram.local import BOT_USER, LocalChat
from welcomebot.telegram.middlewares.repeats import MemorySeenUpdates

from .fakes.chats import make_chat, rows


def question(chat: LocalChat, update_id: int, text: str) -> Update:
    message = Message(
        message_id=update_id,
        date=datetime.now(UTC),
        chat=chat.chat,
        from_user=chat.person,
        text=text,
    )
    return Update(update_id=update_id, message=message)


def language_press(chat: LocalChat, update_id: int) -> Update:
    shown = Message(message_id=1, date=datetime.now(UTC), chat=chat.chat, from_user=BOT_USER)
    query = CallbackQuery(
        id=f"q{update_id}",
        from_user=chat.person,
        chat_instance="local",
        message=shown,
        data=LanguageChoice(code="uk").pack(),
    )
    return Update(update_id=update_id, callback_query=query)


def replies(chat: LocalChat) -> list[str]:
    return [r.text for r in chat.session.sent(SendMessage)]


async def test_an_update_sent_again_is_answered_once(app):
    chat = make_chat(app, user_id=77)
    ask = question(chat, 900_001, "how do i register with a family doctor")
    assert len(await chat.feed(ask)) == 1
    assert await chat.feed(ask) == []
    press = language_press(chat, 900_002)
    await asyncio.gather(chat.feed(press), chat.feed(press))  # twice at once, too
    assert [text.split("\n")[0] for text in replies(chat)] == [
        "<b>How do I register with a family doctor?</b>",
        "Готово: відповідатиму українською.",
    ]
    assert [u.telegram_id for u in await rows(app, User)] == [77]
    assert len(await rows(app, Interest)) == 2  # the defaults, stored once


async def test_replicas_sharing_redis_answer_an_update_once(app):
    if app.redis is None:
        pytest.skip("replicas share what they saw through Redis: set WELCOMEBOT_TEST_REDIS_URL")
    first = make_chat(app, user_id=78)
    second = LocalChat(build_dispatcher(app), first.bot, first.person)  # another replica
    press = language_press(first, 900_003)
    await asyncio.gather(first.feed(press), second.feed(press))
    ask = question(first, 900_004, "how do i register with a family doctor")
    await second.feed(ask)
    await first.feed(ask)
    assert [text.split("\n")[0] for text in replies(first)] == [
        "Готово: відповідатиму українською.",
        "<b>How do I register with a family doctor?</b>",
    ]


async def test_the_memory_of_updates_is_bounded_and_forgets_after_its_window():
    seen = MemorySeenUpdates(seconds=60, size=3)
    assert [await seen.first(1, n) for n in (1, 2, 1, 3, 4)] == [True, True, False, True, True]
    assert await seen.first(1, 1)  # the oldest made room for the fourth
    assert not await seen.first(1, 4)
    assert await seen.first(2, 4)  # another bot's update 4
    expiring = MemorySeenUpdates(seconds=-1)
    assert await expiring.first(1, 1) and await expiring.first(1, 1)
