"""Repositories: the only code that writes SQL, one small class per table."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, case, delete, func, insert, literal, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import DEFAULT_INTERESTS
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.audit import AuditRepository
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.checklist import ChecklistRepository
from welcomebot.storage.models import (
    AnswerFeedback,
    ConfirmedPair,
    Interest,
    Invite,
    RumourReport,
    Signup,
    UnansweredQuestion,
    User,
    utcnow,
)
from welcomebot.storage.tickets import TicketRepository
from welcomebot.storage.user_cache import Profile, UserCache, profile_of


async def delete_older(
    session: AsyncSession,
    model: type[AnswerFeedback] | type[UnansweredQuestion] | type[ConfirmedPair],
    retention_days: int,
    now: datetime | None = None,
) -> int:
    """Delete the rows of a table kept `retention_days` by their `created`; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = await session.exec(
        delete(model)
        .where(col(model.created) < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


class UserRepository:
    def __init__(self, session: AsyncSession, cache: UserCache | None = None) -> None:
        self.session = session
        self.cache = cache or UserCache(seconds=0)

    async def get(self, telegram_id: int) -> User | None:
        return await self.session.get(User, telegram_id)

    async def profile(self, telegram_id: int) -> Profile | None:
        """Language and role, read now (the bot reads them through `profiles.Profiles`)."""
        user = await self.get(telegram_id)
        return profile_of(user) if user is not None else None

    async def reactivate(self, telegram_id: int) -> None:
        """Someone who blocked the bot wrote again, so it can reach them again."""
        await self.session.exec(
            update(User)
            .where(col(User.telegram_id) == telegram_id)
            .values(active=True, inactive_since=None)
            .execution_options(synchronize_session=False)
        )
        self.cache.drop(telegram_id)

    async def deactivate(self, telegram_id: int, now: datetime) -> None:
        """Telegram says they blocked the bot."""
        await Outbox(self.session).deactivate(telegram_id, now)
        self.cache.drop(telegram_id)

    async def claim_inactive(self, telegram_id: int, cutoff: datetime) -> bool:
        """Blocked since before `cutoff` still: the row is written (so held until commit) and
        True; False for someone who wrote again meanwhile."""
        result = await self.session.exec(
            update(User)
            .where(
                col(User.telegram_id) == telegram_id,
                col(User.active).is_(False),
                col(User.inactive_since) < cutoff,
            )
            .values(inactive_since=col(User.inactive_since))
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def inactive_before(self, cutoff: datetime) -> list[int]:
        """Who has blocked the bot since before `cutoff`."""
        rows = await self.session.exec(
            select(User.telegram_id).where(
                col(User.active).is_(False), col(User.inactive_since) < cutoff
            )
        )
        return list(rows.all())

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

    async def set_profile(self, telegram_id: int, **values: str | None) -> bool:
        """Any of situation, children, child_ages (`domain.profile`); False: no such user."""
        assert set(values) <= {"situation", "children", "child_ages"}
        result = await self.session.exec(
            update(User).where(col(User.telegram_id) == telegram_id).values(**values)
        )
        self.cache.drop(telegram_id)
        return bool(result.rowcount)

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
        """Delete the person and all that is kept for them: choices, profile, checklist and its
        reminders, sign-ups, tickets, unsent messages; the messages sent to them keep only their outcome, audit entries about them only the
        action. What they did as staff stays in the audit log until its retention: staff answer
        for their actions."""
        for model in (Interest, Signup):
            await self.session.exec(delete(model).where(col(model.telegram_id) == telegram_id))
        await TicketRepository(self.session).forget(telegram_id)
        await ChecklistRepository(self.session).forget(telegram_id)
        await Outbox(self.session).forget(telegram_id)
        await BroadcastRepository(self.session).forget_status_chat(telegram_id)
        await AuditRepository(self.session).forget_person(telegram_id)
        await AgentRepository(self.session).forget(telegram_id)
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

    async def purge(self, retention_days: int, now: datetime | None = None) -> int:
        return await delete_older(self.session, AnswerFeedback, retention_days, now)


class Unanswered(NamedTuple):
    text: str
    lang: str
    best_entry_id: str | None
    best_score: float | None
    shown_entry_ids: str | None = None  # the entries offered as buttons, space-separated


class UnansweredRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, text: str, lang: str, best_entry_id: str | None, best_score: float | None
    ) -> None:
        await self.add_many([Unanswered(text, lang, best_entry_id, best_score)])

    async def add_many(self, questions: list[Unanswered]) -> list[int]:
        """The new rows' ids, in order (a suggestion's buttons carry its question's)."""
        # A plain INSERT: the ORM's flush sorts every mapper first, which cost more than the
        # write on this path that every unanswered question takes.
        now = utcnow()
        rows = [{**q._asdict(), "text": q.text[:1000], "created": now} for q in questions]
        result = await self.session.exec(
            insert(UnansweredQuestion).returning(col(UnansweredQuestion.id)), params=rows
        )
        # One statement: its rows take ascending ids in the order given. (Asking SQLAlchemy to
        # sort them costs one statement a row on SQLite.)
        return sorted(result.scalars().all())

    async def since(self, start: datetime) -> list[UnansweredQuestion]:
        """The questions the bot said it had no answer to (not those it offered buttons for)."""
        return await self._since(start, col(UnansweredQuestion.shown_entry_ids).is_(None))

    async def unsure_since(self, start: datetime) -> list[UnansweredQuestion]:
        """Every question without a sure answer: no answer, or buttons none of which was picked."""
        return await self._since(start, col(UnansweredQuestion.picked_entry_id).is_(None))

    async def _since(self, start: datetime, which: ColumnElement[bool]) -> list[UnansweredQuestion]:
        rows = await self.session.exec(
            select(UnansweredQuestion)
            .where(col(UnansweredQuestion.created) >= start, which)
            .order_by(col(UnansweredQuestion.created))
        )
        return list(rows.all())

    async def pick(self, question_id: int, entry_id: str) -> UnansweredQuestion | None:
        """The person picked this entry among the buttons offered for the question: the
        question, the first time (a second tap, or another button after, changes nothing)."""
        result = await self.session.exec(
            update(UnansweredQuestion)
            .where(
                col(UnansweredQuestion.id) == question_id,
                col(UnansweredQuestion.picked_entry_id).is_(None),
                # Only an entry that was offered for this question.
                (literal(" ") + col(UnansweredQuestion.shown_entry_ids) + " ").contains(
                    f" {entry_id} ", autoescape=True
                ),
            )
            .values(picked_entry_id=entry_id)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:
            return None
        return await self.session.get(UnansweredQuestion, question_id)

    async def recent(self, limit: int = 50) -> list[UnansweredQuestion]:
        rows = await self.session.exec(
            select(UnansweredQuestion).order_by(col(UnansweredQuestion.created).desc()).limit(limit)
        )
        return list(rows.all())

    async def purge(self, retention_days: int, now: datetime | None = None) -> int:
        """Delete what is older than the retention period; returns how many."""
        return await delete_older(self.session, UnansweredQuestion, retention_days, now)


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
    not_rumour: str | None = None  # what the agent said it is not: never matched again to it


def _working(now: datetime) -> ColumnElement[bool]:
    """Of an invite: not expired (one without a date is older than expiry and never does)."""
    return col(Invite.expires).is_(None) | (col(Invite.expires) > now)


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, code: str, now: datetime, expires: datetime, label: str | None = None
    ) -> Invite:
        invite = Invite(code=code, created=now, expires=expires, label=label)
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def redeem(self, code: str, now: datetime | None = None) -> Invite | None:
        """Use an invite once; None when it does not exist, was used or cancelled, or expired."""
        result = await self.session.exec(
            update(Invite)
            .where(
                col(Invite.code) == code,
                col(Invite.used) == False,  # noqa: E712 (SQL, not Python)
                _working(now or utcnow()),
            )
            .values(used=True)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:
            return None
        return await self.session.get(Invite, code)

    async def pending(self, now: datetime) -> list[Invite]:
        """Unused invites that still work, the soonest to expire first."""
        rows = await self.session.exec(
            select(Invite)
            .where(col(Invite.used) == False, _working(now))  # noqa: E712
            .order_by(col(Invite.expires), col(Invite.code))
        )
        return list(rows.all())

    async def purge(self, now: datetime) -> int:
        """Delete the invites that expired, used or not: opening one is refused alike whether
        it expired or is gone, and a code kept says nothing anyone needs."""
        result = await self.session.exec(
            delete(Invite)
            .where(col(Invite.expires) <= now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def cancel(self, code: str) -> bool:
        """Delete an unused invite; False if it was used or is gone."""
        result = await self.session.exec(
            delete(Invite)
            .where(col(Invite.code) == code, col(Invite.used) == False)  # noqa: E712
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
            report.not_rumour,
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
