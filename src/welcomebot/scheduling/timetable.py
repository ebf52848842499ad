"""Timed jobs made from the database: scheduled broadcasts and event reminders.

The rows are the truth and APScheduler holds date jobs made from them, re-read every
SYNC_SECONDS. Not APScheduler's SQLAlchemy job store: broadcasts and events are created in other
processes (webhook replicas, the command line), so reading the rows is needed anyway, and a
second persistent copy of the same plan would have to be kept in step with the first.

A run that happened or was missed is recorded in `timer_runs`, so a restart schedules neither
again. One that fell due while no worker ran is added at start, and APScheduler's
misfire_grace_time decides: run once now, or drop it (logged and recorded as missed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import Settings
from welcomebot.content.loader import load_checklist
from welcomebot.domain.states import BroadcastState
from welcomebot.services.broadcasts import Broadcasts
from welcomebot.services.checklist import Checklists
from welcomebot.services.events import Events, reminder_times
from welcomebot.services.notices import Composer
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.events import EventRepository
from welcomebot.storage.models import utcnow
from welcomebot.storage.timers import TimerRepository, run_key

log = logging.getLogger(__name__)

SYNC_JOB = "timetable"
CHECKLIST_JOB = "checklist-reminders"  # hourly; each person is nudged at most once a week
SYNC_SECONDS = 30
BROADCAST, REMINDER = "broadcast:", "reminder:"


class Timetable:
    def __init__(
        self,
        scheduler: BaseScheduler,
        sessions: async_sessionmaker[AsyncSession],
        composer: Composer,
        settings: Settings,
    ) -> None:
        self.scheduler, self.sessions, self.composer = scheduler, sessions, composer
        self.settings = settings
        self.grace = settings.schedule_grace_minutes * 60
        self._tasks: set[asyncio.Task[None]] = set()
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)

    def install(self) -> None:
        self.scheduler.add_job(
            self.sync,
            "interval",
            seconds=SYNC_SECONDS,
            id=SYNC_JOB,
            replace_existing=True,
            misfire_grace_time=SYNC_SECONDS,
            coalesce=True,
            next_run_time=utcnow(),
        )
        self.scheduler.add_job(
            self.nudge,
            "interval",
            hours=1,
            id=CHECKLIST_JOB,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
            max_instances=1,
        )

    async def nudge(self) -> int:
        """Queue the weekly checklist reminders that are due (`services/checklist.py`)."""
        steps = load_checklist(self.settings.content_dir)
        async with self.sessions() as session:
            queued = await Checklists(session, steps, self.composer).nudge(utcnow())
            await session.commit()
        if queued:
            log.info("checklist: %d weekly reminders queued", queued)
        return queued

    async def sync(self) -> None:
        """Add, move or remove jobs so they match the rows."""
        # The job's arguments: APScheduler passes them on untyped.
        wanted: dict[str, tuple[datetime, int, Callable[..., Awaitable[None]], tuple[object, ...]]]
        wanted = {}
        async with self.sessions() as session:
            for broadcast in await BroadcastRepository(session).in_state(BroadcastState.SCHEDULED):
                job = f"{BROADCAST}{broadcast.id}"
                wanted[job] = (broadcast.due, self.grace, self.release, (broadcast.id,))
            for event in await EventRepository(session).active_from(utcnow()):
                for minutes, due in reminder_times(event, self.settings.reminder_offsets):
                    # A reminder much later than meant is noise: at most half its lead time.
                    grace = min(self.grace, minutes * 30)
                    job = f"{REMINDER}{event.id}:{minutes}"
                    wanted[job] = (due, grace, self.remind, (event.id, minutes))
            done = await TimerRepository(session).recorded(
                run_key(job, plan[0]) for job, plan in wanted.items()
            )
        for job in self.scheduler.get_jobs():
            if job.id.startswith((BROADCAST, REMINDER)) and (
                job.id not in wanted or run_key(job.id, wanted[job.id][0]) in done
            ):
                job.remove()
        for job_id, (due, grace, func, args) in wanted.items():
            if run_key(job_id, due) in done:
                continue
            job = self.scheduler.get_job(job_id)
            if job is not None and job.next_run_time == due:
                continue
            self.scheduler.add_job(
                func,
                "date",
                run_date=due,
                args=(*args, due),
                id=job_id,
                replace_existing=True,
                misfire_grace_time=grace,
            )

    async def release(self, broadcast_id: int, due: datetime) -> None:
        async with self.sessions() as session:
            if await TimerRepository(session).record(f"{BROADCAST}{broadcast_id}", due, "ran"):
                broadcast = await BroadcastRepository(session).get(broadcast_id)
                if broadcast is not None:
                    broadcasts = Broadcasts(session, self.composer, self.settings.default_language)
                    queued = await broadcasts.release(broadcast, utcnow())
                    log.info("broadcast %d: %d messages queued", broadcast_id, queued)
            await session.commit()

    async def remind(self, event_id: int, minutes: int, due: datetime) -> None:
        async with self.sessions() as session:
            if await TimerRepository(session).record(f"{REMINDER}{event_id}:{minutes}", due, "ran"):
                queued = await Events(session, self.composer).remind(
                    event_id, minutes, due, utcnow()
                )
                log.info("event %d: %d reminders %d min before", event_id, queued, minutes)
            await session.commit()

    def _on_missed(self, event: JobExecutionEvent) -> None:
        if event.job_id.startswith((BROADCAST, REMINDER)):
            task = asyncio.get_running_loop().create_task(
                self._missed(event.job_id, event.scheduled_run_time)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _missed(self, job_id: str, due: datetime) -> None:
        """Recorded and logged once: another process may have run it (two chats on one
        data folder), and then it was not dropped."""
        async with self.sessions() as session:
            if not await TimerRepository(session).record(job_id, due, "missed"):
                return
            late = utcnow() - due
            log.warning(
                "%s was due at %s and is %s late, beyond its grace period: dropped, not sent",
                job_id,
                due.isoformat(),
                late - timedelta(microseconds=late.microseconds),
            )
            if job_id.startswith(BROADCAST):
                broadcast_id = int(job_id.removeprefix(BROADCAST))
                await BroadcastRepository(session).move(
                    broadcast_id, BroadcastState.SCHEDULED, BroadcastState.MISSED
                )
            await session.commit()
