"""`welcomebot run` as a process, long polling a Bot API server on localhost (tests/fakes)."""

import asyncio
import json
import signal
import subprocess
import sys

from aiogram.client.telegram import TelegramAPIServer

from welcomebot.i18n import Translator
from welcomebot.telegram.commands import set_menus
from welcomebot.telegram.dispatcher import build_bot
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession

from .fakes.bot_api import FakeBotAPI
from .fakes.fit_lock import fit_held_back
from .fakes.process_env import processes_naming, start_welcomebot, welcomebot_env
from .fakes.repo import DEMO_CONTENT


async def start_run(api: FakeBotAPI, folder, database_url: str = "", **settings: str):
    """`welcomebot run` as a process, polling the fake Bot API."""
    folder.mkdir(parents=True, exist_ok=True)  # on PostgreSQL nothing else creates it
    env = welcomebot_env(
        telegram_token="123:TEST",
        telegram_api_url=api.url,
        data_dir=str(folder),
        database_url=database_url,
        content_dir=str(DEMO_CONTENT),
        **settings,
    )
    return await start_welcomebot("run", env=env, cwd=folder)


async def test_run_polls_the_configured_api_url_and_answers(tmp_path):
    async with FakeBotAPI() as api:
        process = await start_run(api, tmp_path)
        try:
            api.push_message("How do I find a flat to rent?")
            [sent] = await api.wait_for("sendMessage", timeout=60)
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert sent["chat_id"] == "1001"
        assert sent["text"].startswith("<b>How do I find a flat to rent?</b>\n\nMost rentals")
        assert json.loads(sent["reply_markup"])["inline_keyboard"][0][0]["callback_data"] == (
            "fb:housing-find-rental:1"
        )
        menus = api.called("setMyCommands")
        assert {m.get("language_code") for m in menus} == {None, "en", "uk"}
        assert process.returncode == 0, stderr.decode()
        assert b"Traceback" not in stderr


async def test_a_first_run_answers_before_the_decision_is_fitted_and_stops_the_fit(tmp_path):
    """New content: the rule answers at once while a child fits the decision; stopping the
    bot stops the child too (it would otherwise outlive the bot)."""
    cache = tmp_path / "cache"
    async with FakeBotAPI() as api:
        process = await start_run(api, tmp_path / "data", decision_cache=str(cache))
        with fit_held_back(DEMO_CONTENT, cache):  # stopped while it waits
            try:
                api.push_message("How do I find a flat to rent?")
                [sent] = await api.wait_for("sendMessage", timeout=60)
                assert not list(cache.glob("decision-*.json"))  # the reply did not wait for it
                assert processes_naming(cache)  # the fit is under way
            finally:
                process.send_signal(signal.SIGINT)
                _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert sent["text"].startswith("<b>How do I find a flat to rent?</b>\n\nMost rentals")
        assert process.returncode == 0, stderr.decode()
        assert b"Traceback" not in stderr
        assert processes_naming(cache) == []


async def test_menus_are_set_per_language():
    session = LocalSession()
    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", session)
    await set_menus(bot, Translator())
    menus = {
        r.language_code: [(c.command, c.description) for c in r.commands] for r in session.requests
    }
    assert menus["uk"] == [
        ("topics", "Питання за темами"),
        ("ask", "Запитати працівника центру"),
        ("checklist", "Мої перші кроки в місті"),
        ("profile", "Мій необов'язковий профіль"),
        ("events", "Найближчі події та запис"),
        ("subscriptions", "Обрати, які оголошення отримувати"),
        ("language", "Змінити мову"),
        ("timezone", "Часовий пояс, у якому показано дати"),
        ("cancel", "Зупинити заповнення форми без збереження"),
        ("help", "Як користуватися ботом"),
        ("mydata", "Переглянути все, що бот зберігає про мене"),
        ("forget", "Видалити мої дані"),
    ]
    assert menus["en"][0] == ("topics", "Browse questions by topic")
    assert menus[None] == menus["en"]


async def test_staff_get_a_menu_with_their_commands_in_their_chats():
    session = LocalSession()
    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", session)
    await set_menus(bot, Translator(), staff_ids=[500])
    staff = {r.language_code: r for r in session.requests if r.scope is not None}
    assert set(staff) == {None, "en", "uk"}
    assert all(r.scope.chat_id == 500 for r in staff.values())
    commands = [(c.command, c.description) for c in staff["uk"].commands]
    everyone = next(r for r in session.requests if r.scope is None and r.language_code == "uk")
    assert commands[:12] == [(c.command, c.description) for c in everyone.commands]
    assert commands[12:] == [
        ("newevent", "Персонал: створити подію"),
        ("broadcast", "Персонал: надіслати оголошення"),
        ("scheduled", "Персонал: оголошення, які ще не надіслано"),
        ("barometer", "Персонал: барометр чуток"),
        ("emerging", "Персонал: нові чутки, на які ще ніхто не відповів"),
        ("unanswered", "Персонал: питання, на які бот не зміг відповісти"),
        ("gaps", "Персонал: групи питань без певної відповіді"),
        ("stats", "Персонал: статистика без персональних даних"),
        ("invite", "Персонал: запросити агента протидії чуткам"),
        ("invites", "Персонал: запрошення, якими ще не скористалися"),
        ("agents", "Персонал: агенти протидії чуткам"),
        ("report", "Повідомити про почуту чутку"),
        ("card", "Картка кампанії проти чутки"),
    ]


def test_api_url_is_honoured():
    bot = build_bot("1:X", "http://127.0.0.1:8081", None)
    assert isinstance(bot.session.api, TelegramAPIServer)
    assert bot.session.api.api_url("1:X", "getMe") == "http://127.0.0.1:8081/bot1:X/getMe"


async def test_healthz_names_what_is_down(app):
    from aiogram import Dispatcher
    from aiohttp.test_utils import TestClient, TestServer
    from redis.asyncio import Redis

    from welcomebot.telegram.webhook import build_web_app

    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", LocalSession())
    web_app = build_web_app(app, bot, Dispatcher(), "https://example.org/tg", "secret")
    async with TestClient(TestServer(web_app)) as client:
        response = await client.get("/healthz")
        healthy = {"database": "ok"} | ({"redis": "ok"} if app.redis is not None else {})
        assert (response.status, await response.json()) == (200, healthy)
        if app.redis is not None:
            await app.redis.aclose()
        app.redis = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there
        response = await client.get("/healthz")
        assert response.status == 503
        assert await response.json() == {"database": "ok", "redis": "error: ConnectionError"}
        metrics = await (await client.get("/metrics")).text()
        assert "# TYPE welcomebot_answers_total counter" in metrics
        assert 'welcomebot_delivery_queue{state="pending"} 0.0' in metrics
        unsigned = await client.post("/tg", json={"update_id": 1})
        assert unsigned.status == 401


def test_webhook_mode_names_missing_settings(tmp_path):
    env = welcomebot_env(
        telegram_token="1:X",
        data_dir=str(tmp_path),
        webhook_url="https://bot.example.org/telegram",
    )
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "run", "--webhook"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("welcomebot: WELCOMEBOT_WEBHOOK_SECRET must be set")


async def test_run_delivers_what_the_outbox_holds(app, tmp_path):
    from welcomebot.delivery.outbox import Outbox, Outgoing
    from welcomebot.storage.models import utcnow

    async with app.sessions() as session:
        await Outbox(session).enqueue(
            [Outgoing(f"news:{chat}", chat, f"Hello {chat}") for chat in (11, 12, 13)], utcnow()
        )
        await session.commit()
    async with FakeBotAPI() as api:
        process = await start_run(api, app.settings.data_dir, app.settings.database_url)
        try:
            sent = await api.wait_for("sendMessage", count=3, timeout=60)
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.communicate(), timeout=30)
    assert sorted(m["text"] for m in sent) == ["Hello 11", "Hello 12", "Hello 13"]
    async with app.sessions() as session:
        assert (await Outbox(session).counts())["sent"] == 3
