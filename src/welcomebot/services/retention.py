"""Keep nothing longer than needed: unanswered questions, report texts, sent messages, the
audit log of staff actions and the days agents reported on expire."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.config import Settings
from welcomebot.delivery.outbox import Outbox
from welcomebot.services.roster import Roster
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.audit import AuditRepository
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import (
    RumourReportRepository,
    UnansweredRepository,
    UserRepository,
)
from welcomebot.storage.timers import TimerRepository

log = logging.getLogger(__name__)


async def purge_expired(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[int, int, int, int]:
    """Delete old unanswered questions, clear old report texts (their counts stay), delete
    settled outbox rows (with the timer records of their runs) and old audit entries."""
    now = utcnow()
    cutoff = now - timedelta(days=settings.outbox_retention_days)
    async with sessions() as session:
        questions = await UnansweredRepository(session).purge(settings.unanswered_retention_days)
        texts = await RumourReportRepository(session).forget_texts(
            settings.report_text_retention_days
        )
        messages = await Outbox(session).purge(cutoff)
        await TimerRepository(session).purge(cutoff)
        actions = await AuditRepository(session).purge(
            now - timedelta(days=settings.audit_retention_days)
        )
        await Roster(AgentRepository(session), UserRepository(session)).forget_old_days(now)
        await session.commit()
    log.info(
        "retention: %d unanswered questions deleted, %d report texts cleared, %d sent messages "
        "deleted, %d audit entries deleted",
        questions,
        texts,
        messages,
        actions,
    )
    return questions, texts, messages, actions
