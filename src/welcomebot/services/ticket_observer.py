"""What a ticket tells whoever follows it (statistics), without who: a Protocol and its
no-op default. Light on purpose: the composition root imports it at start."""

from __future__ import annotations

from typing import Protocol


class TicketObserver(Protocol):
    """Told of what happens to tickets, without who: for statistics."""

    async def opened(self, language: str, topic: str | None) -> None: ...

    async def reopened(self, language: str, topic: str | None) -> None: ...

    async def first_staff_reply(self, seconds: float) -> None: ...

    async def closed(self, language: str, topic: str | None) -> None: ...


class NoTicketObserver:
    """The default: nobody is told."""

    async def opened(self, language: str, topic: str | None) -> None:
        return None

    async def reopened(self, language: str, topic: str | None) -> None:
        return None

    async def first_staff_reply(self, seconds: float) -> None:
        return None

    async def closed(self, language: str, topic: str | None) -> None:
        return None
