"""Tables. Each keeps the minimum: no names, no phone numbers, no message history."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, BigInteger, Column, DateTime, Dialect, TypeDecorator
from sqlmodel import Field, SQLModel

from welcomebot.domain.states import BroadcastState, DeliveryState, EventState
from welcomebot.domain.tickets import TicketState


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
    # Since when: someone who blocked the bot cannot reach /forget, so retention erases them
    # (INACTIVE_RETENTION_DAYS).
    inactive_since: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )
    # Both optional and chosen by the user: for announcements meant for one district, and for
    # dates shown in another time zone than the city's.
    district: str | None = Field(default=None, max_length=80)
    timezone: str | None = Field(default=None, max_length=64)
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    # The optional profile (`domain.profile`), each part skippable: it only tailors content and
    # chooses the audience of announcements. Ages: children's age bands, comma-separated.
    situation: str | None = Field(default=None, max_length=32)
    children: str | None = Field(default=None, max_length=16)
    child_ages: str | None = Field(default=None, max_length=40)


class ChecklistMark(SQLModel, table=True):
    """A checklist step someone did or skipped (`domain.profile.StepState`); no row: open."""

    __tablename__ = "checklist_marks"

    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    step: str = Field(primary_key=True, max_length=40)
    state: str = Field(max_length=16)
    at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class ChecklistReminder(SQLModel, table=True):
    """Someone who asked for a weekly nudge about their next open step."""

    __tablename__ = "checklist_reminders"

    telegram_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    since: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_sent: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


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
    # Set when the bot offered buttons (not sure) rather than saying it has no answer: the
    # entries offered, space-separated, and the one the person picked, if any.
    shown_entry_ids: str | None = Field(default=None, max_length=620)
    picked_entry_id: str | None = Field(default=None, max_length=200)


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
    # The rumour the agent said this is not ("Not this rumour"): matched again, it stays new.
    not_rumour: str | None = Field(default=None, max_length=200)


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
    # A copy of another chat's message (a photo, a voice message...), `text` then its caption.
    copy_from: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    copy_id: int | None = None
    thread_id: int | None = None  # a topic of a forum group
    sent_message_id: int | None = None  # the id Telegram gave it: replies to it are found
    # JSON of the message (an `Outgoing`) that tells its sender it could not be delivered.
    bounce: str | None = None


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


class Ticket(SQLModel, table=True):
    """A person's request to the centre's staff. Its messages live in the outbox (batch
    "ticket:<id>"); the ticket and they are deleted TICKET_RETENTION_DAYS after it closes, or
    when the person erases their data. States: `domain.tickets.TicketState`."""

    __tablename__ = "tickets"
    # Staff know a request by its number: on SQLite too, a deleted one's is never given again.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    lang: str = Field(max_length=8)
    question: str = Field(max_length=1000)
    shown: str = Field(default="", max_length=1000)  # what the bot had shown them
    topic: str | None = Field(default=None, max_length=80)
    state: str = Field(default=TicketState.OPEN, max_length=16, index=True)
    urgent: bool = False
    contact: str | None = Field(default=None, max_length=200)  # only if they chose to share it
    thread_id: int | None = None  # its topic, in a forum staff group
    entry_id: str | None = Field(default=None, max_length=200)  # answered with this entry
    opened: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    first_reply: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    closed: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class ConfirmedPair(SQLModel, table=True):
    """A message and the entry that answered it, as a person confirmed it: a suggestion they
    picked, or a ticket staff answered with the entry. No user id; deleted after
    PAIR_RETENTION_DAYS. `content propose` turns them into new variants."""

    __tablename__ = "confirmed_pairs"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=1000)
    lang: str = Field(max_length=8)
    entry_id: str = Field(max_length=200, index=True)
    source: str = Field(max_length=16)  # domain.usage.PairSource
    created: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    # The request it came from, deleted with it (its question was the person's).
    ticket_id: int | None = Field(default=None, index=True)


class UsageCount(SQLModel, table=True):
    """How many times something happened on a day, per topic and language: never per person.
    Kinds: `domain.usage.Count`; "" stands for no topic or language."""

    __tablename__ = "usage_counts"

    day: date = Field(primary_key=True)
    kind: str = Field(primary_key=True, max_length=24)
    topic: str = Field(primary_key=True, max_length=80)
    lang: str = Field(primary_key=True, max_length=8)
    n: int = 0


class TicketDuration(SQLModel, table=True):
    """The time from a ticket's opening to the first staff reply, for the median: a day and a
    number of seconds, nothing about the ticket or the person."""

    __tablename__ = "ticket_durations"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    seconds: float


class ActiveKey(SQLModel, table=True):
    """Someone was active in an ISO week: a keyed hash of (person, week) whose secret is never
    stored, so the week's distinct people can be counted. When the week is over the keys are
    replaced by their count (`usage_counts`, kind "active") and deleted."""

    __tablename__ = "active_keys"

    week: str = Field(primary_key=True, max_length=8)
    key: str = Field(primary_key=True, max_length=32)
