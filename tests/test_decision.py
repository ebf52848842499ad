"""The decision fitted on the content itself: answer when sure, say plainly when there is none."""

import gzip
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from welcomebot.content.loader import load_content
from welcomebot.content.models import ContentPack, FaqEntry
from welcomebot.matching import decision, decoys, noise
from welcomebot.matching.asking import ask
from welcomebot.matching.decision import Calibrated, Decision, content_hash, load_or_fit
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.services.answering import Responder

from .conftest import DEMO_CONTENT

# Settings that would cap the libraries' threads from outside the fit.
THREAD_SETTINGS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@pytest.fixture(scope="module")
def demo() -> tuple[ContentPack, Matcher]:
    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    return pack, Matcher(pack.entries, pack.group_titles, lexicon=lexicon)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("decision-cache")


@pytest.fixture(scope="module")
def fitted(demo, cache) -> Matcher:
    pack, matcher = demo
    matcher.decision, _, _ = load_or_fit(
        matcher, pack.group_titles, matcher.analyzer.lexicon, cache
    )
    return matcher


def test_the_shipped_out_of_scope_questions_load_in_three_languages():
    questions = decoys.out_of_scope_questions()
    assert set(questions) == {"en", "uk", "ru"}
    for lang, texts in questions.items():
        assert len(texts) >= decoys.TRANSLATED, lang  # the first ones say the same in each
        assert len(set(texts)) == len(texts), lang
        assert all(text.strip() for text in texts)
    assert "Яка завтра буде погода?" in questions["uk"]
    last = decoys.TRANSLATED - 1  # a nephew's video game, in each language
    assert [questions[lang][last] for lang in ("en", "uk", "ru")] == [
        "Which video game should I buy for my nephew?",
        "Яку відеогру купити племіннику?",
        "Какую видеоигру купить племяннику?",
    ]
    stories = decision.story_templates()
    assert set(stories) == {"faq", "rumour"}
    for kind, languages in stories.items():
        assert set(languages) == {"en", "uk"}, kind
        assert all("{ask}" in t for templates in languages.values() for t in templates)


def test_a_phrasing_is_also_asked_in_russian_where_the_lexicon_knows_the_word(demo):
    lexicon = demo[1].analyzer.lexicon
    words = noise.russian_words(lexicon.spellings, lexicon.concepts)
    assert "где" in words["де"] and "когда" in words["коли"]  # the spellings, read backwards
    assert not [form for forms in words.values() for form in forms if "*" in form or " " in form]
    russian = noise.in_russian(
        "Де ви знаходитеся і коли працюєте?", words, lambda word: word, random.Random(0)
    )
    # Words the lexicon has no Russian for stay Ukrainian, as in Surzhyk.
    assert russian == "где ви знаходитеся і когда працюєте?"
    # A third of the Ukrainian phrasings a fit asks are so typed, by their number.
    assert decision._typed("Де ви?", "uk", 4, words) == "где ви?"
    assert decision._typed("Де ви?", "uk", 3, words) == "de vy?"
    assert decision._typed("Where are you?", "en", 4, words) != "где ви?"


def test_a_rumour_is_told_where_it_was_heard_and_a_question_with_the_asker_s_situation():
    stories = decision.story_templates()
    rumour = decision._wrapped("Newcomers get free flats.", "uk", "rumour", 0, stories)
    assert rumour == stories["rumour"]["uk"][0].replace("{ask}", "Newcomers get free flats.")
    question = decision._wrapped("Where is a doctor?", "en", "faq", 1, stories)
    assert question == stories["faq"]["en"][1].replace("{ask}", "Where is a doctor?")
    # A kind with no stories of its own, or a language without any, falls back to faq, English.
    assert decision._wrapped("x", "de", "event", 2, stories) == stories["faq"]["en"][2].replace(
        "{ask}", "x"
    )


def test_a_held_out_variant_meets_its_entry_with_the_entry_s_other_variants():
    entry = FaqEntry(
        id="doctor",
        question={"en": "A doctor", "uk": "Лікар"},
        answer={"en": "Call the practice.", "uk": "Зателефонуйте в амбулаторію."},
        variants={"en": ["GP", "family doctor", "sick note"], "uk": ["терапевт"]},
    )
    plain = entry.model_copy(update={"variants": {}})
    kept, held = decision._hold_out([entry, plain], 0, 2)
    assert kept[0].variants == {"en": ["family doctor"], "uk": []}
    assert held[0].variants == {"en": ["GP", "sick note"], "uk": ["терапевт"]}
    assert kept[1] is plain and len(held) == 1
    kept, held = decision._hold_out([entry], 1, 2)
    assert kept[0].variants == {"en": ["GP", "sick note"], "uk": ["терапевт"]}
    assert held[0].variants == {"en": ["family doctor"], "uk": []}
    # Every variant is held out once over the folds, and never while its entry holds it.
    assert not decision._hold_out([entry], 2, 3)[1][0].variants["uk"]


def test_a_keyword_phrasing_is_asked_as_a_question_in_its_story():
    # People end what they ask with a question mark; a story whose ask ran on into its context
    # made every story look hopeless to the model, which then answered few long messages.
    stories = decision.story_templates()
    told = decision._wrapped("school registration", "en", "faq", 1, stories)
    assert told == stories["faq"]["en"][1].replace("{ask}", "school registration?")
    assert ask(told) == "school registration?"
    assert decision._wrapped("Where is a doctor?", "en", "faq", 1, stories).count("?") == 1
    # A rumour is a claim, not a question.
    claim = decision._wrapped("Newcomers get free flats", "en", "rumour", 0, stories)
    assert "Newcomers get free flats?" not in claim


def test_a_clear_question_is_answered(fitted):
    match = fitted.match("How do I register with a family doctor?", "en", kinds=["faq"])
    assert match.outcome is Outcome.ANSWER
    assert match.best.entry.id == "health-family-doctor"
    assert match.chances[0] > 0.5  # by the hand-set rule, and the model finds it likely


def test_an_out_of_scope_question_gets_the_plain_no_answer_with_no_buttons(fitted):
    # Not in the shipped list it was fitted on (the handlers' own unrelated message). The rule
    # finds nothing to offer, and the model adds no answer to that.
    match = fitted.match("what is the weather on mars", "en")
    assert match.outcome is Outcome.ABSTAIN
    reply = Responder(fitted).decide(match)
    assert (reply.outcome, reply.entry, reply.suggestions) == (Outcome.ABSTAIN, None, [])


def test_one_general_word_gets_no_answer_from_the_model(fitted):
    # "now" is the one word the content knows, and only the crisis entry says it: the model
    # finds that entry likely, but a message must name something the lexicon knows or say
    # two words the content knows before anyone answers it, the model included.
    match = fitted.match("he is fine now", "en")
    assert match.best.entry.id == "health-crisis"
    assert match.chances[0] >= fitted.decision.answer_at  # the model alone would answer
    assert match.outcome is Outcome.SUGGEST


def test_the_model_answers_what_the_hand_set_rule_only_offers(demo, fitted):
    """The demo content's own phrasings in a story: where the model is sure, it answers what
    the rule only offers as buttons, right as often as it was fitted to be; elsewhere the
    rule's outcome stands."""
    pack, _ = demo
    plain = Matcher(pack.entries, pack.group_titles, analyzer=fitted.analyzer)
    # A fit whose held-out answers are not right often enough lets the model add none
    # (answer_at above 1): every outcome is then the rule's.
    silent = Matcher(pack.entries, pack.group_titles, analyzer=fitted.analyzer)
    silent.decision = Decision.from_json({**fitted.decision.to_json(), "answer_at": 1.01})
    sure = fitted
    assert fitted.decision.answer_at < 1  # the demo content has variants enough to be sure
    story = "We arrived in the city last month with two children and I am still lost. {}"
    texts = [story.format(text) for entry in pack.faq for text in entry.variants.get("en", [])]
    expected = [entry.id for entry in pack.faq for _ in entry.variants.get("en", [])]
    langs = ["en"] * len(texts)
    rule = plain.match_many(texts, langs, kinds=["faq"])
    # Adding nothing, every outcome and button is the rule's.
    model = silent.match_many(texts, langs, kinds=["faq"])
    assert [m.outcome for m in model] == [r.outcome for r in rule]
    assert [[c.entry.id for c in m.offered(3)] for m in model] == [
        [c.entry.id for c in r.offered(3)] for r in rule
    ]
    model = sure.match_many(texts, langs, kinds=["faq"])
    added = [
        m.best.entry.id == want
        for r, m, want in zip(rule, model, expected, strict=True)
        if r.outcome is not Outcome.ANSWER and m.outcome is Outcome.ANSWER
    ]
    assert len(added) >= 10 and sum(added) / len(added) >= decision.ANSWER_PRECISION
    for r, m in zip(rule, model, strict=True):
        if m.outcome is not Outcome.ANSWER:
            assert m.outcome is r.outcome
            assert [c.entry.id for c in m.offered(3)] == [c.entry.id for c in r.offered(3)]
        if r.outcome is Outcome.ANSWER:  # the rule's answers stand
            assert (m.outcome, m.best) == (r.outcome, r.best)


def test_the_fit_is_cached_by_a_hash_of_the_content(demo, cache, fitted):
    pack, matcher = demo
    lexicon = matcher.analyzer.lexicon
    again, path, fitted_now = load_or_fit(matcher, pack.group_titles, lexicon, cache)
    assert not fitted_now
    assert path.name == f"decision-{content_hash(matcher.entries, pack.group_titles, lexicon)}.json"
    assert again == fitted.decision
    changed = [pack.entries[0].model_copy(update={"variants": {}}), *pack.entries[1:]]
    assert content_hash(changed, pack.group_titles, lexicon) != content_hash(
        matcher.entries, pack.group_titles, lexicon
    )


def test_a_change_to_any_matching_file_fits_anew(demo, tmp_path, monkeypatch):
    """The thesaurus, the danger words or a reading rule change the rows a decision was fitted
    on, not only the files the fit itself is written in."""
    pack, matcher = demo
    lexicon = matcher.analyzer.lexicon
    copy = tmp_path / "matching"
    shutil.copytree(decision.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(decision, "PACKAGE", copy)
    before = content_hash(matcher.entries, pack.group_titles, lexicon)
    # An editor's swap and backup files beside a developer's checkout are not the code.
    (copy / ".translit.py.swp").write_bytes(b"swap")
    (copy / "translit.py~").write_text("# an old copy\n")
    assert content_hash(matcher.entries, pack.group_titles, lexicon) == before
    with gzip.open(copy / "data" / "related.tsv.gz", "at", encoding="utf-8") as thesaurus:
        thesaurus.write("uk\tперукар\tстиліст\n")
    after_data = content_hash(matcher.entries, pack.group_titles, lexicon)
    (copy / "translit.py").write_text((copy / "translit.py").read_text() + "\n# changed\n")
    after_code = content_hash(matcher.entries, pack.group_titles, lexicon)
    assert len({before, after_data, after_code}) == 3


def test_the_fit_is_deterministic(demo, tmp_path):
    pack, matcher = demo
    # A part of the content, so that fitting twice stays quick.
    topics = {e.group for e in pack.faq[:20]}
    entries = [e for e in pack.entries if e.group in topics]
    part = Matcher(entries, pack.group_titles, analyzer=matcher.analyzer)
    first = decision.fit(part, pack.group_titles, matcher.analyzer.lexicon).to_json()
    second = decision.fit(part, pack.group_titles, matcher.analyzer.lexicon).to_json()
    for figures in (first["figures"], second["figures"]):
        figures.pop("seconds"), figures.pop("cpu_seconds")
    assert first == second


@pytest.mark.parametrize("method", ["sigmoid", "isotonic"])
def test_the_numpy_decision_gives_scikit_learn_s_calibrated_probabilities(method):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    rows = rng.normal(size=(600, 4)) * [1, 5, 0.1, 2] + [0, 3, 1, -1]
    labels = rows @ [1.0, -0.3, 4.0, 0.5] + rng.normal(size=600) > 0
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    model = CalibratedClassifierCV(LogisticRegression(), method=method, cv=5)
    model.fit((rows - mean) / scale, labels)
    expected = model.predict_proba((rows - mean) / scale)[:, 1]
    assert np.allclose(Calibrated.of(model, mean, scale).probability(rows), expected, atol=1e-9)


def test_a_candidate_is_marked_where_the_ask_of_the_story_alone_ranks_it_first(demo):
    from welcomebot.matching.signals import FEATURES

    _, matcher = demo
    alone = FEATURES.index("the ask alone ranks it first")
    story = (
        "We moved here with my husband and two kids last month and the school is far away. "
        "Do I have to pay taxes here?"
    )
    [(candidates, rows)] = matcher.examine([story], ["en"])
    assert candidates[0].entry.id == "children-school-enrolment"  # the context took over
    marked = [c.entry.id for c, row in zip(candidates, rows, strict=True) if row[alone] == 1]
    [(by_ask, _)] = matcher.examine(["Do I have to pay taxes here?"], ["en"])
    assert marked == [by_ask[0].entry.id] == ["money-taxes"]
    # A message that is all ask: its own first candidate.
    [(_, plain)] = matcher.examine(["Do I have to pay taxes here?"], ["en"])
    assert plain[:, alone].tolist() == [1.0, 0.0, 0.0]


def test_the_ask_of_a_story_is_its_asking_sentence():
    story = "We came here a month ago with two kids. Where do I get a tax number? Thanks!"
    assert ask(story) == "Where do I get a tax number?"
    assert ask("We arrived last week. I need a tax number. Thank you") == "I need a tax number."
    assert ask("Ми приїхали місяць тому. Підкажіть, де взяти податковий номер") == (
        "Підкажіть, де взяти податковий номер"
    )
    assert ask("Where do I get a tax number?") is None  # all of it is the ask
    assert ask("tax number") is None


async def test_with_the_fitted_decision_an_unrelated_message_gets_no_buttons(
    app, chat, fitted, monkeypatch
):
    # The same demo content, entry for entry.
    monkeypatch.setattr(app.answers.matcher, "decision", fitted.decision)
    [reply] = await chat.say("яка погода на марсі")
    assert reply.text.startswith("На жаль, відповіді на це питання в мене поки немає.")
    assert "Або перегляньте питання за темами: /topics" in reply.text
    assert reply.reply_markup is None
    [answered] = await chat.say("How do I register with a family doctor?")
    assert answered.text.startswith("<b>How do I register with a family doctor?</b>")
    # Closer to a question no FAQ answers than to the entries it shares words with.
    [sneakers] = await chat.say("де купити дешеві кросівки для бігу")
    assert sneakers.text.startswith("На жаль, відповіді на це питання в мене поки немає.")
    assert sneakers.reply_markup is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("any cheap barber near the station for men?", "en"),
        ("де купити дешеві кросівки для бігу", "uk"),
    ],
)
def test_a_message_far_closer_to_a_question_no_faq_answers_gets_no_buttons(
    demo, fitted, text, lang
):
    """Each shares a word with some entry, so the rule offers buttons; a shipped question no FAQ
    answers (a haircut, sneakers) is much closer than any entry, so the fitted decision says
    plainly there is no answer. Neither text is in the shipped list (the Ukrainian one says
    more than a shipped question, as people do)."""
    pack, _ = demo
    assert text not in decoys.out_of_scope_questions()[lang]
    plain = Matcher(pack.entries, pack.group_titles, analyzer=fitted.analyzer)
    assert plain.match(text, lang).outcome is Outcome.SUGGEST
    match = fitted.match(text, lang)
    assert match.outcome is Outcome.ABSTAIN
    reply = Responder(fitted).decide(match)
    assert (reply.outcome, reply.suggestions) == (Outcome.ABSTAIN, [])


def test_a_shipped_question_closer_than_any_entry_withholds_buttons_and_the_model_s_answer(
    fitted,
):
    """The rule's own answers stand; past `decoy_at` the model adds none and buttons go."""
    chosen = fitted.decision
    assert 0 < chosen.decoy_at < 1  # fitted on the content's held-out phrasings
    [(_, rows)] = fitted.examine(["How do I register with a family doctor?"], ["en"])
    near, far = chosen.decoy_at - 0.01, chosen.decoy_at + 0.01
    assert chosen.decide(rows, Outcome.SUGGEST, near).outcome is Outcome.ANSWER  # the model's
    assert chosen.decide(rows, Outcome.SUGGEST, far).outcome is Outcome.ABSTAIN
    assert chosen.decide(rows, Outcome.ANSWER, far).outcome is Outcome.ANSWER  # the rule's
    assert Decision.from_json(chosen.to_json()) == chosen


def test_a_shipped_question_is_measured_against_the_other_shipped_questions(fitted):
    """When fitting, a shipped question asked as out of scope is not its own nearest decoy,
    nor are its translations or a question that says nearly the same (its lead would always
    be high): the others say how close a message no decoy says word for word comes, and which
    of the fit's out-of-scope rows the decoy gate would stop."""
    questions = decoys.out_of_scope_questions()
    text = questions["uk"][22]  # tomatoes on a balcony: no other shipped question is near
    own = fitted.decoys.position("uk", 22)
    assert fitted.decoys.matcher.entries[own].question["uk"] == text
    [alone] = fitted.nearest_decoys([text])
    [others] = fitted.nearest_decoys([text], [own])
    assert alone > 0.8  # itself
    assert others < 0.15  # its Russian translation, nearer than that, is left out too
    haircut = fitted.decoys.position("uk", 0)  # "Де можна недорого підстригтися?"
    repeated = [n for n in fitted.decoys.twins[haircut] if n != haircut]
    said = [fitted.decoys.matcher.entries[n].question for n in repeated]
    assert {"uk": "де недорого підстригтися"} in said  # a later question of the list
    assert {"ru": "Где можно недорого подстричься?"} in said  # its translation
    sneakers = "де купити дешеві кросівки"
    both = fitted.nearest_decoys([text, sneakers], [own, -1])
    assert both.tolist() == pytest.approx([others, fitted.nearest_decoys([sneakers])[0]])


def test_content_fit_says_plainly_when_the_model_adds_no_answers(fitted):
    from welcomebot.cli.content import _answers_added

    none = Decision.from_json({**fitted.decision.to_json(), "answer_at": 1.01})
    assert _answers_added(none) == (
        "the model adds no answers: with any of its own, the answers on held-out phrasings "
        "would be under 95% right"
    )
    adding = Decision.from_json({**fitted.decision.to_json(), "answer_at": 0.8})
    assert _answers_added(adding).startswith("the model adds answers from p(right) >= 0.800 with")


def test_the_fit_runs_its_regressions_on_one_thread_each():
    """In a new process (scikit-learn not yet loaded, as in the bot): a thread limit set before
    a library is loaded misses that library's threads, which then only contend on two cores."""
    import subprocess
    import sys

    child = f"""
from threadpoolctl import threadpool_info
from welcomebot.content.loader import load_content
from welcomebot.matching import decision, decoys, noise
from welcomebot.matching.matcher import Matcher

pack, _ = load_content({str(DEMO_CONTENT)!r})
topics = {{e.group for e in pack.faq[:12]}}
part = Matcher([e for e in pack.entries if e.group in topics], pack.group_titles)
seen = set()
original = decision._fitted
def fitted(*args):
    seen.update(pool["num_threads"] for pool in threadpool_info())
    return original(*args)
decision._fitted = fitted
decision.fit(part, pack.group_titles, part.analyzer.lexicon)
print(sorted(seen))
"""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_SETTINGS}
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[1]"


def test_a_damaged_cache_is_fitted_anew(demo, tmp_path, caplog):
    pack, matcher = demo
    topics = {e.group for e in pack.faq[:20]}
    part = Matcher([e for e in pack.entries if e.group in topics], pack.group_titles)
    lexicon = part.analyzer.lexicon
    load_or_fit(part, pack.group_titles, lexicon, tmp_path)
    (arrays,) = tmp_path.glob("decision-*.classifier.npz")
    arrays.write_bytes(arrays.read_bytes()[:100])  # cut short, as by a full disk
    with caplog.at_level("WARNING"):
        assert decision.cached(part, pack.group_titles, lexicon, tmp_path) is None
    assert "unreadable" in caplog.text
    assert load_or_fit(part, pack.group_titles, lexicon, tmp_path)[2]  # fitted again
    assert decision.cached(part, pack.group_titles, lexicon, tmp_path) is not None


def test_processes_that_start_together_on_new_content_fit_it_once(demo, tmp_path, monkeypatch):
    """Replicas sharing a cache folder: the first fits, the others wait and read its fit."""
    import threading
    import time

    pack, matcher = demo
    topics = {e.group for e in pack.faq[:20]}
    entries = [e for e in pack.entries if e.group in topics]
    parts = [Matcher(entries, pack.group_titles, analyzer=matcher.analyzer) for _ in range(2)]
    lexicon = matcher.analyzer.lexicon
    fits, real_fit = [], decision.fit

    def slow_fit(*args):
        fits.append(threading.get_ident())
        time.sleep(0.5)  # the other has reached the lock by now
        return real_fit(*args)

    monkeypatch.setattr(decision, "fit", slow_fit)
    results = [None, None]

    def start(n: int) -> None:
        results[n] = load_or_fit(parts[n], pack.group_titles, lexicon, tmp_path)

    threads = [threading.Thread(target=start, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(fits) == 1
    assert sorted(r[2] for r in results) == [False, True]  # one fitted, one read it
    assert results[0][0] == results[1][0]


def test_a_cache_folder_that_cannot_be_written_is_named(demo, tmp_path, caplog):
    from welcomebot import app

    pack, matcher = demo
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file")
    fresh = Matcher(pack.entries, pack.group_titles, lexicon=matcher.analyzer.lexicon)
    lexicon = fresh.analyzer.lexicon
    with caplog.at_level("WARNING"):
        assert app.fitted_decision(fresh, pack, lexicon, not_a_folder, DEMO_CONTENT) is None
    assert (
        f"was not fitted: the decision could not be kept in {not_a_folder}: set "
        "WELCOMEBOT_DECISION_CACHE to a folder the bot may write to." in caplog.text
    )


def test_held_out_messages_no_entry_matched_count_as_told_plainly():
    """They have no row to fit on, but they are messages the fit asked: the figures that
    `content fit` prints count them (never answered, out-of-scope ones told plainly)."""
    found = decision.Examples([], [], [], [], [], [])
    nothing = ([], np.zeros((0, 3)))
    found.add(
        [nothing, nothing, nothing],
        [None, None, "housing-rent"],
        [1, 2, 3],
        "shipped list",
        np.zeros(3),
    )
    assert found.unmatched == {True: 1, False: 2}
    assert found.messages == [] and found.candidates == []
