"""Threats of violence in what an anti-rumour agent heard (`data/threats.yaml`).

The danger signals (`danger.py`) read the writer's own danger; a report tells what others
said, and a threat there endangers someone else: the agent is pointed to the police.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from welcomebot.content.models import Problem
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.danger import (
    DangerDetector,
    DangerFile,
    DangerLexicon,
    all_phrases,
    short_roots,
)

THREATS = Path(__file__).parent / "data" / "threats.yaml"
PLACEHOLDER = re.compile(r"\$(\w+)")
CLAUSES = re.compile(r"[.!?;,\n]+")
INTENT_WITHIN = 2  # words between the newcomers named and their intent ("refugees are planning")


def expand(raw: dict[str, Any]) -> tuple[DangerFile, re.Pattern[str]]:
    """The lexicon with each `$name` spelled out in the phrase's language, and the pattern of
    a rumour of the newcomers' own intent."""
    words: dict[str, dict[str, str]] = raw.pop("words", {})
    first = raw.pop("newcomers_first", {"groups": [], "intents": []})

    def spelled(lang: str, phrase: str) -> str:
        return PLACEHOLDER.sub(lambda m: words[m[1]][lang], phrase)

    for section in (*raw.get("signals", {}).values(), raw.get("ordinary", {})):
        for lang in ("en", "uk", "ru"):
            if lang in section:
                section[lang] = [spelled(lang, phrase) for phrase in section[lang]]
    groups, intents = ("|".join(map(re.escape, first[key])) for key in ("groups", "intents"))
    pattern = rf"\b(?:{groups})\b(?:\W+\w+){{0,{INTENT_WITHIN}}}?\W+(?:{intents})\b"
    return DangerFile.model_validate(raw), re.compile(pattern, re.IGNORECASE)


def load_threats(path: Path = THREATS) -> tuple[DangerLexicon, re.Pattern[str], list[Problem]]:
    lexicon = DangerLexicon()
    spec, newcomers_first = expand(yaml.safe_load(path.read_text("utf-8")))
    lexicon.extend(spec)
    problems = [p for s, f in lexicon.signals.items() for p in short_roots(s, all_phrases(f))]
    return lexicon, newcomers_first, problems + short_roots("ordinary", lexicon.ordinary)


class ThreatDetector:
    def __init__(self, analyzer: Analyzer, path: Path = THREATS) -> None:
        lexicon, self.newcomers_first, _ = load_threats(path)
        self.detector = DangerDetector(lexicon, analyzer)

    def threatens(self, text: str) -> bool:
        """Does someone, in these words, mean or call for violence against people or a place?
        Words of violence said of things ("kill the economy") are ordinary, and newcomers
        named as the ones who mean harm make it a rumour about them."""
        clauses = CLAUSES.split(text)
        told = " . ".join(c for c in clauses if not self.newcomers_first.search(c))
        return bool(told.strip(" .") and self.detector.detect(told).strong)
