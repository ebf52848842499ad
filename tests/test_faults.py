"""Faults around the bot: a Bot API that fails now and then, a database that goes away."""

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import EditMessageReplyMarkup
from aiogram.types import CallbackQuery, Chat, Message, Update
from aiogram.types import User as TelegramUser
from sqlalchemy import event
from sqlalchemy.engine import make_url

from welcomebot.app import App
from welcomebot.delivery.errors import Transient
from welcomebot.delivery.worker import Parcel
from welcomebot.storage.models import Interest, User
from welcomebot.telegram import retries
from welcomebot.telegram.callbacks import LanguageChoice, SubscriptionToggle
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import BOT_USER
from welcomebot.telegram.sender import TelegramSender

from .fakes.bot_api import FakeBotAPI
from .fakes.chats import make_chat, rows

OLENA = TelegramUser(id=1001, is_bot=False, first_name="Olena", language_code="en")
CHAT = Chat(id=1001, type="private")
DOCTOR = "<b>How do I register with a family doctor?</b>\n\nChoose a health centre"
SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
DOWN_EN = (
    "Sorry, a technical problem keeps me from doing this right now. Please try again in a few "
    "minutes."
)
DOWN_UK = (
    "Вибачте, через технічну проблему я зараз не можу цього зробити. Спробуйте, будь ласка, ще "
    "раз за кілька хвилин."
)
TOPIC = "topic.health"


def said(update_id: int, text: str) -> Update:
    message = Message(
        message_id=update_id, date=datetime.now(UTC), chat=CHAT, from_user=OLENA, text=text
    )
    return Update(update_id=update_id, message=message)


def pressed(update_id: int, data: str) -> Update:
    shown = Message(message_id=1, date=datetime.now(UTC), chat=CHAT, from_user=BOT_USER)
    query = CallbackQuery(
        id=str(update_id), from_user=OLENA, chat_instance="c", message=shown, data=data
    )
    return Update(update_id=update_id, callback_query=query)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses between attempts, recorded instead of slept."""
    recorded: list[float] = []

    async def record(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(retries, "pause", record)
    return recorded


def real_bot(api: FakeBotAPI) -> Bot:
    """The bot as deployed, on aiohttp, with a client that waits a second for an answer."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url), timeout=1)
    return build_bot("42:TEST", api.url, session)


async def test_a_reply_goes_out_once_through_errors_drops_timeouts_and_a_429(app, waits):
    async with FakeBotAPI() as api:
        bot = real_bot(api)
        api.fail("sendMessage", "502", "drop", "slow", "429")
        await build_dispatcher(app).feed_update(
            bot, said(1, "how do i register with a family doctor")
        )
        await bot.session.close()
    [sent] = api.called("sendMessage")
    assert sent["text"].startswith(DOCTOR)
    assert waits == [0.5, 1.0, 2.0, 3]  # doubling, then as long as the 429 said


async def test_a_language_choice_is_stored_and_told_once_when_the_api_stumbles(app, waits):
    async with FakeBotAPI() as api:
        bot = real_bot(api)
        api.fail("answerCallbackQuery", "drop")
        api.fail("sendMessage", "502", "502")
        await build_dispatcher(app).feed_update(bot, pressed(2, LanguageChoice(code="uk").pack()))
        await bot.session.close()
    assert len(api.called("answerCallbackQuery")) == 1
    [sent] = api.called("sendMessage")
    assert sent["text"].startswith("Готово: відповідатиму українською.")
    assert [(u.telegram_id, u.language) for u in await rows(app, User)] == [(1001, "uk")]


async def test_retries_are_bounded_and_then_the_person_is_told(app, waits):
    async with FakeBotAPI() as api:
        bot = real_bot(api)
        api.fail("sendMessage", *["502"] * retries.ATTEMPTS)
        await build_dispatcher(app).feed_update(
            bot, said(3, "how do i register with a family doctor")
        )
        await bot.session.close()
    assert [m["text"] for m in api.called("sendMessage")] == [SORRY]
    assert waits == [0.5, 1.0, 2.0, 4.0]


async def test_the_delivery_worker_s_sends_are_tried_once_it_retries_them_itself(waits):
    async with FakeBotAPI() as api:
        bot = real_bot(api)
        api.fail("sendMessage", "502", "502")
        with pytest.raises(Transient):
            await TelegramSender(bot).send(Parcel(1001, "News"))
        await bot.session.close()
    assert api.faults_left("sendMessage") == 1
    assert waits == []


@contextlib.contextmanager
def database_down(app: App) -> Iterator[None]:
    """The database goes away. SQLite: its file is gone, and a folder in its place keeps a new
    one from being made. A server: it refuses connections. Connections pooled before are
    lost with it (a file moved away would otherwise stay open and usable)."""
    url = make_url(app.settings.sync_database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        path.rename(path.with_suffix(".away"))
        path.mkdir()
        try:
            yield
        finally:
            path.rmdir()
            path.with_suffix(".away").rename(path)
        return
    refused = app.engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_: object) -> None:
        raise refused("connection refused (the test's outage)")

    event.listen(app.engine.sync_engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(app.engine.sync_engine, "do_connect", refuse)


async def test_while_the_database_is_away_people_are_asked_to_try_again_then_all_works(app):
    uk = make_chat(app, user_id=61, lang="uk")
    await uk.press(LanguageChoice(code="uk").pack())
    await uk.say("/help")  # their profile is cached now: no database trip to know them
    await app.engine.dispose()
    with database_down(app):
        [alert] = [r for r in await uk.press(SubscriptionToggle(interest=TOPIC).pack())]
        assert alert.text == DOWN_UK and alert.show_alert
        [reply] = await uk.say("what is the weather on mars")  # kept for staff: a write
        assert reply.text == DOWN_UK  # in the language they chose
        [reply] = await uk.say("how do i register with a family doctor")  # no database needed
        assert reply.text.startswith(DOCTOR)
        newcomer = make_chat(app, user_id=62, lang="en")
        [reply] = await newcomer.say("/start")  # unknown: looked up in vain
        assert reply.text == DOWN_EN  # in their Telegram's language
    [answer, edit] = await uk.press(SubscriptionToggle(interest=TOPIC).pack())
    assert answer.text == "Збережено." and isinstance(edit, EditMessageReplyMarkup)
    assert (61, TOPIC) in {(i.telegram_id, i.name) for i in await rows(app, Interest)}
    [reply] = await newcomer.say("/start")
    assert reply.text.startswith("Hello! I am the newcomer centre's assistant.")


async def test_a_person_who_blocked_the_bot_before_the_reply_is_no_failure(app, caplog):
    """The reply is refused (403); the error handler neither apologises into the same refusal
    nor lets the update fail."""
    chat = make_chat(app, user_id=7004)
    await chat.press(LanguageChoice(code="en").pack())
    chat.session.blocked.add(7004)
    with caplog.at_level("INFO", logger="welcomebot.telegram.routers.fallback"):
        assert await chat.say("how do I find a family doctor") == []
    assert [r.levelname for r in caplog.records] == ["INFO"]
    assert "refuses the bot's messages" in caplog.records[0].getMessage()
