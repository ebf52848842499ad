"""/forget, proven: after it, no table of the database holds the person's id anywhere.

The walk reads every table the database has (inspection, not a list kept here), so a table
added later that keeps a person's id without erasing it at /forget makes this fail.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiogram.fsm.storage.base import StorageKey
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlmodel import SQLModel

from welcomebot.delivery.outbox import Outbox
from welcomebot.scheduling.timetable import Timetable
from welcomebot.services.events import Events
from welcomebot.storage.models import (
    ActiveKey,
    AnswerFeedback,
    Broadcast,
    Delivery,
    Event,
    RumourReport,
    Signup,
    Ticket,
    TimerRun,
    UnansweredQuestion,
    User,
    utcnow,
)
from welcomebot.storage.subscriptions import SubscriptionRepository
from welcomebot.telegram.callbacks import (
    ChecklistAct,
    ChecklistAction,
    Feedback,
    ForgetChoice,
    LanguageChoice,
    ProfileChoice,
    ProfileField,
)
from welcomebot.telegram.notices import TelegramComposer

from .fakes.chats import broadcast_now, make_agent, make_chat, person, rows
from .fakes.delivery import Outbound

# Real-sized ids, so that one found inside a text or a number is not there by chance.
PERSON, OTHER, STAFF = 7_042_750_057, 7_042_750_058, 6_118_204_093


@pytest.fixture
async def centre(app):
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF})})
    return app


async def holding(app, telegram_id: int) -> list[tuple[str, str]]:
    """(table, column) of every value in the database holding the id, as a number or in text
    (keys, JSON, anything)."""

    def walk(connection: sa.Connection) -> list[tuple[str, str]]:
        found = []
        for name in sa.inspect(connection).get_table_names():
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            for row in connection.execute(sa.select(table)).mappings():
                found += [
                    (name, column)
                    for column, value in row.items()
                    if value == telegram_id or str(telegram_id) in str(value)
                ]
        return found

    async with app.engine.connect() as connection:
        return await connection.run_sync(walk)


async def new_event(app, capacity: int | None, announce: bool) -> Event:
    async with app.sessions() as session:
        event = await Events(session, TelegramComposer(app)).create(
            Event(
                title={"en": "Language café"},
                description={},
                place={},
                starts=utcnow() + timedelta(days=2),
                timezone="Europe/Tallinn",
                audience={},
                capacity=capacity,
            ),
            utcnow(),
            announce=announce,
        )
        await session.commit()
    return event


async def sign_up(app, telegram_id: int, event: Event) -> None:
    async with app.sessions() as session:
        assert await Events(session, TelegramComposer(app)).sign_up(event.id, telegram_id, utcnow())
        await session.commit()


async def leave_a_trace_everywhere(app, staff):
    """Everything the bot can keep about PERSON: language, choices, district and zone, profile,
    checklist marks and its reminder, agent
    role from an invite (after a revoke: an audit entry about them), a report, feedback, a ticket,
    a sign-up and a place on a waiting list, and outbox rows sent, pending, claimed and being
    sent, of broadcasts, announcements and reminders."""
    olena = await person(app, PERSON, "uk")
    await person(app, OTHER, "en")
    async with app.sessions() as session:
        subscriptions = SubscriptionRepository(session)
        await subscriptions.subscribe(PERSON, "topic.health")
        await subscriptions.set_district(PERSON, "Old Town")
        await subscriptions.set_timezone(PERSON, "Europe/Kyiv")
        await session.commit()
    await olena.press(ProfileChoice(field=ProfileField.SITUATION, option=0).pack())
    await olena.press(ProfileChoice(field=ProfileField.CHILDREN, option=0).pack())
    await olena.press(ProfileChoice(field=ProfileField.AGES, option=1).pack())
    await olena.press(ChecklistAction(action=ChecklistAct.DONE, step="register-address").pack())
    await olena.press(ChecklistAction(action=ChecklistAct.REMIND).pack())
    await make_agent(app, PERSON, "uk", STAFF)
    await staff.say(f"/revoke {PERSON}")
    await make_agent(app, PERSON, "uk", STAFF)
    await olena.say("/report")
    await olena.say("Refugees get more benefits than local people.")
    await olena.say("/cancel")  # the report is kept; the question after it is a newcomer's
    await olena.say("what is the weather on mars")
    await olena.press(Feedback(id="health-family-doctor", helpful=True).pack())
    async with app.sessions() as session:
        session.add(Ticket(telegram_id=PERSON, lang="uk", question="?"))
        await session.commit()

    await broadcast_now(staff, "News", "Новини")
    await Outbound(app).deliver()  # sent
    await broadcast_now(staff, "More news", "Ще новини")  # pending
    full = await new_event(app, capacity=1, announce=True)
    await sign_up(app, OTHER, full)
    await sign_up(app, PERSON, full)  # on the waiting list
    open_event = await new_event(app, capacity=None, announce=True)
    await sign_up(app, PERSON, open_event)
    timetable = Timetable(AsyncIOScheduler(), app.sessions, TelegramComposer(app), app.settings)
    await timetable.remind(open_event.id, 24 * 60, open_event.starts - timedelta(hours=24))
    async with app.sessions() as session:
        outbox = Outbox(session)
        claimed = await outbox.claim("worker-1", utcnow(), limit=2, chats=[PERSON])
        await outbox.start_sending(claimed[0].id, "worker-1")  # the worker is sending it
        await session.commit()
    return olena


async def test_after_forget_no_table_holds_the_person_s_id(centre):
    staff = await person(centre, STAFF, "en")
    olena = await leave_a_trace_everywhere(centre, staff)
    before = {table for table, _ in await holding(centre, PERSON)}
    assert {
        "users",
        "interests",
        "signups",
        "outbox",
        "audit_log",
        "checklist_marks",
        "checklist_reminders",
        "agents",
        "tickets",
    } <= before
    states = {d.state for d in await rows(centre, Delivery) if d.chat_id == PERSON}
    assert states == {"sent", "sending", "claimed", "pending"}
    # Waiting for a place at event 1, holding one at event 2.
    signed_up = sorted(s.event_id for s in await rows(centre, Signup) if s.telegram_id == PERSON)
    assert signed_up == [1, 2]
    for kept_without_ids in (RumourReport, UnansweredQuestion, AnswerFeedback, TimerRun):
        assert await rows(centre, kept_without_ids), kept_without_ids

    await olena.say("/forget")
    await olena.press(ForgetChoice(confirm=True).pack())
    assert await holding(centre, PERSON) == []
    assert {table for table, _ in await holding(centre, OTHER)} >= {"users", "signups", "outbox"}


async def test_a_staff_member_s_forget_keeps_only_who_did_what_in_the_audit_log(centre):
    """Staff answer for what they did: their entries in the audit log stay until its retention
    (WELCOMEBOT_AUDIT_RETENTION_DAYS), whoever asks to be forgotten. All else goes."""
    staff = await person(centre, STAFF, "en")
    await person(centre, OTHER, "en")
    await broadcast_now(staff, "News", "Новини")  # to the staff member too, progress in their chat
    await Outbound(centre).deliver()
    await make_agent(centre, OTHER, "en", STAFF)
    [broadcast] = await rows(centre, Broadcast)
    assert broadcast.status_chat_id == STAFF

    await staff.say("/forget")
    await staff.press(ForgetChoice(confirm=True).pack())
    assert sorted(set(await holding(centre, STAFF))) == [("audit_log", "actor")]
    assert len(await holding(centre, STAFF)) == 2  # the broadcast and the invite


async def test_the_walk_finds_the_id_in_a_table_nobody_told_it_of(app):
    async with app.engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE later_feature (note VARCHAR(80))"))
        await connection.execute(
            sa.text("INSERT INTO later_feature VALUES (:note)"), {"note": f"chat:{PERSON}"}
        )
    assert await holding(app, PERSON) == [("later_feature", "note")]


async def test_forget_also_clears_a_half_filled_form(app):
    """A form's state and data (memory, or Redis keys by the person's id) are theirs too."""
    chat = make_chat(app, user_id=4242, lang="en")
    await chat.press(LanguageChoice(code="en").pack())
    key = StorageKey(bot_id=chat.bot.id, chat_id=4242, user_id=4242)
    storage = chat.dispatcher.fsm.storage
    await storage.set_state(key, "ReportForm:text")
    await storage.set_data(key, {"text": "what I heard at the market"})
    await chat.say("/forget")
    await chat.press(ForgetChoice(confirm=True).pack())
    assert await storage.get_state(key) is None
    assert await storage.get_data(key) == {}


async def test_a_typed_yes_at_forget_deletes_nothing_and_says_to_use_the_buttons(app):
    # "yes" alone is small talk; answered "All right.", a typed yes to "Delete your data?"
    # read as done, and the data stayed.
    chat = make_chat(app, user_id=4243, lang="en")
    await chat.press(LanguageChoice(code="en").pack())
    await chat.say("/forget")
    [reply] = await chat.say("yes")
    assert reply.text.startswith("If the message above has buttons, please press one.")
    assert [u.telegram_id for u in await rows(app, User)] == [4243]


# Every table the models define, and what keeps it from holding a person after /forget: the
# columns that hold their Telegram id, all erased by `UserRepository.forget` (the walk above
# proves it), or why it holds none. A table added without a line here fails, and so does a
# line whose columns or reason no longer match.
PERSONAL = {
    "users": ("telegram_id",),
    "interests": ("telegram_id",),
    "signups": ("telegram_id",),
    "checklist_marks": ("telegram_id",),
    "checklist_reminders": ("telegram_id",),
    "outbox": ("chat_id", "key"),  # untried rows deleted, tried ones keep only their outcome
    "broadcasts": ("status_chat_id",),  # a staff member's progress message
    "audit_log": ("person", "actor"),  # actor: staff answer for their actions until retention
    "agents": ("telegram_id",),
    "tickets": ("telegram_id",),  # and their messages, in the outbox
}
PERSON_FREE = {
    "answer_feedback": "votes are kept per entry, never per person",
    "unanswered_questions": "kept without any id, for staff to write content",
    "invites": "a code; who redeemed it is not kept",
    "rumour_reports": "anonymous: a keyed hash of (agent, rumour, week) whose key is not stored",
    "events": "what staff publish",
    "timer_runs": "job ids and due times",
    "usage_counts": "counts per day, topic and language",
    "ticket_durations": "a day and a number of seconds",
    "confirmed_pairs": "a message and its entry, without any id",
    "active_keys": "a keyed hash of (person, week) whose key is not stored; /forget deletes "
    "this week's",
}


def test_every_table_is_classified_as_erased_or_person_free():
    tables = set(SQLModel.metadata.tables)
    assert tables == set(PERSONAL) | set(PERSON_FREE), (
        "a table was added (or removed): say which of its columns hold a person and erase them "
        "in UserRepository.forget, or why it holds none"
    )
    assert not set(PERSONAL) & set(PERSON_FREE)
    for table, columns in PERSONAL.items():
        assert set(columns) <= set(SQLModel.metadata.tables[table].columns.keys()), table
    # A person-free table has no column shaped like a person's id.
    shaped = ("telegram_id", "chat_id", "user_id", "person", "actor")
    for table in PERSON_FREE:
        assert not set(SQLModel.metadata.tables[table].columns.keys()) & set(shaped), table


async def test_sign_ups_to_past_events_are_deleted_the_day_after(app):
    from welcomebot.services.retention import purge_expired

    coming = await new_event(app, capacity=None, announce=False)
    await sign_up(app, PERSON, coming)
    await sign_up(app, OTHER, coming)
    await purge_expired(app.sessions, app.settings)
    assert len(await rows(app, Signup)) == 2
    async with app.sessions() as session:  # it took place, two days ago, ending that evening
        held = await session.get(Event, coming.id)
        held.starts, held.ends = utcnow() - timedelta(days=2, hours=3), utcnow() - timedelta(days=2)
        await session.commit()
    await purge_expired(app.sessions, app.settings)
    assert await rows(app, Signup) == []
    assert [e.id for e in await rows(app, Event)] == [coming.id]  # what staff published stays


async def test_blocking_the_bot_is_noted_at_once_and_writing_again_undoes_it(app):
    chat = make_chat(app, user_id=OTHER)
    await chat.block()
    await chat.block(False)
    await app.usage.flush()
    assert await rows(app, ActiveKey) == []  # blocking is not using the bot this week
    chat = await person(app, PERSON)
    assert await chat.block() == []  # nothing is said to someone who blocked the bot
    [user] = await rows(app, User)
    assert user.active is False and utcnow() - user.inactive_since < timedelta(minutes=1)
    await chat.block(False)  # read from the database: another replica may cache them blocked
    [user] = await rows(app, User)
    assert (user.active, user.inactive_since) == (True, None)


async def test_a_message_in_a_group_does_not_undo_a_block(app):
    """In a group they may still have the bot blocked; only their private chat tells."""
    chat = await person(app, PERSON)
    await chat.block()
    group = make_chat(app, user_id=PERSON)
    group.chat = group.session.chat(-1_001_000_222)
    await group.say("hello everyone")
    [user] = await rows(app, User)
    assert user.active is False


async def test_who_blocked_the_bot_long_ago_is_erased_by_retention(app):
    """Blocked, they cannot send /forget: retention does it for them."""
    from welcomebot.services.retention import purge_expired

    gone, stays = await person(app, PERSON), await person(app, OTHER)
    await gone.block()
    await stays.block()
    await purge_expired(app.sessions, app.settings)
    assert len(await rows(app, User)) == 2
    async with app.sessions() as session:
        user = await session.get(User, PERSON)
        user.inactive_since = utcnow() - timedelta(days=app.settings.inactive_retention_days + 1)
        await session.commit()
    await purge_expired(app.sessions, app.settings)
    assert await holding(app, PERSON) == []
    assert [u.telegram_id for u in await rows(app, User)] == [OTHER]


async def blocked_days_ago(app, telegram_id, days):
    async with app.sessions() as session:
        user = await session.get(User, telegram_id)
        user.inactive_since = utcnow() - timedelta(days=days)
        await session.commit()


async def test_retention_spares_who_wrote_again_after_it_found_them(app, monkeypatch):
    """Between the list of those due and their erasure, a message reactivates one: kept."""
    from welcomebot.services.retention import forget_inactive
    from welcomebot.storage.repositories import UserRepository

    chat = await person(app, PERSON)
    await chat.block()
    await blocked_days_ago(app, PERSON, app.settings.inactive_retention_days + 1)
    listed = UserRepository.inactive_before

    async def listed_then_back(self, cutoff):
        due = await listed(self, cutoff)
        await chat.say("/start")  # they come back while retention runs
        return due

    monkeypatch.setattr(UserRepository, "inactive_before", listed_then_back)
    assert await forget_inactive(app.sessions, app.settings) == 0
    [user] = await rows(app, User)
    assert user.active is True


async def test_retention_gives_a_blocked_person_s_place_to_the_waiting_list(app):
    from welcomebot.services.retention import purge_expired

    await person(app, PERSON)
    await person(app, OTHER)
    event = await new_event(app, capacity=1, announce=False)
    await sign_up(app, PERSON, event)
    await sign_up(app, OTHER, event)  # waiting
    async with app.sessions() as session:
        await Outbox(session).deactivate(PERSON, utcnow())
        await session.commit()
    await blocked_days_ago(app, PERSON, app.settings.inactive_retention_days + 1)
    await purge_expired(app.sessions, app.settings, composer=TelegramComposer(app))
    assert [s.telegram_id for s in await rows(app, Signup)] == [OTHER]
    told = [d for d in await rows(app, Delivery) if d.chat_id == OTHER]
    assert len(told) == 1 and "Language café" in told[0].text


async def test_telegram_s_notice_of_a_block_keeps_the_first_date_a_failed_delivery_found(app):
    """A reply that failed on the block marked them first; the notice arriving later (or
    again) does not start their time over."""
    chat = await person(app, PERSON)
    await blocked_days_ago(app, PERSON, 10)
    async with app.sessions() as session:
        user = await session.get(User, PERSON)
        user.active = False
        await session.commit()
    first = (await rows(app, User))[0].inactive_since
    await chat.block()
    [user] = await rows(app, User)
    assert (user.active, user.inactive_since) == (False, first)


async def test_an_agent_is_told_forget_also_leaves_the_team(staffed):
    agent = await make_agent(staffed)
    [asked] = await agent.say("/forget")
    assert asked.text.endswith(
        "Delete your data?\n\nYou will also leave the anti-rumour team: to report again, you "
        "would need a new invitation. The rumours you reported stay counted, without your name "
        "or id."
    )
    newcomer = await person(staffed, 4444, "en")
    [plain] = await newcomer.say("/forget")
    assert plain.text.endswith("Delete your data?")
