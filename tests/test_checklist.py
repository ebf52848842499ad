"""The arrival checklist through the real Dispatcher: personal to the profile, ticked, skipped
and undone with its progress in en and uk; the opt-in weekly reminder; counts for staff."""

from datetime import timedelta

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlmodel import select

from welcomebot.content.loader import load_content, load_files
from welcomebot.content.models import ContentPack
from welcomebot.domain.profile import StepState
from welcomebot.i18n import Translator
from welcomebot.services.checklist import Checklists, Progress, completed_per_week
from welcomebot.services.content_check import checklist_problems
from welcomebot.storage.models import ChecklistMark, ChecklistReminder, utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.telegram.callbacks import ChecklistAct, ChecklistAction
from welcomebot.telegram.checklist_ui import progress_text
from welcomebot.telegram.notices import TelegramComposer

from .fakes.chats import keyboard, person, rows
from .fakes.delivery import Outbound
from .fakes.repo import DEMO_CONTENT

REFUGEE_FAMILY = {"situation": "temporary-protection", "children": "yes", "child_ages": "7-15"}
WORKER = {"situation": "work", "children": "no"}


def shown(requests) -> list:
    return [r for r in requests if isinstance(r, SendMessage | EditMessageText)]


async def newcomer(app, telegram_id: int, lang: str, **profile: str):
    chat = await person(app, telegram_id, lang)
    async with app.sessions() as session:
        await UserRepository(session, app.profiles.cache).set_profile(telegram_id, **profile)
        await session.commit()
    return chat


async def act(chat, action: ChecklistAct, step: str = "") -> SendMessage | EditMessageText:
    [reply] = shown(await chat.press(ChecklistAction(action=action, step=step).pack()))
    return reply


async def test_two_profiles_get_two_lists(app):
    family = await newcomer(app, 31, "en", **REFUGEE_FAMILY)
    worker = await newcomer(app, 32, "en", **WORKER)
    [theirs] = await family.say("/checklist")
    [mine] = await worker.say("/checklist")
    assert mine.text == "\n".join(
        [
            "<b>Your first steps</b>",
            "0 of 8 steps done",
            "",
            "▫️ Register your address",
            "▫️ Check your right to work",
            "▫️ Get health insurance",
            "▫️ Register with a family doctor",
            "▫️ Open a bank account",
            "▫️ Start a language course",
            "▫️ Get a local phone number",
            "▫️ Look for work",
            "",
            "Tap a step to see how to do it, and tick it off when it is done.",
        ]
    )
    assert keyboard(mine)[0] == ("▫️ Register your address", "cl:open:register-address")
    assert keyboard(mine)[-1] == ("🔔 Remind me once a week", "cl:remind:")
    steps = [label for label, _ in keyboard(theirs)][:-1]
    assert theirs.text.splitlines()[1] == "0 of 11 steps done"
    assert "▫️ Apply for temporary protection" in steps
    assert "▫️ Enrol the children at school" in steps
    assert "▫️ Check your right to work" not in steps
    assert "▫️ Find a kindergarten place" not in steps
    # A step not on someone's list cannot be pressed into it.
    [refused] = await worker.press(ChecklistAction(action="done", step="school").pack())
    assert refused.text.startswith("This button no longer works.")
    assert await rows(app, ChecklistMark) == []


async def test_a_step_is_opened_ticked_skipped_and_undone_with_its_progress(app):
    chat = await newcomer(app, 33, "en", **WORKER)
    step = await act(chat, ChecklistAct.OPEN, "language-course")
    assert step.text == ("<b>Start a language course</b>\nNot done yet.\n\nHow to do it:")
    assert [label for label, _ in keyboard(step)] == [
        "Where can I learn the local language?",
        "Where can I practise speaking the language?",
        "✅ Done",
        "⏭ Skip",
        "« All steps",
    ]
    [answer] = shown(await chat.press(keyboard(step)[0][1]))
    assert answer.text.startswith("<b>Where can I learn the local language?</b>")

    done = await act(chat, ChecklistAct.DONE, "language-course")
    assert done.text.splitlines()[1] == "1 of 8 steps done"
    assert "✅ Start a language course" in done.text.splitlines()
    skipped = await act(chat, ChecklistAct.SKIP, "find-work")
    assert skipped.text.splitlines()[1] == "1 of 8 steps done · skipped: 1"
    reopened = await act(chat, ChecklistAct.OPEN, "find-work")
    assert reopened.text.splitlines()[1] == "Skipped."
    assert [label for label, _ in keyboard(reopened)][-2:] == ["↩️ Undo", "« All steps"]
    undone = await act(chat, ChecklistAct.UNDO, "find-work")
    assert undone.text.splitlines()[1] == "1 of 8 steps done"
    marks = {(m.step, m.state) for m in await rows(app, ChecklistMark)}
    assert marks == {("language-course", "done")}


async def test_the_progress_in_ukrainian(app):
    chat = await newcomer(app, 34, "uk", **REFUGEE_FAMILY)
    await act(chat, ChecklistAct.DONE, "register-address")
    listing = await act(chat, ChecklistAct.SKIP, "bank-account")
    assert listing.text.splitlines()[:4] == [
        "<b>Ваші перші кроки</b>",
        "Виконано 1 з 11 кроків · пропущено: 1",
        "",
        "✅ Зареєструйте свою адресу",
    ]
    step = await act(chat, ChecklistAct.OPEN, "school")
    assert step.text == "<b>Запишіть дітей до школи</b>\nЩе не виконано.\n\nЯк це зробити:"


@pytest.mark.parametrize(
    ("total", "uk"),
    [
        (1, "Виконано 1 з 1 кроку"),
        (3, "Виконано 1 з 3 кроків"),
        (8, "Виконано 1 з 8 кроків"),
        (21, "Виконано 1 з 21 кроку"),
    ],
)
def test_progress_uses_the_plural_of_the_total(total, uk):
    pack, _, _ = load_files(DEMO_CONTENT)
    step = pack.checklist[0]
    progress = Progress(((step, StepState.DONE),) + ((step, None),) * (total - 1))
    translator = Translator()
    with translator.speaking("uk"):
        assert progress_text(progress) == uk
    with translator.speaking("en"):
        word = "step" if total == 1 else "steps"
        assert progress_text(progress) == f"1 of {total} {word} done"


async def test_the_weekly_reminder_is_opt_in_sent_once_and_stops_when_done(app):
    chat = await newcomer(app, 35, "en", **WORKER)
    await newcomer(app, 36, "en", **WORKER)  # never asked for reminders
    listing = await act(chat, ChecklistAct.REMIND)
    assert keyboard(listing)[-1] == ("🔕 Stop the weekly reminder", "cl:quiet:")
    outbound = Outbound(app)

    async def later(days: float) -> None:
        """As if `days` had passed: the opt-in and the last reminder move back."""
        async with app.sessions() as session:
            [reminder] = (await session.exec(select(ChecklistReminder))).all()
            reminder.since -= timedelta(days=days)
            if reminder.last_sent is not None:
                reminder.last_sent -= timedelta(days=days)
            await session.commit()

    async def nudge() -> int:
        async with app.sessions() as session:
            steps = app.pack.checklist
            queued = await Checklists(session, steps, TelegramComposer(app)).nudge(utcnow())
            await session.commit()
        return queued

    await later(6.9)
    assert await nudge() == 0  # not before a week
    await later(0.2)
    assert await nudge() == 1
    await later(6.5)
    assert await nudge() == 0  # at most one a week
    sent = await outbound.deliver()
    assert list(sent) == [35]
    assert sent[35].text == (
        "🧭 Your next first step: <b>Register your address</b>\n0 of 8 steps done\n\n"
        "I remind you once a week until every step is ticked off or skipped."
    )
    assert keyboard(sent[35]) == [
        ("Open this step", "cl:open:register-address"),
        ("🔕 Stop the weekly reminder", "cl:quiet:"),
    ]
    await act(chat, ChecklistAct.DONE, "register-address")
    await later(0.5)
    assert await nudge() == 1
    second = await outbound.deliver()
    assert "<b>Check your right to work</b>\n1 of 8 steps done" in second[35].text

    async with app.sessions() as session:
        for step in app.pack.checklist:
            if step.id != "register-address":
                await session.merge(
                    ChecklistMark(telegram_id=35, step=step.id, state="done", at=utcnow())
                )
        await session.commit()
    await later(7)
    assert await nudge() == 0  # every step marked: no more reminders
    assert await outbound.deliver() == {}


async def test_opting_out_stops_the_reminder(app):
    chat = await newcomer(app, 37, "en", **WORKER)
    await act(chat, ChecklistAct.REMIND)
    quiet = await act(chat, ChecklistAct.QUIET)
    assert keyboard(quiet)[-1] == ("🔔 Remind me once a week", "cl:remind:")
    assert await rows(app, ChecklistReminder) == []
    async with app.sessions() as session:
        queued = await Checklists(session, app.pack.checklist, TelegramComposer(app)).nudge(
            utcnow() + timedelta(days=30)
        )
    assert queued == 0


async def test_staff_see_only_counts_per_step_and_week(app):
    await newcomer(app, 38, "en", **WORKER)
    await newcomer(app, 39, "en", **REFUGEE_FAMILY)
    now = utcnow()
    async with app.sessions() as session:
        for telegram_id, step, days_ago in (
            (38, "register-address", 0),
            (39, "register-address", 7),
            (39, "bank-account", 0),
        ):
            session.add(
                ChecklistMark(
                    telegram_id=telegram_id,
                    step=step,
                    state="done",
                    at=now - timedelta(days=days_ago),
                )
            )
        session.add(ChecklistMark(telegram_id=38, step="bank-account", state="skipped", at=now))
        await session.commit()
        counts = await completed_per_week(session, app.pack.checklist, 2, now)
    assert len(counts.weeks) == 2
    assert counts.row("register-address") == [1, 1]
    assert counts.row("bank-account") == [0, 1]  # a skipped step is not completed
    assert counts.row("find-work") == [0, 0]


def test_content_check_finds_bad_links_and_conditions(tmp_path):
    import shutil

    folder = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, folder)
    checklist = folder / "checklist.yaml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8")
        .replace("entries: [legal-address-registration]", "entries: [no-such-entry]")
        .replace('for: {children: ["0-2", "3-6"]}', 'for: {children: ["toddlers"]}'),
        encoding="utf-8",
    )
    children = folder / "faq" / "children.yaml"
    children.write_text(
        children.read_text(encoding="utf-8").replace(
            'for: {children: ["0-2", "3-6"]}', "for: {situation: [tourist]}"
        ),
        encoding="utf-8",
    )
    pack, _, problems = load_files(folder)
    assert problems == []
    found = [str(p) for p in checklist_problems(pack, "content/checklist.yaml")]
    assert found == [
        "content/faq/children.yaml: children-kindergarten: for.situation: unknown value "
        "'tourist': use one of temporary-protection, refugee, work, study, family, other",
        "content/checklist.yaml: register-address: entries: no FAQ entry 'no-such-entry'",
        "content/checklist.yaml: kindergarten: for.children: unknown value 'toddlers': use one "
        "of 0-2, 3-6, 7-15, 16-17",
    ]


def test_more_steps_than_checklist_can_show_is_a_problem():
    pack, _ = load_content(DEMO_CONTENT)
    step = pack.checklist[0]
    many = tuple(step.model_copy(update={"id": f"step-{n}"}) for n in range(100))
    long = ContentPack(pack.topics, pack.categories, many)
    found = [str(p) for p in checklist_problems(long)]
    assert found == [
        "checklist.yaml: -: steps: 100 steps: /checklist shows at most 99 (Telegram's limit of "
        "buttons in a message): merge some"
    ]


async def test_the_stats_command_prints_counts_per_step_and_week(app, monkeypatch, capsys):
    from .test_cli import welcomebot_cli

    await newcomer(app, 41, "en", **WORKER)
    async with app.sessions() as session:
        session.add(ChecklistMark(telegram_id=41, step="bank-account", state="done", at=utcnow()))
        await session.commit()
    code, out = await welcomebot_cli(app, monkeypatch, capsys, "checklist", "stats", "--weeks", "2")
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split()[0] == "step" and header.split()[-1] == "all"
    assert len(lines) == len(app.pack.checklist)
    [bank] = [line for line in lines if line.startswith("bank-account")]
    assert bank.split()[1:4] == ["0", "1", "1"]
    assert bank.endswith("Open a bank account")
    # No telegram id; the header's ISO weeks (2026-W41 in October) are left out of the check.
    assert "41" not in "\n".join(lines)


def test_the_console_chat_walks_the_profile_and_the_checklist(tmp_path):
    from .fakes.process_env import run_welcomebot

    script = "\n".join(
        [
            "/start",
            "1",  # English
            "1",  # Tell me about yourself
            "3",  # Work
            "4",  # children: skip
            "6",  # district: skip
            "7",  # interests: done
            "/checklist",
            "1",  # Register your address
            "2",  # Done
        ]
    )
    result = run_welcomebot(
        ["chat", "--content", str(DEMO_CONTENT), "--lang", "en"],
        script,
        {"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Situation: Work\nChildren: not given" in out
    assert "  [2] ▫️ Check your right to work" in out
    assert "Your first steps\n1 of 11 steps done\n\n✅ Register your address" in out
    assert "Traceback" not in result.stderr


async def test_the_worker_s_hourly_job_queues_what_is_due(app):
    """The worker loads no content but the checklist, and queues through the outbox."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from welcomebot.scheduling.timetable import Timetable

    chat = await newcomer(app, 42, "uk", **WORKER)
    await act(chat, ChecklistAct.REMIND)
    async with app.sessions() as session:
        [reminder] = (await session.exec(select(ChecklistReminder))).all()
        reminder.since -= timedelta(days=8)
        await session.commit()
    timetable = Timetable(AsyncIOScheduler(), app.sessions, TelegramComposer(app), app.settings)
    assert await timetable.nudge() == 1
    assert await timetable.nudge() == 0
    [sent] = (await Outbound(app).deliver()).values()
    assert sent.text.startswith("🧭 Ваш наступний крок: <b>Зареєструйте свою адресу</b>\n")
