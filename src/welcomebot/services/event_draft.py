"""A new event, question by question, and the changes staff type later: what was typed is
checked here, and a problem comes back as a value; the front end words it.

The draft lives in the form's data between messages (`to_data`, `from_data`), as flat keys:
`step`, `zone`, then one per answer (`title_en`, `starts`, `capacity`, ...)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from welcomebot.domain.numbers import parse_number
from welcomebot.domain.times import parse_end, parse_local
from welcomebot.storage.models import Event

MAX_CHARS = {"title": 200, "place": 200, "description": 2000}
MAX_CAPACITY = 100_000


class Step(NamedTuple):
    field: str
    language: str  # "" for the times and the number of places

    @property
    def key(self) -> str:
        return f"{self.field}_{self.language}" if self.language else self.field


# The questions of a new event, in order.
STEPS = (
    Step("title", "en"),
    Step("title", "uk"),
    Step("starts", ""),
    Step("ends", ""),
    Step("capacity", ""),
    Step("place", "en"),
    Step("place", "uk"),
    Step("description", "en"),
    Step("description", "uk"),
)


class Problem(StrEnum):
    UNREADABLE_TIME = "unreadable time"  # not a date and time at all
    NOT_IN_FUTURE = "not in future"
    UNREADABLE_END = "unreadable end"
    END_BEFORE_START = "end before start"
    NOT_PLACES = "not places"
    TOO_LONG = "too long"
    NO_TITLE = "no title"  # the draft goes back to its first question


def read_start(text: str | None, zone: str, now: datetime) -> datetime | Problem:
    """A start typed in `zone`, if it is a date and time still to come; else what is wrong."""
    if text is None:  # "-": a start cannot be left out; asked for as one still to come
        return Problem.NOT_IN_FUTURE
    starts = parse_local(text, zone)
    if starts is None:
        return Problem.UNREADABLE_TIME
    return starts if starts > now else Problem.NOT_IN_FUTURE


def read_places(text: str | None, at_least: int = 1) -> int | None:
    """A number of places, or None (no answer) for no limit; ValueError if it is neither."""
    if text is None:
        return None
    places = parse_number(text, at_least, MAX_CAPACITY)
    if places is None:
        raise ValueError(text)
    return places


def too_long(name: str, text: str | None) -> bool:
    return text is not None and len(text) > MAX_CHARS[name]


@dataclass
class EventDraft:
    zone: str  # the times are typed in this zone; the event keeps it
    step: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # "" for a question left out

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EventDraft:
        answers = {s.key: data[s.key] for s in STEPS if s.key in data}
        return cls(zone=data["zone"], step=data.get("step", 0), answers=answers)

    def to_data(self) -> dict[str, Any]:
        return {"zone": self.zone, "step": self.step, **self.answers}

    @property
    def current(self) -> Step:
        return STEPS[self.step]

    @property
    def complete(self) -> bool:
        return self.step >= len(STEPS)

    def answer(self, text: str | None, now: datetime) -> Problem | None:
        """Take the answer to the current question (None: left out) and move on; or say what
        is wrong with it and stay."""
        step = self.current
        if step.field == "starts":
            starts = read_start(text, self.zone, now)
            if isinstance(starts, Problem):
                return starts
            value = starts.isoformat()
        elif step.field == "ends":
            starts = datetime.fromisoformat(self.answers["starts"])
            ends = parse_end(text, starts, self.zone) if text is not None else None
            if text is not None and ends is None:
                return Problem.UNREADABLE_END
            if ends is not None and ends <= starts:
                return Problem.END_BEFORE_START
            value = ends.isoformat() if ends else ""
        elif step.field == "capacity":
            try:
                places = read_places(text)
            except ValueError:
                return Problem.NOT_PLACES
            value = "" if places is None else str(places)
        else:
            if too_long(step.field, text):
                return Problem.TOO_LONG
            value = text or ""
            if step == ("title", "uk") and not value and not self.answers.get("title_en"):
                self.step = 0
                return Problem.NO_TITLE
        self.answers[step.key] = value
        self.step += 1
        return None

    def event(self, audience: dict[str, Any]) -> Event:
        """The event the answers describe, for `audience` (`Audience.to_json`)."""
        answers = self.answers

        def localized(name: str) -> dict[str, str]:
            return {
                lang: answers[f"{name}_{lang}"]
                for lang in ("en", "uk")
                if answers.get(f"{name}_{lang}")
            }

        return Event(
            title=localized("title"),
            description=localized("description"),
            place=localized("place"),
            starts=datetime.fromisoformat(answers["starts"]),
            ends=datetime.fromisoformat(answers["ends"]) if answers.get("ends") else None,
            timezone=self.zone,
            audience=audience,
            capacity=int(answers["capacity"]) if answers.get("capacity") else None,
        )
