"""Keep nothing longer than needed: unanswered questions, report texts and sent messages expire."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import Settings
from welcomebot.delivery.outbox import Outbox
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import RumourReportRepository, UnansweredRepository
from welcomebot.storage.timers import TimerRepository

log = logging.getLogger(__name__)


async def purge_expired(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[int, int, int]:
    """Delete old unanswered questions, clear old report texts (their counts stay), and delete
    settled outbox rows (with the timer records of their runs)."""
    cutoff = utcnow() - timedelta(days=settings.outbox_retention_days)
    async with sessions() as session:
        questions = await UnansweredRepository(session).purge(settings.unanswered_retention_days)
        texts = await RumourReportRepository(session).forget_texts(
            settings.report_text_retention_days
        )
        messages = await Outbox(session).purge(cutoff)
        await TimerRepository(session).purge(cutoff)
        await session.commit()
    log.info(
        "retention: %d unanswered questions deleted, %d report texts cleared, %d sent messages "
        "deleted",
        questions,
        texts,
        messages,
    )
    return questions, texts, messages
