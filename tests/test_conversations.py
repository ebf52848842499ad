"""Conversation state ends a day after its last change, in memory and in Redis alike."""

from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey

from welcomebot.telegram.conversations import CONVERSATION_TTL, ExpiringMemoryStorage
from welcomebot.telegram.tickets_ui import ASKED

from .fakes.chats import AGENT_ID, make_agent, make_chat
from .fakes.repo import TEST_REDIS_URL

DAY = CONVERSATION_TTL.total_seconds()


def key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=1, chat_id=user_id, user_id=user_id)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_conversation_untouched_for_a_day_is_gone():
    clock = Clock()
    storage = ExpiringMemoryStorage(clock=clock)
    await storage.set_state(key(1), "ReportFlow:text")
    await storage.set_data(key(1), {"text": "what I heard at the market"})
    clock.now += DAY - 1
    assert await storage.get_state(key(1)) == "ReportFlow:text"
    assert await storage.get_value(key(1), "text") == "what I heard at the market"
    clock.now += 2
    assert await storage.get_data(key(1)) == {}
    assert await storage.get_state(key(1)) is None
    assert storage.storage == {} and storage.changed == {}


async def test_a_change_starts_the_day_again_and_others_are_swept():
    clock = Clock()
    storage = ExpiringMemoryStorage(ttl=timedelta(hours=1), clock=clock)
    await storage.set_data(key(1), {"asked": "a doctor"})
    await storage.set_data(key(2), {"asked": "a school"})
    clock.now += 3000
    await storage.set_data(key(1), {"asked": "a dentist"})
    clock.now += 3000  # the second person's is an hour and more old; nobody reads it
    assert await storage.get_data(key(1)) == {"asked": "a dentist"}
    assert key(2) not in storage.storage


async def test_reading_leaves_nothing_behind():
    storage = ExpiringMemoryStorage()
    assert await storage.get_state(key(3)) is None
    assert await storage.get_data(key(3)) == {}
    assert storage.storage == {}


async def test_a_new_report_starts_clean(staffed):
    """An agent who left a report before its questions about where: none of it carries over."""
    agent = await make_agent(staffed)
    await agent.say("/report")
    await agent.say("the council will paint every bus green next spring")
    storage = agent.dispatcher.fsm.storage
    agent_key = StorageKey(bot_id=agent.bot.id, chat_id=AGENT_ID, user_id=AGENT_ID)
    assert "report_id" in await storage.get_data(agent_key)
    await agent.say("/report")
    assert await storage.get_data(agent_key) == {}


@pytest.mark.skipif(not TEST_REDIS_URL, reason="set WELCOMEBOT_TEST_REDIS_URL to run against Redis")
async def test_in_redis_a_remembered_question_expires(app):
    app.settings = app.settings.model_copy(update={"staff_chat_id": -100123})
    chat = make_chat(app, user_id=4343)
    await chat.say("how do I find a family doctor")
    storage = chat.dispatcher.fsm.storage
    person = StorageKey(bot_id=chat.bot.id, chat_id=4343, user_id=4343)
    assert ASKED in await storage.get_data(person)
    keys = [k async for k in app.redis.scan_iter(f"{app.settings.redis_prefix}:fsm:*4343*")]
    assert keys
    for found in keys:
        assert 0 < await app.redis.ttl(found) <= DAY
