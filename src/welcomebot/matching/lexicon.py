"""The domain lexicon: concept groups across languages, and Surzhyk spellings.

It is data, not code: `data/lexicon.yaml` ships with the package and a content folder may add a
`lexicon.yaml` of its own in the same format, which extends the concepts and spellings.

    spellings: {шо: що}                       # a form people type -> the Ukrainian word
    concepts:
      family-doctor:                          # one idea; every listed phrase stands for it
        en: [family doctor, GP]
        uk: [сімейний лікар, терапевт]
      disease:
        uk: [хвор*]                           # a root: every word that begins so
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from welcomebot.content.models import Problem

BUILTIN = Path(__file__).parent / "data" / "lexicon.yaml"
CONCEPT_PREFIX = "§"


# YAML reads `112` as a number; in a lexicon every phrase is text.
Phrase = Annotated[
    str, BeforeValidator(lambda value: str(value) if isinstance(value, int) else value)
]


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spellings: dict[str, Phrase] = {}
    concepts: dict[str, dict[str, list[Phrase]]] = {}


@dataclass
class Lexicon:
    spellings: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def extend(self, other: LexiconFile) -> None:
        self.spellings.update({k.casefold(): v.casefold() for k, v in other.spellings.items()})
        for concept, languages in other.concepts.items():
            mine = self.concepts.setdefault(concept, {})
            for lang, phrases in languages.items():
                mine[lang] = [*mine.get(lang, []), *phrases]


def read_lexicon_file(path: Path, name: str) -> tuple[LexiconFile | None, list[Problem]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = LexiconFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as error:
        return None, [Problem(name, "", "", f"cannot read: {error}".replace("\n", " "))]
    except ValidationError as error:
        return None, [
            Problem(
                name,
                str(e["loc"][1]) if len(e["loc"]) > 1 else "",
                ".".join(map(str, e["loc"])),
                e["msg"],
            )
            for e in error.errors()
        ]
    problems = [
        Problem(
            name,
            concept,
            f"concepts.{concept}.{lang}",
            "no phrases: a concept links languages, so give it words in both",
        )
        for concept, languages in parsed.concepts.items()
        for lang in ("en", "uk")
        if not [p for p in languages.get(lang, []) if p.strip()]
    ]
    return parsed, problems
