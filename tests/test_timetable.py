"""Timed jobs with a real APScheduler: a missed reminder runs once within its grace period,
is dropped and logged beyond it, and a restart schedules neither again."""

import asyncio
import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from welcomebot.scheduling.timetable import CHECKLIST_JOB, SYNC_JOB, Timetable
from welcomebot.storage.models import (
    Broadcast,
    Delivery,
    Event,
    Interest,
    Signup,
    TimerRun,
    User,
    utcnow,
)
from welcomebot.telegram.dispatcher import build_bot
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession
from welcomebot.telegram.notices import TelegramComposer
from welcomebot.telegram.timing import PROGRESS_JOB, RETENTION_JOB, build_scheduler

from .fakes.chats import rows


async def add_event(app, starts, people=(1, 2)):
    async with app.sessions() as session:
        event = Event(
            title={"en": "Choir", "uk": "Хор"},
            description={},
            place={},
            starts=starts,
            timezone="Europe/Tallinn",
            audience={},
        )
        session.add(event)
        await session.flush()
        for telegram_id in people:
            session.add(User(telegram_id=telegram_id, language="uk"))
            session.add(Signup(event_id=event.id, telegram_id=telegram_id))
        await session.commit()
        return event.id


async def start_timetable(app):
    scheduler = AsyncIOScheduler()
    timetable = Timetable(scheduler, app.sessions, TelegramComposer(app), app.settings)
    scheduler.start()
    await timetable.sync()
    return scheduler, timetable


async def settle(app, model, count, seconds=10.0):
    """Wait (in real time, briefly) until APScheduler has run what was due."""
    for _ in range(int(seconds / 0.05)):
        found = await rows(app, model)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} {model.__name__} rows, found {len(found)}")


async def test_a_due_reminder_runs_once_and_one_past_its_grace_is_dropped(app, caplog):
    # Reminders 24 h and 1 h before; the worker "was down" until 50 minutes before the start.
    event_id = await add_event(app, utcnow() + timedelta(minutes=50))
    caplog.set_level(logging.WARNING)
    scheduler, _ = await start_timetable(app)
    try:
        runs = await settle(app, TimerRun, 2)
        reminders = await settle(app, Delivery, 2)
    finally:
        scheduler.shutdown(wait=False)
    outcomes = {run.run.split("@")[0]: run.outcome for run in runs}
    assert outcomes == {f"reminder:{event_id}:60": "ran", f"reminder:{event_id}:1440": "missed"}
    assert sorted(r.chat_id for r in reminders) == [1, 2]
    assert reminders[0].text.startswith("⏰ Нагадування: початок за 50 хвилин.")
    assert f"reminder:{event_id}:1440 was due at" in caplog.text
    assert "beyond its grace period: dropped, not sent" in caplog.text

    # A restart: the same plan, nothing scheduled again, nothing sent twice.
    scheduler, _ = await start_timetable(app)
    try:
        assert [job.id for job in scheduler.get_jobs()] == []
        await asyncio.sleep(0.3)
    finally:
        scheduler.shutdown(wait=False)
    assert len(await rows(app, Delivery)) == 2


async def test_future_jobs_have_fixed_ids_and_move_with_their_event(app):
    starts = utcnow() + timedelta(days=3)
    event_id = await add_event(app, starts)
    scheduler, timetable = await start_timetable(app)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {f"reminder:{event_id}:1440", f"reminder:{event_id}:60"}
        assert jobs[f"reminder:{event_id}:60"].next_run_time == starts - timedelta(hours=1)
        assert jobs[f"reminder:{event_id}:60"].misfire_grace_time == 30 * 60
        assert jobs[f"reminder:{event_id}:1440"].misfire_grace_time == 60 * 60
        async with app.sessions() as session:
            event = await session.get(Event, event_id)
            event.starts = starts + timedelta(days=1)
            session.add(event)
            await session.commit()
        await timetable.sync()
        moved = scheduler.get_job(f"reminder:{event_id}:60")
        assert moved.next_run_time == starts + timedelta(days=1, hours=-1)
        assert len(scheduler.get_jobs()) == 2  # replaced, not added
        async with app.sessions() as session:
            event = await session.get(Event, event_id)
            event.state = "cancelled"
            session.add(event)
            await session.commit()
        await timetable.sync()
        assert scheduler.get_jobs() == []
    finally:
        scheduler.shutdown(wait=False)


async def test_a_scheduled_broadcast_goes_out_once_or_is_marked_missed(app):
    async with app.sessions() as session:
        session.add(User(telegram_id=5, language="en"))
        session.add(Interest(telegram_id=5, name="news"))
        now = utcnow()
        session.add(Broadcast(texts={"en": "Soon"}, audience={}, due=now - timedelta(minutes=5)))
        session.add(Broadcast(texts={"en": "Late"}, audience={}, due=now - timedelta(hours=3)))
        await session.commit()
    scheduler, _ = await start_timetable(app)
    try:
        await settle(app, TimerRun, 2)
        [sent] = await settle(app, Delivery, 1)
    finally:
        scheduler.shutdown(wait=False)
    assert (sent.chat_id, sent.text, sent.batch) == (5, "Soon", "broadcast:1")
    states = {b.texts["en"]: b.state for b in await rows(app, Broadcast)}
    assert states == {"Soon": "queued", "Late": "missed"}


def test_the_scheduler_holds_named_jobs_with_grace_periods(app):
    scheduler = build_scheduler(app, build_bot(LOCAL_TOKEN, "http://x", LocalSession()))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {RETENTION_JOB, SYNC_JOB, PROGRESS_JOB, CHECKLIST_JOB}
    assert jobs[PROGRESS_JOB].trigger.interval == timedelta(seconds=5)
    assert jobs[PROGRESS_JOB].max_instances == 1
    assert all(job.misfire_grace_time for job in jobs.values())


async def test_two_processes_on_one_database_run_a_due_reminder_once_without_an_error(app):
    """Two chats on one data folder each run a scheduler: the first to record the run sends
    it, the other steps aside (it lost the race between reading and writing the record)."""
    starts = utcnow() + timedelta(minutes=30)
    event_id = await add_event(app, starts)
    due = starts - timedelta(minutes=60)
    composer = TelegramComposer(app)
    first, second = (
        Timetable(AsyncIOScheduler(), app.sessions, composer, app.settings) for _ in range(2)
    )
    await asyncio.gather(first.remind(event_id, 60, due), second.remind(event_id, 60, due))
    assert sorted(r.chat_id for r in await rows(app, Delivery)) == [1, 2]
    [run] = await rows(app, TimerRun)
    assert (run.run, run.outcome) == (f"reminder:{event_id}:60@{int(due.timestamp())}", "ran")
