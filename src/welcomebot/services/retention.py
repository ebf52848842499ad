"""Keep nothing longer than needed: unanswered questions and report texts expire."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import Settings
from welcomebot.storage.repositories import RumourReportRepository, UnansweredRepository

log = logging.getLogger(__name__)


async def purge_expired(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[int, int]:
    """Delete old unanswered questions and clear old report texts (their counts stay)."""
    async with sessions() as session:
        questions = await UnansweredRepository(session).purge(settings.unanswered_retention_days)
        texts = await RumourReportRepository(session).forget_texts(
            settings.report_text_retention_days
        )
        await session.commit()
    log.info(
        "retention: %d unanswered questions deleted, %d report texts cleared", questions, texts
    )
    return questions, texts
