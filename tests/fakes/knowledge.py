"""The demo content, its lexicon and matcher, built once per test run and lent to every app.

Building them is most of the cost of an app (about a second), and nothing in the bot changes
them once built. A test could, by mistake: after each test that borrowed them, the lender
compares a snapshot of their attributes with the one taken when they were built, fails that
test if one was replaced or an item of one of their lists or dicts was, and builds them anew
for the next test. (Changes inside an attribute's own objects, such as a numpy array's
values, or an item replaced in a container of more than a thousand, are not seen.)"""

from __future__ import annotations

from typing import Any

from welcomebot.app import Knowledge, load_knowledge, settle_heap
from welcomebot.config import Settings

LARGE = 1000  # a container with more items is checked by its identity and size alone (time)


def _summary(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset | dict) and len(value) > LARGE:
        return (id(value), len(value))
    if isinstance(value, list | tuple):
        return tuple(map(id, value))
    if isinstance(value, set | frozenset):
        return frozenset(map(id, value))
    if isinstance(value, dict):
        return tuple((key, id(item)) for key, item in value.items())
    return id(value)


def snapshot(knowledge: Knowledge) -> dict[str, Any]:
    """The identity of every attribute of the shared objects, and of their items."""
    matcher = knowledge.matcher
    owners = {
        "pack": knowledge.pack,
        "matcher": matcher,
        "matcher.index": matcher.index,
        "matcher.analyzer": matcher.analyzer,
        "urgent": knowledge.urgent,
        "urgent.detector": knowledge.urgent.detector,
    }
    found = {"centre": id(knowledge.centre)}
    for owner_name, owner in owners.items():
        for name, value in vars(owner).items():
            found[f"{owner_name}.{name}"] = _summary(value)
    return found


def _lazy_cache(key: str, before: Any) -> bool:
    """A private attribute that was None and now holds a value was computed on first use (the
    matcher's `_entry_terms`), which changes nothing a test sees."""
    return key.rsplit(".", 1)[-1].startswith("_") and before == id(None)


class KnowledgeLender:
    def __init__(self) -> None:
        self._knowledge: Knowledge | None = None
        self._snapshot: dict[str, Any] = {}
        self.borrower: str | None = None

    def lend(self, settings: Settings, borrower: str) -> Knowledge:
        """The demo content's knowledge (settings give its folder, and no reranker)."""
        if self._knowledge is None:
            self._knowledge = load_knowledge(settings)
            self._snapshot = snapshot(self._knowledge)
            # As the bot does: the garbage collector no longer walks them in every test.
            settle_heap()
        self.borrower = borrower
        return self._knowledge

    def take_back(self) -> None:
        """Fails the borrower if it changed what it was lent, after its own teardown (and
        monkeypatch's undoing) is done."""
        if self.borrower is None or self._knowledge is None:
            return
        borrower, self.borrower = self.borrower, None
        now = snapshot(self._knowledge)
        changed = sorted(
            k
            for k in self._snapshot.keys() | now.keys()
            if self._snapshot.get(k) != now.get(k) and not _lazy_cache(k, self._snapshot.get(k))
        )
        if changed:
            self._knowledge = None  # the next test gets its own
            raise AssertionError(
                f"{borrower} changed the content or matcher that all tests share "
                f"({', '.join(changed)}): change them through monkeypatch, which undoes it, "
                "or build the test its own with welcomebot.app.load_knowledge"
            )
