"""The scheduler and the delivery worker, wired to the Bot: the Telegram side of the
composition root, so the core's `scheduling/` never imports aiogram.

Jobs (APScheduler 3) only enqueue, have fixed ids, replace themselves, and a misfire grace. One
scheduler runs: in `welcomebot run` alone, or in `welcomebot worker`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from functools import cache, partial
from typing import TYPE_CHECKING

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from welcomebot.app import App, Infrastructure, load_knowledge
from welcomebot.content.loader import load_content
from welcomebot.delivery.worker import DeliveryWorker
from welcomebot.scheduling.timetable import Timetable
from welcomebot.services.digest import WeeklyDigest
from welcomebot.services.retention import purge_expired
from welcomebot.telegram.cards_ui import Pictures
from welcomebot.telegram.notices import TelegramComposer
from welcomebot.telegram.progress import BroadcastProgress
from welcomebot.telegram.sender import TelegramSender
from welcomebot.telegram.staff_room import StaffRoom

if TYPE_CHECKING:
    from welcomebot.content.models import ContentPack
    from welcomebot.matching.matcher import Matcher

RETENTION_JOB = "retention"
PROGRESS_JOB = "broadcast-progress"
DIGEST_JOB = "weekly-digest"


def digest_job(app: Infrastructure) -> WeeklyDigest:
    """The digest reads the content: the bot's own, or in `welcomebot worker`, which has
    none, the content folder read for the run (once a week)."""

    def knowledge() -> tuple[ContentPack, Matcher]:
        if isinstance(app, App):
            return app.pack, app.answers.matcher
        known = load_knowledge(app.settings)
        return known.pack, known.matcher

    return WeeklyDigest(app.sessions, TelegramComposer(app), app.settings, knowledge)


def build_scheduler(app: Infrastructure, bot: Bot) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        purge_expired,
        "interval",
        hours=24,
        args=(
            app.sessions,
            app.settings,
            partial(StaffRoom(app.settings.staff_chat_id).erase, bot),
            TelegramComposer(app),
        ),
        id=RETENTION_JOB,
        replace_existing=True,
        misfire_grace_time=6 * 3600,
        coalesce=True,
        next_run_time=datetime.now(UTC),  # once at start, then daily
    )
    Timetable(scheduler, app.sessions, TelegramComposer(app), app.settings).install()
    # Staff see a broadcast's progress in one message, edited at most this often.
    scheduler.add_job(
        BroadcastProgress(app, bot).run,
        "interval",
        seconds=app.settings.progress_seconds,
        id=PROGRESS_JOB,
        replace_existing=True,
        misfire_grace_time=app.settings.progress_seconds,
        coalesce=True,
        max_instances=1,
    )
    if app.settings.staff_chat_id is not None:  # no staff group, no digest
        settings = app.settings
        scheduler.add_job(
            digest_job(app).run,
            "cron",
            day_of_week=settings.digest_weekday,
            hour=settings.digest_hour,
            timezone=settings.zone,
            id=DIGEST_JOB,
            replace_existing=True,
            misfire_grace_time=6 * 3600,  # the outbox key keeps it to one a week
            coalesce=True,
        )
    return scheduler


def pictures_for(app: Infrastructure) -> Pictures:
    """The bot's content when it has loaded it; the worker beside webhook replicas reads it
    when a picture first needs it."""
    pack = getattr(app, "pack", None)
    if pack is not None:
        centre = getattr(app, "centre", None)
        return Pictures(app.translator, lambda: (pack, centre))
    return Pictures(app.translator, cache(partial(load_content, app.settings.content_dir)))


def build_delivery(
    app: Infrastructure, bot: Bot, chats: Collection[int] | None = None
) -> DeliveryWorker:
    settings = app.settings
    return DeliveryWorker(
        app.sessions,
        TelegramSender(bot, pictures_for(app)),
        per_second=settings.delivery_rate,
        max_attempts=settings.delivery_max_attempts,
        chats=chats,
    )
