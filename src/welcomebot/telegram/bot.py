"""The Bot, with the request middlewares every process needs: apart from the Dispatcher, so
the worker, which only sends, builds it without the routers and services (tens of MB)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from welcomebot.telegram.length_guard import LengthGuard
from welcomebot.telegram.middlewares.database import CommitBeforeSending
from welcomebot.telegram.retries import RetryRequests


def build_bot(
    token: str, api_url: str, session: BaseSession | None = None, count_errors: bool = True
) -> Bot:
    """`count_errors=False`: a process that serves no /metrics (the worker) counts nothing,
    and leaves out prometheus_client (1 MB)."""
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    # In this order: commit once, then try the request (again), counting every failure.
    session.middleware(CommitBeforeSending())
    session.middleware(RetryRequests())
    if count_errors:
        from welcomebot.metrics import CountSendErrors

        session.middleware(CountSendErrors())
    session.middleware(LengthGuard())  # inside the counter: each part sent counts on its own
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
