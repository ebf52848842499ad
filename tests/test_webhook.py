"""Webhook replicas as real processes: secret token, health, metrics, and two replicas that
behave as one. Needs PostgreSQL and Redis (WELCOMEBOT_TEST_DATABASE_URL and _REDIS_URL)."""

import asyncio
import os
import signal
import socket
import time
from datetime import UTC, datetime

import aiohttp
import pytest

from .fakes.bot_api import FakeBotAPI
from .fakes.process_env import start_welcomebot, welcomebot_env
from .fakes.repo import DEMO_CONTENT, TEST_DATABASE_URL, TEST_REDIS_URL

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="replicas share state through a server: set WELCOMEBOT_TEST_DATABASE_URL and "
    "WELCOMEBOT_TEST_REDIS_URL (CI does)",
)
SECRET = "s3cret-token_for-tests"
STAFF = 500


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Replicas:
    def __init__(self, api: FakeBotAPI, settings, count: int) -> None:
        self.api, self.settings, self.ports = api, settings, [free_port() for _ in range(count)]
        self.processes: list[asyncio.subprocess.Process] = []

    async def __aenter__(self) -> "Replicas":
        for port in self.ports:
            env = welcomebot_env(
                telegram_token="123:TEST",
                telegram_api_url=self.api.url,
                webhook_url=f"http://127.0.0.1:{port}/telegram",
                webhook_secret=SECRET,
                webhook_host="127.0.0.1",
                webhook_port=str(port),
                database_url=self.settings.database_url,
                redis_url=self.settings.redis_url,
                redis_prefix=self.settings.redis_prefix,
                content_dir=str(DEMO_CONTENT),
                data_dir=str(self.settings.data_dir),
                staff_ids=str(STAFF),
                report_secret="report-secret",
            )
            self.processes.append(await start_welcomebot("run", "--webhook", env=env))
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as http:
            for port in self.ports:
                while True:
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    assert time.monotonic() < deadline, "a replica did not become healthy"
                    await asyncio.sleep(0.2)
        return self

    async def __aexit__(self, *exc) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGINT)
        for process in self.processes:
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
            assert b"Traceback" not in stderr, stderr.decode()

    async def post(self, replica: int, update: dict, secret: str | None = SECRET) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{self.ports[replica]}/telegram", json=update, headers=headers
            ) as response,
        ):
            return response.status


def message(update_id: int, user: int, text: str) -> dict:
    person = {"id": user, "is_bot": False, "first_name": "U", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user, "type": "private"},
            "from": person,
            "text": text,
        },
    }


def press(update_id: int, user: int, data: str) -> dict:
    person = {"id": user, "is_bot": False, "first_name": "U", "language_code": "en"}
    bot_message = {
        "message_id": 1,
        "date": int(datetime.now(UTC).timestamp()),
        "chat": {"id": user, "type": "private"},
        "text": "…",
        "from": {"id": 42, "is_bot": True, "first_name": "welcomebot"},
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": person,
            "chat_instance": "c",
            "message": bot_message,
            "data": data,
        },
    }


# One conversation: a newcomer picks Ukrainian and asks; a staff member files a report whose
# text arrives at the other replica, so the /report state must travel through Redis.
SCRIPT = [
    (press, 1001, "lang:uk"),
    (message, 1001, "Як знайти квартиру в оренду?"),
    (message, 1001, "/topics"),
    (message, STAFF, "/report"),
    (message, STAFF, "Refugees get more benefits than local people."),
    (press, STAFF, "ctx:place:0"),
    (message, 1001, "/help"),
]


async def converse(replicas: Replicas, api: FakeBotAPI) -> list[tuple[str, str]]:
    for number, (make, user, payload) in enumerate(SCRIPT, start=1):
        before = len(api.called("sendMessage"))
        assert await replicas.post(number % len(replicas.ports), make(number, user, payload)) == 200
        deadline = time.monotonic() + 30
        while len(api.called("sendMessage")) == before:  # wait for the reply, as a person would
            assert time.monotonic() < deadline, f"no reply to step {number}"
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # a step may send more than one message
    return [(m["chat_id"], m["text"]) for m in api.called("sendMessage")]


async def test_two_replicas_answer_exactly_as_one(settings, tmp_path):
    async with FakeBotAPI() as api, Replicas(api, settings, 2) as two:
        # Both replicas set the webhook with the secret, and refuse requests without it.
        hooks = api.called("setWebhook")
        assert len(hooks) == 2 and all(h["secret_token"] == SECRET for h in hooks)
        assert await two.post(0, message(999, 7, "hi"), secret=None) == 401
        assert await two.post(1, message(999, 7, "hi"), secret="wrong") == 401
        replies_two = await converse(two, api)
        metrics_url = f"http://127.0.0.1:{two.ports[0]}/metrics"
        async with aiohttp.ClientSession() as http, http.get(metrics_url) as response:
            assert "welcomebot_updates_total" in await response.text()
    # The same conversation against one replica, on a fresh schema and Redis prefix.
    fresh = settings.model_copy(update={"redis_prefix": settings.redis_prefix + "-one"})
    schema = "one_" + os.urandom(4).hex()
    import sqlalchemy as sa

    admin = sa.create_engine(TEST_DATABASE_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    fresh = fresh.model_copy(
        update={
            "database_url": sa.engine.make_url(TEST_DATABASE_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        }
    )
    try:
        async with FakeBotAPI() as api, Replicas(api, fresh, 1) as one:
            replies_one = await converse(one, api)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    assert replies_two == replies_one
    texts = [text for _, text in replies_two]
    assert texts[0].startswith("Готово: відповідатиму українською.")
    assert any(t.startswith("<b>Як знайти квартиру в оренду?</b>") for t in texts)
    # The /report state crossed over to the other replica.
    assert any(t.startswith("<b>Rumour:</b> <i>Refugees get more benefits") for t in texts)
    assert "In which district?" in texts
