"""Staff announcements: preview per language, send now or at a time, follow the progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import Audience
from welcomebot.domain.states import BroadcastState
from welcomebot.domain.times import parse_local
from welcomebot.services.notices import Composer, addressed
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.models import Broadcast
from welcomebot.storage.subscriptions import SubscriptionRepository

MAX_CHARS = 3500  # Telegram takes 4096; room is left for formatting and the button


class DraftProblem(StrEnum):
    """What is wrong with what staff wrote for a new broadcast; the front end words it."""

    TOO_LONG = "too long"  # over MAX_CHARS, formatting included
    NO_TEXT = "no text"  # in no language
    UNREADABLE_TIME = "unreadable time"
    PAST_TIME = "past time"


def text_problem(text: str | None) -> DraftProblem | None:
    """Of one language's text as written (None: left out)."""
    return DraftProblem.TOO_LONG if text is not None and len(text) > MAX_CHARS else None


def texts_problem(texts: Mapping[str, str | None]) -> DraftProblem | None:
    """Of all the texts written: a broadcast needs one in at least one language."""
    return None if any(texts.values()) else DraftProblem.NO_TEXT


def read_due(text: str, zone: str, now: datetime) -> datetime | DraftProblem:
    """When a broadcast should go out, typed in `zone`: a time still to come."""
    due = parse_local(text, zone)
    if due is None:
        return DraftProblem.UNREADABLE_TIME
    return due if due > now else DraftProblem.PAST_TIME


def text_for(texts: Mapping[str, str], language: str, fallback: str) -> tuple[str, str]:
    """The text a person gets and its language: theirs, else the fallback, else any."""
    for lang in (language, fallback, *sorted(texts)):
        if texts.get(lang, "").strip():
            return texts[lang], lang
    raise ValueError("a broadcast needs a text in at least one language")


def check_texts(texts: Mapping[str, str]) -> dict[str, str]:
    kept = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
    if not kept:
        raise ValueError("a broadcast needs a text in at least one language")
    for lang, text in kept.items():
        if len(text) > MAX_CHARS:
            raise ValueError(f"the {lang} text has {len(text)} characters; at most {MAX_CHARS}")
    return kept


@dataclass(frozen=True)
class Share:
    """The recipients who speak `language`, and the language of the text they get."""

    language: str
    recipients: int
    text_language: str


@dataclass(frozen=True)
class Progress:
    sent: int
    failed: int
    blocked: int  # the person blocked the bot: not retried, and skipped from now on
    remaining: int
    unknown: int

    @property
    def done(self) -> bool:
        return self.remaining == 0


def batch_of(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


async def progress(outbox: Outbox, broadcast_id: int) -> Progress:
    counts = await outbox.counts(batch_of(broadcast_id))
    return Progress(
        sent=counts["sent"],
        failed=counts["failed"],
        blocked=counts["blocked"],
        remaining=counts["pending"] + counts["claimed"] + counts["sending"],
        unknown=counts["unknown"],
    )


class Broadcasts:
    def __init__(self, session: AsyncSession, composer: Composer, fallback: str) -> None:
        self.repo = BroadcastRepository(session)
        self.subscriptions = SubscriptionRepository(session)
        self.outbox = Outbox(session)
        self.composer, self.fallback = composer, fallback

    async def preview(self, texts: Mapping[str, str], audience: Audience) -> list[Share]:
        people = Counter(r.language for r in await self.subscriptions.recipients(audience))
        return [
            Share(lang, count, text_for(texts, lang, self.fallback)[1])
            for lang, count in sorted(people.items())
        ]

    async def create(
        self,
        texts: Mapping[str, str],
        audience: Audience,
        now: datetime,
        due: datetime | None = None,
        status_chat_id: int | None = None,
        picture: str | None = None,
    ) -> Broadcast:
        """Store it; if it is due now, put it in the outbox at once. A `picture` (e.g. a
        campaign card, "card/<rumour>/<kind>") goes to each person in their text's language."""
        broadcast = await self.repo.add(
            Broadcast(
                texts=check_texts(texts),
                audience=audience.to_json(),
                due=due or now,
                status_chat_id=status_chat_id,
                picture=picture,
            )
        )
        if broadcast.due <= now:
            await self.release(broadcast, now)
        return broadcast

    async def release(self, broadcast: Broadcast, now: datetime) -> int:
        """scheduled -> queued, one outbox row per recipient; a second call adds nothing."""
        assert broadcast.id is not None
        if not await self.repo.move(broadcast.id, BroadcastState.SCHEDULED, BroadcastState.QUEUED):
            return 0
        audience = Audience.from_json(broadcast.audience)
        items = []
        for person in await self.subscriptions.recipients(audience):
            text, lang = text_for(broadcast.texts, person.language, self.fallback)
            message = self.composer.broadcast(person, text, audience.interest)
            if broadcast.picture:
                message = replace(message, picture=f"{broadcast.picture}/{lang}")
            items.append(addressed(batch_of(broadcast.id), person, message))
        return await self.outbox.enqueue(items, now)

    async def progress(self, broadcast_id: int) -> Progress:
        return await progress(self.outbox, broadcast_id)

    async def follow_in(self, broadcast_id: int, message_id: int) -> None:
        """The staff message that shows its progress, edited as it goes out."""
        await self.repo.set_status_message(broadcast_id, message_id)

    async def cancel(self, broadcast_id: int) -> bool:
        """Only a broadcast that has not gone out can be cancelled."""
        return await self.repo.move(
            broadcast_id, BroadcastState.SCHEDULED, BroadcastState.CANCELLED
        )

    async def unknown(self, broadcast_id: int) -> int:
        """Its messages that may or may not have arrived and can be sent again."""
        return await self.outbox.resendable(batch_of(broadcast_id))

    async def resend_unknown(self, broadcast_id: int, now: datetime) -> int:
        """Queue those messages again (some people may get them twice); a broadcast reported
        done is followed again until they settle."""
        requeued = await self.outbox.requeue_unknown(batch_of(broadcast_id), now)
        if requeued:
            await self.repo.move(broadcast_id, BroadcastState.DONE, BroadcastState.QUEUED)
        return requeued

    async def scheduled(self) -> list[Broadcast]:
        return await self.repo.in_state(BroadcastState.SCHEDULED)
