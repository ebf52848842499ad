"""Timing with APScheduler 3: jobs have fixed ids, replace themselves, and a misfire grace."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from welcomebot.app import App
from welcomebot.delivery.worker import DeliveryWorker
from welcomebot.services.retention import purge_expired
from welcomebot.telegram.sender import TelegramSender

RETENTION_JOB = "retention"


def build_scheduler(app: App) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        purge_expired,
        "interval",
        hours=24,
        args=(app.sessions, app.settings),
        id=RETENTION_JOB,
        replace_existing=True,
        misfire_grace_time=6 * 3600,
        coalesce=True,
        next_run_time=datetime.now(UTC),  # once at start, then daily
    )
    return scheduler


def build_delivery(app: App, bot: Bot) -> DeliveryWorker:
    settings = app.settings
    return DeliveryWorker(
        app.sessions,
        TelegramSender(bot),
        per_second=settings.delivery_rate,
        max_attempts=settings.delivery_max_attempts,
    )
