"""Typed content. FAQ entries and rumours share `Entry`, which is all the matcher sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Localized = dict[str, str]
ArgumentKind = Literal[
    "data", "generalisation", "contradiction", "empathy", "experience", "values", "diversity"
]
ARGUMENT_KINDS: tuple[str, ...] = get_args(ArgumentKind)


def pick(texts: Localized, lang: str, fallback: str = "en") -> str:
    """The text in `lang`, else in `fallback`, else in any language there is."""
    return texts.get(lang) or texts.get(fallback) or next(iter(texts.values()), "")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Conditions(_Strict):
    """Whom an entry or a checklist step is meant for (`for:` in the content); empty lists
    mean anyone. Values are those of `domain.profile`, checked by `content check`."""

    situation: tuple[str, ...] = ()
    children: tuple[str, ...] = ()


class Entry(_Strict):
    id: str = Field(min_length=1)
    variants: dict[str, list[str]] = Field(default_factory=dict)
    meant_for: Conditions = Field(default_factory=Conditions, alias="for")
    reviewed: date | None = None
    group: str = ""  # the topic or rumour category, set by the loader
    source: str = ""  # the file it came from, set by the loader

    kind: str = "faq"  # overridden as a literal in subclasses

    def __hash__(self) -> int:
        # Ids are unique per kind in a pack; pydantic's own hash fails on the dict fields.
        return hash((self.kind, self.id))

    @property
    def headline(self) -> Localized:
        raise NotImplementedError

    @property
    def body(self) -> Localized:
        raise NotImplementedError


class FaqEntry(Entry):
    kind: Literal["faq"] = "faq"
    question: Localized
    answer: Localized
    urgent: bool = False  # answers a danger: shown with the emergency numbers

    @property
    def headline(self) -> Localized:
        return self.question

    @property
    def body(self) -> Localized:
        return self.answer


class Argument(_Strict):
    kind: ArgumentKind
    text: Localized
    source: str | None = None


class Rumour(Entry):
    kind: Literal["rumour"] = "rumour"
    audience: Literal["host", "newcomers"]
    claim: Localized
    response: Localized
    arguments: list[Argument] = Field(default_factory=list)

    @property
    def headline(self) -> Localized:
        return self.claim

    @property
    def body(self) -> Localized:
        return self.response


# The most choices a chat menu can offer, one button each: Telegram takes at most 100 buttons
# in a message (telegram/api_rules.py, for the local Bot API, refuses more by this number).
MENU_CHOICES = 100


class Topic(_Strict):
    topic: str = Field(min_length=1)
    title: Localized
    entries: list[FaqEntry]


class RumourCategory(_Strict):
    category: str = Field(min_length=1)
    title: Localized
    rumours: list[Rumour]


class ChecklistStep(_Strict):
    """One first step: what to do, the FAQ entries that say how, and whom it is for."""

    id: str = Field(min_length=1, max_length=40)
    title: Localized
    entries: tuple[str, ...] = ()
    meant_for: Conditions = Field(default_factory=Conditions, alias="for")


class Checklist(_Strict):
    steps: tuple[ChecklistStep, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, addressed the way staff find it."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry or '-'}: {self.field or '-'}: {self.message}"


@dataclass
class ContentPack:
    topics: list[Topic]
    categories: list[RumourCategory]
    checklist: tuple[ChecklistStep, ...] = ()  # content/checklist.yaml, in order

    def __post_init__(self) -> None:
        self.by_id: dict[str, Entry] = {e.id: e for e in self.entries}
        self.group_titles: dict[str, Localized] = {t.topic: t.title for t in self.topics}
        self.group_titles.update({c.category: c.title for c in self.categories})

    @property
    def faq(self) -> list[FaqEntry]:
        return [entry for topic in self.topics for entry in topic.entries]

    @property
    def rumours(self) -> list[Rumour]:
        return [rumour for category in self.categories for rumour in category.rumours]

    @property
    def entries(self) -> list[Entry]:
        return [*self.faq, *self.rumours]

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.topic == topic_id), None)
