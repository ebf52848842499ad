"""Emerging reports grouped by what they say, across English, Ukrainian, Latin-typed Ukrainian
and Russian; a new rumour drafted from a group; and, once the content has it, the group's
reports counted for it."""

import shutil
from datetime import timedelta

import pytest
import yaml
from aiogram.methods import SendDocument, SendMessage

from welcomebot.app import build_barometer, load_knowledge
from welcomebot.config import load_settings
from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.times import iso_week
from welcomebot.services.barometer import NEW
from welcomebot.services.clusters import Meanings
from welcomebot.storage.models import RumourReport, utcnow
from welcomebot.storage.repositories import RumourReportRepository
from welcomebot.telegram.callbacks import EmergingDraft

from .fakes.chats import STALE, keyboard, make_chat
from .fakes.clock import local
from .fakes.process_env import welcomebot_on
from .fakes.repo import DEMO_CONTENT

STAFF_ID = 500

LUNCHES = [
    "refugees get free lunches at school every day",
    "the migrants' kids eat for free in the school canteen",
    "біженцям дають безкоштовні обіди в школі",
    "bizhentsi otrymuyut bezkoshtovni obidy v shkoli",  # Ukrainian typed in Latin letters
    "діти біженців харчуються в шкільній їдальні безкоштовно",
]
POLICE = [
    "the police do not arrest foreigners who steal",
    "police let migrants get away with theft",
    "поліція не затримує іноземців, які крадуть",
]
DISEASES = [
    "newcomers bring diseases to our hospitals",
    "новоприбулі приносять хвороби в наші лікарні",
]
PENSIONS = [
    "беженцы получают больше денег, чем наши пенсионеры",  # Russian
    "біженці отримують більше грошей, ніж наші пенсіонери",
]
# A claim no demo rumour answers (the police ones now meet the crime rumour).
DOGS = [
    "refugees bring dogs that bite children",
    "біженці привозять собак, які кусають дітей",
]
UNRELATED = [
    "refugees will get the right to vote in the city elections",
    "the swimming pool will close because of newcomers",
]


def test_paraphrases_and_translations_group_and_unrelated_claims_stay_apart(app):
    texts = LUNCHES + POLICE + DISEASES + PENSIONS + UNRELATED
    groups = Meanings(app.reporting.matcher).groups(texts)
    assert [[texts[i] for i in group] for group in groups] == [
        LUNCHES,
        POLICE,
        DISEASES,
        PENSIONS,
        UNRELATED[:1],
        UNRELATED[1:],
    ]


def test_a_text_with_no_content_word_is_its_own_group(app):
    meanings = Meanings(app.reporting.matcher)
    assert meanings.vector("!!! ...") == {}
    assert meanings.groups(["!!!", "???", LUNCHES[0]]) == [[0], [1], [2]]


def report(text, lang, agent, rumour_id=None):
    week = iso_week(local(utcnow()))  # the city's week, as the bot files a report
    return RumourReport(
        rumour_id=rumour_id, score=0.1, text=text, lang=lang, week=week, agent_key=f"a{agent}"
    )


@pytest.fixture
async def emerging(app):
    """Unanswered reports of the last days: the lunches in three ways, two about dogs, and
    one report of a known rumour."""
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    async with app.sessions() as session:
        session.add_all(
            [
                report(LUNCHES[0], "en", 1),
                report(DOGS[0], "en", 2),
                report(LUNCHES[2], "uk", 3),
                report(DOGS[1], "uk", 4),
                report(LUNCHES[1], "en", 5),
                report("Newcomers take our jobs", "en", 6, rumour_id="rumour-jobs"),
            ]
        )
        await session.commit()
    return app


async def test_emerging_groups_reports_by_meaning_and_offers_a_draft_of_each(emerging):
    staff = make_chat(emerging, user_id=STAFF_ID)
    [reply] = await staff.say("/emerging")
    assert reply.text.splitlines() == [
        "Unanswered reports of the last 2 weeks, grouped by what they say:",
        f"• #1: 3 reports like “{LUNCHES[0]}”",
        f"• #2: 2 reports like “{DOGS[0]}”",
    ]
    assert keyboard(reply) == [
        ("📝 Draft a rumour from #1", "draft:1:2"),
        ("📝 Draft a rumour from #2", "draft:2:2"),
    ]
    [document] = [r for r in await staff.press("draft:1:2") if isinstance(r, SendDocument)]
    assert document.document.filename == "rumour-draft-1.yaml"
    assert document.caption == (
        "A new rumour, drafted from 3 reports. Complete its response and arguments, then add it "
        "to the content: its reports will count for it."
    )
    [drafted] = yaml.safe_load(document.document.data)
    assert drafted == {
        "id": "rumour-new-1",
        "audience": "host",
        "claim": {"en": LUNCHES[0], "uk": LUNCHES[2]},
        "variants": {"en": [LUNCHES[1]], "uk": []},
        "response": {"en": "", "uk": ""},
        "arguments": [{"kind": "data", "text": {"en": "", "uk": ""}, "source": ""}],
    }
    # A report that is in no group, or forged data, gets the stale-button reply.
    for forged in (EmergingDraft(report=6, weeks=2), EmergingDraft(report=1, weeks=99)):
        [alert] = await staff.press(forged.pack())
        assert alert.text == STALE and alert.show_alert
    [alert] = await make_chat(emerging, user_id=42424).press("draft:1:2")
    assert alert.text == "Sorry, this is only for the centre's staff."


async def test_emerging_in_ukrainian(emerging):
    [reply] = await make_chat(emerging, user_id=STAFF_ID, lang="uk").say("/emerging")
    assert reply.text.splitlines()[:2] == [
        "Повідомлення за останні 2 тижні, на які ще немає відповіді, згруповані за змістом:",
        f"• #1: 3 повідомлення на кшталт «{LUNCHES[0]}»",
    ]
    assert keyboard(reply)[0] == ("📝 Скласти чутку з #1", "draft:1:2")


async def test_no_unanswered_reports_is_said_plainly(app):
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    [reply] = await make_chat(app, user_id=STAFF_ID).say("/emerging")
    assert isinstance(reply, SendMessage)
    assert reply.text == "No unanswered reports in the last 2 weeks."
    [reply] = await make_chat(app, user_id=STAFF_ID, lang="uk").say("/emerging 1")
    assert reply.text == "За останній тиждень немає повідомлень без відповіді."
    [reply] = await make_chat(app, user_id=STAFF_ID, lang="uk").say("/emerging 5")
    assert reply.text == "За останні 5 тижнів немає повідомлень без відповіді."


async def test_emerging_looks_back_no_further_than_report_texts_are_kept(emerging):
    settings = emerging.settings.model_copy(update={"report_text_retention_days": 10})
    emerging.settings = settings
    staff = make_chat(emerging, user_id=STAFF_ID)
    [reply] = await staff.say("/emerging")
    assert reply.text.splitlines()[0] == (
        "Unanswered reports of the last week, grouped by what they say:"
    )
    assert keyboard(reply)[0] == ("📝 Draft a rumour from #1", "draft:1:1")
    [alert] = await staff.press("draft:1:2")  # a week more than the texts are kept
    assert alert.text == STALE


async def test_emerging_looks_back_the_weeks_asked_while_report_texts_are_kept(emerging):
    async with emerging.sessions() as session:
        session.add(
            RumourReport(
                rumour_id=None,
                score=0.1,
                text=DOGS[0],
                lang="en",
                week="2026-W01",
                agent_key="a7",
                created=utcnow() - timedelta(weeks=3),
            )
        )
        await session.commit()
    staff = make_chat(emerging, user_id=STAFF_ID)
    [recent] = await staff.say("/emerging")
    assert f"• #2: 2 reports like “{DOGS[0]}”" in recent.text.splitlines()
    [month] = await staff.say("/emerging 4 weeks")
    assert month.text.splitlines()[:3] == [
        "Unanswered reports of the last 4 weeks, grouped by what they say:",
        f"• #1: 3 reports like “{LUNCHES[0]}”",
        f"• #2: 3 reports like “{DOGS[0]}”",
    ]
    assert keyboard(month)[1] == ("📝 Draft a rumour from #2", "draft:2:4")
    # Report texts are kept 90 days (REPORT_TEXT_RETENTION_DAYS): 12 weeks at most.
    [refused, shown] = await staff.say("/emerging 13")
    assert refused.text == ("The number of weeks must be from 1 to 12: showing the last 2 weeks.")
    assert shown.text.startswith("Unanswered reports of the last 2 weeks")


async def test_a_rumour_drafted_from_a_cluster_counts_its_reports_once_in_the_content(
    emerging, tmp_path, monkeypatch
):
    def welcomebot(*args):
        return welcomebot_on(emerging, ["rumours", *args], tmp_path)

    listed = welcomebot("emerging")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"   3  #1      {LUNCHES[0]}",
        f"   2  #2      {DOGS[0]}",
    ]
    draft = tmp_path / "draft.yaml"
    made = welcomebot("draft", "#1", "--out", str(draft))
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"a new rumour drafted from 3 reports written to {draft}\n"
    missing = welcomebot("draft", "9")
    assert missing.returncode == 2
    assert missing.stderr == (
        "welcomebot: no emerging cluster #9 in the last 14 days: "
        "`welcomebot rumours emerging` lists them\n"
    )
    # Staff complete the draft and add it to the content.
    [rumour] = yaml.safe_load(draft.read_text(encoding="utf-8"))
    rumour |= {
        "id": "rumour-free-lunches",
        "response": {"en": "School lunches are free for every child who needs them.", "uk": "…"},
        "arguments": [{"kind": "data", "text": {"en": "Any family can ask.", "uk": "…"}}],
    }
    rumour["response"]["uk"] = "Шкільні обіди безкоштовні для кожної дитини, якій вони потрібні."
    rumour["arguments"][0]["text"]["uk"] = "Попросити може будь-яка родина."
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    (content / "rumours" / "school.yaml").write_text(
        yaml.safe_dump(
            {"category": "school", "title": {"en": "School", "uk": "Школа"}, "rumours": [rumour]},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    settings = load_settings(content_dir=content, data_dir=emerging.settings.data_dir)
    barometer = build_barometer(settings, load_knowledge(settings))
    async with emerging.sessions() as session:
        repository = RumourReportRepository(session)
        reports = await repository.since(utcnow() - timedelta(days=14))
        tallies = barometer.resolve(await repository.tallies_since(reports[0].created))
    period = barometer.recent(1)
    lines = barometer.lines(tallies, period, Breakdown.RUMOUR)
    assert {line.key: line.total for line in lines} == {
        "rumour-free-lunches": 3,
        "rumour-jobs": 1,
        NEW: 2,  # the reports about dogs, not in the content yet
    }
    [dogs] = barometer.emerging(reports)
    assert [r.text for r in dogs.reports] == DOGS


async def test_a_threat_among_unanswered_reports_is_marked_for_staff(emerging, tmp_path):
    threat = "two men at the bus stop said they will burn the refugee hostel"
    async with emerging.sessions() as session:
        session.add(report(threat, "en", 7))
        await session.commit()
    [reply] = await make_chat(emerging, user_id=STAFF_ID).say("/emerging")
    assert reply.text.splitlines() == [
        "Unanswered reports of the last 2 weeks, grouped by what they say:",
        f"• #1: 3 reports like “{LUNCHES[0]}”",
        f"• #2: 2 reports like “{DOGS[0]}”",
        f"• ⚠️ #7: 1 report like “{threat}”",
        "",
        "⚠️ marks a threat of violence. Reports are anonymous, so the police hear of it only if "
        "someone tells them: please consider doing so.",
    ]
    listed = welcomebot_on(emerging, ["rumours", "emerging"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[2:] == [
        f"   1 !#7      {threat}",
        "! a threat of violence: reports are anonymous, so only you can tell the police",
    ]
