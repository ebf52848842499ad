"""The delivery worker against scripted senders, on a controllable clock, over the database
alone (the `infrastructure` fixture: no content, no matcher)."""

import asyncio
from collections import Counter

import pytest
from sqlmodel import select

from welcomebot.delivery.errors import Blocked, RetryAfter, Transient
from welcomebot.delivery.outbox import Outbox, Outgoing
from welcomebot.delivery.worker import DeliveryWorker
from welcomebot.storage.models import Delivery, User

from .fakes.clock import FakeClock
from .fakes.delivery import drain


class ScriptedSender:
    """Records (virtual time, chat) per delivered message; raises what the script says."""

    def __init__(self, clock, script=None):
        self.clock, self.script = clock, script or {}
        self.delivered: list[tuple[float, int, str]] = []
        self.calls = Counter()

    async def send(self, parcel):
        chat_id, text = parcel.chat_id, parcel.text
        self.calls[chat_id] += 1
        outcomes = self.script.get(chat_id, [])
        if outcomes:
            raise outcomes.pop(0)
        self.delivered.append((self.clock.monotonic(), chat_id, text))


async def enqueue(infrastructure, clock, chats, key="news", text="Hello"):
    async with infrastructure.sessions() as session:
        added = await Outbox(session).enqueue(
            [Outgoing(f"{key}:{chat}", chat, f"{text} {chat}") for chat in chats], clock.now()
        )
        await session.commit()
    return added


@pytest.fixture
def clock():
    return FakeClock()


async def test_the_global_rate_is_kept(infrastructure, clock):
    sender = ScriptedSender(clock)
    worker = DeliveryWorker(infrastructure.sessions, sender, clock, per_second=25)
    assert await enqueue(infrastructure, clock, range(1, 101)) == 100
    counts = await drain(worker, clock)
    assert counts["sent"] == 100
    times = [t for t, _, _ in sender.delivered]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.04 - 1e-9
    assert times[-1] - times[0] == pytest.approx(99 * 0.04, rel=0.05)  # and no slower


async def test_one_chat_gets_at_most_one_message_a_second(infrastructure, clock):
    sender = ScriptedSender(clock)
    worker = DeliveryWorker(infrastructure.sessions, sender, clock, per_second=25)
    for number in range(3):
        await enqueue(infrastructure, clock, [7, 8, 9], key=f"m{number}")
    await drain(worker, clock)
    for chat in (7, 8, 9):
        times = [t for t, c, _ in sender.delivered if c == chat]
        assert len(times) == 3
        assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 1.0 - 1e-9


async def test_enqueueing_the_same_message_twice_adds_it_once(infrastructure, clock):
    assert await enqueue(infrastructure, clock, [1, 2]) == 2
    assert await enqueue(infrastructure, clock, [1, 2, 3]) == 1


async def test_a_429_pauses_everyone_for_retry_after_then_resends(infrastructure, clock):
    sender = ScriptedSender(clock, {10: [RetryAfter(5)]})
    worker = DeliveryWorker(infrastructure.sessions, sender, clock, per_second=25)
    await enqueue(infrastructure, clock, range(1, 31))
    counts = await drain(worker, clock)
    assert counts["sent"] == 30
    assert Counter(c for _, c, _ in sender.delivered) == Counter(range(1, 31))  # each once
    times = [t for t, _, _ in sender.delivered]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert sum(gap >= 5.0 - 0.04 for gap in gaps) == 1  # one pause of retry_after, for everyone
    assert max(gaps) < 5.1


async def test_a_403_marks_the_user_inactive_and_is_not_retried(infrastructure, clock):
    async with infrastructure.sessions() as session:
        session.add(User(telegram_id=5, language="uk"))
        await session.commit()
    sender = ScriptedSender(clock, {5: [Blocked("Forbidden: bot was blocked by the user")]})
    worker = DeliveryWorker(infrastructure.sessions, sender, clock)
    await enqueue(infrastructure, clock, [4, 5, 6])
    counts = await drain(worker, clock)
    assert (counts["sent"], counts["blocked"]) == (2, 1)
    assert sender.calls[5] == 1
    async with infrastructure.sessions() as session:
        blocked = await session.get(User, 5)
        assert blocked.active is False and blocked.inactive_since == clock.now()


async def test_server_errors_are_retried_with_backoff_then_given_up(infrastructure, clock):
    sender = ScriptedSender(clock, {1: [Transient("502")] * 2, 2: [Transient("500")] * 9})
    worker = DeliveryWorker(
        infrastructure.sessions, sender, clock, max_attempts=4, backoff_seconds=2
    )
    await enqueue(infrastructure, clock, [1, 2])
    counts = await drain(worker, clock)
    assert (counts["sent"], counts["failed"]) == (1, 1)
    assert (sender.calls[1], sender.calls[2]) == (3, 4)
    async with infrastructure.sessions() as session:
        rows = {r.chat_id: r for r in (await session.exec(select(Delivery))).all()}
    assert rows[1].attempts == 2 and rows[2].attempts == 4
    assert rows[2].last_error == "500"


async def test_a_killed_worker_resumes_without_resending(infrastructure, clock):
    sender = ScriptedSender(clock)
    await enqueue(infrastructure, clock, range(1, 11))
    dead = DeliveryWorker(infrastructure.sessions, sender, clock)
    # The process dies after claiming a batch and starting one request, before its answer.
    async with infrastructure.sessions() as session:
        outbox = Outbox(session)
        claimed = await outbox.claim(dead.id, clock.now(), limit=4)
        await session.commit()
        assert await outbox.start_sending(claimed[0].id, dead.id)
        await outbox.settle(claimed[1].id, "sent", clock.now())  # confirmed before dying
        await session.commit()
    fresh = DeliveryWorker(infrastructure.sessions, sender, clock)
    assert await fresh.recover() == (2, 1)  # two never tried, one unknown
    counts = await drain(fresh, clock)
    assert (counts["sent"], counts["unknown"]) == (9, 1)
    sent_chats = [c for _, c, _ in sender.delivered]
    assert claimed[0].chat_id not in sent_chats  # unknown outcome: not resent by default
    assert claimed[1].chat_id not in sent_chats  # confirmed sent: never again
    assert len(sent_chats) == len(set(sent_chats)) == 8


async def test_two_workers_never_send_the_same_row(infrastructure, clock):
    sender = ScriptedSender(clock)
    await enqueue(infrastructure, clock, range(1, 61))
    first = DeliveryWorker(infrastructure.sessions, sender, clock, batch=20)
    second = DeliveryWorker(infrastructure.sessions, sender, clock, batch=20)
    for _ in range(10):
        await asyncio.gather(first.run_once(), second.run_once())
    sent = [c for _, c, _ in sender.delivered]
    assert sorted(sent) == list(range(1, 61))
    async with infrastructure.sessions() as session:
        assert (await Outbox(session).counts())["sent"] == 60


class ForgottenMidRequest(ScriptedSender):
    """The person uses /forget while their message is being sent, and the request then fails
    in a way that would otherwise be retried."""

    def __init__(self, infrastructure, clock, error):
        super().__init__(clock)
        self.infrastructure, self.error = infrastructure, error

    async def send(self, parcel):
        chat_id = parcel.chat_id
        self.calls[chat_id] += 1
        async with self.infrastructure.sessions() as session:
            await Outbox(session).forget(chat_id)
            await session.commit()
        raise self.error


@pytest.mark.parametrize("error", [Transient("502 Bad Gateway"), RetryAfter(3)])
async def test_a_message_whose_person_was_forgotten_mid_request_is_not_tried_again(
    infrastructure, clock, error
):
    sender = ForgottenMidRequest(infrastructure, clock, error)
    worker = DeliveryWorker(infrastructure.sessions, sender, clock, per_second=25)
    await enqueue(infrastructure, clock, [7042750057])
    counts = await drain(worker, clock)
    assert (counts["failed"], sender.calls[7042750057]) == (1, 1)
    async with infrastructure.sessions() as session:
        [row] = (await session.exec(select(Delivery))).all()
    assert (row.chat_id, row.text, row.state) == (None, "", "failed")


async def test_messages_to_one_chat_go_out_in_the_order_they_were_enqueued(infrastructure, clock):
    """A request's card, then the person's message under it: held back for the chat's
    interval, later rows of that chat must never come due before earlier ones."""
    sender = ScriptedSender(clock)
    worker = DeliveryWorker(infrastructure.sessions, sender, clock, per_second=25)
    clock.elapsed = 0.123456789  # a clock that is not a whole number of seconds
    for number in range(8):
        await enqueue(infrastructure, clock, [7], key=f"m{number}", text=f"m{number}")
        clock.elapsed += 0.0000013
    await drain(worker, clock)
    assert [text for _, _, text in sender.delivered] == [f"m{n} 7" for n in range(8)]
