"""Load `faq/*.yaml`, `rumours/*.yaml` and the optional `centre.yaml` into a ContentPack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from welcomebot.content.models import (
    Checklist,
    ChecklistStep,
    ContentPack,
    Entry,
    Localized,
    Problem,
    RumourCategory,
    Topic,
    _Strict,
)
from welcomebot.errors import OperatorError


class ContentError(OperatorError):
    """The content cannot be loaded; `problems` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the content cannot be loaded:\n" + "\n".join(str(p) for p in problems))


class EmergencyLine(_Strict):
    number: str = Field(min_length=1)
    name: Localized


# 112 reaches the ambulance, police and fire service across Europe and from any phone; a city
# elsewhere lists its own numbers in centre.yaml.
DEFAULT_EMERGENCY = (
    EmergencyLine(
        number="112",
        name={
            "en": "Emergency (ambulance, police, fire)",
            "uk": "Екстрена допомога (швидка, поліція, пожежні)",
        },
    ),
)


class ListItem(_Strict):
    """A district or target group: a key that never changes, and its name in each language."""

    key: str = Field(min_length=1)
    name: Localized


class Centre(_Strict):
    """How to reach a person: shown whenever the bot does not know; the emergency numbers,
    shown to anyone who may be in danger; and the city's districts and the groups rumours
    target, named in each language (empty: the settings name them, in one language)."""

    name: Localized
    contact: Localized
    emergency: tuple[EmergencyLine, ...] = DEFAULT_EMERGENCY
    districts: tuple[ListItem, ...] = ()
    target_groups: tuple[ListItem, ...] = ()


# Which top-level key holds the entries, and the model of the whole file.
_FOLDERS: dict[str, tuple[str, type[BaseModel], str]] = {
    "faq": ("entries", Topic, "topic"),
    "rumours": ("rumours", RumourCategory, "category"),
}


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, name: str, problems: list[Problem]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(Problem(name, "", "", f"cannot read: {error}".replace("\n", " ")))
        return None


def _validation_problems(
    error: ValidationError, raw: Any, list_key: str, name: str
) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = list(item["loc"])
        entry = ""
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            try:
                entry = str(raw[list_key][loc[1]].get("id") or f"#{loc[1] + 1}")
            except (AttributeError, IndexError, KeyError, TypeError):
                entry = f"#{loc[1] + 1}"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc)
        problems.append(Problem(name, entry, field, item["msg"]))
    return problems


def _stamp(entry: Entry, group: str, name: str) -> Entry:
    return entry.model_copy(update={"group": group, "source": name})


def load_files(root: Path) -> tuple[ContentPack, Centre | None, list[Problem]]:
    """Load what can be loaded and list every structural problem met on the way."""
    problems: list[Problem] = []
    groups: dict[str, list[Any]] = {"faq": [], "rumours": []}
    if not root.is_dir():
        problems.append(Problem(str(root), "", "", "content folder does not exist"))
    for folder, (list_key, model, group_key) in _FOLDERS.items():
        for path in sorted((root / folder).glob("*.y*ml")):
            name = _relative(path, root)
            raw = _read_yaml(path, name, problems)
            if raw is None:
                continue
            try:
                parsed = model.model_validate(raw)
            except ValidationError as error:
                problems.extend(_validation_problems(error, raw, list_key, name))
                continue
            group = getattr(parsed, group_key)
            stamped = [_stamp(e, group, name) for e in getattr(parsed, list_key)]
            groups[folder].append(parsed.model_copy(update={list_key: stamped}))
    centre = None
    centre_path = root / "centre.yaml"
    if centre_path.exists():
        raw = _read_yaml(centre_path, _relative(centre_path, root), problems)
        try:
            centre = Centre.model_validate(raw) if raw is not None else None
        except ValidationError as error:
            problems.extend(_validation_problems(error, raw, "", _relative(centre_path, root)))
    checklist = _load_checklist(root, problems)
    pack = ContentPack(topics=groups["faq"], categories=groups["rumours"], checklist=checklist)
    problems.extend(duplicate_ids(pack))
    if root.is_dir() and not pack.entries and not problems:
        problems.append(Problem(str(root), "", "", "no faq/*.yaml or rumours/*.yaml files found"))
    return pack, centre, problems


def _load_checklist(root: Path, problems: list[Problem]) -> tuple[ChecklistStep, ...]:
    """The optional ordered list of first steps."""
    path = root / "checklist.yaml"
    if not path.exists():
        return ()
    name = _relative(path, root)
    raw = _read_yaml(path, name, problems)
    if raw is None:
        return ()
    try:
        return Checklist.model_validate(raw).steps
    except ValidationError as error:
        problems.extend(_validation_problems(error, raw, "steps", name))
        return ()


def load_checklist(root: Path | str) -> tuple[ChecklistStep, ...]:
    """The checklist alone, for the worker, which loads no other content."""
    problems: list[Problem] = []
    steps = _load_checklist(Path(root), problems)
    if problems:
        raise ContentError(problems)
    return steps


def duplicate_ids(pack: ContentPack) -> list[Problem]:
    seen: dict[str, Entry] = {}
    problems = []
    for entry in pack.entries:
        if entry.id in seen:
            problems.append(
                Problem(
                    entry.source, entry.id, "id", f"duplicate id, also in {seen[entry.id].source}"
                )
            )
        else:
            seen[entry.id] = entry
    return problems


def load_content(root: Path | str) -> tuple[ContentPack, Centre | None]:
    """Load content for the bot; any structural problem stops it with the full list."""
    pack, centre, problems = load_files(Path(root))
    if problems:
        raise ContentError(problems)
    return pack, centre
