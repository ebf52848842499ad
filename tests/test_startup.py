"""A lean start: commands import only what they use, and say one line when a setting is wrong.
Also the console chat's timing (scheduler, delivery) and what it saves."""

import asyncio
import dataclasses
import subprocess
import sys
from datetime import date, timedelta

import pytest
from aiogram.methods import SendDocument, SendPhoto
from aiogram.types import BufferedInputFile

from welcomebot.cli.main import main
from welcomebot.content.loader import load_files
from welcomebot.services.content_check import stale_entries
from welcomebot.storage.database import MIGRATIONS
from welcomebot.storage.models import Broadcast, utcnow
from welcomebot.storage.repositories import UserRepository

from .conftest import DEMO_CONTENT, rows
from .fakes.process_env import welcomebot_env

# Runs the command, then says on stderr's last line whether any aiogram module was imported.
PROBE = """
import atexit, runpy, sys
atexit.register(lambda: print("aiogram:", any(m.split(".")[0] == "aiogram" for m in sys.modules), file=sys.stderr))
sys.argv = ["welcomebot", *sys.argv[1:]]
runpy.run_module("welcomebot", run_name="__main__")
"""


def welcomebot(*args, tmp_path, probe=False, **settings):
    env = welcomebot_env(data_dir=str(tmp_path / "data"), content_dir=str(DEMO_CONTENT), **settings)
    command = [sys.executable, "-c", PROBE] if probe else [sys.executable, "-m", "welcomebot"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path
    )


def test_commands_that_send_nothing_to_telegram_do_not_import_aiogram(tmp_path):
    """aiogram takes seconds and over 100 MB to import: only the bot, the chat, the worker
    and a broadcast's sending need it."""
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        '{"id": "q1", "kind": "faq", "lang": "en", "text": "How do I find a flat to rent?", '
        '"expect": "housing-find-rental"}\n',
        encoding="utf-8",
    )
    commands = [
        ["--help"],
        ["content", "check", "--max-age-days", "36500"],  # not failing on the calendar
        ["db", "upgrade"],
        ["unanswered"],
        ["rumours", "emerging"],
        ["rumours", "export", "--since", "2026-01-01"],
        ["broadcast", "--list"],
        ["audit", "--since", "2026-01-01"],
        ["checklist", "stats"],
        ["eval", "--content", str(DEMO_CONTENT), "--queries", str(queries)],
    ]
    for args in commands:
        result = welcomebot(*args, tmp_path=tmp_path, probe=True)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr.splitlines()[-1] == "aiogram: False", args


def test_chat_roles_are_the_roles():
    from welcomebot.cli.chat import ROLES
    from welcomebot.services.roles import Role

    assert tuple(role.value for role in Role) == ROLES


def test_a_database_url_that_is_not_one_is_one_line_naming_the_setting(tmp_path):
    result = welcomebot("db", "upgrade", tmp_path=tmp_path, database_url="notaurl")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "welcomebot: WELCOMEBOT_DATABASE_URL is not a database URL: write it as "
        "sqlite:///path/to/welcomebot.db or postgresql+psycopg://user:password@host/db"
    ]


def test_postgresql_without_its_driver_names_the_extra(tmp_path, monkeypatch, capsys):
    for name in ("WELCOMEBOT_DATA_DIR", "WELCOMEBOT_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WELCOMEBOT_DATABASE_URL", "postgresql+psycopg://bot:pw@127.0.0.1/db")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on the plain install
    assert main(["db", "upgrade"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "welcomebot: WELCOMEBOT_DATABASE_URL names PostgreSQL, whose driver is not installed ("
    )
    assert line.endswith(
        "pip install 'welcomebot[postgres]', and write the URL as "
        "postgresql+psycopg://user:password@host/db"
    )
    assert "pw" not in line


def test_db_upgrade_says_what_it_did(tmp_path):
    from alembic.script import ScriptDirectory

    migrations = len(list((MIGRATIONS / "versions").glob("0*.py")))
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    first = welcomebot("db", "upgrade", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        f"upgraded the database from an empty database to revision {head} "
        f"({migrations} migrations applied)\n"
    )
    assert first.stderr == ""  # no Alembic INFO lines
    again = welcomebot("db", "upgrade", tmp_path=tmp_path)
    assert again.stdout == f"the database is up to date (revision {head}): nothing to apply\n"
    assert again.stderr == ""


def test_rumours_export_to_a_missing_folder_names_the_path(tmp_path):
    target = tmp_path / "missing" / "x.csv"
    result = welcomebot(
        "rumours", "export", "--since", "2026-01-01", "--out", str(target), tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"welcomebot: --out {target}: cannot write: No such file or directory"
    ]
    written = welcomebot(
        "rumours",
        "export",
        "--since",
        "2026-01-01",
        "--out",
        str(tmp_path / "x.csv"),
        tmp_path=tmp_path,
    )
    assert written.stdout == f"0 reports written to {tmp_path / 'x.csv'}\n"
    assert (tmp_path / "x.csv").read_text().startswith("week,rumour_id,")


def test_the_demo_chat_starts_with_the_bot_not_a_log_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "chat"],
        input="How do I find a flat to rent?\n",
        capture_output=True,
        text=True,
        timeout=300,
        env=welcomebot_env(data_dir=str(tmp_path), content_dir=str(DEMO_CONTENT)),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no REPORT_SECRET warning, no migration lines
    assert result.stdout.startswith("How do I find a flat to rent?\n\nMost rentals")


@pytest.mark.parametrize("days", ["-5", "0", "many"])
def test_content_check_refuses_a_max_age_that_is_not_a_number_of_days(days, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["content", "check", str(DEMO_CONTENT), "--max-age-days", days])
    assert stopped.value.code == 2
    assert f"argument --max-age-days: '{days}' is not a number of days of at least 1" in (
        capsys.readouterr().err
    )


def test_a_reviewed_date_in_the_future_is_flagged():
    pack, _, _ = load_files(DEMO_CONTENT)
    today = date(2026, 11, 1)
    entries = [
        pack.faq[0].model_copy(update={"reviewed": today + timedelta(days=1)}),
        pack.faq[1].model_copy(update={"reviewed": today}),
    ]
    pack.topics[0] = pack.topics[0].model_copy(update={"entries": entries})
    problems = stale_entries(type(pack)(pack.topics[:1], []), max_age_days=365, today=today)
    assert [(p.entry, p.field, p.message) for p in problems] == [
        (
            entries[0].id,
            "reviewed",
            "2026-11-02 is in the future: write the date it was last reviewed",
        )
    ]


async def test_console_chat_runs_scheduled_broadcasts_and_follows_them_to_done(app):
    from welcomebot.console.chat import CONSOLE_USER_ID, ConsoleChat
    from welcomebot.domain.audiences import Audience
    from welcomebot.services.broadcasts import Broadcasts
    from welcomebot.telegram.notices import TelegramComposer

    async with app.sessions() as session:
        await UserRepository(session).save_language(CONSOLE_USER_ID, "en")
        await Broadcasts(session, TelegramComposer(app), "en").create(
            {"en": "The centre is closed on Friday"},
            Audience(),
            utcnow(),
            due=utcnow() + timedelta(seconds=1),
        )
        await session.commit()
    quick = dataclasses.replace(
        app, settings=app.settings.model_copy(update={"progress_seconds": 2})
    )
    shown: list[str] = []
    chat = ConsoleChat(quick, "en", write=shown.append)
    chat.start()
    try:
        for _ in range(100):
            await chat.deliver()
            [broadcast] = await rows(app, Broadcast)
            if broadcast.state == "done" and shown:
                break
            await asyncio.sleep(0.1)
    finally:
        await chat.close()
    assert broadcast.state == "done"
    assert "The centre is closed on Friday\n  [1] 🔕 Unsubscribe" in shown


async def test_console_chat_saves_files_and_pictures_under_new_names(app):
    from welcomebot.console.chat import ConsoleChat

    shown: list[str] = []
    chat = ConsoleChat(app, "en", write=shown.append)
    pictures = app.settings.data_dir / "console-pictures"
    pictures.mkdir(parents=True)
    (pictures / "1-barometer.png").write_bytes(b"an earlier chat's chart")
    photo = SendPhoto(
        chat_id=1, photo=BufferedInputFile(b"\x89PNG", "barometer.png"), caption="Chart"
    )
    ics = SendDocument(chat_id=1, document=BufferedInputFile(b"BEGIN:VCALENDAR", "event-3.ics"))
    chat._shown += [(photo, None), (ics, None)]
    chat._flush()
    await chat.close()
    calendar = app.settings.data_dir / "console-files" / "1-event-3.ics"
    assert shown == [
        f"[picture: Chart] saved to {pictures / '2-barometer.png'}",
        f"[file: event-3.ics] saved to {calendar}",
    ]
    assert (pictures / "1-barometer.png").read_bytes() == b"an earlier chat's chart"
    assert (pictures / "2-barometer.png").read_bytes() == b"\x89PNG"
    assert calendar.read_bytes() == b"BEGIN:VCALENDAR"


async def test_the_chat_settles_its_heap_once_the_first_reply_is_shown(app, capsys):
    """The collector's pass over the start's objects (0.3 s) waits until the first reply is
    on the screen, then runs once."""
    from welcomebot.console.chat import run_chat

    shown_when_settled: list[str] = []

    def answered() -> None:
        shown_when_settled.append(capsys.readouterr().out)

    lines = ["How do I find a flat to rent?", "How do I open a bank account?"]
    await run_chat(app, "en", lines=lines, answered=answered)
    [first] = shown_when_settled
    assert first.startswith("How do I find a flat to rent?\n\nMost rentals")
    assert "bank" not in first
    assert "bank" in capsys.readouterr().out


def test_the_chat_at_a_terminal_says_it_is_loading_before_the_wait(tmp_path):
    """At a terminal (a pseudo-terminal here) the first line comes at once, not after the
    content is built and its decision fitted."""
    import os
    import pty

    from welcomebot.cli.chat import LOADING

    leader, follower = pty.openpty()
    env = welcomebot_env(data_dir=str(tmp_path), content_dir=str(DEMO_CONTENT))
    chat = subprocess.Popen(
        [sys.executable, "-m", "welcomebot", "chat"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    try:
        seen = b""
        while b"\n" not in seen:
            seen += os.read(leader, 1024)
        assert seen.decode().splitlines()[0] == LOADING
    finally:
        chat.kill()
        chat.wait(30)
        os.close(leader)
