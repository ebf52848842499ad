"""A first start on new content answers at once with the hand-set rule, and fits the decision
in a child process meanwhile (`matching/fit_process.py`)."""

import asyncio
import logging
import subprocess
import sys
import time

import pytest

from welcomebot import app as app_module
from welcomebot.app import build_app, load_knowledge
from welcomebot.content.loader import load_content
from welcomebot.matching import fit_process
from welcomebot.matching.fit_process import BackgroundFit
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher

from .conftest import DEMO_CONTENT, make_chat
from .fakes.fit_lock import fit_held_back
from .fakes.process_env import processes_naming, welcomebot_env

FIT_SECONDS = 300  # the demo content fits in seconds; a loaded CI machine may take longer


@pytest.fixture(scope="module")
def small() -> tuple[Matcher, dict, object]:
    """A few demo entries: what the child fits comes from the folder, not from this matcher."""
    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    return Matcher(pack.entries[:6], pack.group_titles, lexicon=lexicon), pack.group_titles, lexicon


async def test_a_first_start_answers_at_once_and_takes_the_fitted_decision_when_ready(
    settings, tmp_path
):
    cache = tmp_path / "cache"
    app = build_app(settings.model_copy(update={"decision_cache": cache}), fit_later=True)
    try:
        matcher, fit = app.answers.matcher, app.decision_fit
        assert matcher.decision is None and fit is not None
        chat = make_chat(app)
        with fit_held_back(settings.content_dir, cache):
            app.begin()
            [reply] = await chat.say("How do I register with a family doctor?")
            assert reply.text.startswith("<b>How do I register with a family doctor?</b>")
            assert not fit.done.is_set()  # the reply did not wait for the fit
            assert matcher.match("How do I register with a family doctor?").chances == ()
        await asyncio.wait_for(fit.done.wait(), FIT_SECONDS)
        assert matcher.decision is not None
        assert len(list(cache.glob("decision-*.json"))) == 1
        assert len(matcher.match("How do I register with a family doctor?").chances) == 3
        [again] = await chat.say("How do I register with a family doctor?")
        assert again.text == reply.text
    finally:
        await app.close()
    assert processes_naming(cache) == []


async def test_knowledge_fitted_in_the_background_is_kept_for_the_next_start(
    settings, tmp_path, monkeypatch
):
    """The next start loads the content, the matcher and the decision from one file, as after
    a start that fitted before answering, instead of building them again."""
    cache = tmp_path / "cache"
    kept = settings.model_copy(update={"decision_cache": cache})
    app = build_app(kept, fit_later=True)
    question = "How do I register with a family doctor?"
    try:
        assert app.decision_fit is not None
        assert not list(cache.glob("knowledge-*.pickle"))  # not without its decision
        app.begin()
        await asyncio.wait_for(app.decision_fit.done.wait(), FIT_SECONDS)
        fitted = app.answers.matcher.match(question)
    finally:
        await app.close()
    assert len(list(cache.glob("knowledge-*.pickle"))) == 1

    def built_again(*_: object, **__: object) -> None:
        raise AssertionError("the knowledge was built again")

    monkeypatch.setattr(app_module, "build_knowledge", built_again)
    known = load_knowledge(kept)
    assert known.complete and known.matcher.decision is not None
    again = known.matcher.match(question)
    assert (again.outcome, again.chances) == (fitted.outcome, fitted.chances)
    assert len(fitted.chances) == 3


async def test_a_failure_after_the_fit_is_not_called_a_failed_fit(settings, tmp_path, caplog):
    cache = tmp_path / "cache"
    app = build_app(settings.model_copy(update={"decision_cache": cache}), fit_later=True)

    async def fails() -> None:
        raise MemoryError("no room to keep it")

    try:
        assert app.decision_fit is not None
        app.decision_fit.then = fails
        with caplog.at_level(logging.INFO):
            app.begin()
            await asyncio.wait_for(app.decision_fit.done.wait(), FIT_SECONDS)
        assert app.answers.matcher.decision is not None  # it decides
    finally:
        await app.close()
    assert "but what follows it failed (the built knowledge is not kept" in caplog.text
    assert "was not fitted" not in caplog.text
    assert "background fit of the answer decision failed" not in caplog.text
    assert not list(cache.glob("knowledge-*.pickle"))


async def test_a_start_whose_decision_is_kept_fits_nothing(settings, tmp_path):
    cache = tmp_path / "cache"
    kept = settings.model_copy(update={"decision_cache": cache})
    await build_app(kept).close()  # fits before it returns (as scripts and `content fit` do)
    app = build_app(kept, fit_later=True)
    try:
        assert app.decision_fit is None
        assert app.answers.matcher.decision is not None
    finally:
        await app.close()


async def test_a_bot_stopped_while_fitting_leaves_no_child_behind(small, tmp_path):
    matcher, titles, lexicon = small
    cache = tmp_path / "cache"
    fit = BackgroundFit(matcher, titles, lexicon, DEMO_CONTENT, cache)
    fit.start()
    for _ in range(200):
        if processes_naming(cache):
            break
        await asyncio.sleep(0.05)
    assert processes_naming(cache), "the child never started"
    await fit.stop()
    assert processes_naming(cache) == []
    assert fit.done.is_set()
    assert matcher.decision is None
    assert not list(cache.glob("decision-*.json"))


async def test_a_fit_that_fails_leaves_the_rule_deciding_and_says_what_to_run(
    small, tmp_path, monkeypatch, caplog
):
    matcher, titles, lexicon = small
    said = "too few held-out phrasings to fit a decision: the content needs variants"
    failing = [sys.executable, "-c", f"print({said!r}); raise SystemExit(1)"]
    monkeypatch.setattr(fit_process, "_command", lambda *_: failing)
    fit = BackgroundFit(matcher, titles, lexicon, DEMO_CONTENT, tmp_path)
    with caplog.at_level(logging.WARNING):
        fit.start()
        await asyncio.wait_for(fit.done.wait(), 60)
    assert matcher.decision is None
    assert f"the answer decision for {DEMO_CONTENT} was not fitted: {said}." in caplog.text
    assert f"`welcomebot content fit {DEMO_CONTENT}` shows what happens" in caplog.text


async def test_a_fit_that_cannot_start_is_told_and_the_rule_decides(small, tmp_path, caplog):
    matcher, titles, lexicon = small
    fit = BackgroundFit(matcher, titles, lexicon, DEMO_CONTENT, tmp_path)
    missing = [str(tmp_path / "no-such-python")]
    with caplog.at_level(logging.WARNING), pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit_process, "_command", lambda *_: missing)
        fit.start()
        await asyncio.wait_for(fit.done.wait(), 60)
    assert matcher.decision is None
    assert f"the answer decision for {DEMO_CONTENT} was not fitted: FileNotFoundError" in (
        caplog.text
    )


async def test_a_fit_stopped_before_it_began_is_done(small, tmp_path):
    matcher, titles, lexicon = small
    fit = BackgroundFit(matcher, titles, lexicon, DEMO_CONTENT, tmp_path)
    fit.start()
    await fit.stop()  # before the task ran a step
    assert fit.done.is_set()
    assert processes_naming(tmp_path) == []


# A bot that waits for its fit child (as scripts do), to be killed outright.
WAITING_BOT = """
import sys
from pathlib import Path
from welcomebot.matching.fit_process import fit_in_child
fit_in_child(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_bot_killed_outright_takes_its_fit_child_with_it(tmp_path):
    cache = tmp_path / "cache"
    bot = subprocess.Popen(
        [sys.executable, "-c", WAITING_BOT, str(DEMO_CONTENT), str(cache)], env=welcomebot_env()
    )
    try:
        deadline = time.monotonic() + 60
        while not [p for p in processes_naming(cache) if p != str(bot.pid)]:
            assert time.monotonic() < deadline, "the fit child never started"
            time.sleep(0.05)
    finally:
        bot.kill()  # SIGKILL: the bot can do nothing about its child
        bot.wait()
    deadline = time.monotonic() + 10
    while processes_naming(cache):
        assert time.monotonic() < deadline, "the fit child outlived its bot"
        time.sleep(0.1)
    # It stopped, rather than finishing its fit (which takes seconds more).
    assert not list(cache.glob("decision-*.json"))
