"""Telegram's limits: a global rate, and at most one message a second to one chat."""

from __future__ import annotations

from welcomebot.delivery.clock import Clock


class RateLimiter:
    def __init__(self, clock: Clock, per_second: float, per_chat_interval: float = 1.0) -> None:
        self.clock = clock
        self.interval = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self._next_slot = 0.0
        self._chat_ready: dict[int, float] = {}
        self._paused_until = 0.0

    def chat_ready_in(self, chat_id: int) -> float:
        """Seconds until this chat may get a message (0: now)."""
        return max(0.0, self._chat_ready.get(chat_id, 0.0) - self.clock.monotonic())

    def pause(self, seconds: float) -> None:
        """Everyone waits (after a 429): the pause applies to every later slot."""
        self._paused_until = max(self._paused_until, self.clock.monotonic() + seconds)

    async def acquire(self, chat_id: int) -> None:
        """Wait for the next global slot that this chat may also use, and take it.

        One caller at a time (the worker's loop); the slot is taken only once its time has
        come, so a pause that starts meanwhile still holds it back.
        """
        while True:
            now = self.clock.monotonic()
            slot = max(now, self._next_slot, self._paused_until, self._chat_ready.get(chat_id, 0.0))
            if slot <= now:
                break
            await self.clock.sleep(slot - now)
        self._next_slot = now + self.interval
        self._chat_ready[chat_id] = now + self.per_chat_interval
        if len(self._chat_ready) > 100_000:  # chats that are ready again need no entry
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
