"""Run the matcher and the baselines over labelled queries and collect figures."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from welcomebot.content.loader import ContentError, load_content
from welcomebot.evaluation.baselines import BM25Baseline, FuzzyBaseline
from welcomebot.evaluation.metrics import Ranked, figures, handled_well
from welcomebot.evaluation.queries import Query, load_queries
from welcomebot.matching.danger import NO_DANGER
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.reranker import Reranker
from welcomebot.services.answering import Responder
from welcomebot.services.urgent import UrgentEntries

log = logging.getLogger(__name__)

GROUPS = [("faq", "en"), ("faq", "uk"), ("rumour", "en"), ("rumour", "uk")]


@dataclass
class Evaluation:
    matcher: list[Ranked]
    baselines: dict[str, list[Ranked]]
    reranked: list[Ranked] | None = None  # the matcher with the optional neural reranker

    def report(self) -> dict:
        report = {
            "results": _by_group(self.matcher),
            "baselines": {name: _by_group(rows) for name, rows in self.baselines.items()},
        }
        if self.reranked is not None:
            report["reranked"] = _by_group(self.reranked)
        return report

    def outcomes(self) -> list[dict]:
        """One line per query, as the person met it (`--outcomes`)."""
        return [
            {
                "id": r.query.id,
                "outcome": r.outcome,
                "shown": r.seen,
                "scores": r.scores or [],
                **({"chances": r.chances, "in_scope": r.in_scope} if r.chances else {}),
            }
            for r in self.matcher
        ]

    def confusions(self) -> list[dict]:
        """Where the matcher's first choice was not the expected entry."""
        return [
            {
                "id": r.query.id,
                "kind": r.query.kind,
                "lang": r.query.lang,
                "expected": r.query.expect,
                "answered": r.ids[0] if r.ids else None,
                "confident": r.answered,
                "text": r.query.text,
            }
            for r in self.matcher
            if not r.correct and (r.query.expect is not None or r.answered)
        ]


def _by_group(rows: list[Ranked]) -> list[dict]:
    out = []
    for kind, lang in GROUPS:
        group = [r for r in rows if r.query.kind == kind and r.query.lang == lang]
        if group:
            out.append({"kind": kind, "lang": lang, **figures(group)})
    return out


def _calibrated(rows: list[tuple[Query, list[tuple[str, float]], float]]) -> list[Ranked]:
    """Answer above one threshold per kind: the one that handles most queries well."""
    ranked: list[Ranked] = []
    for kind in {q.kind for q, _, _ in rows}:
        group = [row for row in rows if row[0].kind == kind]
        tops = sorted({scores[0][1] for _, scores, _ in group if scores})
        best: list[Ranked] = []
        for threshold in [*tops, float("inf")]:
            trial = [
                Ranked(q, [i for i, _ in s], bool(s) and s[0][1] >= threshold, ms)
                for q, s, ms in group
            ]
            if not best or handled_well(trial) > handled_well(best):
                best = trial
        ranked.extend(best)
    return ranked


def matcher_rows(
    matcher: Matcher, queries: list[Query], responder: Responder | None = None
) -> list[Ranked]:
    """Each query decided as the bot decides it for a person: newcomers' questions (faq) go
    through the urgent step and small talk first; agents' reports (rumour) do not."""
    responder = responder or Responder(matcher)
    rows = []
    for query in queries:
        start = time.perf_counter()
        danger, said = responder.read(query.text) if query.kind == "faq" else (NO_DANGER, None)
        match = matcher.match(query.text, query.lang, kinds=[query.kind])
        reply = responder.decide(match, danger)
        ms = (time.perf_counter() - start) * 1000
        shown = [] if said is not None else [entry.id for entry in reply.shown]
        ranking = [c.entry.id for c in match.candidates]
        ids = [*shown, *(i for i in ranking if i not in shown)]
        answered = said is None and reply.outcome is Outcome.ANSWER
        scores = [round(c.score, 4) for c in match.candidates]
        chances = list(match.chances) or None
        in_scope = None if match.in_scope is None else round(match.in_scope, 4)
        rows.append(Ranked(query, ids, answered, ms, shown, scores, chances, in_scope))
    return rows


def evaluate(
    content_dir: Path,
    queries_path: Path,
    reranker: Reranker | None = None,
    fitted: bool = False,
    cache_dir: Path | None = None,
) -> Evaluation:
    """`fitted`: decide with the decision fitted for this content (`matching/decision.py`), as
    the bot does; else with the hand-set thresholds of `MatcherConfig`."""
    pack, _ = load_content(content_dir)
    lexicon, problems = load_lexicon(content_dir)
    if problems:
        raise ContentError(problems)
    queries = load_queries(queries_path)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    if fitted:
        from welcomebot.matching.decision import load_or_fit

        try:
            matcher.decision = load_or_fit(matcher, pack.group_titles, lexicon, cache_dir)[0]
        except ValueError as error:  # as the bot starts: the thresholds decide, and it says so
            log.warning("content %s: no decision can be fitted for it (%s)", content_dir, error)
    urgent = UrgentEntries.load(pack, content_dir, matcher.analyzer)
    kinds = np.array([e.kind for e in pack.entries])
    baselines: list[FuzzyBaseline | BM25Baseline] = [
        FuzzyBaseline(pack.entries),
        BM25Baseline(pack.entries),
    ]
    plain = matcher_rows(matcher, queries, Responder(matcher, urgent))
    reranked = None
    if reranker is not None:
        with_model = matcher.with_reranker(reranker)
        reranked = matcher_rows(with_model, queries, Responder(with_model, urgent))

    baseline_rows: dict[str, list[Ranked]] = {}
    for baseline in baselines:
        rows = []
        for query in queries:
            mask = kinds == query.kind
            start = time.perf_counter()
            ranking = baseline.rank(query.text, mask)
            ms = (time.perf_counter() - start) * 1000
            rows.append((query, [(pack.entries[i].id, s) for i, s in ranking], ms))
        baseline_rows[baseline.name] = _calibrated(rows)
    return Evaluation(plain, baseline_rows, reranked)
