"""A Bot API-compatible HTTP server on localhost, for running the real bot against it.

It serves queued updates through getUpdates, records every other method call and answers as
Telegram does, refusals included (`welcomebot.telegram.api_rules`: a text too long or whose
HTML does not parse, an edit that changes nothing, a query answered twice). Tests and
benchmarks start it in-process with `async with FakeBotAPI() as api`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter, deque
from typing import Any

from aiohttp import web

from welcomebot.telegram.api_rules import ApiRules, buttons_refusal, text_refusal

BOT = {"id": 42, "is_bot": True, "first_name": "welcomebot", "username": "welcomebot_test"}


class FakeBotAPI:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        per_second: int | None = None,
        per_chat_interval: float | None = None,
        blocked: frozenset[int] = frozenset(),
    ) -> None:
        """With `per_second` / `per_chat_interval`, sendMessage over Telegram's limits gets a
        real 429 with retry_after; chats in `blocked` get a 403, as when a user blocked the bot."""
        self.host, self.port = host, port
        self.per_second, self.per_chat_interval, self.blocked = (
            per_second,
            per_chat_interval,
            blocked,
        )
        self._recent: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self.refused: Counter[int] = Counter()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._message_ids = itertools.count(5000)
        self._update_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.rules = ApiRules()
        self.refused: list[tuple[str, str]] = []  # method and Telegram's words
        self._faults: dict[str, deque[str]] = {}

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def push_message(self, text: str, user_id: int = 1001, lang: str = "en") -> None:
        user = {"id": user_id, "is_bot": False, "first_name": "Olena", "language_code": lang}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": user,
            "text": text,
        }
        self.updates.put_nowait({"update_id": next(self._update_ids), "message": message})

    def fail(self, method: str, *faults: str) -> None:
        """The next calls of `method` fail, one fault each, before Telegram would act on them:
        "502" (a server error), "429" (retry after 3 s), "drop" (the connection closes with
        no answer) or "slow" (no answer for 2 s, longer than the tests' clients wait)."""
        self._faults.setdefault(method, deque()).extend(faults)

    def faults_left(self, method: str) -> int:
        return len(self._faults.get(method, ()))

    async def _fault(self, request: web.Request, method: str) -> web.Response | None:
        queued = self._faults.get(method)
        fault = queued.popleft() if queued else None
        if fault == "502":
            answer = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            return web.json_response(answer, status=502)
        if fault == "429":
            answer = {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            }
            return web.json_response(answer, status=429)
        if fault == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)  # written nowhere: the connection is gone
        if fault == "slow":
            await asyncio.sleep(2)
            return web.Response(status=504)  # the client gave up long ago
        return None

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 30
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.called(method)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} called {len(self.called(method))} times, not {count}")
            await asyncio.sleep(0.02)
        return self.called(method)

    def _refusal(self, chat_id: int) -> web.Response | None:
        if chat_id in self.blocked:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                },
                status=403,
            )
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        too_fast = self.per_second is not None and len(self._recent) >= self.per_second
        chat_too_fast = (
            self.per_chat_interval is not None
            and now - self._chat_last.get(chat_id, -1e9) < self.per_chat_interval
        )
        if too_fast or chat_too_fast:
            self.refused[chat_id] += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        self._recent.append(now)
        self._chat_last[chat_id] = now
        return None

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(await request.post()) if request.can_read_body else {}
        fault = await self._fault(request, method)
        if fault is not None:
            return fault
        if method == "sendMessage":
            refusal = self._refusal(int(params["chat_id"]))
            if refusal is not None:
                return refusal
        description = self._bad_request(method, params)
        if description is not None:
            self.refused.append((method, description))
            body = {"ok": False, "error_code": 400, "description": description}
            return web.json_response(body, status=400)
        if method != "getUpdates":
            self.calls.append((method, params))
        return web.json_response({"ok": True, "result": await self._result(method, params)})

    def _bad_request(self, method: str, params: dict[str, Any]) -> str | None:
        html = params.get("parse_mode") == "HTML"
        markup = params.get("reply_markup")
        if markup and (refusal := buttons_refusal(json.loads(markup).get("inline_keyboard"))):
            return refusal
        if method == "sendMessage":
            return text_refusal(params.get("text", ""), html)
        where = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        if method == "editMessageText":
            text = params.get("text", "")
            return text_refusal(text, html) or self.rules.edit(
                *where, text, params.get("reply_markup")
            )
        if method == "editMessageReplyMarkup":
            return self.rules.edit(*where, None, params.get("reply_markup"))
        if method == "answerCallbackQuery":
            return self.rules.answer(params["callback_query_id"])
        return None

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method == "getUpdates":
            try:
                return [await asyncio.wait_for(self.updates.get(), timeout=0.5)]
            except TimeoutError:
                return []
        if method == "sendMessage":
            message_id, chat_id = next(self._message_ids), int(params["chat_id"])
            self.rules.remember(chat_id, message_id, params["text"], params.get("reply_markup"))
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
                "text": params.get("text", ""),
            }
        return True

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
