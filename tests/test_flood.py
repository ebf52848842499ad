"""The per-user flood limit, in memory by default and in Redis when the suite has one."""

import pytest

from welcomebot.services.roles import Role
from welcomebot.storage.repositories import UserRepository
from welcomebot.telegram.middlewares import flood

from .fakes.chats import STAFF_ID, make_chat
from .fakes.repo import TEST_REDIS_URL

NOW = 1_800_000_000.0  # a pinned moment, a multiple of the window: where fixed windows turned
WARNING = "You are sending messages very fast. Please wait a minute and try again."


@pytest.fixture
async def limited(app, monkeypatch):
    app.settings = app.settings.model_copy(update={"flood_messages": 3})
    monkeypatch.setattr(flood, "clock", lambda: NOW)
    return app


def at(monkeypatch, moment: float) -> None:
    monkeypatch.setattr(flood, "clock", lambda: moment)


async def test_past_the_limit_one_warning_then_silence(limited, monkeypatch):
    chat = make_chat(limited, user_id=31)
    replies = [await chat.say("/help") for _ in range(3)]
    assert all(r[0].text.startswith("Write your question") for r in replies)
    [warning] = await chat.say("/help")
    assert warning.text == WARNING
    assert await chat.say("/help") == []  # dropped quietly, nothing lost to others
    [other] = await make_chat(limited, user_id=32).say("/help")
    assert other.text.startswith("Write your question")
    # A window after the first three: heard again.
    at(monkeypatch, NOW + limited.settings.flood_seconds)
    [again] = await chat.say("/help")
    assert again.text.startswith("Write your question")


async def test_no_second_burst_across_a_window_s_turn(limited, monkeypatch):
    """Fixed windows let three through a second before the turn and three more a second after."""
    chat = make_chat(limited, user_id=34)
    at(monkeypatch, NOW - 1)
    for _ in range(3):
        [reply] = await chat.say("/help")
        assert reply.text.startswith("Write your question")
    at(monkeypatch, NOW + 1)
    [warning] = await chat.say("/help")
    assert warning.text == WARNING
    # Each update counts for a window from when it came.
    at(monkeypatch, NOW - 1.5 + limited.settings.flood_seconds)
    assert await chat.say("/help") == []  # warned already
    at(monkeypatch, NOW - 1 + limited.settings.flood_seconds)
    [heard] = await chat.say("/help")
    assert heard.text.startswith("Write your question")


async def test_a_user_heard_again_is_warned_again_when_flooding_again(limited, monkeypatch):
    chat = make_chat(limited, user_id=35)
    for _ in range(3):
        await chat.say("/help")
    [warning] = await chat.say("/help")
    assert warning.text == WARNING
    assert await chat.say("/help") == []
    at(monkeypatch, NOW + limited.settings.flood_seconds)
    for _ in range(3):
        [reply] = await chat.say("/help")
        assert reply.text.startswith("Write your question")
    [again] = await chat.say("/help")
    assert again.text == WARNING


async def test_a_message_that_signals_danger_is_answered_past_the_limit(limited):
    # Someone in panic writes many short messages: past the limit, the one that says so was
    # dropped with the rest.
    chat = make_chat(limited, user_id=36)
    for _ in range(3):
        await chat.say("/help")
    [warning] = await chat.say("/help")
    assert warning.text == WARNING
    [urgent] = await chat.say("my husband is beating me right now")
    assert urgent.text.startswith("🆘")
    assert await chat.say("/help") == []  # the rest stays held back


async def test_staff_are_not_limited(limited):
    limited.settings = limited.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    staff = make_chat(limited, user_id=STAFF_ID)
    replies = [await staff.say("/help") for _ in range(5)]
    assert all(r[0].text.startswith("Write your question") for r in replies)


async def test_the_warning_speaks_the_user_s_language(limited):
    chat = make_chat(limited, user_id=33, lang="uk")
    for _ in range(3):
        await chat.say("/help")
    [warning] = await chat.say("/help")
    assert (
        warning.text
        == "Ви надсилаєте повідомлення дуже швидко. Зачекайте, будь ласка, хвилину й спробуйте знову."
    )


@pytest.mark.skipif(not TEST_REDIS_URL, reason="set WELCOMEBOT_TEST_REDIS_URL to run against Redis")
async def test_two_dispatchers_share_the_limit_and_the_conversation_through_redis(limited):
    """Two replicas: one user's counts and /report state carry over from one to the other."""
    # An anti-rumour agent (staff, who may /report too, are not limited).
    async with limited.sessions() as session:
        await UserRepository(session).set_role(600, Role.AGENT, "en")
        await session.commit()
    first, second = make_chat(limited, user_id=600), make_chat(limited, user_id=600)
    [prompt] = await first.say("/report")
    assert prompt.text.startswith("Tell me what you heard")
    replies = await second.say("Refugees get more benefits than local people.")
    assert replies[0].text.startswith(
        "<b>Rumour:</b> <i>Refugees get more benefits"
    )  # the state was shared
    [third] = await first.say("/help")  # the 3rd update of this user, across both: allowed
    assert third.text.startswith("Write your question")
    [warning] = await second.say("/help")  # the 4th: over the shared limit
    assert warning.text == WARNING
    keys = [k.decode() async for k in limited.redis.scan_iter(f"{limited.settings.redis_prefix}:*")]
    assert any(":fsm:" in k for k in keys) and any(":flood:" in k for k in keys)
