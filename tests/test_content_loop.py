"""The content loop: questions with no sure answer grouped into gaps, confirmed pairs turned
into proposed variants (never into content), and the weekly digest to the staff group."""

import random
import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest
import yaml

from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.tickets import TicketState
from welcomebot.matching.matcher import Outcome
from welcomebot.services.digest import WeeklyDigest
from welcomebot.services.gaps import find_gaps
from welcomebot.services.proposals import apply, patch, propose, write_copy
from welcomebot.storage.models import ConfirmedPair, Delivery, Ticket, UnansweredQuestion, utcnow
from welcomebot.storage.usage import Pair, PairRepository
from welcomebot.telegram.notices import TelegramComposer
from welcomebot.telegram.timing import digest_job

from .fakes.chats import STAFF_ID, make_chat, rows
from .fakes.process_env import welcomebot_env
from .fakes.repo import DEMO_CONTENT

# Needs the demo content does not answer, each asked in several near-duplicate ways.
NEEDS = {
    "bike": [
        "where can I repair my bicycle",
        "bicycle repair shop",
        "who repairs bicycles here",
        "need to repair my bicycle, where?",
        "bicycle repair near the centre",
        "repair a broken bicycle",
    ],
    "dog": [
        "can I take my dog on the bus",
        "dog on the bus allowed?",
        "is a dog allowed on the bus",
        "my dog on the bus, is it ok",
        "bus with a dog",
    ],
    "fishing": [
        "де купити ліцензію на риболовлю",
        "ліцензія на риболовлю де взяти",
        "як отримати ліцензію на риболовлю",
        "риболовля ліцензія",
    ],
    "chess": ["шаховий клуб для дітей", "де є шаховий клуб", "шаховий клуб у місті?"],
    "mars": ["what is the weather on mars", "weather on mars today"],
    "tattoo": ["tattoo studio recommendations"],
}


def near_duplicates(seed: int) -> list[tuple[str, str]]:
    """(need, text) in random order: a letter pair swapped in one word, capitals, a "?"."""
    rng = random.Random(seed)
    items = []
    for need, texts in NEEDS.items():
        for text in texts:
            words = text.split()
            if rng.random() < 0.5:
                j = rng.randrange(len(words))
                word = words[j]
                if len(word) >= 6:
                    i = rng.randrange(1, len(word) - 2)
                    words[j] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            text = " ".join(words)
            if rng.random() < 0.3:
                text = text.capitalize()
            if rng.random() < 0.3:
                text = text.rstrip("?") + "?"
            items.append((need, text))
    rng.shuffle(items)
    return items


@pytest.mark.parametrize("seed", range(5))
def test_gaps_group_near_duplicate_questions_by_need_biggest_first(app, seed):
    items = near_duplicates(seed)
    questions = [
        UnansweredQuestion(
            text=text,
            lang="uk" if need in ("fishing", "chess") else "en",
            # The bot offered a transport entry for the dog questions; nobody picked it.
            shown_entry_ids="daily-transport daily-phone" if need == "dog" else None,
        )
        for need, text in items
    ]
    gaps = find_gaps(app.answers.matcher.analyzer, questions)
    need_of = {text: need for need, text in items}
    assert [{need_of[e] for e in gap.examples} for gap in gaps] == [
        {"bike"},
        {"dog"},
        {"fishing"},
        {"chess"},
        {"mars"},
        {"tattoo"},
    ]
    assert [gap.size for gap in gaps] == [6, 5, 4, 3, 2, 1]
    assert [gap.languages for gap in gaps] == [
        {"en": 6},
        {"en": 5},
        {"uk": 4},
        {"uk": 3},
        {"en": 2},
        {"en": 1},
    ]
    assert [gap.shown for gap in gaps] == [None, "daily-transport", None, None, None, None]
    assert all(len(gap.examples) == min(3, gap.size) for gap in gaps)


async def test_staff_see_gaps_of_questions_asked_and_offered(staffed):
    newcomer = make_chat(staffed, user_id=4321)
    for question in (
        "what is the weather on mars",
        "what's the weather like on mars today",
        "шаховий клуб для дітей",
        "дякую!",  # small talk, kept for no one
        "12345",  # no words: nothing to write content about
        "#1",
        "😡😡",
    ):
        await newcomer.say(question)
    [reply] = await make_chat(staffed, user_id=STAFF_ID).say("/gaps")
    assert reply.text.splitlines() == [
        "Questions without a sure answer in the last 30 days, in groups of like questions, "
        "biggest first:",
        "• <b>2 questions</b> (en 2)",
        "  “what is the weather on mars”",
        "  “what's the weather like on mars today”",
        # The bot offered buttons for this one; none was picked.
        "• <b>1 question</b> (uk 1)",
        "  Offered, not picked: Are there activities for children after school?",
        "  “шаховий клуб для дітей”",
    ]
    [refused] = await newcomer.say("/gaps")
    assert refused.text == "Sorry, this is only for the centre's staff."
    # The same from the command line.
    env = welcomebot_env(
        data_dir=str(staffed.settings.data_dir),
        database_url=staffed.settings.database_url,
        content_dir=str(DEMO_CONTENT),
    )
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "content", "gaps"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "   2  (en 2)",
        "      “what is the weather on mars”",
        "      “what's the weather like on mars today”",
        "   1  (uk 1; offered, not picked: children-activities)",
        "      “шаховий клуб для дітей”",
    ]


async def test_no_gaps_is_said_plainly_in_the_staff_language(staffed):
    [reply] = await make_chat(staffed, user_id=STAFF_ID, lang="uk").say("/gaps")
    assert reply.text == "За останні 30 днів не було питань без певної відповіді."


def pairs_for(text: str, entry_id: str, times: int, lang: str = "en", source: str = "pick"):
    return [Pair(text, lang, entry_id, source) for _ in range(times)]


def test_proposals_come_from_pairs_confirmed_often_enough_and_not_known(app):
    pack, matcher = app.pack, app.answers.matcher
    doctor = pack.by_id["health-family-doctor"]
    known = doctor.variants["en"][0]
    pairs = [
        *pairs_for("doc for the whole family where", "health-family-doctor", 2),
        *pairs_for("Doc for the whole family where?", "health-family-doctor", 1, source="ticket"),
        *pairs_for("only once asked like this", "health-family-doctor", 1),
        *pairs_for(known, "health-family-doctor", 3),  # a phrasing it has already
        *pairs_for("how do i register with a family doctor", "health-family-doctor", 3),
        *pairs_for("call me on 0501234567 about the doctor", "health-family-doctor", 3),
        *pairs_for("no such entry here", "no-such-entry", 3),
        # Confirmed as often for two entries: people disagree, nothing is proposed.
        *pairs_for("papers for work and home", "work-permit", 2),
        *pairs_for("papers for work and home", "housing-find-rental", 2),
    ]
    proposals = propose(pack, matcher, pairs, min_count=2)
    assert [(p.entry_id, p.lang, p.variant, p.confirmations, p.sources) for p in proposals] == [
        (
            "health-family-doctor",
            "en",
            "doc for the whole family where",
            3,
            {"pick": 2, "ticket": 1},
        )
    ]
    assert proposals[0].file == doctor.source
    text = patch(proposals)
    assert yaml.safe_load(text) == {
        "files": {
            doctor.source: {
                "health-family-doctor": {
                    "en": [
                        {
                            "variant": "doc for the whole family where",
                            "confirmations": 3,
                            "from": {"pick": 2, "ticket": 1},
                        }
                    ]
                }
            }
        }
    }
    # Applied, the entry has the variant; the pack it came from does not.
    extended = apply(pack, proposals)
    assert extended.by_id["health-family-doctor"].variants["en"][-1] == (
        "doc for the whole family where"
    )
    assert "doc for the whole family where" not in doctor.variants["en"]


def test_a_copy_of_the_content_gets_the_variants_and_the_content_stays(app, tmp_path):
    proposals = propose(
        app.pack,
        app.answers.matcher,
        pairs_for("doc for the whole family where", "health-family-doctor", 2),
    )
    before = (DEMO_CONTENT / "faq" / "health.yaml").read_bytes()
    changed = write_copy(DEMO_CONTENT, tmp_path / "proposed", proposals)
    assert changed == [tmp_path / "proposed" / "faq" / "health.yaml"]
    raw = yaml.safe_load(changed[0].read_text(encoding="utf-8"))
    [doctor] = [e for e in raw["entries"] if e["id"] == "health-family-doctor"]
    assert doctor["variants"]["en"][-1] == "doc for the whole family where"
    assert (DEMO_CONTENT / "faq" / "health.yaml").read_bytes() == before
    from welcomebot.content.loader import load_content

    pack, _ = load_content(tmp_path / "proposed")  # still valid content
    assert "doc for the whole family where" in pack.by_id["health-family-doctor"].variants["en"]


async def test_content_propose_writes_a_patch_from_the_stored_pairs(app, tmp_path):
    async with app.sessions() as session:
        for pair in pairs_for("doc for the whole family where", "health-family-doctor", 2):
            await PairRepository(session).add(pair)
        await session.commit()
    out = tmp_path / "proposed.yaml"
    env = welcomebot_env(
        data_dir=str(app.settings.data_dir),
        database_url=app.settings.database_url,
        content_dir=str(DEMO_CONTENT),
    )
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "content", "propose", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 new variants from 2 confirmed pairs written to " + f"{out}\n"
    assert "doc for the whole family where" in out.read_text(encoding="utf-8")
    assert len(await rows(app, ConfirmedPair)) == 2  # read, not consumed


async def test_the_weekly_digest_goes_to_the_staff_group_once_a_week(app):
    app.settings = app.settings.model_copy(update={"staff_chat_id": -100123})
    for question in ("what is the weather on mars", "weather on mars today"):
        reply = await app.answers.ask(question, "en")
        assert reply.outcome is Outcome.ABSTAIN
    async with app.sessions() as session:
        for pair in pairs_for("doc for the whole family where", "health-family-doctor", 2):
            await PairRepository(session).add(pair)
        # two still owe staff something, the closed one does not
        for state in (TicketState.OPEN, TicketState.ANSWERED, TicketState.CLOSED):
            session.add(Ticket(telegram_id=70, lang="en", question="?", state=state))
        await session.commit()

    digest = digest_job(app)  # as the scheduler builds it: the ticket count is not passed
    now = utcnow()
    assert await digest.run(now)
    # The week is the staff's local one; an hour later may already be Monday there.
    local = now.astimezone(app.settings.zone)
    next_monday = datetime.combine(
        local.date() + timedelta(days=7 - local.weekday()), time(), local.tzinfo
    )
    assert not await digest.run(next_monday - timedelta(seconds=1))  # the same week: once
    [row] = await rows(app, Delivery)
    assert (row.chat_id, row.batch) == (-100123, "digest")
    week = row.key.removeprefix("digest:")
    assert row.text.splitlines() == [
        f"<b>Weekly digest, {week}</b>",
        "",
        "Requests still open: 2",
        "",
        "2 questions had no sure answer this week; the biggest groups:",
        "• <b>2 questions</b> (en 2)",
        "  “what is the weather on mars”",
        "  “weather on mars today”",
        "",
        "1 new variant proposed from what people confirmed (`welcomebot content propose` "
        "writes them for review):",
        "• “doc for the whole family where” → How do I register with a family doctor? (2)",
    ]
    async with app.sessions() as session:
        assert await Outbox(session).resendable("digest") == 0
    assert await digest.run(next_monday)  # and again the next week


async def test_no_staff_group_no_digest(app):
    digest = WeeklyDigest(
        app.sessions, TelegramComposer(app), app.settings, lambda: (app.pack, app.answers.matcher)
    )
    assert not await digest.run()
    assert await rows(app, Delivery) == []


async def test_votes_and_pairs_expire_and_past_weeks_active_keys_become_a_count(app):
    from welcomebot.services.retention import purge_learned
    from welcomebot.storage.models import ActiveKey, AnswerFeedback, UsageCount

    old = utcnow() - timedelta(days=400)
    async with app.sessions() as session:
        session.add(AnswerFeedback(entry_id="health-family-doctor", lang="en", helpful=False))
        session.add(
            AnswerFeedback(entry_id="health-family-doctor", lang="en", helpful=True, created=old)
        )
        session.add(
            ConfirmedPair(
                text="old", lang="en", entry_id="health-family-doctor", source="pick", created=old
            )
        )
        session.add(
            ConfirmedPair(text="new", lang="en", entry_id="health-family-doctor", source="pick")
        )
        await session.commit()
    week_ago = utcnow() - timedelta(days=7)
    for person in (1, 2, 3):
        app.usage.active(person, at=week_ago)
    app.usage.active(1)
    await app.usage.flush()
    assert await purge_learned(app.sessions, app.settings) == (1, 1, 1)
    assert [v.helpful for v in await rows(app, AnswerFeedback)] == [False]
    assert [p.text for p in await rows(app, ConfirmedPair)] == ["new"]
    assert len(await rows(app, ActiveKey)) == 1  # this week's, still a key
    [count] = await rows(app, UsageCount)
    assert (count.kind, count.n, count.day.weekday()) == ("active", 3, 0)
