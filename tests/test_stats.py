"""Statistics without personal data: a generated activity log, counted through the core, gives
exactly the figures of /stats and of `welcomebot stats` (text and CSV)."""

import csv
import io
import random
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import SendMessage, SendPhoto
from babel.dates import format_timedelta
from babel.numbers import format_percent

from welcomebot.domain.profile import StepState
from welcomebot.domain.times import iso_week
from welcomebot.domain.usage import Count
from welcomebot.services.usage import TicketActivity, monday, roll_up
from welcomebot.storage.models import (
    ActiveKey,
    ChecklistMark,
    ConfirmedPair,
    RumourReport,
    TicketDuration,
    utcnow,
)
from welcomebot.telegram.callbacks import Feedback

from .fakes.chats import STAFF_ID, make_chat, rows
from .fakes.matching import never_sure
from .fakes.process_env import welcomebot_env
from .fakes.repo import DEMO_CONTENT

TOPICS = ("health", "housing", "work")
LANGS = ("en", "uk")


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    topic: str | None = None
    lang: str | None = None
    value: float = 0.0  # a ticket's reply time, or a person


def activity_log(now: datetime, days: int, seed: int = 21) -> list[Event]:
    """Questions, picks, votes, tickets and active people at random moments of `days` days."""
    rng = random.Random(seed)
    events = []
    for _ in range(400):
        at = now - timedelta(seconds=rng.randrange(days * 86400))
        lang, topic = rng.choice(LANGS), rng.choice(TOPICS)
        roll = rng.random()
        if roll < 0.35:
            events.append(Event(at, Count.ANSWERED, topic, lang))
        elif roll < 0.55:
            events.append(Event(at, Count.SUGGESTED, None, lang))
            if rng.random() < 0.5:  # the suggestion picked, a little later the same day
                events.append(Event(at, Count.PICKED, topic, lang))
        elif roll < 0.7:
            events.append(Event(at, Count.UNANSWERED, None, lang))
        elif roll < 0.8:
            events.append(Event(at, rng.choice((Count.HELPFUL, Count.NOT_HELPFUL)), topic, lang))
        elif roll < 0.85:
            events.append(Event(at, Count.TICKET_OPENED, topic, lang))
        elif roll < 0.88:
            events.append(Event(at, "reply", value=float(rng.randrange(60, 48 * 3600))))
        elif roll < 0.9:
            events.append(Event(at, Count.TICKET_CLOSED, topic, lang))
        else:
            events.append(Event(at, "active", value=rng.randrange(1, 40)))
    return events


def record(app, events: list[Event]) -> None:
    usage = app.usage
    for event in events:
        if event.kind == "reply":
            usage.reply_time(event.value, at=event.at)
        elif event.kind == "active":
            usage.active(int(event.value), at=event.at)
        else:
            usage.count(Count(event.kind), event.topic, event.lang, at=event.at)


def reports_log(
    now: datetime, days: int, zone: ZoneInfo, first: date, seed: int = 5
) -> list[RumourReport]:
    """Reports of the last `days`, with the city's week as the bot files them; the first five
    minutes into the day `first` there, which UTC puts on the day before."""
    rng = random.Random(seed)
    reports = []
    for _ in range(60):
        at = now - timedelta(seconds=rng.randrange(days * 86400))
        if not reports:
            at = datetime.combine(first, time(0, 5), zone)
        reports.append(
            RumourReport(
                rumour_id=rng.choice(("rumour-a", "rumour-b", None)),
                score=0.5,
                lang="uk",
                week=iso_week(at.astimezone(zone)),
                agent_key=f"agent-{rng.randrange(4)}",  # the same agent twice counts once
                created=at,
            )
        )
    return reports


async def test_stats_and_the_command_line_match_a_generated_activity_log(staffed):
    app = staffed
    zone = app.settings.zone
    now = utcnow()
    today = now.astimezone(zone).date()
    start = today - timedelta(days=today.weekday(), weeks=3)  # /stats 4: this week and 3 before
    events = activity_log(now, 60)  # a month of it falls before the period
    record(app, events)
    await app.usage.flush()
    async with app.sessions() as session:
        # Past weeks' keys become counts (the retention job), this week's stay keys.
        await roll_up(session, zone, now)
        session.add_all(reports_log(now, 40, zone, start))
        await session.commit()
    assert {key.week for key in await rows(app, ActiveKey)} <= {iso_week(now.astimezone(zone))}

    inside = [e for e in events if e.at.astimezone(zone).date() >= start]
    kinds = Counter(e.kind for e in inside)
    questions = kinds[Count.ANSWERED] + kinds[Count.SUGGESTED] + kinds[Count.UNANSWERED]
    not_answered = kinds[Count.SUGGESTED] + kinds[Count.UNANSWERED] - kinds[Count.PICKED]
    by_topic = Counter(
        (e.topic, e.lang) for e in inside if e.kind in (Count.ANSWERED, Count.PICKED)
    )
    no_topic = Counter(
        e.lang for e in inside if e.kind in (Count.SUGGESTED, Count.UNANSWERED)
    ) - Counter(e.lang for e in inside if e.kind == Count.PICKED)
    votes = kinds[Count.HELPFUL] + kinds[Count.NOT_HELPFUL]
    median = statistics.median(e.value for e in inside if e.kind == "reply")
    weeks = sorted(
        {
            iso_week(datetime.combine(start + timedelta(days=d), datetime.min.time()))
            for d in range((today - start).days + 1)
        }
    )

    def week_of(event: Event) -> str:
        return iso_week(event.at.astimezone(zone))

    def at(day, hour: int = 12) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=zone)

    first_monday, this_monday = monday(weeks[0]), monday(weeks[-1])
    async with app.sessions() as session:
        for person, step, state, when in (
            (1, "bank-account", StepState.DONE, at(first_monday)),
            (2, "bank-account", StepState.DONE, at(first_monday, 0)),  # Sunday, in UTC
            (3, "bank-account", StepState.DONE, at(this_monday)),
            (3, "phone-number", StepState.DONE, at(this_monday)),
            (4, "phone-number", StepState.SKIPPED, at(this_monday)),  # skipped: not completed
            (5, "phone-number", StepState.DONE, at(first_monday) - timedelta(days=1)),  # before
        ):
            session.add(ChecklistMark(telegram_id=person, step=step, state=state, at=when))
        await session.commit()
    done = {"bank-account": [2, 0, 0, 1], "phone-number": [0, 0, 0, 1]}
    steps = [(step, done.get(step.id, [0] * 4)) for step in app.pack.checklist]

    asked = Counter(
        week_of(e) for e in inside if e.kind in (Count.ANSWERED, Count.SUGGESTED, Count.UNANSWERED)
    )
    people = {
        w: len({e.value for e in events if e.kind == "active" and week_of(e) == w}) for w in weeks
    }
    first = datetime.combine(start, datetime.min.time(), tzinfo=zone)
    reports = Counter(
        r.week
        for r in {
            (r.agent_key, r.rumour_id, r.week): r
            for r in reports_log(now, 40, zone, start)
            if r.created >= first
        }.values()
    )

    def share(n: int, lang: str = "en") -> str:
        return f"{n} ({format_percent(n / questions, locale=lang)})"

    staff = make_chat(app, user_id=STAFF_ID)
    requests = await staff.say("/stats")
    assert [type(r) for r in requests] == [SendPhoto, SendMessage]
    assert requests[0].caption == "Weekly trend, the last 4 weeks"
    lines = requests[1].text.splitlines()
    assert lines[1:9] == [
        f"Questions: {questions}",
        f"• answered directly: {share(kinds[Count.ANSWERED])}",
        f"• answered through a suggestion: {share(kinds[Count.PICKED])}",
        f"• not answered: {share(not_answered)}",
        f"Helpful: {format_percent(kinds[Count.HELPFUL] / votes, locale='en')} of {votes} votes",
        f"Requests to a person: {kinds[Count.TICKET_OPENED]} opened, {kinds[Count.TICKET_REOPENED]} reopened, "
        f"{kinds['reply']} answered, "
        f"{kinds[Count.TICKET_CLOSED]} closed",
        "Median time to the first staff reply: "
        + format_timedelta(timedelta(seconds=median), locale="en"),
        "",
    ]
    titles = {"health": "Health", "housing": "Housing", "work": "Work"}
    header = lines.index("<b>Questions by topic and language</b>")
    topic_lines = lines[header + 1 : lines.index("", header)]
    expected_topics = {
        f"• {titles[t]}: "
        + ", ".join(f"{lang} {by_topic[t, lang]}" for lang in LANGS if by_topic[t, lang])
        for t in TOPICS
    } | {
        "• No answer: " + ", ".join(f"{lang} {no_topic[lang]}" for lang in LANGS if no_topic[lang])
    }
    assert set(topic_lines) == expected_topics
    header = lines.index("<b>Per week: questions · active people · rumour reports</b>")
    week_lines = lines[header + 1 : header + 1 + len(weeks)]
    assert week_lines == [f"{w}: {asked[w]} · {people[w]} · {reports[w]}" for w in weeks]
    assert lines[header + 1 + len(weeks) :] == [
        "",
        "<b>People who completed each first step, per week</b>",
        *(f"• {step.title['en']}: " + " · ".join(map(str, row)) for step, row in steps),
    ]
    assert "• Open a bank account: 2 · 0 · 0 · 1" in lines

    # The command line reads the same figures from the same database.
    env = welcomebot_env(
        data_dir=str(app.settings.data_dir),
        database_url=app.settings.database_url,
        content_dir=str(DEMO_CONTENT),
    )
    out = app.settings.data_dir / "stats.csv"
    out.parent.mkdir(parents=True, exist_ok=True)  # on PostgreSQL no database file made it
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "welcomebot",
            "stats",  # its default period is /stats's (a blind test found 28 days instead)
            "--csv",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert printed[1:4] == [
        f"questions: {questions}",
        f"  answered directly: {kinds[Count.ANSWERED]} ({kinds[Count.ANSWERED] / questions:.0%})",
        f"  answered through a suggestion: {kinds[Count.PICKED]} ({kinds[Count.PICKED] / questions:.0%})",
    ]
    checklist = printed.index("people who completed each first step, per week: " + ", ".join(weeks))
    assert printed[checklist + 1 :] == [
        f"  {step.id}: " + ", ".join(map(str, row)) for step, row in steps
    ] + [f"CSV written to {out}"]
    assert "  bank-account: 2, 0, 0, 1" in printed
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    totals = {
        r["metric"]: r["value"] for r in table if not r["week"] and not r["topic"] and not r["lang"]
    }
    assert totals == {
        "answered_directly": str(kinds[Count.ANSWERED]),
        "answered_via_suggestion": str(kinds[Count.PICKED]),
        "not_answered": str(not_answered),
        "helpful_votes": str(kinds[Count.HELPFUL]),
        "not_helpful_votes": str(kinds[Count.NOT_HELPFUL]),
        "tickets_opened": str(kinds[Count.TICKET_OPENED]),
        "tickets_reopened": str(kinds[Count.TICKET_REOPENED]),
        "tickets_answered": str(kinds["reply"]),
        "tickets_closed": str(kinds[Count.TICKET_CLOSED]),
        "median_first_reply_seconds": str(round(median)),
    }
    per_topic = {
        (r["topic"], r["lang"]): int(r["value"])
        for r in table
        if r["metric"] == "questions" and not r["week"]
    }
    assert per_topic == {
        **{k: n for k, n in by_topic.items() if n},
        **{("", lang): n for lang, n in no_topic.items() if n},
    }
    weekly = {
        (r["metric"], r["week"]): int(r["value"])
        for r in table
        if r["week"] and r["metric"] != "checklist_completed"
    }
    assert weekly == {
        **{("questions", w): asked[w] for w in weeks},
        **{("active_people", w): people[w] for w in weeks},
        **{("rumour_reports", w): reports[w] for w in weeks},
    }
    completed = {
        (r["topic"], r["week"]): int(r["value"])
        for r in table
        if r["metric"] == "checklist_completed"
    }
    assert completed == {
        (step.id, week): n for step, row in steps for week, n in zip(weeks, row, strict=True)
    }
    assert completed["bank-account", weeks[0]] == 2
    assert not any(hasattr(row, "telegram_id") for row in await rows(app, TicketDuration))


async def test_questions_in_the_chat_are_counted_by_how_they_were_answered(staffed, monkeypatch):

    newcomer = make_chat(staffed, user_id=4321)
    await newcomer.say("how do i register with a family doctor")  # answered directly
    await newcomer.press(Feedback(id="health-family-doctor", helpful=False).pack())
    await newcomer.say("what is the weather on mars")  # no answer
    await make_chat(staffed, user_id=4322, lang="uk").say("де знайти роботу")
    never_sure(staffed.answers.matcher, monkeypatch)
    [offer] = await newcomer.say("family doctor")  # buttons, and one is picked
    await newcomer.press(offer.reply_markup.inline_keyboard[0][0].callback_data)
    requests = await make_chat(staffed, user_id=STAFF_ID).say("/stats 1")
    assert requests[0].caption == "Weekly trend, the last week"  # not "the last 1 week"
    lines = requests[1].text.splitlines()
    assert lines[1:6] == [
        "Questions: 4",
        "• answered directly: 2 (50%)",
        "• answered through a suggestion: 1 (25%)",
        "• not answered: 1 (25%)",
        "Helpful: 0% of 1 vote",
    ]
    assert "• Health: en 2" in lines
    week = iso_week(utcnow().astimezone(staffed.settings.zone))
    per_week = lines.index("<b>Per week: questions · active people · rumour reports</b>")
    assert lines[per_week + 1] == f"{week}: 4 · 2 · 0"  # two people; staff are not counted
    [pair] = await rows(staffed, ConfirmedPair)
    assert (pair.text, pair.source) == ("family doctor", "pick")


async def test_ticket_activity_is_counted_without_the_person(app):
    tickets = TicketActivity(app.usage)
    await tickets.opened("uk", "housing")
    await tickets.opened("en", None)
    await tickets.first_staff_reply(600.0)
    await tickets.first_staff_reply(1800.0)
    await tickets.closed("uk", "housing")
    await app.usage.flush()
    async with app.sessions() as session:
        from welcomebot.storage.usage import UsageRepository

        today = app.usage.day()
        counted = {
            (c.kind, c.topic, c.lang): c.n
            for c in await UsageRepository(session).counts(today, today + timedelta(days=1))
        }
        durations = await UsageRepository(session).durations(today, today + timedelta(days=1))
    assert counted == {
        ("ticket_opened", "housing", "uk"): 1,
        ("ticket_opened", "", "en"): 1,
        ("ticket_answered", "", ""): 2,
        ("ticket_closed", "housing", "uk"): 1,
    }
    assert sorted(durations) == [600.0, 1800.0]
    # Counting again adds to the stored rows instead of replacing them.
    await tickets.opened("uk", "housing")
    await app.usage.flush()
    async with app.sessions() as session:
        again = await UsageRepository(session).counts(today, today + timedelta(days=1))
    assert {(c.kind, c.topic, c.lang): c.n for c in again}[("ticket_opened", "housing", "uk")] == 2


async def test_forget_erases_this_weeks_active_key(app):
    from welcomebot.telegram.callbacks import ForgetChoice

    chat = make_chat(app, user_id=4321)
    await chat.say("what is the weather on mars")
    await make_chat(app, user_id=4322).say("what is the weather on mars")
    await app.usage.flush()
    assert len(await rows(app, ActiveKey)) == 2
    await chat.press(ForgetChoice(confirm=True).pack())
    await app.usage.flush()
    [kept] = await rows(app, ActiveKey)
    assert kept.key == app.usage.key(4322, kept.week)  # the other person's


@pytest.mark.parametrize("table", ["active keys", "counts"])
async def test_two_replicas_adding_the_same_row_at_once_both_succeed(infrastructure, table):
    """One replica's row is not committed yet when the other adds the same: the second waits
    for the first and then skips the key, or adds its count, instead of failing on the
    primary key (seen with two webhook replicas on PostgreSQL)."""
    import asyncio

    from sqlmodel import select

    from welcomebot.storage.models import ActiveKey, UsageCount
    from welcomebot.storage.usage import CountKey, UsageRepository

    day = date(2026, 12, 4)

    async def add(session) -> None:
        repository = UsageRepository(session)
        if table == "active keys":
            await repository.add_active([("2026-W49", "k" * 32)])
        else:
            await repository.add_counts({CountKey(day, "asked", "housing", "uk"): 2})

    async with infrastructure.sessions() as first, infrastructure.sessions() as second:
        await add(first)  # its transaction is left open

        async def then_commit() -> None:
            await add(second)
            await second.commit()

        waiting = asyncio.create_task(then_commit())
        await asyncio.sleep(0.3)
        await first.commit()
        await asyncio.wait_for(waiting, 10)
    async with infrastructure.sessions() as session:
        if table == "active keys":
            assert len((await session.exec(select(ActiveKey))).all()) == 1
        else:
            (row,) = (await session.exec(select(UsageCount))).all()
            assert row.n == 4


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The number of weeks must be from 1 to 52: showing the last 4 weeks."),
        ("uk", "Кількість тижнів має бути від 1 до 52: показую останні 4 тижні."),
    ],
)
@pytest.mark.parametrize("weeks", ["abc", "-1", "99999999999", "4 5", "0 weeks"])
async def test_a_period_stats_does_not_take_is_said_before_the_default(staffed, weeks, lang, said):
    # A blind test's "/stats abc" quietly showed four weeks, as if it had been understood.
    requests = await make_chat(staffed, user_id=STAFF_ID, lang=lang).say(f"/stats {weeks}")
    assert [r.text for r in requests if isinstance(r, SendMessage)][0] == said
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption.endswith(" 4 weeks") or photo.caption.endswith(" 4 тижні")


@pytest.mark.parametrize("weeks", ["2 weeks", "2 тижні", " 2  w "])
async def test_a_number_of_weeks_with_its_unit_is_taken(staffed, weeks):
    # A blind test's "/barometer 4 weeks" was refused.
    requests = await make_chat(staffed, user_id=STAFF_ID).say(f"/stats {weeks}")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption == "Weekly trend, the last 2 weeks"
    assert not any(
        "must be from 1" in (r.text or "") for r in requests if isinstance(r, SendMessage)
    )
