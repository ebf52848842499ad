"""Matcher settings for tests that need buttons whatever the message."""

from dataclasses import replace

import pytest

from welcomebot.matching.matcher import Matcher


def never_sure(matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """No answer is ever sure: the hand-set thresholds decide (no fitted model), and neither
    of their routes to a confident answer can be reached, so every match gets buttons."""
    monkeypatch.setattr(matcher, "decision", None)
    monkeypatch.setattr(
        matcher, "config", replace(matcher.config, answer_min=2.0, phrasing_answer=2.0)
    )
