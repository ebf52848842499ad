"""The optional profile through the real Dispatcher: offered once after the first language
choice, skippable at every step, edited with /profile; and what it changes in matching and in
who gets an announcement."""

from dataclasses import replace

from aiogram.methods import EditMessageText, SendMessage

from welcomebot.content.models import FaqEntry
from welcomebot.domain.audiences import Audience
from welcomebot.domain.profile import PersonProfile
from welcomebot.matching.matcher import Matcher
from welcomebot.services.answering import Reply, fit
from welcomebot.storage.models import Interest, User
from welcomebot.storage.subscriptions import SubscriptionRepository
from welcomebot.telegram.callbacks import (
    AudienceField,
    AudienceStep,
    LanguageChoice,
    ProfileChoice,
    ProfileField,
    TopicChoice,
)

from .fakes.chats import STAFF_ID, keyboard, make_chat, person, rows

NEXT, UNDISCLOSED = -2, -3


def shown(requests) -> list:
    return [r for r in requests if isinstance(r, SendMessage | EditMessageText)]


async def walk(chat, field: ProfileField, option: int):
    [reply] = shown(await chat.press(ProfileChoice(field=field, option=option, walk=True).pack()))
    return reply


async def stored(app, telegram_id: int) -> User:
    [user] = [u for u in await rows(app, User) if u.telegram_id == telegram_id]
    return user


async def test_the_profile_is_offered_once_and_can_be_skipped_at_every_step(app):
    chat = make_chat(app, user_id=11, lang="en")
    [done] = shown(await chat.press(LanguageChoice(code="en").pack()))
    assert done.text.endswith(
        "If you like, answer a few short questions so that I can show first what fits you. "
        "Each one is optional."
    )
    [(label, data)] = keyboard(done)
    assert label == "Tell me about yourself (optional)"

    [question] = shown(await chat.press(data))
    assert question.text == (
        "What brings you to the city? I ask so that I can show first the information that "
        "applies to your situation."
    )
    assert [text for text, _ in keyboard(question)][-2:] == ["Prefer not to say", "Skip »"]
    children = await walk(chat, ProfileField.SITUATION, NEXT)
    assert children.text.startswith("Do you have children with you? I ask so that")
    assert [text for text, _ in keyboard(children)][:2] == ["▫️ Yes", "▫️ No"]
    district = await walk(chat, ProfileField.CHILDREN, NEXT)
    assert [text for text, _ in keyboard(district)] == [
        "▫️ Old Town",
        "▫️ Harbour",
        "▫️ Riverside",
        "▫️ North Hill",
        "Prefer not to say",
        "Skip »",
    ]
    interests = await walk(chat, ProfileField.DISTRICT, NEXT)
    assert [text for text, _ in keyboard(interests)][-1] == "Done ✓"
    summary = await walk(chat, ProfileField.INTERESTS, NEXT)
    assert summary.text.splitlines()[:5] == [
        "<b>Your profile</b>",
        "Situation: not given",
        "Children: not given",
        "District: not given",
        "Interests: Events and courses",  # the default subscriptions, not kept twice
    ]
    user = await stored(app, 11)
    assert (user.situation, user.children, user.child_ages, user.district) == (None,) * 4

    # A second language choice is no first time: no offer.
    [again] = shown(await chat.press(LanguageChoice(code="uk").pack()))
    assert again.reply_markup is None


async def test_a_profile_skipped_in_part_then_edited(app):
    chat = await person(app, user_id=12, lang="en")
    await walk(chat, ProfileField.SITUATION, 0)  # temporary protection
    district = await walk(chat, ProfileField.CHILDREN, UNDISCLOSED)
    assert district.text.startswith("Which district do you live in?")
    await walk(chat, ProfileField.DISTRICT, NEXT)
    health = [t for t, _ in keyboard(await walk(chat, ProfileField.INTERESTS, 3))]
    assert health[3] == "✅ Health"
    summary = await walk(chat, ProfileField.INTERESTS, NEXT)
    assert summary.text.splitlines()[1:5] == [
        "Situation: Temporary protection",
        "Children: Prefer not to say",
        "District: not given",
        "Interests: Health, Events and courses",
    ]
    user = await stored(app, 12)
    assert (user.situation, user.children, user.district) == (
        "temporary-protection",
        "undisclosed",
        None,
    )
    assert {i.name for i in await rows(app, Interest) if i.telegram_id == 12} == {
        "news",
        "events",
        "topic.health",
    }

    # /profile shows it; each part is changed on its own and leads back to the whole.
    [profile] = await chat.say("/profile")
    assert profile.text == summary.text
    assert [t for t, _ in keyboard(profile)] == [
        "Change: situation",
        "Change: children",
        "Change: district",
        "Change: interests",
    ]
    [ages] = shown(await chat.press(ProfileChoice(field=ProfileField.CHILDREN, option=0).pack()))
    assert ages.text.startswith("How old are your children?")
    [ticked] = shown(await chat.press(ProfileChoice(field=ProfileField.AGES, option=2).pack()))
    assert [t for t, _ in keyboard(ticked)] == [
        "▫️ under 3",
        "▫️ 3 to 6 years",
        "✅ 7 to 15 years",
        "▫️ 16 or 17 years",
        "« Back",
    ]
    [back] = shown(await chat.press(ProfileChoice(field=ProfileField.AGES, option=NEXT).pack()))
    assert back.text.splitlines()[2] == "Children: yes (7 to 15 years)"
    district = ProfileChoice(field=ProfileField.DISTRICT, option=1).pack()
    [moved] = shown(await chat.press(district))
    assert moved.text.splitlines()[3] == "District: Harbour"
    user = await stored(app, 12)
    assert (user.children, user.child_ages, user.district) == ("yes", "7-15", "Harbour")

    # "No" children clears their ages.
    await chat.press(ProfileChoice(field=ProfileField.CHILDREN, option=1).pack())
    user = await stored(app, 12)
    assert (user.children, user.child_ages) == ("no", None)


async def test_the_profile_speaks_ukrainian(app):
    chat = await person(app, user_id=13, lang="uk")
    question = await walk(chat, ProfileField.SITUATION, -1)
    assert question.text.startswith("Що привело вас до міста? Питаю, щоб")
    assert [t for t, _ in keyboard(question)][-2:] == ["Не хочу вказувати", "Пропустити »"]


async def test_forged_or_out_of_range_profile_buttons_get_the_stale_reply(app):
    chat = await person(app, user_id=14, lang="en")
    for forged in (
        ProfileChoice(field=ProfileField.SITUATION, option=99),
        ProfileChoice(field=ProfileField.AGES, option=UNDISCLOSED),
        ProfileChoice(field=ProfileField.SUMMARY, option=0),
    ):
        [answer] = await chat.press(forged.pack())
        assert answer.text.startswith("This button no longer works.")
    stranger = make_chat(app, user_id=15)
    [refusal] = await stranger.say("/profile")
    assert refusal.text == "Please choose your language first: send /start."


async def test_a_topic_lists_the_questions_that_fit_first(app):
    chat = await person(app, user_id=16, lang="en")
    plain = [t for t, _ in keyboard((await chat.press(TopicChoice(topic="children").pack()))[-1])]
    assert plain[:2] == [
        "How do I enrol my child in school?",
        "How do I find a place in kindergarten?",
    ]
    await walk(chat, ProfileField.CHILDREN, 0)
    await walk(chat, ProfileField.AGES, 1)  # a child of 3 to 6
    menu = await chat.press(TopicChoice(topic="children").pack())
    labels = [t for t, _ in keyboard(shown(menu)[-1])]
    assert labels[0] == "How do I find a place in kindergarten?"
    assert sorted(labels) == sorted(plain)  # nothing hidden


def twins(meant_for: dict) -> list[FaqEntry]:
    """Two entries that match any question equally: the same words, for different people."""
    texts = {"question": {"en": "Where do I register the children?"}, "answer": {"en": "Here."}}
    return [
        FaqEntry(id="for-everyone", **texts),
        FaqEntry.model_validate({"id": "for-some", **texts, "for": meant_for}),
    ]


def test_a_fitting_entry_ranks_above_an_equal_one_and_no_profile_ranks_as_before(app):
    entries = twins({"children": ["7-15"]})
    matcher = Matcher(entries, analyzer=app.answers.matcher.analyzer)
    question = ["where do i register the children"]
    before = matcher.match_many(question, ["en"])[0]
    assert [c.entry.id for c in before.candidates] == ["for-everyone", "for-some"]
    assert before.candidates[0].score == before.candidates[1].score

    schoolchild = PersonProfile(children="yes", ages=("7-15",))
    fits = [matcher.fit_of(lambda entry: fit(schoolchild, entry))]
    ranked = matcher.match_many(question, ["en"], fits=fits)[0]
    assert [c.entry.id for c in ranked.candidates] == ["for-some", "for-everyone"]
    toddler = PersonProfile(children="yes", ages=("0-2",))
    fits = [matcher.fit_of(lambda entry: fit(toddler, entry))]
    assert matcher.match_many(question, ["en"], fits=fits)[0].candidates[0].entry.id == (
        "for-everyone"
    )
    assert matcher.match_many(question, ["en"], fits=[None])[0] == before


async def test_without_a_profile_every_answer_is_what_it_was(app):
    """The answering service with no profile, or an empty one, gives the same replies (each
    unsure one is kept anew: only the kept question's row differs)."""
    service = app.answers

    async def reply(text: str, profile: PersonProfile | None) -> Reply:
        return replace(await service.ask(text, "en", profile), asked=None)

    for text in ("how do i enrol my child in school", "temporary protection", "kindergarten"):
        plain = await reply(text, None)
        assert await reply(text, PersonProfile()) == plain
        assert await reply(text, None) == plain


async def test_an_announcement_can_target_a_situation_or_children_s_ages(staffed):
    await person(staffed, user_id=21, lang="en")
    await person(staffed, user_id=22, lang="en")
    await person(staffed, user_id=23, lang="en")
    async with staffed.sessions() as session:
        from welcomebot.storage.repositories import UserRepository

        users = UserRepository(session)
        await users.set_profile(21, situation="work", children="yes", child_ages="0-2,7-15")
        await users.set_profile(22, situation="refugee", children="no")
        await users.set_profile(23, situation="undisclosed", children="yes", child_ages="16-17")
        await session.commit()
        subscriptions = SubscriptionRepository(session)

        def who(audience):
            return [r.telegram_id for r in audience]

        assert who(await subscriptions.recipients(Audience(situations=("work", "refugee")))) == [
            21,
            22,
        ]
        assert who(await subscriptions.recipients(Audience(ages=("7-15",)))) == [21]
        assert who(await subscriptions.recipients(Audience(ages=("16-17", "0-2")))) == [21, 23]
        assert who(await subscriptions.recipients(Audience(ages=("3-6",)))) == []

    staff = make_chat(staffed, user_id=STAFF_ID)
    await staff.say("/broadcast")
    await staff.say("Open day for families")
    [audience] = shown(await staff.say("День відкритих дверей для сімей"))
    assert "Change: children's ages" in [t for t, _ in keyboard(audience)]
    [changed] = shown(await staff.press(AudienceStep(field=AudienceField.AGES).pack()))
    assert changed.text.splitlines()[-2:] == ["District: all", "Children's ages: under 3"]


async def test_a_double_tap_on_a_ticked_answer_ticks_it_once(app):
    """Two taps of one button (a slow network, an impatient thumb) reach the bot as two
    presses of the same shown button: the second changes nothing."""
    chat = await person(app, user_id=14, lang="en")
    [ages] = shown(await chat.press(ProfileChoice(field=ProfileField.CHILDREN, option=0).pack()))
    band = dict(keyboard(ages))["▫️ 7 to 15 years"]
    for _ in range(2):
        [ticked] = shown(await chat.press(band))
    assert "✅ 7 to 15 years" in [t for t, _ in keyboard(ticked)]
    assert (await stored(app, 14)).child_ages is not None
    [interests] = shown(await chat.press(ProfileChoice(field=ProfileField.INTERESTS).pack()))
    health = dict(keyboard(interests))["▫️ Health"]
    for _ in range(2):
        await chat.press(health)
    assert "topic.health" in {i.name for i in await rows(app, Interest) if i.telegram_id == 14}
