"""The outbox table: enqueue idempotently, claim safely, record every outcome."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import String, case, cast, delete, func, literal, or_, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.domain.states import DeliveryState
from welcomebot.storage.conflicts import insert_for
from welcomebot.storage.models import Delivery, User

STATES = (
    DeliveryState.PENDING,
    DeliveryState.CLAIMED,
    DeliveryState.SENDING,
    DeliveryState.SENT,
    DeliveryState.FAILED,
    DeliveryState.BLOCKED,
    DeliveryState.UNKNOWN,
)
SETTLED = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BLOCKED, DeliveryState.UNKNOWN)
UNTRIED = (DeliveryState.PENDING, DeliveryState.CLAIMED)


@dataclass(frozen=True)
class Outgoing:
    key: str  # unique per message and recipient, e.g. "broadcast:12:chat:345"
    chat_id: int
    text: str  # a copy's caption (empty: the original's)
    reply_markup: str | None = None
    due: datetime | None = None
    batch: str | None = None  # what it belongs to, e.g. "broadcast:12"
    copy_from: int | None = None  # with copy_id: a copy of that chat's message
    copy_id: int | None = None
    thread_id: int | None = None  # a forum topic of the chat
    picture: str | None = None  # sent with `text` as its caption (Delivery.picture)
    bounce: Outgoing | None = None  # sent if this one cannot be delivered

    def as_json(self) -> str:
        fields = {k: v for k, v in asdict(self).items() if v is not None and k != "due"}
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Outgoing:
        fields = json.loads(text)
        fields.pop("bounce", None)  # a bounce never bounces
        return cls(**fields)


TICKETS = "ticket:%"  # the batches of tickets' messages: kept, and deleted, with their ticket


class Outbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(self, items: Iterable[Outgoing], now: datetime) -> int:
        """Add messages; one whose key is already there is left as it is. Returns how many."""
        rows = [
            {
                "key": i.key,
                "chat_id": i.chat_id,
                "text": i.text,
                "reply_markup": i.reply_markup,
                "picture": i.picture,
                "state": DeliveryState.PENDING,
                "attempts": 0,
                "due": i.due or now,
                "batch": i.batch,
                "created": now,
                "copy_from": i.copy_from,
                "copy_id": i.copy_id,
                "thread_id": i.thread_id,
                "bounce": i.bounce.as_json() if i.bounce is not None else None,
            }
            for i in items
        ]
        if not rows:
            return 0
        # RETURNING counts what was added on both backends (rowcount is -1 on psycopg here).
        added = await self.session.exec(
            insert_for(self.session, Delivery)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(col(Delivery.id))
        )
        return len(added.all())

    async def claim(
        self, worker: str, now: datetime, limit: int, chats: Collection[int] | None = None
    ) -> list[Delivery]:
        """Take due pending rows for this worker (only those to `chats`, if given), and return
        those it won.

        The claim is a conditional UPDATE (only rows still pending), so of two workers each row
        goes to one. On PostgreSQL, rows another transaction holds are skipped outright
        (FOR UPDATE SKIP LOCKED) instead of waited for.
        """
        due = select(Delivery.id).where(
            col(Delivery.state) == DeliveryState.PENDING, col(Delivery.due) <= now
        )
        if chats is not None:
            due = due.where(col(Delivery.chat_id).in_(chats))
        due = (
            due.order_by(col(Delivery.due), col(Delivery.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self.session.exec(due)).all())
        if not ids:
            return []
        await self.session.exec(
            update(Delivery)
            .where(col(Delivery.id).in_(ids), col(Delivery.state) == DeliveryState.PENDING)
            .values(state=DeliveryState.CLAIMED, claimed_by=worker)
            .execution_options(synchronize_session=False)
        )
        won = select(Delivery).where(
            col(Delivery.id).in_(ids),
            col(Delivery.state) == DeliveryState.CLAIMED,
            col(Delivery.claimed_by) == worker,
        )
        return list(
            (await self.session.exec(won.order_by(col(Delivery.due), col(Delivery.id)))).all()
        )

    async def start_sending(self, row_id: int, worker: str) -> bool:
        """claimed -> sending, only if this worker still holds the row: then it may be sent."""
        result = await self.session.exec(
            update(Delivery)
            .where(
                col(Delivery.id) == row_id,
                col(Delivery.state) == DeliveryState.CLAIMED,
                col(Delivery.claimed_by) == worker,
            )
            .values(state=DeliveryState.SENDING)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def settle(self, row_id: int, state: str, now: datetime, **values: object) -> None:
        if state == DeliveryState.SENT:
            values["sent_at"] = now
        outcome: object = state
        if state == DeliveryState.PENDING:
            # Its person erased their data during the request: there is nobody to try again for.
            outcome = case(
                (col(Delivery.chat_id).is_(None), DeliveryState.FAILED), else_=DeliveryState.PENDING
            )
        await self.session.exec(
            update(Delivery)
            .where(col(Delivery.id) == row_id)
            .values(state=outcome, **values)
            .execution_options(synchronize_session=False)
        )

    async def recover(self) -> tuple[int, int]:
        """After a restart: never-tried rows go back to pending; rows that were being sent when
        the process died are `unknown` (not resent: the message may have arrived)."""
        retried = await self.session.exec(
            update(Delivery)
            .where(col(Delivery.state) == DeliveryState.CLAIMED)
            .values(state=DeliveryState.PENDING, claimed_by=None)
            .execution_options(synchronize_session=False)
        )
        unknown = await self.session.exec(
            update(Delivery)
            .where(col(Delivery.state) == DeliveryState.SENDING)
            .values(state=DeliveryState.UNKNOWN, last_error="the worker stopped during the request")
            .execution_options(synchronize_session=False)
        )
        return int(retried.rowcount or 0), int(unknown.rowcount or 0)

    async def resendable(self, batch: str) -> int:
        """Rows of `batch` whose outcome is unknown and whose person is still known."""
        rows = await self.session.exec(
            select(func.count()).select_from(Delivery).where(*self._unknown_of(batch))
        )
        return int(rows.one())

    async def requeue_unknown(self, batch: str, now: datetime) -> int:
        """unknown -> pending for those rows, to be sent again; returns how many."""
        result = await self.session.exec(
            update(Delivery)
            .where(*self._unknown_of(batch))
            .values(state=DeliveryState.PENDING, claimed_by=None, due=now, last_error=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    @staticmethod
    def _unknown_of(batch: str) -> tuple[ColumnElement[bool], ...]:
        # A row of someone who erased their data has no chat to send to: it stays as it is.
        return (
            col(Delivery.batch) == batch,
            col(Delivery.state) == DeliveryState.UNKNOWN,
            col(Delivery.chat_id).is_not(None),
        )

    async def purge(self, before: datetime) -> int:
        """Delete settled rows created before `before`; pending ones stay until they settle."""
        result = await self.session.exec(
            delete(Delivery)
            .where(
                col(Delivery.created) < before,
                col(Delivery.state).in_(SETTLED),
                or_(col(Delivery.batch).is_(None), col(Delivery.batch).not_like(TICKETS)),
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def drop_batches(self, batches: Collection[str]) -> None:
        """Delete every row of these batches, whatever its state (a ticket's, at its end)."""
        if batches:
            await self.session.exec(
                delete(Delivery)
                .where(col(Delivery.batch).in_(batches))
                .execution_options(synchronize_session=False)
            )

    async def batch_of(self, chat_id: int, message_id: int) -> str | None:
        """The batch of the message Telegram numbered `message_id` in this chat."""
        rows = await self.session.exec(
            select(Delivery.batch).where(
                col(Delivery.chat_id) == chat_id, col(Delivery.sent_message_id) == message_id
            )
        )
        return rows.first()

    async def forget(self, chat_id: int) -> None:
        """Someone erased their data. Messages not yet tried are dropped (a worker holding a
        claimed one finds it gone and does not send it); the others keep only their batch and
        state, so a broadcast's report counts them as before, with nothing that leads back to
        the person: no chat id, no text, and a key made of the row's own number."""
        await self.session.exec(
            delete(Delivery)
            .where(col(Delivery.chat_id) == chat_id, col(Delivery.state).in_(UNTRIED))
            .execution_options(synchronize_session=False)
        )
        # Copies of their messages sent to others keep nothing of theirs either.
        await self.session.exec(
            delete(Delivery)
            .where(col(Delivery.copy_from) == chat_id, col(Delivery.state).in_(UNTRIED))
            .execution_options(synchronize_session=False)
        )
        await self.session.exec(
            update(Delivery)
            .where(col(Delivery.copy_from) == chat_id)
            .values(copy_from=None, copy_id=None, text="", bounce=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.exec(
            update(Delivery)
            .where(col(Delivery.chat_id) == chat_id)
            .values(
                chat_id=None,
                bounce=None,
                key=literal("erased:").concat(cast(col(Delivery.id), String)),
                text="",
                reply_markup=None,
                picture=None,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )

    async def deactivate(self, chat_id: int, now: datetime) -> None:
        """They blocked the bot: nothing more is sent to them, and from now on (not from a
        later failure) their data waits for INACTIVE_RETENTION_DAYS."""
        await self.session.exec(
            update(User)
            .where(col(User.telegram_id) == chat_id, col(User.active).is_(True))
            .values(active=False, inactive_since=now)
            .execution_options(synchronize_session=False)
        )

    async def counts(self, batch: str | None = None) -> dict[str, int]:
        """Rows per state, of one batch or of all."""
        query = select(Delivery.state, func.count()).group_by(col(Delivery.state))
        if batch is not None:
            query = query.where(col(Delivery.batch) == batch)
        rows = await self.session.exec(query)
        found = dict(rows.all())
        return {state: int(found.get(state, 0)) for state in STATES}
