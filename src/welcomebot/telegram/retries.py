"""Bot API requests that fail for a passing reason are tried again, after growing pauses.

A person's reply should not be lost because Telegram answered 502 once, asked the bot to slow
down (429), or a connection dropped or timed out. Tried again:

- 429 (TelegramRetryAfter) and 5xx (TelegramServerError): Telegram answered that it did not
  do it, so a repeat cannot do it twice. A 429 is waited out as Telegram says, when that is
  no longer than LONGEST_RETRY_AFTER.
- TelegramNetworkError: no answer came. When no connection could be made, nothing was sent;
  but after a timeout or a connection dropped mid-request, Telegram may have done it, and
  the bot cannot know: the Bot API has no idempotency key and no way to list what a chat
  got. A repeated edit or button answer changes nothing; a repeated sendMessage may show
  twice. We send it again anyway: a reply shown twice is a small nuisance, a question left
  without an answer is what this module exists to prevent.

Nothing else is repeated: any other answer (a 400, a 403, a body that does not parse) means
Telegram received the request, and doing it again would not change that answer or would do
it twice. aiogram's polling backs off from getUpdates failures itself, and the delivery
worker's sends have their own retries, state and pauses (`delivery/`), so they pass through.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_PAUSE = 0.5  # seconds; doubled after each failure: 0.5, 1, 2, 4
LONGEST_RETRY_AFTER = 60  # seconds a person may wait for a reply Telegram holds back

_left_to_caller: ContextVar[bool] = ContextVar("welcomebot_retries_left_to_caller", default=False)


@contextmanager
def left_to_caller() -> Iterator[None]:
    """Requests made inside are tried once: the caller has a retry policy of its own."""
    token = _left_to_caller.set(True)
    try:
        yield
    finally:
        _left_to_caller.reset(token)


async def pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


class RetryRequests(BaseRequestMiddleware):
    def __init__(
        self,
        attempts: int = ATTEMPTS,
        first_pause: float = FIRST_PAUSE,
        longest_retry_after: float = LONGEST_RETRY_AFTER,
    ) -> None:
        self.attempts = attempts
        self.first_pause = first_pause
        self.longest_retry_after = longest_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates) or _left_to_caller.get():
            return await make_request(bot, method)
        backoff = self.first_pause
        for attempt in range(1, self.attempts):
            try:
                return await make_request(bot, method)
            except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError) as error:
                if not isinstance(error, TelegramRetryAfter):
                    wait, backoff = backoff, backoff * 2
                elif error.retry_after <= self.longest_retry_after:
                    wait = error.retry_after
                else:
                    raise
                log.warning(
                    "Bot API %s failed (%s), attempt %d of %d; trying again in %.1f s",
                    method.__api_method__,
                    error,
                    attempt,
                    self.attempts,
                    wait,
                )
            await pause(wait)
        return await make_request(bot, method)
