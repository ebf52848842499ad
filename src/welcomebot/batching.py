"""Calls that arrive together are served together: one query, one transaction, one ranking.

Telegram hands a bot its updates in batches (up to 100 per getUpdates), and aiogram handles
each as its own task. When many of them need the same kind of work, such as looking up who
wrote, storing an unanswered question or matching a question against the content, doing it
once for all of them costs one database round trip (group commit) or one pass of numpy's
per-call overhead instead of one each. Every caller still waits for its own result, so
nothing is acknowledged before it is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batch(Generic[Item, Result]):
    def __init__(
        self, run: Callable[[list[Item]], Awaitable[Sequence[Result]]], limit: int = 500
    ) -> None:
        self.run, self.limit = run, limit
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def __call__(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        # One turn of the event loop lets the other updates of the same batch queue up too;
        # a lone call pays that turn and nothing else.
        await asyncio.sleep(0)
        while self._pending:
            taken, self._pending = self._pending[: self.limit], self._pending[self.limit :]
            try:
                results = await self.run([item for item, _ in taken])
            except Exception as error:  # each caller sees the failure of its own write
                for _, future in taken:
                    if not future.done():
                        future.set_exception(error)
            else:
                for (_, future), result in zip(taken, results, strict=True):
                    if not future.done():  # a caller may have been cancelled meanwhile
                        future.set_result(result)
        self._flushing = None
