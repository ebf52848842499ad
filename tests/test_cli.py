"""The console chat and eval as a person or a script runs them."""

import asyncio
import json
import subprocess
import sys

import sqlalchemy as sa

from welcomebot.storage.models import Delivery, utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.storage.subscriptions import SubscriptionRepository

from .conftest import DEMO_CONTENT, EVAL_DIR, rows
from .fakes.process_env import welcomebot_env


def run(args, stdin="", env_extra=None, cwd=None):
    env = welcomebot_env()
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "welcomebot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


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
    assert "  [4] Health · 8 questions" in out
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
    assert lines[1].startswith("  [1] ")
    assert any(line.endswith("] None of these: talk to a person") for line in lines[2:5])
    first_choice = lines[1].removeprefix("  [1] ")
    # Pressing 1 shows that entry's answer, with the feedback buttons.
    answer_at = lines.index(first_choice, 2)
    assert lines[answer_at + 1] == "" and len(lines[answer_at + 2]) > 100
    assert lines[-2:] == ["  [1] 👍 Helpful", "  [2] 👎 Not helpful"]


async def broadcast_cli(app, monkeypatch, capsys, *args):
    """`welcomebot broadcast` in this process, on the test's database."""
    from welcomebot.cli.main import main

    for name, value in (
        ("DATA_DIR", app.settings.data_dir),
        ("DATABASE_URL", app.settings.database_url),
        ("CONTENT_DIR", DEMO_CONTENT),
        ("REPORT_SECRET", "x"),
    ):
        monkeypatch.setenv(f"WELCOMEBOT_{name}", str(value))
    code = await asyncio.to_thread(main, ["broadcast", *args])
    return code, capsys.readouterr().out


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


async def test_broadcast_follows_the_progress_until_done(app, capsys):
    from welcomebot.cli.broadcast import follow
    from welcomebot.services.audiences import Audience
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
        "welcomebot: --district Mars: not in WELCOMEBOT_DISTRICTS "
        "(Old Town, Harbour, Riverside, North Hill)"
    )


async def test_console_chat_shows_what_the_outbox_holds_for_it_once(app):
    from welcomebot.console.chat import CONSOLE_USER_ID, ConsoleChat
    from welcomebot.services.audiences import Audience
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
    assert shown[0].startswith("I am sorry, I do not have an answer to this yet.")
    await chat.close()
