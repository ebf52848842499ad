"""Builds the Dispatcher and the Bot; shared by Telegram, the console and the tests."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from welcomebot.app import App
from welcomebot.telegram.middlewares import (
    DatabaseMiddleware,
    UserLanguageMiddleware,
    UserMiddleware,
)
from welcomebot.telegram.routers import build_root_router


def build_dispatcher(app: App) -> Dispatcher:
    dp = Dispatcher(
        settings=app.settings,
        answers=app.answers,
        reporting=app.reporting,
        barometer=app.barometer,
        centre=app.centre,
        translator=app.translator,
    )
    dp.update.outer_middleware(DatabaseMiddleware(app.sessions))
    dp.update.outer_middleware(UserMiddleware())
    UserLanguageMiddleware(app.translator).setup(dp)
    dp.include_router(build_root_router())
    return dp


def build_bot(token: str, api_url: str, session: BaseSession | None = None) -> Bot:
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
