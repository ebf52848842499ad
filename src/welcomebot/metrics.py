"""Prometheus metrics, served at /metrics in webhook mode."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject
from prometheus_client import CollectorRegistry, Counter, Gauge

REGISTRY = CollectorRegistry()
UPDATES = Counter("welcomebot_updates_total", "Updates handled", registry=REGISTRY)
OUTCOMES = Counter(
    "welcomebot_answers_total", "Free-text questions by outcome", ["outcome"], registry=REGISTRY
)
QUEUE = Gauge(
    "welcomebot_delivery_queue",
    "Outbox rows by state, read at scrape time",
    ["state"],
    registry=REGISTRY,
)
SEND_ERRORS = Counter(
    "welcomebot_send_errors_total", "Bot API errors by kind", ["kind"], registry=REGISTRY
)


class CountUpdates(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        UPDATES.inc()
        return await handler(event, data)


class CountSendErrors(BaseRequestMiddleware):
    """Counts Bot API errors by their aiogram class (TelegramRetryAfter, TelegramForbiddenError...)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramAPIError as error:
            SEND_ERRORS.labels(kind=type(error).__name__).inc()
            raise
