"""Threats of violence in what an anti-rumour agent heard (`data/threats.yaml`).

The danger signals (`danger.py`) read the writer's own danger; a report tells what others
said, and a threat there endangers someone else: the agent is pointed to the police.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.danger import DangerDetector, DangerFile, DangerLexicon

THREATS = Path(__file__).parent / "data" / "threats.yaml"


class ThreatDetector:
    def __init__(self, analyzer: Analyzer, path: Path = THREATS) -> None:
        lexicon = DangerLexicon()
        lexicon.extend(DangerFile.model_validate(yaml.safe_load(path.read_text("utf-8"))))
        self.detector = DangerDetector(lexicon, analyzer)

    def threatens(self, text: str) -> bool:
        """Does someone, in these words, mean or call for violence against people or a place?"""
        return bool(self.detector.detect(text).strong)
