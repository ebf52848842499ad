"""Drafts of events and broadcasts, checked in the core: problems come back as values."""

from datetime import UTC, datetime

import pytest

from welcomebot.services.broadcasts import (
    MAX_CHARS,
    DraftProblem,
    read_due,
    text_problem,
    texts_problem,
)
from welcomebot.services.event_draft import STEPS, EventDraft, Problem, read_places

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ZONE = "Europe/Kyiv"


def answered(*texts: str | None) -> EventDraft:
    draft = EventDraft(zone=ZONE)
    for text in texts:
        assert draft.answer(text, NOW) is None, (draft.current, text)
    return draft


def test_a_full_draft_becomes_the_event_it_describes():
    draft = answered("Picnic", None, "2026-12-05 18:00", "20:00", "20", "Park", None, None, None)
    assert draft.complete
    event = draft.event({"interest": "events"})
    assert event.title == {"en": "Picnic"} and event.place == {"en": "Park"}
    assert event.starts == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # 18:00 in Kyiv
    assert event.ends == datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
    assert (event.capacity, event.timezone, event.description) == (20, ZONE, {})


def test_the_draft_survives_the_form_s_data():
    draft = answered("Picnic", "Пікнік", "2026-12-05 18:00")
    again = EventDraft.from_data({**draft.to_data(), "audience": {}})
    assert again == draft and again.current == STEPS[3]


@pytest.mark.parametrize(
    ("before", "text", "problem"),
    [
        ((), "x" * 201, Problem.TOO_LONG),
        (("Picnic", None), "yesterday", Problem.UNREADABLE_TIME),
        (("Picnic", None), "Library, Main st 1", Problem.UNREADABLE_TIME),
        (("Picnic", None), "2026-13-45 18:00", Problem.UNREADABLE_TIME),
        (("Picnic", None), "2026-11-30 18:00", Problem.NOT_IN_FUTURE),
        (("Picnic", None), None, Problem.NOT_IN_FUTURE),
        (("Picnic", None, "2026-12-05 18:00"), "17:00", Problem.END_BEFORE_START),
        (("Picnic", None, "2026-12-05 18:00"), "1000000", Problem.UNREADABLE_END),
        (("Picnic", None, "2026-12-05 18:00", None), "0", Problem.NOT_PLACES),
        (("Picnic", None, "2026-12-05 18:00", None), "²", Problem.NOT_PLACES),
    ],
)
def test_a_wrong_answer_is_a_problem_and_the_question_stays(before, text, problem):
    draft = answered(*before)
    step = draft.step
    assert draft.answer(text, NOW) is problem
    assert draft.step == step and STEPS[step].key not in draft.answers


def test_no_title_in_either_language_goes_back_to_the_first_question():
    draft = answered(None)
    assert draft.answer(None, NOW) is Problem.NO_TITLE
    assert draft.step == 0


def test_places_are_a_number_from_the_least_or_none_for_no_limit():
    assert read_places(None) is None
    assert read_places("12", at_least=12) == 12
    with pytest.raises(ValueError):
        read_places("11", at_least=12)


def test_a_broadcast_draft_needs_a_text_within_the_limit_and_a_time_to_come():
    assert text_problem("x" * MAX_CHARS) is None and text_problem(None) is None
    assert text_problem("x" * (MAX_CHARS + 1)) is DraftProblem.TOO_LONG
    assert texts_problem({"en": None, "uk": "Новини"}) is None
    assert texts_problem({"en": None, "uk": None}) is DraftProblem.NO_TEXT
    assert read_due("tomorrow", ZONE, NOW) is DraftProblem.UNREADABLE_TIME
    assert read_due("01.12.2026 13:59", ZONE, NOW) is DraftProblem.PAST_TIME  # 11:59 UTC
    assert read_due("01.12.2026 14:01", ZONE, NOW) == datetime(2026, 12, 1, 12, 1, tzinfo=UTC)


def test_an_end_past_midnight_is_the_next_day_s_and_one_long_before_the_start_is_refused():
    draft = answered("Party", None, "2026-12-05 22:00")
    assert draft.answer("00:30", NOW) is None
    assert draft.answers["ends"].startswith("2026-12-06T00:30")
    early = answered("Picnic", None, "2026-12-05 18:00")
    assert early.answer("17:00", NOW) is Problem.END_BEFORE_START  # 23 hours: a slip
