"""Figures for one (kind, lang) group of ranked, decided queries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from welcomebot.evaluation.queries import Query


@dataclass(frozen=True)
class Ranked:
    query: Query
    ids: list[str]  # best first: what the person is shown, then the rest of the ranking
    answered: bool  # a confident answer, sent without asking
    ms: float
    shown: list[str] | None = None  # the answer and buttons the person sees (None: top three)
    scores: list[float] | None = None
    # With a fitted decision: each candidate's probability of being right, and of scope.
    chances: list[float] | None = None
    in_scope: float | None = None

    @property
    def outcome(self) -> str:
        if self.answered:
            return "answer"
        return "suggest" if self.seen else "abstain"

    @property
    def seen(self) -> list[str]:
        return self.ids[:3] if self.shown is None else self.shown

    @property
    def correct(self) -> bool:
        return bool(self.ids) and self.ids[0] == self.query.expect


def figures(group: list[Ranked]) -> dict[str, float | int | None]:
    inside = [r for r in group if r.query.expect is not None]
    outside = [r for r in group if r.query.expect is None]
    answered = [r for r in group if r.answered]

    def share(count: int, total: int) -> float | None:
        return round(count / total, 4) if total else None

    def reciprocal(r: Ranked) -> float:
        return 1 / (r.ids.index(r.query.expect) + 1) if r.query.expect in r.ids else 0.0

    def outcomes(rows: list[Ranked], outcome: str, right: bool | None = None) -> float | None:
        hits = [
            r
            for r in rows
            if r.outcome == outcome
            and (right is None or (r.query.expect in r.seen[: 1 if r.answered else 3]) == right)
        ]
        return share(len(hits), len(rows))

    times = np.array([r.ms for r in group]) if group else np.zeros(1)
    return {
        "n_in": len(inside),
        "n_oos": len(outside),
        "top1": share(sum(r.correct for r in inside), len(inside)),
        "top3": share(sum(r.query.expect in r.ids[:3] for r in inside), len(inside)),
        "mrr": round(sum(map(reciprocal, inside)) / len(inside), 4) if inside else None,
        "answer_precision": share(sum(r.correct for r in answered), len(answered)),
        "oos_abstain": share(sum(not r.answered for r in outside), len(outside)),
        "false_abstain": share(sum(not r.answered for r in inside), len(inside)),
        # What a person gets: a right answer at once, the right button, or nothing.
        "answered_right": outcomes(inside, "answer", True),
        "answered_wrong": outcomes(inside, "answer", False),
        "suggest_right": outcomes(inside, "suggest", True),
        "suggest_wrong": outcomes(inside, "suggest", False),
        "nothing": outcomes(inside, "abstain"),
        "oos_answered": outcomes(outside, "answer"),
        "oos_suggested": outcomes(outside, "suggest"),
        "oos_clean": outcomes(outside, "abstain"),
        "p50_ms": round(float(np.percentile(times, 50)), 3),
        "p99_ms": round(float(np.percentile(times, 99)), 3),
    }


def handled_well(group: list[Ranked]) -> int:
    """How many queries got the right outcome: the right answer, or no answer when none fits."""
    return sum(
        (r.answered and r.correct) or (not r.answered and r.query.expect is None) for r in group
    )
