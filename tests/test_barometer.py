"""The rumour barometer on a generated log of several weeks: chart, trends, clusters, export."""

import csv
import io
import subprocess
import sys
from datetime import timedelta

import pytest
from aiogram.methods import SendMessage, SendPhoto
from matplotlib.image import imread

from welcomebot.services.barometer import Barometer, emerging, weeks_back
from welcomebot.services.reports import iso_week
from welcomebot.storage.models import RumourReport, utcnow

from .fakes.chats import STALE, make_chat
from .fakes.process_env import run_welcomebot, welcomebot_env

STAFF_ID = 500
NEW_TEXTS = [
    "the council will paint every bus green next spring",
    "council is going to paint all the buses green",
    "they say the buses will all be painted green by the council",
    "the library will close on sundays because of newcomers",
]


def report(rumour_id, weeks_ago, agent, text="heard it", now=None):
    moment = (now or utcnow()) - timedelta(weeks=weeks_ago)
    return RumourReport(
        rumour_id=rumour_id,
        score=0.5,
        text=text,
        lang="en",
        week=iso_week(moment),
        agent_key=f"agent-{agent}-{rumour_id}-{iso_week(moment)}",
        created=moment,
    )


@pytest.fixture
async def logged(app):
    """Jobs rumour rising (1, 2, 3, 4 agents a week), trip rumour falling, plus new texts."""
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    now = utcnow()
    rows = []
    for weeks_ago in range(8):
        rows += [report("rumour-jobs", weeks_ago, a, now=now) for a in range(max(0, 4 - weeks_ago))]
        rows += [report("rumour-trip-lose-status", weeks_ago, a, now=now) for a in range(weeks_ago)]
    rows.append(report("rumour-jobs", 0, 0, now=now))  # the same agent again this week
    rows += [report(None, 0, i, text=t, now=now) for i, t in enumerate(NEW_TEXTS)]
    async with app.sessions() as session:
        session.add_all(rows)
        await session.commit()
    return app, rows, now


async def test_weekly_counts_count_each_agent_once(logged):
    app, rows, now = logged
    weeks = weeks_back(now, 4)
    series = Barometer(app.pack).weekly(rows, weeks)
    assert series["about-newcomers"] == [1, 2, 3, 4]  # the repeated report counts once
    assert series["among-newcomers"] == [3, 2, 1, 0]
    assert series["new"] == [0, 0, 0, 4]


async def test_barometer_command_sends_a_real_chart_and_the_trends(logged):
    app, _, _ = logged
    staff = make_chat(app, user_id=STAFF_ID)
    requests = await staff.say("/barometer 4")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    [summary] = [r for r in requests if isinstance(r, SendMessage)]
    png = photo.photo.data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert imread(io.BytesIO(png)).shape[:2] == (450, 800)
    assert photo.caption == "Rumour barometer, the last 4 weeks"
    assert summary.text.splitlines()[:3] == [
        "<b>Rumour barometer, the last 4 weeks</b>",
        "1. Newcomers take our jobs.: <b>10</b> (↑ from 0)".replace("(↑ from 0)", "(new)"),
        "2. If you visit Ukraine, you lose your temporary protection.: <b>6</b> (↓ from 22)",
    ]


async def test_barometer_in_ukrainian_uses_plural_forms(logged):
    app, _, _ = logged
    staff = make_chat(app, user_id=STAFF_ID, lang="uk")
    requests = await staff.say("/barometer 2")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption == "Барометр чуток за останні 2 тижні"
    requests = await staff.say("/barometer 5")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption == "Барометр чуток за останні 5 тижнів"


async def test_emerging_groups_unanswered_reports(logged):
    app, rows, _ = logged
    clusters = emerging(rows)
    assert [c.size for c in clusters] == [3, 1]
    assert "green" in clusters[0].example
    [reply] = await make_chat(app, user_id=STAFF_ID).say("/emerging")
    lines = reply.text.splitlines()
    assert lines[0] == "Unanswered reports of the last two weeks, grouped by likeness:"
    assert lines[1].startswith("• 3 reports like «the council will paint every bus green")
    assert lines[2].startswith("• 1 report like «the library will close")


async def test_non_staff_cannot_see_the_barometer(logged):
    app, _, _ = logged
    for command in ("/barometer", "/emerging", "/unanswered"):
        [reply] = await make_chat(app, user_id=42424).say(command)
        assert reply.text == "Sorry, this is only for the centre's staff."


async def test_export_writes_anonymous_csv_rows(logged, tmp_path):
    app, rows, now = logged
    # SQLite or the test's schema: the process must see the rows this test wrote.
    env = welcomebot_env(
        data_dir=str(app.settings.data_dir), database_url=app.settings.database_url
    )
    since = (now - timedelta(weeks=1)).date().isoformat()
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "rumours", "export", "--since", since],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    exported = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(exported[0]) == [
        "week",
        "rumour_id",
        "score",
        "text",
        "place",
        "district",
        "target",
        "lang",
    ]
    expected = [
        r
        for r in rows
        if r.created >= now - timedelta(weeks=1, days=1) and r.created.date().isoformat() >= since
    ]
    assert len(exported) == len(expected)
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "rumours", "emerging"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.stdout.splitlines()[0].split()[0] == "3"


async def test_period_buttons_rerun_the_barometer_for_staff_only(logged):
    from aiogram.methods import AnswerCallbackQuery

    from welcomebot.telegram.callbacks import BarometerPeriod

    app, _, _ = logged
    staff = make_chat(app, user_id=STAFF_ID)
    requests = await staff.say("/barometer")
    [summary] = [r for r in requests if isinstance(r, SendMessage)]
    labels = [
        (b.text, b.callback_data) for row in summary.reply_markup.inline_keyboard for b in row
    ]
    assert labels == [
        ("4 weeks", "bar:4"),
        ("8 weeks", "bar:8"),
        ("12 weeks", "bar:12"),
        ("26 weeks", "bar:26"),
    ]
    requests = await staff.press(BarometerPeriod(weeks=12).pack())
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.caption == "Rumour barometer, the last 12 weeks"
    # A forged staff button from anyone else is refused, and nothing is sent.
    requests = await make_chat(app, user_id=42424).press(BarometerPeriod(weeks=4).pack())
    assert len(requests) == 1 and isinstance(requests[0], AnswerCallbackQuery)
    assert (
        requests[0].text == "Sorry, this is only for the centre's staff." and requests[0].show_alert
    )
    # An unknown period from staff is refused too.
    [alert] = await staff.press(BarometerPeriod(weeks=3).pack())
    assert alert.text == STALE and alert.show_alert


def test_chat_as_agent_and_as_staff(tmp_path):
    env = {"WELCOMEBOT_DATA_DIR": str(tmp_path)}
    agent = run_welcomebot(
        ["chat", "--as", "agent"],
        "/report\nRefugees get more benefits than local people.\n10\n5\n6\n",
        env,
    )
    assert agent.returncode == 0, agent.stderr
    assert (
        "Refugees get more benefits than local people.\n\nNewcomers get no special" in agent.stdout
    )
    assert agent.stdout.rstrip().endswith("Thank you! The report is logged anonymously.")
    staff = run_welcomebot(["chat", "--as", "staff"], "/barometer 4\n", env)
    assert staff.returncode == 0, staff.stderr
    picture = tmp_path / "console-pictures" / "1-barometer.png"
    assert f"[picture: Rumour barometer, the last 4 weeks] saved to {picture}" in staff.stdout
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert "1. Refugees get more benefits than local people.: <b>1</b> (new)" not in staff.stdout
    assert "1. Refugees get more benefits than local people.: 1 (new)" in staff.stdout
    newcomer = run_welcomebot(["chat"], "/report\n/barometer\n", env)
    assert newcomer.stdout.splitlines()[0].startswith("Sorry, this is only for anti-rumour agents.")
    assert newcomer.stdout.splitlines()[1] == "Sorry, this is only for the centre's staff."


async def test_staff_see_what_newcomers_asked_that_no_content_answers(staffed):
    newcomer = make_chat(staffed, user_id=4321)
    for question in (
        "what is the weather on mars",
        "what's the weather like on mars today",
        "яка погода буде завтра",
        "дякую!",  # small talk, kept for no one
    ):
        await newcomer.say(question)
    staff = make_chat(staffed, user_id=STAFF_ID)
    [reply] = await staff.say("/unanswered")
    assert reply.text.splitlines() == [
        "Questions the bot could not answer in the last 30 days, grouped by likeness:",
        "• 2 questions like «what is the weather on mars»",
        "• 1 question like «яка погода буде завтра»",
    ]
    # The same from the command line, for the same database.
    env = welcomebot_env(
        data_dir=str(staffed.settings.data_dir), database_url=staffed.settings.database_url
    )
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "unanswered", "--days", "7"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "   2  what is the weather on mars",
        "   1  яка погода буде завтра",
    ]


async def test_no_unanswered_questions_is_said_plainly(staffed):
    [reply] = await make_chat(staffed, user_id=STAFF_ID).say("/unanswered")
    assert reply.text == "No unanswered questions in the last 30 days."
