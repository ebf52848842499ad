"""What people type after a command, however odd: checked before it is used, answered politely."""

from datetime import timedelta

import pytest
from aiogram.methods import SendMessage, SendPhoto

from welcomebot.domain.times import parse_local
from welcomebot.storage.models import Broadcast, Event, UnansweredQuestion, User, utcnow
from welcomebot.telegram.callbacks import AudienceStep, BroadcastAction
from welcomebot.telegram.forms import example_time
from welcomebot.telegram.parsing import ROW_ID_MAX, TELEGRAM_ID_MAX, parse_number

from .fakes.chats import AGENT_ID, STAFF_ID, make_agent, make_chat, person, rows

REVOKE_USAGE = "Write it as: /revoke followed by the agent's Telegram id."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 52 ", 52),
        ("0", None),  # below the range
        ("53", None),  # above it
        ("①", None),  # str.isdigit() says yes, int() says no
        ("²", None),
        ("１２", None),  # full-width digits: int() reads them, but nobody types them on purpose
        ("-3", None),
        ("1_0", None),
        ("", None),
        ("9" * 400, None),  # not even turned into a number
    ],
)
def test_a_number_is_ascii_digits_within_its_range(text, expected):
    assert parse_number(text, 1, 52) == expected


def test_the_id_bounds_are_what_the_database_columns_hold():
    assert TELEGRAM_ID_MAX == 9_223_372_036_854_775_807  # BIGINT
    assert ROW_ID_MAX == 2_147_483_647  # INTEGER on PostgreSQL


@pytest.mark.parametrize(
    "name",
    ["x" * 5000, "Europe/" + "a" * 300, "Europe", "../../etc", "localtime", "Factory"],
)
async def test_an_odd_time_zone_gets_the_polite_unknown_zone_reply(app, name):
    olena = await person(app)
    [reply] = await olena.say(f"/timezone {name}")
    assert reply.text == (
        f"I do not know the time zone “{name[:64]}”. Write it like Europe/Kyiv, or name a big "
        "city in it, such as Kyiv."
    )
    [user] = await rows(app, User)
    assert user.timezone is None


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("europe/kyiv", "Europe/Kyiv"),
        ("Kyiv", "Europe/Kyiv"),
        ("new york", "America/New_York"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),  # also a link's city: one clock
        ("Київ", "Europe/Kyiv"),  # the city as the person's language names it
        ("нью-йорк", "America/New_York"),
        ("нью йорк", "America/New_York"),  # as typed: no hyphen
        ("Кишинів", "Europe/Chisinau"),  # its English name, Chișinău, has accents
        ("Рейк'явік", "Atlantic/Reykjavik"),  # Babel writes ʼ, people type '
        ("Хошимін", "Asia/Ho_Chi_Minh"),  # IANA's own name, not its link Asia/Saigon
        ("St. John's", "America/St_Johns"),  # not the link Canada/Newfoundland
    ],
)
async def test_a_time_zone_is_known_whatever_its_case_or_by_its_city(app, name, stored):
    # A blind test wrote "/timezone europe/kyiv" and "Kyiv": both were unknown.
    olena = await person(app)
    [reply] = await olena.say(f"/timezone {name}")
    assert reply.text == f"Done: dates are shown in {stored} time."
    [user] = await rows(app, User)
    assert user.timezone == stored


@pytest.mark.parametrize("argument", ["99999999999999999999", "²", "①", "-5", "12abc"])
async def test_revoke_takes_only_a_telegram_id(staffed, argument):
    await make_agent(staffed)
    staff = make_chat(staffed, user_id=STAFF_ID)
    [reply] = await staff.say(f"/revoke {argument}")
    assert reply.text == REVOKE_USAGE
    assert {u.role for u in await rows(staffed, User)} == {"agent"}
    # The largest Telegram id is an id like any other: not an agent, said politely.
    [reply] = await staff.say(f"/revoke {TELEGRAM_ID_MAX}")
    assert reply.text == f"{TELEGRAM_ID_MAX} is not an anti-rumour agent."
    [reply] = [r for r in await staff.say(f"/revoke {AGENT_ID}") if isinstance(r, SendMessage)]
    assert reply.text == f"Done: {AGENT_ID} is no longer an anti-rumour agent."


@pytest.mark.parametrize("argument", ["①", "²", "99999999999999999999"])
async def test_an_odd_barometer_period_falls_back_to_eight_weeks(staffed, argument):
    staff = make_chat(staffed, user_id=STAFF_ID)
    requests = await staff.say(f"/barometer {argument}")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption.startswith("Rumour reports per week, by rumour\nthe last 8 weeks, ")


async def test_an_odd_number_of_places_is_asked_again(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    day = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")
    for text in ("/newevent", "Picnic", "-", f"{day} 12:00", "-"):
        await staff.say(text)
    for typed in ("²", "①", "99999999999999999999"):
        [reply] = await staff.say(typed)
        assert reply.text == "Please send the number of places, such as 20, or - for no limit."
    [reply] = await staff.say("20")
    assert isinstance(reply, SendMessage) and reply.text.startswith("Where is it, in English?")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("9999-12-31 23:59", "Etc/GMT+12"),  # in UTC, past the last day Python's datetime has
        ("31.12.9999 23:59", "Europe/Kyiv"),
        ("0001-01-01 00:00", "Europe/Kyiv"),  # in UTC, before its first
        ("1969-12-31 23:59", "UTC"),
    ],
)
def test_a_date_out_of_any_plan_is_not_read(typed, zone):
    assert parse_local(typed, zone) is None
    assert parse_local("2999-12-31 23:59", zone) is not None


async def test_a_broadcast_scheduled_for_the_year_9999_is_asked_again(staffed):
    """Found by the fuzz test: behind UTC, the date overflowed when the broadcast was stored,
    and the staff member got "something went wrong"."""
    staff = await person(staffed, user_id=STAFF_ID)
    await staff.say("/timezone Etc/GMT+12")
    for text in ("/broadcast", "News", "-"):
        await staff.say(text)
    await staff.press(AudienceStep(field="done").pack())
    await staff.press(BroadcastAction(action="later").pack())
    [reply] = await staff.say("9999-12-31 23:59")
    assert reply.text == (
        f"I could not read this. Please write it as {example_time('Etc/GMT+12')} (Etc/GMT+12 time)."
    )
    assert await rows(staffed, Broadcast) == []


async def test_an_event_in_the_year_9999_is_asked_again(staffed):
    staff = await person(staffed, user_id=STAFF_ID)
    await staff.say("/timezone America/Adak")
    for text in ("/newevent", "Picnic", "-"):
        await staff.say(text)
    [reply] = await staff.say("9999-12-31 23:59")
    assert reply.text == (
        f"I could not read this. Please write it as {example_time('America/Adak')} "
        "(America/Adak time)."
    )
    assert await rows(staffed, Event) == []


async def test_a_nul_character_in_a_question_is_kept_as_a_space(app):
    """Found by the fuzz test on PostgreSQL, whose text cannot hold NUL: the question kept
    for staff failed, and the person got "something went wrong"."""
    chat = make_chat(app)
    [reply] = await chat.say("what is the weather\x00on mars")
    assert reply.text.startswith("I am sorry, I do not have an answer to this yet.")
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.text == "what is the weather on mars"
