"""The content's classifier: a second opinion on which entry a message asks for."""

import numpy as np
import pytest

from welcomebot.content.loader import load_content
from welcomebot.matching import decision
from welcomebot.matching.decision import Decision
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.signals import FEATURES

from .conftest import DEMO_CONTENT


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    return Matcher(pack.entries, pack.group_titles, lexicon=lexicon)


def believed(matcher: Matcher, texts: list[str], kind: str | None = None) -> np.ndarray:
    readings = [matcher.analyzer.read(text) for text in texts]
    scores = matcher.scores(readings)
    allowed = scores.confidence
    if kind is not None:
        allowed = np.where(matcher.mask(lambda e: e.kind == kind), allowed, -1.0)
    return matcher._believed(scores.rows, allowed)


def test_the_entry_a_message_names_is_the_classifier_s_first_choice(matcher):
    [doctor, dentist] = believed(matcher, ["family doctor registration", "зубний лікар"], "faq")
    ids = [e.id for e in matcher.entries]
    assert ids[int(np.argmax(doctor))] == "health-family-doctor"
    assert doctor.max() > 0.5  # a message all about one entry: the classifier is sure of it
    assert "dentist" in ids[int(np.argmax(dentist))]


def test_probabilities_are_shared_among_the_entries_a_message_may_get(matcher):
    faq = matcher.mask(lambda e: e.kind == "faq")
    [chances] = believed(matcher, ["family doctor"], "faq")
    assert chances.sum() == pytest.approx(1.0, abs=1e-5)
    assert (chances[~faq] == 0).all()
    [nothing] = believed(matcher, ["qwzx"], "faq")  # no word the content knows
    assert nothing.sum() == pytest.approx(1.0, abs=1e-5)
    assert nothing.max() < 0.2  # an even spread, no entry preferred


def test_each_message_of_a_batch_is_read_alone(matcher):
    texts = ["family doctor", "school for my son", "family doctor"]
    together = believed(matcher, texts, "faq")
    assert np.allclose(together[0], together[2])
    assert np.allclose(together[0], believed(matcher, ["family doctor"], "faq")[0], atol=1e-6)
    assert np.argmax(together[1]) != np.argmax(together[0])


def test_the_regularisation_is_the_one_that_carries_over_between_kinds():
    rumour = FEATURES.index("rumour")
    rng = np.random.default_rng(5)
    rows = rng.normal(size=(400, len(FEATURES)))
    rows[:, rumour] = np.arange(400) % 2
    labels = rows[:, 3] + 0.3 * rng.normal(size=400) > 0
    weights = np.ones(400)
    chosen = decision._regularisation(rows, labels, weights)
    assert chosen in decision.REGULARISATIONS
    assert decision._regularisation(rows, labels, weights) == chosen  # deterministic
    # One kind only: nothing to carry over to, so the default.
    rows[:, rumour] = 0
    assert decision._regularisation(rows, labels, weights) == decision.DEFAULT_REGULARISATION


def test_the_hand_set_rule_s_answer_stands_when_the_model_is_less_sure(matcher):
    unsure = Decision.from_json(
        {
            # Constant models: p(right) 0.2 for every candidate, p(scope) 0.9.
            "right": [_constant(0.2)],
            "scope": [_constant(0.9)],
            "answer_at": 0.5,
            "offer_at": 0.1,
            "scope_at": 0.5,
            "figures": {},
        }
    )
    rows = np.zeros((3, len(FEATURES)))
    assert unsure.decide(rows).outcome is Outcome.SUGGEST
    rows[0, FEATURES.index("hand-set rule answers")] = 1
    verdict = unsure.decide(rows)
    assert (verdict.outcome, verdict.plausible) == (Outcome.ANSWER, 3)


def _constant(p: float) -> dict:
    """A calibrated fold that gives `p` whatever the row (sigmoid of a zero score)."""
    n = len(FEATURES)
    return {
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "coef": [0.0] * n,
        "intercept": 0.0,
        "a": 1.0,
        "b": float(np.log(1 / p - 1)),
    }


def test_with_a_fitted_decision_the_classifier_is_built_before_the_knowledge_is_kept(
    monkeypatch, tmp_path
):
    from welcomebot import app

    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    fresh = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    kept = object()
    monkeypatch.setattr(decision, "load_or_fit", lambda *_: (kept, tmp_path / "d.json", False))
    assert app.fitted_decision(fresh, pack, lexicon, tmp_path) is kept
    # In the pickle the knowledge cache writes, so no start fits it again.
    assert fresh._classifier is not None
