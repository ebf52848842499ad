"""The content's classifier: a second opinion on which entry a message asks for."""

import re
import shutil

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
    assert nothing.max() < 0.2  # no entry is likely


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


def test_the_hand_set_rule_decides_where_the_model_is_less_sure():
    unsure = _constant_decision(right=0.2, scope=0.9)
    rows = np.zeros((3, len(FEATURES)))
    rows[0, FEATURES.index("classifier's first choice")] = 1
    for rule in (Outcome.ANSWER, Outcome.SUGGEST, Outcome.ABSTAIN):
        verdict = unsure.decide(rows, rule)
        assert verdict.outcome is rule
        assert verdict.chances == (0.2, 0.2, 0.2) and verdict.in_scope == pytest.approx(0.9)


def test_the_model_adds_an_answer_only_in_scope_and_when_the_classifier_agrees():
    sure = _constant_decision(right=0.9, scope=0.9)
    rows = np.zeros((3, len(FEATURES)))
    rows[0, FEATURES.index("grounded")] = 1  # it names something the lexicon knows
    # The classifier picks another entry first: two opinions differ, the rule's buttons stand.
    assert sure.decide(rows, Outcome.SUGGEST).outcome is Outcome.SUGGEST
    rows[0, FEATURES.index("classifier's first choice")] = 1
    assert sure.decide(rows, Outcome.SUGGEST).outcome is Outcome.ANSWER
    # Even where the rule found nothing to offer.
    assert sure.decide(rows, Outcome.ABSTAIN).outcome is Outcome.ANSWER
    # Not for one general word the content knows ("now"), which the rule would not answer.
    rows[0, FEATURES.index("grounded")] = 0
    assert sure.decide(rows, Outcome.SUGGEST).outcome is Outcome.SUGGEST
    rows[0, FEATURES.index("grounded")] = 1
    outside = _constant_decision(right=0.9, scope=0.2)
    assert outside.decide(rows, Outcome.SUGGEST).outcome is Outcome.SUGGEST
    assert outside.decide(rows, Outcome.ABSTAIN).outcome is Outcome.ABSTAIN
    # The rule's answer stands whatever the models say: out of scope, or the classifier not
    # agreeing, or the model unsure.
    assert outside.decide(rows, Outcome.ANSWER).outcome is Outcome.ANSWER
    rows[0, FEATURES.index("classifier's first choice")] = 0
    assert sure.decide(rows, Outcome.ANSWER).outcome is Outcome.ANSWER


def test_the_answer_threshold_counts_the_rule_s_answers():
    chances = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01, 0.0])
    right = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], dtype=bool)
    none = np.zeros(12, dtype=bool)
    # Alone, answers down to 0.1 are all right (9 of 9 is not ten answers: 10 of 10 at 0.05
    # would be 0.9); at 90%, ten answers down to 0.05.
    assert decision._precise_from(chances, right, 0.9, none) == 0.05
    assert decision._precise_from(chances, right, 0.95, none) == 1.01
    # Two wrong answers of the rule's: the model may add only while all stay 90% right.
    given = np.zeros(12, dtype=bool)
    given[[10, 11]] = True
    assert decision._precise_from(chances, right, 0.8, given) == 0.1  # 9 of 11
    assert decision._precise_from(chances, right, 0.9, given) == 1.01


def test_two_entries_are_told_apart():
    from welcomebot.content.models import FaqEntry

    def entry(id: str, question: str, answer: str) -> FaqEntry:
        return FaqEntry(id=id, group="g", question={"en": question}, answer={"en": answer})

    two = Matcher(
        [
            entry("doctor", "How do I find a family doctor?", "Register at a clinic."),
            entry("school", "How do I enrol my child in school?", "Apply to the school."),
        ]
    )
    chances = believed(two, ["family doctor clinic", "school child enrol"])
    assert chances[0, 0] > 0.6 and chances[1, 1] > 0.6
    assert chances.sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)


def test_large_content_has_no_classifier(monkeypatch):
    from welcomebot.matching import classifier

    pack, _ = load_content(DEMO_CONTENT)
    monkeypatch.setattr(classifier, "LARGE_CONTENT", 5)
    large = Matcher(pack.entries[:6], pack.group_titles)
    assert large.classifier.silent
    assert (believed(large, ["family doctor"]) == 0).all()


def test_each_kind_shares_its_own_probabilities(matcher):
    # A newcomer's question is matched against FAQ entries and rumours together; the decision
    # was fitted one kind at a time.
    [both] = believed(matcher, ["is it true refugees get free flats"])
    faq = matcher.mask(lambda e: e.kind == "faq")
    assert both[faq].sum() == pytest.approx(1.0, abs=1e-5)
    assert both[~faq].sum() == pytest.approx(1.0, abs=1e-5)
    [alone] = believed(matcher, ["is it true refugees get free flats"], "faq")
    assert np.allclose(alone[faq], both[faq], atol=1e-6)


def test_the_kept_classifier_is_the_fitted_one(matcher):
    import pickle

    kept = pickle.loads(pickle.dumps(matcher))
    assert np.array_equal(kept.classifier.coef, matcher.classifier.coef)
    texts = ["family doctor", "школа для дитини"]
    assert np.allclose(believed(kept, texts, "faq"), believed(matcher, texts, "faq"))


def _constant_decision(right: float, scope: float) -> Decision:
    """Constant models: p(right) `right` for every candidate, p(scope) `scope`; both
    thresholds at 0.5, and no message so close to a shipped out-of-scope question that its
    buttons go."""
    return Decision.from_json(
        {
            "right": [_constant(right)],
            "scope": [_constant(scope)],
            "answer_at": 0.5,
            "scope_at": 0.5,
            "figures": {},
            "decoy_at": 9.0,
        }
    )


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


def test_a_start_fits_the_decision_in_a_child_and_takes_it_with_its_classifier(
    monkeypatch, tmp_path
):
    """scikit-learn and the fit's garbage stay out of the bot's process: it neither fits the
    decision nor the classifier, yet gets both, the classifier's rows those of its own index."""
    from welcomebot import app
    from welcomebot.matching.classifier import EntryClassifier

    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    here = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)

    def not_here(*_args, **_kwargs):
        raise AssertionError("fitted in the bot's own process")

    monkeypatch.setattr(decision, "fit", not_here)
    monkeypatch.setattr(EntryClassifier, "fit", not_here)
    fitted = app.fitted_decision(here, pack, lexicon, tmp_path, DEMO_CONTENT)
    assert isinstance(fitted, Decision)
    assert len(list(tmp_path.glob("decision-*.json"))) == 1
    assert len(list(tmp_path.glob("decision-*.classifier.npz"))) == 1
    monkeypatch.undo()
    elsewhere = Matcher(pack.entries, pack.group_titles, lexicon=lexicon).classifier
    # The same fit, up to the order of its threads' sums.
    assert np.allclose(here.classifier.coef, elsewhere.coef, rtol=0, atol=1e-6)
    assert np.allclose(here.classifier.intercept, elsewhere.intercept, rtol=0, atol=1e-9)


def test_the_answer_threshold_never_splits_a_tie():
    # Calibrated probabilities come in steps: 0.5 is one step of three, one of them wrong.
    chances = np.array([0.9] * 10 + [0.5] * 3)
    right = np.array([True] * 11 + [False, True])
    assert decision._precise_from(chances, right, 0.95, np.zeros(13, dtype=bool)) == 0.9


def test_content_too_small_to_fit_is_decided_by_the_thresholds_with_a_warning(tmp_path, caplog):
    """The child's own words (`welcomebot content fit`, as `test_cli` runs it) reach the log."""
    from welcomebot import app

    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    bare = [e.model_copy(update={"variants": {}}) for e in pack.faq]
    folder = tmp_path / "town"
    shutil.copytree(DEMO_CONTENT, folder)
    for path in folder.rglob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^    variants:\n(?:      .*\n)+", "", text), "utf-8")
    matcher = Matcher(bare, pack.group_titles, lexicon=lexicon)
    with caplog.at_level("WARNING"):
        assert app.fitted_decision(matcher, pack, lexicon, tmp_path / "cache", folder) is None
    assert (
        f"the answer decision for {folder} was not fitted: content {folder}: no decision can be "
        "fitted for it (too few held-out phrasings to fit a decision: the content needs "
        "variants). Until it is, the hand-set thresholds decide alone"
    ) in caplog.text
