"""Repositories: the only code that writes SQL, one small class per table."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import case, delete, func, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import DEFAULT_INTERESTS
from welcomebot.storage.audit import AuditRepository
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.models import (
    AnswerFeedback,
    Interest,
    Invite,
    RumourReport,
    Signup,
    UnansweredQuestion,
    User,
    utcnow,
)
from welcomebot.storage.user_cache import Profile, UserCache


class UserRepository:
    def __init__(self, session: AsyncSession, cache: UserCache | None = None) -> None:
        self.session = session
        self.cache = cache or UserCache(seconds=0)

    async def get(self, telegram_id: int) -> User | None:
        return await self.session.get(User, telegram_id)

    async def profile(self, telegram_id: int) -> Profile | None:
        """Language and role, read now (the bot reads them through `profiles.Profiles`)."""
        user = await self.get(telegram_id)
        return Profile(user.telegram_id, user.language, user.role, user.active) if user else None

    async def reactivate(self, telegram_id: int) -> None:
        """Someone who blocked the bot wrote again, so it can reach them again."""
        await self.session.exec(
            update(User)
            .where(col(User.telegram_id) == telegram_id)
            .values(active=True)
            .execution_options(synchronize_session=False)
        )
        self.cache.drop(telegram_id)

    async def _get_or_create(self, telegram_id: int, language: str) -> User:
        """A new user gets the default announcements; they can change them in /subscriptions."""
        user = await self.get(telegram_id)
        if user is None:
            user = User(telegram_id=telegram_id, language=language)
            self.session.add_all(
                Interest(telegram_id=telegram_id, name=name) for name in DEFAULT_INTERESTS
            )
        return user

    async def save_language(self, telegram_id: int, language: str) -> User:
        user = await self._get_or_create(telegram_id, language)
        user.language = language
        self.session.add(user)
        await self.session.flush()
        self.cache.drop(telegram_id)
        return user

    async def set_role(self, telegram_id: int, role: str, language: str) -> User:
        user = await self._get_or_create(telegram_id, language)
        user.role = role
        self.session.add(user)
        await self.session.flush()
        self.cache.drop(telegram_id)
        return user

    async def count_role(self, role: str) -> int:
        result = await self.session.exec(
            select(func.count()).select_from(User).where(col(User.role) == role)
        )
        return int(result.one())

    async def forget(self, telegram_id: int) -> bool:
        """Delete the person and all that is kept for them: choices, sign-ups, unsent messages;
        the messages sent to them keep only their outcome, audit entries about them only the
        action. What they did as staff stays in the audit log until its retention: staff answer
        for their actions."""
        for model in (Interest, Signup):
            await self.session.exec(delete(model).where(col(model.telegram_id) == telegram_id))
        await Outbox(self.session).forget(telegram_id)
        await BroadcastRepository(self.session).forget_status_chat(telegram_id)
        await AuditRepository(self.session).forget_person(telegram_id)
        result = await self.session.exec(delete(User).where(col(User.telegram_id) == telegram_id))
        self.cache.drop(telegram_id)
        return bool(result.rowcount)


class FeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry_id: str, lang: str, helpful: bool) -> None:
        self.session.add(AnswerFeedback(entry_id=entry_id, lang=lang, helpful=helpful))
        await self.session.flush()

    async def counts(self, entry_id: str) -> tuple[int, int]:
        """Helpful and not helpful votes for one entry."""
        rows = await self.session.exec(
            select(AnswerFeedback.helpful, func.count())
            .where(col(AnswerFeedback.entry_id) == entry_id)
            .group_by(col(AnswerFeedback.helpful))
        )
        votes = dict(rows.all())
        return votes.get(True, 0), votes.get(False, 0)


class Unanswered(NamedTuple):
    text: str
    lang: str
    best_entry_id: str | None
    best_score: float | None


class UnansweredRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, text: str, lang: str, best_entry_id: str | None, best_score: float | None
    ) -> None:
        await self.add_many([Unanswered(text, lang, best_entry_id, best_score)])

    async def add_many(self, questions: list[Unanswered]) -> None:
        # A plain INSERT: the ORM's flush sorts every mapper first, which cost more than the
        # write on this path that every unanswered question takes.
        now = utcnow()
        rows = [{**q._asdict(), "text": q.text[:1000], "created": now} for q in questions]
        await self.session.exec(insert(UnansweredQuestion), params=rows)

    async def since(self, start: datetime) -> list[UnansweredQuestion]:
        rows = await self.session.exec(
            select(UnansweredQuestion)
            .where(col(UnansweredQuestion.created) >= start)
            .order_by(col(UnansweredQuestion.created))
        )
        return list(rows.all())

    async def recent(self, limit: int = 50) -> list[UnansweredQuestion]:
        rows = await self.session.exec(
            select(UnansweredQuestion).order_by(col(UnansweredQuestion.created).desc()).limit(limit)
        )
        return list(rows.all())

    async def purge(self, retention_days: int, now: datetime | None = None) -> int:
        """Delete what is older than the retention period; returns how many."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        result = await self.session.exec(
            delete(UnansweredQuestion)
            .where(col(UnansweredQuestion.created) < cutoff)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)


class Tally(NamedTuple):
    rumour_id: str | None
    week: str
    agent_key: str
    district: str | None = None
    target: str | None = None
    # Only for a report that matched no rumour: the barometer matches it again against the
    # content of the day, which may have the rumour by now.
    text: str | None = None
    lang: str = "en"


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, code: str) -> None:
        self.session.add(Invite(code=code))
        await self.session.flush()

    async def redeem(self, code: str) -> bool:
        """Use an invite once; False when it does not exist or was used or revoked."""
        result = await self.session.exec(
            update(Invite)
            .where(col(Invite.code) == code, col(Invite.used) == False)  # noqa: E712 (SQL, not Python)
            .values(used=True)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)


class RumourReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, report: RumourReport) -> RumourReport:
        self.session.add(report)
        await self.session.flush()
        return report

    async def get(self, report_id: int) -> RumourReport | None:
        return await self.session.get(RumourReport, report_id)

    async def since(self, start: datetime, end: datetime | None = None) -> list[RumourReport]:
        """Reports from `start` (to `end`, excluded), oldest first."""
        query = select(RumourReport).where(col(RumourReport.created) >= start)
        if end is not None:
            query = query.where(col(RumourReport.created) < end)
        rows = await self.session.exec(query.order_by(col(RumourReport.created)))
        return list(rows.all())

    async def tallies_since(self, start: datetime, end: datetime | None = None) -> list[Tally]:
        """What counting needs of each report, as plain rows (objects cost ten times as much
        to load), oldest first; `end` excluded. The text only of a report that matched no
        rumour, which the barometer matches again."""
        report = RumourReport
        unmatched = case((col(report.rumour_id).is_(None), col(report.text)))
        query = select(  # type: ignore[call-overload]  # SQLModel types up to four columns
            report.rumour_id,
            report.week,
            report.agent_key,
            report.district,
            report.target,
            unmatched,
            report.lang,
        ).where(col(report.created) >= start)
        if end is not None:
            query = query.where(col(report.created) < end)
        rows = await self.session.exec(query.order_by(col(report.created)))
        return [Tally(*row) for row in rows.all()]

    async def forget_texts(self, retention_days: int, now: datetime | None = None) -> int:
        """Clear report texts older than the retention period; the counts stay."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        result = await self.session.exec(
            update(RumourReport)
            .where(col(RumourReport.created) < cutoff, col(RumourReport.text).is_not(None))
            .values(text=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)
