import asyncio
import logging
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa

from welcomebot.batching import Batch
from welcomebot.matching.matcher import Outcome
from welcomebot.storage import database
from welcomebot.storage.models import UnansweredQuestion, utcnow
from welcomebot.storage.repositories import UnansweredRepository, UserRepository
from welcomebot.telegram.dispatcher import build_bot
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession

from .fakes.chats import rows


def test_migrations_create_the_schema_and_can_run_twice(settings):
    database.upgrade(settings)
    database.upgrade(settings)
    engine = sa.create_engine(settings.sync_database_url)
    tables = set(sa.inspect(engine).get_table_names())
    assert {
        "users",
        "answer_feedback",
        "unanswered_questions",
        "invites",
        "rumour_reports",
        "outbox",
        "interests",
        "broadcasts",
        "events",
        "signups",
        "timer_runs",
        "tickets",
        "audit_log",
        "confirmed_pairs",
        "usage_counts",
        "ticket_durations",
        "active_keys",
        "checklist_marks",
        "checklist_reminders",
        "agents",
        "alembic_version",
    } <= tables
    with engine.connect() as connection:
        assert (
            connection.execute(sa.text("select version_num from alembic_version")).scalar()
            == "0016"
        )
    engine.dispose()


def test_processes_starting_together_on_a_new_sqlite_file_both_migrate_it(tmp_path):
    # A blind test started the bot's chat and a staff chat at once on a new folder: one of
    # them stopped with "table answer_feedback already exists". Three rounds of four
    # processes racing on a new file (PostgreSQL's replicas wait on an advisory lock).
    code = (
        "import sys; from welcomebot.storage.database import migrate_here; "
        "print(migrate_here(sys.argv[1]).after)"
    )
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'race{round_}' / 'welcomebot.db'}"
        racing = [
            subprocess.Popen(
                [sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(4)
        ]
        finished = [process.communicate(timeout=120) for process in racing]
        assert [p.returncode for p in racing] == [0] * 4, [err.decode() for _, err in finished]
        [head] = database.head_revisions()
        assert [out.decode().strip() for out, _ in finished] == [head] * 4


async def failing_statement_error(settings) -> str:
    """The text of the error a statement with a Telegram id among its parameters raises."""
    engine = database.create_engine(settings)
    try:
        async with engine.connect() as connection:
            with pytest.raises(sa.exc.DBAPIError) as failure:
                await connection.execute(
                    sa.text("SELECT language FROM no_such_table WHERE telegram_id = :id"),
                    {"id": 7042750057},
                )
    finally:
        await engine.dispose()
    return str(failure.value)


async def test_a_failing_statement_s_error_holds_no_parameter_values(infrastructure):
    error = await failing_statement_error(infrastructure.settings)
    assert "no_such_table" in error
    assert "7042750057" not in error
    assert "[SQL parameters hidden due to hide_parameters=True]" in error


async def test_with_sqlalchemy_debug_logging_the_parameters_show(infrastructure, caplog):
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    assert "7042750057" in await failing_statement_error(infrastructure.settings)


async def test_unanswered_questions_are_purged_after_the_retention_period(infrastructure):
    async with infrastructure.sessions() as session:
        repo = UnansweredRepository(session)
        await repo.add("old question", "en", None, None)
        await repo.add("new question", "uk", "health-family-doctor", 0.2)
        kept = await repo.recent()
        kept[1].created = utcnow() - timedelta(days=91)  # the older of the two
        await session.commit()
        assert await repo.purge(retention_days=90) == 1
        await session.commit()
        assert [q.text for q in await repo.recent()] == ["new question"]


async def test_saving_a_language_twice_updates_one_row(infrastructure):
    async with infrastructure.sessions() as session:
        users = UserRepository(session)
        await users.save_language(5, "en")
        await users.save_language(5, "uk")
        await session.commit()
        assert (await users.get(5)).language == "uk"
        assert await users.forget(5) is True
        assert await users.forget(5) is False


async def test_retention_clears_old_report_texts_and_old_questions(infrastructure):
    from welcomebot.services.retention import purge_expired
    from welcomebot.storage.models import AuditEntry, Delivery, RumourReport, UnansweredQuestion

    old = utcnow() - timedelta(days=infrastructure.settings.report_text_retention_days + 1)
    async with infrastructure.sessions() as session:
        session.add_all(
            [
                RumourReport(
                    rumour_id="rumour-jobs",
                    score=0.5,
                    text="old",
                    lang="en",
                    week="2020-W01",
                    agent_key="k1",
                    created=old,
                ),
                RumourReport(
                    rumour_id=None,
                    score=0.1,
                    text="recent",
                    lang="en",
                    week="2026-W40",
                    agent_key="k2",
                    created=utcnow(),
                ),
                UnansweredQuestion(text="old question", lang="en", created=old),
                Delivery(key="old-sent", chat_id=1, text="a", state="sent", created=old),
                Delivery(key="old-pending", chat_id=1, text="b", state="pending", created=old),
                Delivery(key="new-sent", chat_id=1, text="c", state="sent", created=utcnow()),
                AuditEntry(
                    actor=500,
                    action="invite created",
                    target="invite old",
                    at=utcnow() - timedelta(days=infrastructure.settings.audit_retention_days + 1),
                ),
                AuditEntry(
                    actor=500,
                    action="invite created",
                    target="invite kept",
                    at=utcnow() - timedelta(days=infrastructure.settings.audit_retention_days - 1),
                ),
            ]
        )
        await session.commit()
    assert infrastructure.settings.audit_retention_days == 365
    assert await purge_expired(infrastructure.sessions, infrastructure.settings) == (1, 1, 1, 1)
    async with infrastructure.sessions() as session:
        reports = (await session.exec(sa.select(RumourReport.text, RumourReport.rumour_id))).all()
        assert sorted(reports, key=str) == sorted(
            [(None, "rumour-jobs"), ("recent", None)], key=str
        )
        assert (await session.exec(sa.select(UnansweredQuestion))).all() == []
        kept = [row.key for row in (await session.exec(sa.select(Delivery.key))).all()]
        assert sorted(kept) == ["new-sent", "old-pending"]  # a pending message is never dropped
        targets = (await session.exec(sa.select(AuditEntry.target))).all()
        assert [target for (target,) in targets] == ["invite kept"]


def test_the_retention_job_is_one_named_job_with_a_grace_period(app):
    from welcomebot.telegram.timing import RETENTION_JOB, build_scheduler

    scheduler = build_scheduler(app, build_bot(LOCAL_TOKEN, "http://x", LocalSession()))
    job = scheduler.get_job(RETENTION_JOB)
    assert job.misfire_grace_time == 6 * 3600
    assert job.trigger.interval == timedelta(hours=24)


async def test_timestamps_come_back_aware_from_sqlite(infrastructure):
    async with infrastructure.sessions() as session:
        users = UserRepository(session)
        await users.save_language(77, "en")
        await session.commit()
    async with infrastructure.sessions() as session:
        user = await UserRepository(session).get(77)
        assert user.created.tzinfo is not None


class Statements:
    """Counts the SQL statements an engine sends, by their first word."""

    def __init__(self, engine) -> None:
        self.sent: list[str] = []
        sa.event.listen(engine.sync_engine, "before_cursor_execute", self.record)

    def record(self, _connection, _cursor, statement, *_args) -> None:
        self.sent.append(statement.split()[0].upper())


async def test_unanswered_questions_arriving_together_are_stored_in_one_statement(app):
    statements = Statements(app.engine)
    questions = [f"question nobody wrote an answer for, number {n}" for n in range(7)]
    replies = await asyncio.gather(*(app.answers.ask(q, "en") for q in questions))
    assert {reply.outcome for reply in replies} == {Outcome.ABSTAIN}
    assert statements.sent.count("INSERT") == 1
    # Every caller returned only after the commit: the rows are there for anyone to read.
    kept = await rows(app, UnansweredQuestion)
    assert sorted(q.text for q in kept) == sorted(questions)
    # Each caller got its own row's id.
    by_id = {q.id: q.text for q in kept}
    assert [by_id[reply.asked] for reply in replies] == questions


async def test_people_writing_at_once_are_looked_up_in_one_query(app):
    async with app.sessions() as session:
        await UserRepository(session).save_language(1, "uk")
        await session.commit()
    statements = Statements(app.engine)
    found = await asyncio.gather(*(app.profiles.get(telegram_id) for telegram_id in (1, 2, 1, 3)))
    assert [p.language if p else None for p in found] == ["uk", None, "uk", None]
    assert statements.sent.count("SELECT") == 1
    await app.profiles.get(2)  # a stranger is remembered too: no second trip
    assert statements.sent.count("SELECT") == 1


async def test_a_failed_group_write_fails_every_caller_and_the_next_one_runs():
    calls: list[list[int]] = []

    async def store(items: list[int]) -> list[int]:
        calls.append(items)
        if len(calls) == 1:
            raise OSError("disk full")
        return [item * 10 for item in items]

    batch = Batch(store)
    failed = await asyncio.gather(batch(1), batch(2), return_exceptions=True)
    assert [type(error) for error in failed] == [OSError, OSError]
    assert await asyncio.gather(batch(3), batch(4)) == [30, 40]
    assert calls == [[1, 2], [3, 4]]


async def test_questions_arriving_together_are_matched_in_one_pass(app, monkeypatch):
    matcher = app.answers.matcher
    passes: list[int] = []
    match_many = matcher.match_many

    def counted(texts, langs, **filters):
        passes.append(len(texts))
        return match_many(texts, langs, **filters)

    monkeypatch.setattr(matcher, "match_many", counted)
    questions = ["how do i register with a family doctor", "Як записати дитину до школи?"] * 3
    replies = await asyncio.gather(*(app.answers.ask(q, "en") for q in questions))
    assert passes == [6]
    # Each caller gets the answer to its own question.
    assert [reply.entry.id for reply in replies if reply.entry] == [
        "health-family-doctor",
        "children-school-enrolment",
    ] * 3
    assert [reply.lang for reply in replies] == ["en", "uk"] * 3
