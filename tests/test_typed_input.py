"""What people type after a command, however odd: checked before it is used, answered politely."""

from datetime import timedelta

import pytest
from aiogram.methods import SendMessage, SendPhoto

from welcomebot.storage.models import User, utcnow
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


@pytest.mark.parametrize("name", ["x" * 5000, "Europe/" + "a" * 300, "Europe", "../../etc"])
async def test_an_odd_time_zone_gets_the_polite_unknown_zone_reply(app, name):
    olena = await person(app)
    [reply] = await olena.say(f"/timezone {name}")
    assert reply.text == (
        f"I do not know the time zone “{name[:64]}”. Write it like Europe/Kyiv or Europe/Tallinn."
    )
    [user] = await rows(app, User)
    assert user.timezone is None


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
    assert photo.caption == "Rumour barometer, the last 8 weeks"


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
