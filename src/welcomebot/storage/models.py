"""Tables. Each keeps the minimum: no names, no phone numbers, no message history."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Column, DateTime, Dialect, TypeDecorator
from sqlmodel import Field, SQLModel

from welcomebot.domain.states import BroadcastState, DeliveryState, EventState


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out: SQLite would otherwise give naive ones back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _timestamp() -> Column:
    return Column(UTCDateTime(), nullable=False, index=True)


class User(SQLModel, table=True):
    __tablename__ = "users"

    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str = Field(max_length=8)
    # newcomer or agent; staff come from settings
    role: str = Field(default="newcomer", max_length=16)
    active: bool = True  # false once Telegram says the user blocked the bot
    # Both optional and chosen by the user: for announcements meant for one district, and for
    # dates shown in another time zone than the city's.
    district: str | None = Field(default=None, max_length=80)
    timezone: str | None = Field(default=None, max_length=64)
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class AnswerFeedback(SQLModel, table=True):
    """Was an answer helpful? Kept per entry, never per person."""

    __tablename__ = "answer_feedback"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(max_length=200, index=True)
    lang: str = Field(max_length=8)
    helpful: bool
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class UnansweredQuestion(SQLModel, table=True):
    """A question the bot could not answer, for staff to write content; deleted after retention."""

    __tablename__ = "unanswered_questions"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=1000)
    lang: str = Field(max_length=8)
    best_entry_id: str | None = Field(default=None, max_length=200)
    best_score: float | None = None
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class Invite(SQLModel, table=True):
    """A single-use code that makes whoever opens it an anti-rumour agent, until it expires.
    A cancelled invite is deleted."""

    __tablename__ = "invites"

    code: str = Field(primary_key=True, max_length=64)
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    used: bool = False
    label: str | None = Field(default=None, max_length=80)  # e.g. "Bilbao workshop, March"
    # None only for invites made before invites expired (the migration gives them a date).
    expires: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Agent(SQLModel, table=True):
    """An anti-rumour agent on the team's roster, active or revoked; deleted by /forget.

    The role itself is `User.role` (what every update reads); this row is what staff see:
    the name the agent chose when joining (none: "Agent <number>", never their Telegram
    name unless they chose it), and on which days they reported, never what.
    """

    __tablename__ = "agents"

    number: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    name: str | None = Field(default=None, max_length=40)
    joined: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    revoked: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    invite_label: str | None = Field(default=None, max_length=80)
    # ISO days of their reports in the last REPORT_DAYS days, one per report, oldest first.
    report_days: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class RumourReport(SQLModel, table=True):
    """What an agent heard. Anonymous: no Telegram id, nothing that leads back to the agent.

    `agent_key` is a keyed hash of (agent, rumour, week) whose secret is a setting and never
    stored here, so one agent reporting one rumour twice in a week counts once.
    """

    __tablename__ = "rumour_reports"

    id: int | None = Field(default=None, primary_key=True)
    rumour_id: str | None = Field(default=None, max_length=200, index=True)
    score: float
    text: str | None = Field(default=None, max_length=1000)  # cleared after retention
    place: str | None = Field(default=None, max_length=40)
    district: str | None = Field(default=None, max_length=80)
    target: str | None = Field(default=None, max_length=80)
    lang: str = Field(max_length=8)
    week: str = Field(max_length=8, index=True)  # ISO week, e.g. 2026-W47
    agent_key: str = Field(max_length=64)
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class Delivery(SQLModel, table=True):
    """One message to one chat: the outbox row the delivery worker sends.

    States: `domain.states.DeliveryState`.
    """

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)  # enqueueing the same message twice is a no-op
    # None once the person erased their data: the row then keeps only its batch and outcome.
    chat_id: int | None = Field(sa_column=Column(BigInteger, nullable=True, index=True))
    text: str
    reply_markup: str | None = None  # JSON of an inline keyboard
    # A picture sent with `text` as its caption: what the front end draws, e.g. a campaign
    # card "card/rumour-jobs/data/uk" (telegram/pictures.py).
    picture: str | None = Field(default=None, max_length=200)
    state: str = Field(default=DeliveryState.PENDING, max_length=16, index=True)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=40)  # the worker holding the row
    due: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    last_error: str | None = Field(default=None, max_length=300)
    # What the row belongs to, e.g. "broadcast:12", for progress and reports.
    batch: str | None = Field(default=None, max_length=80, index=True)
    created: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class Interest(SQLModel, table=True):
    """What kind of announcements a user gets: news, events, topic:<id>. One row per choice."""

    __tablename__ = "interests"

    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    name: str = Field(primary_key=True, max_length=80)


class Broadcast(SQLModel, table=True):
    """A staff announcement: its text per language, who gets it, and when.

    States: `domain.states.BroadcastState`.
    """

    __tablename__ = "broadcasts"

    id: int | None = Field(default=None, primary_key=True)
    texts: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    audience: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    # A picture each person gets with the text, in the text's language: "card/<rumour>/<kind>".
    picture: str | None = Field(default=None, max_length=200)
    due: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    state: str = Field(default=BroadcastState.SCHEDULED, max_length=16, index=True)
    # Where progress goes: the staff chat and its status message (none from the command line).
    status_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status_message_id: int | None = None
    created: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Event(SQLModel, table=True):
    """An event newcomers can sign up to; texts per language, the start in UTC plus its zone."""

    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    title: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    description: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    place: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    starts: datetime = Field(sa_column=_timestamp())
    ends: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    timezone: str = Field(max_length=64)
    audience: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    # Places; those who sign up after they are taken wait in sign-up order. None: no limit.
    capacity: int | None = Field(default=None)
    state: str = Field(default=EventState.ACTIVE, max_length=16, index=True)
    created: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Signup(SQLModel, table=True):
    __tablename__ = "signups"

    event_id: int = Field(primary_key=True, foreign_key="events.id")
    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    created: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class TimerRun(SQLModel, table=True):
    """A timed job that has run or was missed, so a restart does not schedule it again."""

    __tablename__ = "timer_runs"

    run: str = Field(primary_key=True, max_length=200)  # job id @ due time
    outcome: str = Field(max_length=16)  # ran or missed
    at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class AuditEntry(SQLModel, table=True):
    """A staff action: who, what, on what, when. Deleted after AUDIT_RETENTION_DAYS."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    # The staff member's Telegram id (staff are known to the centre: STAFF_IDS); None for the
    # command line, which whoever runs it on the server answers for.
    actor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    action: str = Field(max_length=40)
    target: str = Field(max_length=80)  # e.g. "broadcast #12"
    # The person the action was about (an agent revoked); cleared, with `target`, when that
    # person erases their data.
    person: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True, index=True)
    )
    detail: str | None = Field(default=None, max_length=200)
