"""Who a user is (language, role, profile), remembered briefly so most updates need no database trip.

Writes made in this process drop the entry at once; another replica's writes are seen when
the entry expires (USER_CACHE_SECONDS), which bounds how long a revoked role can linger.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from welcomebot.domain.profile import PersonProfile, split_ages
from welcomebot.storage.models import User


class _Missing(enum.Enum):
    MISSING = enum.auto()  # a one-value enum: `is not MISSING` narrows the type


MISSING = _Missing.MISSING


@dataclass(frozen=True)
class Profile:
    telegram_id: int
    language: str
    role: str
    active: bool = True  # False once they blocked the bot: nothing is sent to them
    # The optional profile, read with the rest: questions are ranked by it on every update.
    situation: str | None = None
    children: str | None = None
    child_ages: str | None = None

    @property
    def about(self) -> PersonProfile:
        return PersonProfile(self.situation, self.children, split_ages(self.child_ages))


def profile_of(user: User) -> Profile:
    return Profile(
        user.telegram_id,
        user.language,
        user.role,
        user.active,
        user.situation,
        user.children,
        user.child_ages,
    )


class UserCache:
    def __init__(self, seconds: float, size: int = 50_000) -> None:
        self.seconds, self.size = seconds, size
        self._entries: OrderedDict[int, tuple[float, Profile | None]] = OrderedDict()

    def get(self, telegram_id: int) -> Profile | None | Literal[_Missing.MISSING]:
        """The profile (None: no such user), or MISSING when unknown or expired."""
        entry = self._entries.get(telegram_id)
        if entry is None or entry[0] < time.monotonic():
            return MISSING
        return entry[1]

    def put(self, telegram_id: int, profile: Profile | None) -> None:
        if self.seconds <= 0:
            return
        self._entries[telegram_id] = (time.monotonic() + self.seconds, profile)
        self._entries.move_to_end(telegram_id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def drop(self, telegram_id: int) -> None:
        self._entries.pop(telegram_id, None)
