"""The console chat and eval as a person or a script runs them."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from welcomebot.storage.models import AuditEntry, Delivery, utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.storage.subscriptions import SubscriptionRepository

from .fakes.chats import rows
from .fakes.process_env import run_welcomebot as run
from .fakes.repo import DEMO_CONTENT, EVAL_DIR


def test_scripted_chat_answers_both_languages_and_falls_back_honestly(tmp_path):
    script = "\n".join(
        [
            "How do I find a flat to rent?",
            "де знайти стоматолога або зубного лікаря",
            "what is the weather on mars",
            "/topics",
            "4",  # presses "Health"
            "1",  # presses its first question
        ]
    )
    result = run(
        ["chat", "--content", str(DEMO_CONTENT), "--lang", "en"],
        script,
        {"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "How do I find a flat to rent?\n\nMost rentals are listed" in out
    assert "  [1] 👍 Helpful\n  [2] 👎 Not helpful" in out
    assert "I am sorry, I do not have an answer to this yet." in out
    assert "Havenport Newcomer Centre (demo)" in out
    assert "  [4] Health · 9 questions" in out
    assert "Health\n  [1] How do I register with a family doctor?" in out
    assert out.rstrip().endswith("  [2] 👎 Not helpful")
    assert "Traceback" not in result.stderr


def test_scripted_chat_in_ukrainian(tmp_path):
    result = run(
        ["chat", "--lang", "uk"],
        "Як знайти квартиру в оренду?\nhello there friend\n",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path), "WELCOMEBOT_CONTENT_DIR": str(DEMO_CONTENT)},
    )
    assert result.returncode == 0, result.stderr
    assert "Як знайти квартиру в оренду?\n\nБільшість оголошень" in result.stdout
    assert "  [1] 👍 Корисно" in result.stdout


def test_chat_with_a_missing_content_folder_names_it(tmp_path):
    result = run(
        ["chat"],
        "",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path), "WELCOMEBOT_CONTENT_DIR": str(tmp_path / "nowhere")},
    )
    assert result.returncode == 2
    assert f"{tmp_path / 'nowhere'}: -: -: content folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_reports_matcher_and_both_baselines_and_beats_them(tmp_path):
    result = run(
        [
            "eval",
            "--content",
            str(EVAL_DIR / "content"),
            "--queries",
            str(EVAL_DIR / "queries-dev.jsonl"),
            "--json",
            "--report",
        ]
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    groups = [(r["kind"], r["lang"]) for r in report["results"]]
    assert groups == [("faq", "en"), ("faq", "uk"), ("rumour", "en"), ("rumour", "uk")]
    fields = {
        "n_in",
        "n_oos",
        "top1",
        "top3",
        "mrr",
        "answer_precision",
        "oos_abstain",
        "false_abstain",
        "p50_ms",
        "p99_ms",
    }
    assert fields <= set(report["results"][0])
    assert report["results"][0]["n_in"] == 165 and report["results"][0]["n_oos"] == 20
    for name in ("fuzzy", "bm25"):
        for ours, theirs in zip(report["results"], report["baselines"][name], strict=True):
            assert ours["top1"] > theirs["top1"], (name, ours["kind"], ours["lang"])
            assert ours["top3"] > theirs["top3"], (name, ours["kind"], ours["lang"])
    confusion = report["confusions"][0]
    assert set(confusion) == {"id", "kind", "lang", "expected", "answered", "confident", "text"}


def test_eval_with_a_broken_queries_file_names_the_line(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text(
        '{"id": "1", "kind": "faq", "lang": "en", "text": "x", "expect": null}\n{"id": 2}\n'
    )
    result = run(["eval", "--content", str(DEMO_CONTENT), "--queries", str(bad)])
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr


def test_console_shows_suggestions_as_numbered_choices(tmp_path):
    # One word that several entries share is the plainest "not sure" case.
    result = run(
        ["chat", "--content", str(DEMO_CONTENT), "--lang", "en"],
        "documents\n1\n",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "I am not sure I understood. Did you mean one of these?"
    assert lines[1] == ""
    assert lines[2].startswith("🆘 In danger? Emergency (ambulance, police, fire) 112")
    assert lines[3].startswith("  [1] ")
    assert any(line.endswith("] None of these: talk to a person") for line in lines[4:7])
    first_choice = lines[3].removeprefix("  [1] ")
    # Pressing 1 shows that entry's answer, with the feedback buttons.
    answer_at = lines.index(first_choice, 2)
    assert lines[answer_at + 1] == "" and len(lines[answer_at + 2]) > 100
    assert lines[-2:] == ["  [1] 👍 Helpful", "  [2] 👎 Not helpful"]


async def welcomebot_cli(app, monkeypatch, capsys, *argv):
    """`welcomebot …` in this process, on the test's database."""
    from welcomebot.cli.main import main

    for name, value in (
        ("DATA_DIR", app.settings.data_dir),
        ("DATABASE_URL", app.settings.database_url),
        ("CONTENT_DIR", DEMO_CONTENT),
        ("REPORT_SECRET", "x"),
    ):
        monkeypatch.setenv(f"WELCOMEBOT_{name}", str(value))
    code = await asyncio.to_thread(main, list(argv))
    return code, capsys.readouterr().out


async def broadcast_cli(app, monkeypatch, capsys, *args):
    return await welcomebot_cli(app, monkeypatch, capsys, "broadcast", *args)


async def logged(app):
    return [(e.actor, e.action, e.target, e.detail) for e in await rows(app, AuditEntry)]


async def test_broadcast_from_the_command_line(app, monkeypatch, capsys):
    async with app.sessions() as session:
        users = UserRepository(session)
        await users.save_language(1, "en")
        await users.save_language(2, "uk")
        await users.save_language(3, "uk")
        await SubscriptionRepository(session).unsubscribe(3, "news")
        await session.commit()
    code, out = await broadcast_cli(
        app, monkeypatch, capsys, "--text-en", "Centre closed <today>", "--yes", "--no-wait"
    )
    assert code == 0
    assert out.splitlines() == [
        "audience: 2 people",
        "  en: 1",
        "  uk: 1 (no uk text: they get the en one)",
        "--- en ---",
        "Centre closed <today>",
        "broadcast #1 is queued",
    ]
    queued = {d.chat_id: d for d in await rows(app, Delivery)}
    assert sorted(queued) == [1, 2]
    assert queued[2].text == "Centre closed &lt;today&gt;"
    assert "Відписатися" in queued[2].reply_markup

    code, out = await broadcast_cli(
        app,
        monkeypatch,
        capsys,
        "--text-uk",
        "Пізніше",
        "--lang",
        "uk",
        "--at",
        "2099-01-01 09:00",
        "--yes",
    )
    assert out.splitlines()[-1] == (
        "broadcast #2 is scheduled for Thursday, January 1, 2099, 9:00\u202fAM"
    )
    code, out = await broadcast_cli(app, monkeypatch, capsys, "--list")
    assert out.splitlines()[1].startswith("#2  scheduled  Thursday, January 1, 2099")
    assert (await broadcast_cli(app, monkeypatch, capsys, "--cancel", "2"))[0] == 0
    code, out = await broadcast_cli(app, monkeypatch, capsys, "--cancel", "2")
    assert code == 1 and "is not scheduled" in out
    assert len(await rows(app, Delivery)) == 2  # nothing more was queued
    assert await logged(app) == [  # by the command line, not by a staff member
        (None, "broadcast created", "broadcast #1", None),
        (None, "broadcast scheduled", "broadcast #2", None),
        (None, "broadcast cancelled", "broadcast #2", None),
    ]


async def broadcast_with_unknown_outcomes(app):
    """Broadcast #1 reported done: person 1 got it, 2, 3 and 4 may have (4 has since erased their
    data); broadcast #2: person 1 may have."""
    from welcomebot.domain.audiences import Audience
    from welcomebot.services.broadcasts import Broadcasts
    from welcomebot.storage.models import Broadcast
    from welcomebot.telegram.notices import TelegramComposer

    async with app.sessions() as session:
        users = UserRepository(session)
        for telegram_id in (1, 2, 3, 4):
            await users.save_language(telegram_id, "en")
        broadcasts = Broadcasts(session, TelegramComposer(app), "en")
        await broadcasts.create({"en": "Hello"}, Audience(), utcnow())
        await session.exec(sa.update(Delivery).values(state="unknown", claimed_by="w1"))
        await session.exec(sa.update(Delivery).where(Delivery.chat_id == 1).values(state="sent"))
        await session.exec(sa.update(Broadcast).values(state="done"))
        await broadcasts.create({"en": "Again"}, Audience(languages=("uk",)), utcnow())
        session.add(
            Delivery(key="broadcast:2:1", chat_id=1, text="x", state="unknown", batch="broadcast:2")
        )
        await users.forget(4)
        await session.commit()


async def outcomes(app):
    return sorted((d.batch, d.chat_id or 0, d.state) for d in await rows(app, Delivery))


async def test_resending_the_messages_of_unknown_outcome_of_one_broadcast(app, monkeypatch, capsys):
    from welcomebot.storage.models import Broadcast

    await broadcast_with_unknown_outcomes(app)
    code, out = await broadcast_cli(
        app, monkeypatch, capsys, "--resend-unknown", "1", "--yes", "--no-wait"
    )
    assert code == 0
    assert out.splitlines() == [
        "not sent again: 1 to people who have since deleted their data",
        "2 messages of broadcast #1 may or may not have arrived: sending was interrupted.",
        "If you send them again, some of these people may get the message twice.",
        "2 messages of broadcast #1 are queued again",
    ]
    assert await outcomes(app) == [
        ("broadcast:1", 0, "unknown"),
        ("broadcast:1", 1, "sent"),
        ("broadcast:1", 2, "pending"),
        ("broadcast:1", 3, "pending"),
        ("broadcast:2", 1, "unknown"),
    ]
    requeued = [d for d in await rows(app, Delivery) if d.state == "pending"]
    assert {d.claimed_by for d in requeued} == {None}
    assert [b.state for b in await rows(app, Broadcast)] == ["queued", "queued"]
    assert (await logged(app))[-1] == (None, "broadcast resent", "broadcast #1", "2 messages")
    code, out = await broadcast_cli(app, monkeypatch, capsys, "--resend-unknown", "1", "--yes")
    assert (code, out.splitlines()[-1]) == (0, "broadcast #1 has no message to send again")


async def test_declining_to_resend_leaves_the_unknown_messages_as_they_are(
    app, monkeypatch, capsys
):
    await broadcast_with_unknown_outcomes(app)
    before = await outcomes(app)
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or "n")
    code, out = await broadcast_cli(app, monkeypatch, capsys, "--resend-unknown", "1")
    assert code == 1
    assert asked == ["send again to 2 people? [y/N] "]
    assert out.splitlines()[-2:] == [
        "If you send them again, some of these people may get the message twice.",
        "nothing was sent again",
    ]
    assert await outcomes(app) == before
    assert await logged(app) == []


async def test_the_audit_command_lists_staff_actions_since_a_date(app, monkeypatch, capsys):
    from welcomebot.services import audit

    async with app.sessions() as session:
        for actor, action, target, detail in (
            (500, audit.Action.INVITE_CREATED, audit.invite("Ab3dEf9xYz"), None),
            (500, audit.Action.EVENT_CHANGED, audit.event(4), "place"),
            (None, audit.Action.BROADCAST_RESENT, audit.broadcast(7), "2 messages"),
        ):
            await audit.record(session, actor, action, target, detail)
        await session.exec(
            sa.update(AuditEntry).values(
                at=sa.case(
                    (AuditEntry.id == 1, datetime(2026, 2, 28, 21, 59, tzinfo=UTC)),
                    (AuditEntry.id == 2, datetime(2026, 2, 28, 22, 0, tzinfo=UTC)),
                    else_=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
                )
            )
        )
        await session.commit()
    # Midnight in the city (Europe/Tallinn, UTC+2 in winter) is 22:00 UTC the day before.
    code, out = await welcomebot_cli(app, monkeypatch, capsys, "audit", "--since", "2026-03-01")
    assert code == 0
    assert out.splitlines() == [
        "2026-03-01 00:00  staff 500         event changed         event #4  (place)",
        "2026-03-03 11:30  command line      broadcast resent      broadcast #7  (2 messages)",
    ]
    code, out = await welcomebot_cli(app, monkeypatch, capsys, "audit", "--since", "2026-03-04")
    assert (code, out) == (0, "no staff actions since 2026-03-04\n")


async def test_broadcast_follows_the_progress_until_done(app, capsys):
    from welcomebot.cli.broadcast import follow
    from welcomebot.domain.audiences import Audience
    from welcomebot.services.broadcasts import Broadcasts
    from welcomebot.telegram.notices import TelegramComposer

    async with app.sessions() as session:
        await UserRepository(session).save_language(1, "en")
        broadcast = await Broadcasts(session, TelegramComposer(app), "en").create(
            {"en": "Hello"}, Audience(), utcnow()
        )
        await session.commit()
        await session.exec(sa.update(Delivery).values(state="sent"))
        await session.commit()
    assert await follow(app, broadcast) == 0
    assert capsys.readouterr().out == ("sent 1, failed 0, blocked 0, unknown 0, remaining 0\n")


def test_broadcast_refuses_bad_options_naming_them(tmp_path):
    result = run(
        ["broadcast", "--text-en", "x", "--district", "Mars", "--yes"],
        env_extra={
            "WELCOMEBOT_DATA_DIR": str(tmp_path),
            "WELCOMEBOT_CONTENT_DIR": str(DEMO_CONTENT),
        },
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "welcomebot: --district Mars: not in centre.yaml districts "
        "(old-town, harbour, riverside, north-hill)"
    )


async def test_console_chat_shows_what_the_outbox_holds_for_it_once(app):
    from welcomebot.console.chat import CONSOLE_USER_ID, ConsoleChat
    from welcomebot.domain.audiences import Audience
    from welcomebot.services.broadcasts import Broadcasts
    from welcomebot.telegram.notices import TelegramComposer

    async with app.sessions() as session:
        users = UserRepository(session)
        await users.save_language(CONSOLE_USER_ID, "en")
        await users.save_language(2, "en")  # someone else in the same database
        await Broadcasts(session, TelegramComposer(app), "en").create(
            {"en": "The centre is closed on Friday"}, Audience(), utcnow()
        )
        await session.commit()
    shown: list[str] = []
    chat = ConsoleChat(app, "en", write=shown.append)
    await chat.handle("/help")
    # After the reply, as it would arrive in Telegram, with its button pressable by number.
    assert shown[-1] == "The centre is closed on Friday\n  [1] 🔕 Unsubscribe"
    assert chat.choices[0][1].text == "🔕 Unsubscribe"
    states = {d.chat_id: d.state for d in await rows(app, Delivery)}
    assert states == {CONSOLE_USER_ID: "sent", 2: "pending"}
    shown.clear()
    assert await chat.deliver() is False
    await chat.handle("/help")
    assert len(shown) == 1 and "Friday" not in shown[0]
    shown.clear()
    await chat.handle("①")  # a digit to str.isdigit(), not to int(): a message, not a button
    assert len(shown) == 1
    # No letters: not kept for staff, and not said to be.
    assert shown[0].startswith("I am sorry, I do not have an answer to this.\n\n")
    await chat.close()


async def test_a_number_presses_only_the_buttons_the_bot_sent_last(app):
    # A blind test typed "1" for the places of a new event: it pressed an older message's
    # first button and signed the staff member up instead.
    from aiogram.methods import SendMessage

    from welcomebot.console.chat import CONSOLE_USER_ID, ConsoleChat

    shown: list[str] = []
    chat = ConsoleChat(app, "en", write=shown.append)
    await chat.handle("documents")
    assert shown[-1].splitlines()[-1].endswith("] None of these: talk to a person")
    offered = list(chat.choices)
    # A message delivered meanwhile without buttons (a reminder) leaves them pressable.
    chat._shown.append((SendMessage(chat_id=CONSOLE_USER_ID, text="Reminder"), None))
    chat._flush()
    assert shown[-1] == "Reminder" and chat.choices == offered
    await chat.handle("/help")  # a reply without buttons
    assert chat.choices == []
    shown.clear()
    await chat.handle("1")
    assert len(shown) == 1 and shown[0].startswith("I am sorry, I do not have an answer")
    await chat.close()


async def test_buttons_changed_in_place_are_shown_and_pressable(app):
    # A blind test signed up from an event card: Telegram changes its buttons in place, the
    # console printed nothing, and "1" pressed the old sign-up button again.
    from welcomebot.console.chat import CONSOLE_USER_ID, ConsoleChat

    from .test_erasure import new_event

    async with app.sessions() as session:
        await UserRepository(session).save_language(CONSOLE_USER_ID, "en")
        await session.commit()
    await new_event(app, capacity=None, announce=False)
    shown: list[str] = []
    chat = ConsoleChat(app, "en", write=shown.append)
    await chat.handle("/events")
    assert "[1] ✅ Sign up" in shown[-1]
    shown.clear()
    await chat.handle("1")
    assert shown[-1] == (
        "[the buttons above are now]\n  [1] ↩️ Undo my sign-up\n  [2] 📅 Add to calendar"
    )
    await chat.handle("1")
    assert "(!) Your sign-up is undone." in shown
    assert shown[-1].startswith("[the buttons above are now]\n  [1] ✅ Sign up")
    await chat.close()


def test_eval_writes_what_each_person_met_urgent_step_included(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        '{"id": "q1", "kind": "faq", "lang": "uk", "text": "мій чоловік мене б\'є", '
        '"expect": "safety-domestic-violence"}\n'
        '{"id": "q2", "kind": "faq", "lang": "en", "text": "what is the weather on mars", '
        '"expect": null}\n'
    )
    outcomes = tmp_path / "outcomes.jsonl"
    args = ["eval", "--content", str(DEMO_CONTENT), "--queries", str(queries), "--json"]
    result = run([*args, "--outcomes", str(outcomes)], "", {"WELCOMEBOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert first["id"] == "q1" and first["outcome"] == "answer"
    assert first["shown"][0] == "safety-domestic-violence"
    assert {k: second[k] for k in ("id", "outcome", "shown")} == {
        "id": "q2",
        "outcome": "abstain",
        "shown": [],
    }
    # The decision fitted for the content (the default) says how likely each candidate is.
    assert len(second["chances"]) == len(second["scores"]) == 3
    assert max(second["chances"]) < 0.5 and second["in_scope"] < 0.5
    faq_uk = next(r for r in json.loads(result.stdout)["results"] if r["lang"] == "uk")
    assert (faq_uk["answered_right"], faq_uk["nothing"]) == (1.0, 0.0)


async def test_a_line_cut_inside_a_character_is_answered_not_an_error(app):
    # A blind test's 4 KB Cyrillic line, cut mid-character by the terminal, got "something
    # went wrong": Python reads the broken bytes as surrogates.
    from welcomebot.console.chat import ConsoleChat
    from welcomebot.storage.models import UnansweredQuestion

    cut = "погода на марсі ж".encode()[:-1]
    shown: list[str] = []
    chat = ConsoleChat(app, "uk", write=shown.append)
    await chat.handle(cut.decode("utf-8", "surrogateescape"))
    assert shown[-1].startswith("На жаль, відповіді на це питання в мене поки немає.")
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.text == "погода на марсі \ufffd"
    await chat.close()


@pytest.mark.parametrize("command", [["rumours", "export"], ["stats"], ["audit"]])
def test_a_day_that_is_no_day_is_refused_saying_how_to_write_one(tmp_path, command):
    # A blind test's "--since 2026-13-01" was answered "invalid fromisoformat value".
    result = run([*command, "--since", "2026-13-01"], "", {"WELCOMEBOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "argument --since: '2026-13-01' is not a day: write it as YYYY-MM-DD, such as 2026-12-07"
    )
