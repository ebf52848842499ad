"""A Bot API-compatible HTTP server on localhost, for running the real bot against it.

It serves queued updates through getUpdates, records every other method call and answers as
Telegram does. Tests and benchmarks start it in-process with `async with FakeBotAPI() as api`.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from aiohttp import web

BOT = {"id": 42, "is_bot": True, "first_name": "welcomebot", "username": "welcomebot_test"}


class FakeBotAPI:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._message_ids = itertools.count(5000)
        self._update_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

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

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(await request.post()) if request.can_read_body else {}
        if method != "getUpdates":
            self.calls.append((method, params))
        return web.json_response({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method == "getUpdates":
            try:
                return [await asyncio.wait_for(self.updates.get(), timeout=0.5)]
            except TimeoutError:
                return []
        if method == "sendMessage":
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
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
