"""What a fitted decision (`decision.py`) reads of a match: one row of numbers per candidate.

Scores alone do not say whether the best entry answers the message: a long story can put an
entry ahead on one word of its context. So each candidate also gets what share of the
message's words and concepts its entry explains, next to the message's length, script and
the words the content does not know, and whether a story's asking sentences alone rank it first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FEATURES = (
    "rank 1",
    "rank 2",
    "rank 3",
    "score",
    "best score",
    "share of best score",
    "lead over next",
    "best's relative lead",
    "phrasing",
    "phrasing over others'",
    "words explained (idf)",
    "words explained (count)",
    "words explained over others'",
    "concepts named",
    "concepts covered (share)",
    "concepts not covered",
    "message length (log)",
    "Cyrillic share",
    "unknown share",
    "unknown words (log)",
    "grounded",
    "rumour",
    "hand-set rule answers",
    "a story with an ask",
    "ask's words explained",
    "ask's words explained over others'",
    "ask's concepts covered (share)",
    "classifier's probability",
    "classifier's first choice",
    "classifier's best probability",
    "the ask alone ranks it first",
)
CANDIDATES = 3  # the candidates a decision weighs: those that may become buttons


@dataclass(frozen=True)
class Message:
    """What a message says, as index rows: the words it says (row -> idf weight) and the
    distinct lexicon concepts it names."""

    words: dict[int, float]
    concepts: frozenset[int]
    unknown: int
    tokens: int
    cyrillic: float  # share of letters
    grounded: bool
    # The asking sentences of a story (`asking.py`), read the same way; the message itself
    # when it is all ask.
    ask_words: dict[int, float] | None = None
    ask_concepts: frozenset[int] = frozenset()


def candidate_rows(
    message: Message,
    candidates: Sequence[tuple[int, float, float]],  # (entry position, score, phrasing)
    entry_terms: Sequence[frozenset[int]],
    rumour: bool,
    rule_answers: bool = False,
    believed: np.ndarray | None = None,
    ask_first: int = -1,
) -> np.ndarray:
    """(len(candidates), len(FEATURES)), for at most `CANDIDATES` candidates. `believed`: each
    entry's probability by the content's classifier (`classifier.py`)."""
    candidates = list(candidates)[:CANDIDATES]
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    if believed is None:
        believed = np.zeros(max(position for position, _, _ in candidates) + 1)
    total = sum(message.words.values()) or 1.0
    unknown_share = message.unknown / max(1, len(message.words) + message.unknown)
    named = len(message.concepts)
    scores = [score for _, score, _ in candidates]
    phrasings = [phrasing for _, _, phrasing in candidates]
    story = message.ask_words is not None
    ask_words = message.ask_words if message.ask_words is not None else message.words
    ask_concepts = message.ask_concepts if story else message.concepts
    ask_total = sum(ask_words.values()) or 1.0
    explained: list[float] = []
    counted: list[float] = []
    covered: list[float] = []
    asked: list[float] = []
    ask_covered: list[float] = []
    for position, _, _ in candidates:
        terms = entry_terms[position]
        asked.append(sum(w for row, w in ask_words.items() if row in terms) / ask_total)
        ask_covered.append(len(ask_concepts & terms) / len(ask_concepts) if ask_concepts else 0.0)
        inside = [row for row in message.words if row in terms]
        explained.append(sum(message.words[row] for row in inside) / total)
        counted.append(len(inside) / max(1, len(message.words) + message.unknown))
        covered.append(len(message.concepts & terms))
    best = max(scores[0], 1e-9)
    rows = []
    for i, (score, phrasing) in enumerate(zip(scores, phrasings, strict=True)):
        following = scores[i + 1] if i + 1 < len(scores) else 0.0
        others = [j for j in range(len(candidates)) if j != i]
        rows.append(
            [
                i == 0,
                i == 1,
                i == 2,
                score,
                scores[0],
                score / best,
                score - following,
                (scores[0] - (scores[1] if len(scores) > 1 else 0.0)) / best,
                phrasing,
                phrasing - max((phrasings[j] for j in others), default=0.0),
                explained[i],
                counted[i],
                explained[i] - max((explained[j] for j in others), default=0.0),
                min(named, 5),
                covered[i] / named if named else 0.0,
                min(named - covered[i], 5),
                np.log1p(message.tokens),
                message.cyrillic,
                unknown_share,
                np.log1p(message.unknown),
                message.grounded,
                rumour,
                rule_answers and i == 0,
                story,
                asked[i],
                asked[i] - max((asked[j] for j in others), default=0.0),
                ask_covered[i],
                believed[candidates[i][0]],
                believed[candidates[i][0]] >= believed.max(),
                believed.max(),
                (candidates[i][0] == ask_first) if story else i == 0,
            ]
        )
    return np.array(rows, dtype=np.float64)
