from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.types import User

from welcomebot.app import App, build_app
from welcomebot.config import Settings, load_settings
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession

REPO = Path(__file__).resolve().parents[1]
DEMO_CONTENT = REPO / "content"
EVAL_DIR = REPO.parent / "shared" / "eval"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in list(os.environ):
        if name.startswith("WELCOMEBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no developer .env leaks in
    return load_settings(data_dir=tmp_path / "data", content_dir=DEMO_CONTENT)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    application = build_app(settings)
    yield application
    await application.close()


@pytest.fixture
def eval_dir() -> Path:
    if not (EVAL_DIR / "queries-dev.jsonl").exists():
        pytest.fail(f"the evaluation corpus is missing: expected {EVAL_DIR} beside the repo")
    return EVAL_DIR


def make_chat(app: App, user_id: int = 1001, lang: str | None = "en") -> LocalChat:
    bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, LocalSession())
    person = User(id=user_id, is_bot=False, first_name="Olena", language_code=lang)
    return LocalChat(build_dispatcher(app), bot, person)


@pytest.fixture
def chat(app: App) -> LocalChat:
    return make_chat(app)
