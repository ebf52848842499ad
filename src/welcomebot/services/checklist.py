"""The arrival checklist: each person's own first steps, their progress, a weekly nudge for
the next open step (opt-in, through the outbox), and for staff only counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.content.models import ChecklistStep
from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.audiences import Recipient
from welcomebot.domain.profile import PersonProfile, StepState, applies
from welcomebot.domain.times import iso_week
from welcomebot.services.notices import Composer, addressed
from welcomebot.storage.checklist import ChecklistRepository
from welcomebot.storage.user_cache import profile_of

NUDGE_EVERY = timedelta(days=7)  # never more than one reminder a week


def personal(steps: Sequence[ChecklistStep], profile: PersonProfile | None) -> list[ChecklistStep]:
    """The steps meant for this person: all but those their profile rules out."""
    return [
        step
        for step in steps
        if applies(profile, step.meant_for.situation, step.meant_for.children)
    ]


@dataclass(frozen=True)
class Progress:
    steps: tuple[tuple[ChecklistStep, StepState | None], ...]
    reminding: bool = False

    @property
    def total(self) -> int:
        return len(self.steps)

    def count(self, state: StepState) -> int:
        return sum(1 for _, mark in self.steps if mark is state)

    @property
    def next_open(self) -> ChecklistStep | None:
        return next((step for step, mark in self.steps if mark is None), None)

    def state(self, step_id: str) -> StepState | None:
        return next((mark for step, mark in self.steps if step.id == step_id), None)


class Checklists:
    def __init__(
        self, session: AsyncSession, steps: Sequence[ChecklistStep], composer: Composer
    ) -> None:
        self.repository = ChecklistRepository(session)
        self.outbox = Outbox(session)
        self.steps, self.composer = tuple(steps), composer

    def step(self, step_id: str, profile: PersonProfile | None) -> ChecklistStep | None:
        """A step of this person's list; None for one that is gone or not meant for them."""
        return next((s for s in personal(self.steps, profile) if s.id == step_id), None)

    async def progress(self, telegram_id: int, profile: PersonProfile | None) -> Progress:
        marks = await self.repository.marks(telegram_id)
        return Progress(
            tuple((step, marks.get(step.id)) for step in personal(self.steps, profile)),
            await self.repository.reminding(telegram_id),
        )

    async def mark(
        self, telegram_id: int, step_id: str, state: StepState | None, now: datetime
    ) -> None:
        """Done or skipped; None undoes either."""
        if state is None:
            await self.repository.unmark(telegram_id, step_id)
        else:
            await self.repository.mark(telegram_id, step_id, state, now)

    async def remind(self, telegram_id: int, on: bool, now: datetime) -> None:
        await self.repository.remind(telegram_id, on, now)

    async def nudge(self, now: datetime) -> int:
        """Queue the weekly reminder of each person who asked for one, a week after the last
        (or after asking), about their next open step; none once every step is marked."""
        queued = 0
        for person, previous in await self.repository.due(now - NUDGE_EVERY):
            progress = await self.progress(person.telegram_id, profile_of(person).about)
            step = progress.next_open
            if step is None:
                continue
            recipient = Recipient(person.telegram_id, person.language, person.timezone)
            message = self.composer.checklist_nudge(recipient, step, progress)
            # Keyed by the reminder before: a second run before it is recorded adds nothing.
            batch = f"checklist:{previous:%Y%m%dT%H%M%S}"
            queued += await self.outbox.enqueue([addressed(batch, recipient, message)], now)
            await self.repository.nudged(person.telegram_id, now)
        return queued


@dataclass(frozen=True)
class StepCounts:
    """How many people completed each step, per ISO week: counts only, never who."""

    weeks: tuple[str, ...]
    steps: tuple[ChecklistStep, ...]
    counts: dict[tuple[str, str], int]  # (step id, week) -> people

    def row(self, step_id: str) -> list[int]:
        return [self.counts.get((step_id, week), 0) for week in self.weeks]


async def completed_per_week(
    session: AsyncSession, steps: Sequence[ChecklistStep], weeks: int, now: datetime
) -> StepCounts:
    """The last `weeks` ISO weeks, this one included, in `now`'s zone: for `welcomebot
    checklist stats` and staff's statistics."""
    start = now - timedelta(weeks=weeks - 1, days=now.weekday())
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    labels = tuple(dict.fromkeys(iso_week(start + timedelta(weeks=n)) for n in range(weeks)))
    done = await ChecklistRepository(session).done_since(start)
    counts = Counter((step, iso_week(at.astimezone(now.tzinfo))) for step, at in done)
    return StepCounts(labels, tuple(steps), dict(counts))
