"""Real aiogram Updates through the real Dispatcher; the Bot talks to an in-memory session."""

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
)
from aiogram.types import Chat, Location, PhotoSize

from welcomebot.content.models import pick
from welcomebot.storage.models import AnswerFeedback, ConfirmedPair, UnansweredQuestion, User
from welcomebot.telegram.callbacks import (
    EntryChoice,
    Feedback,
    ForgetChoice,
    LanguageChoice,
    SuggestionChoice,
    TopicChoice,
)

from .fakes.chats import CONTACT_EN, EMERGENCY_LINE_EN, STICKER, keyboard, make_chat, rows
from .fakes.matching import never_sure

DOCTOR_EN = (
    "<b>How do I register with a family doctor?</b>\n\n"
    "Choose a health centre near your home and register at reception with your residence card or "
    "protection certificate. If the practice is full, the health insurance office gives you a list of "
    "practices with free places. Go to your family doctor first with any health problem: they refer "
    "you to specialists."
)


def texts(requests) -> list[str]:
    return [r.text for r in requests if isinstance(r, SendMessage | EditMessageText)]


async def test_start_offers_languages_with_telegram_s_as_default(app):
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("/start")
    assert reply.text == "Вітаю! Я помічник центру для новоприбулих. Оберіть, будь ласка, мову:"
    assert keyboard(reply) == [("English", "lang:en"), ("✓ Українська", "lang:uk")]
    assert await rows(app, User) == []  # nothing is stored before the person chooses


async def test_choosing_a_language_stores_the_user_and_switches_replies(app):
    chat = make_chat(app, user_id=7, lang="en")
    requests = await chat.press(LanguageChoice(code="uk").pack())
    assert isinstance(requests[0], AnswerCallbackQuery)
    assert texts(requests)[0].startswith(
        "Готово: відповідатиму українською.\n\nНапишіть своє питання"
    )
    [user] = await rows(app, User)
    assert (user.telegram_id, user.language) == (7, "uk")
    [reply] = await chat.say("/help")
    assert reply.text.startswith("Напишіть своє питання власними словами")


async def test_a_question_gets_the_curated_answer_with_feedback_buttons(chat):
    [reply] = await chat.say("how do i register with a family doctor")
    assert reply.text == DOCTOR_EN
    assert keyboard(reply) == [
        ("👍 Helpful", "fb:health-family-doctor:1"),
        ("👎 Not helpful", "fb:health-family-doctor:0"),
    ]


async def test_a_ukrainian_question_gets_a_ukrainian_answer_whatever_the_setting(app):
    chat = make_chat(app, lang="en")
    [reply] = await chat.say("Як записати дитину до школи?")
    entry = app.pack.by_id["children-school-enrolment"]
    assert reply.text == f"<b>{pick(entry.headline, 'uk')}</b>\n\n{pick(entry.body, 'uk')}"
    assert [text for text, _ in keyboard(reply)] == ["👍 Корисно", "👎 Не допомогло"]


async def test_an_unrelated_message_gets_the_honest_fallback_and_is_kept_for_staff(app, chat):
    [reply] = await chat.say("what is the weather on mars")
    assert reply.text == (
        "I am sorry, I do not have an answer to this yet. I have noted the question so that the "
        "team can add one.\n\nOr browse the questions by topic: /topics\n\n"
        + CONTACT_EN
        + "\n\n"
        + EMERGENCY_LINE_EN
    )
    assert reply.reply_markup is None  # no buttons the decision finds unlikely
    [kept] = await rows(app, UnansweredQuestion)
    assert (kept.text, kept.lang) == ("what is the weather on mars", "en")


async def test_a_message_of_no_letters_is_not_said_to_be_noted(app, chat):
    for nothing in ("12345", "#1"):
        [reply] = await chat.say(nothing)
        assert reply.text.startswith(
            "I am sorry, I do not have an answer to this.\n\nOr browse the questions by topic"
        )
    assert await rows(app, UnansweredQuestion) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Дякую!", "Будь ласка! Пишіть, коли матимете ще питання."),
        ("dyakuyu", "Будь ласка! Пишіть, коли матимете ще питання."),
        ("Спасибо большое!", "Будь ласка! Пишіть, коли матимете ще питання."),
        ("thank you so much", "You are welcome! Write to me whenever you have another question."),
        ("👍", "You are welcome! Write to me whenever you have another question."),
        (
            "Добрий день!",
            "Вітаю! Напишіть своє питання власними словами, наприклад: «як знайти сімейного "
            "лікаря?», або перегляньте питання за темами: /topics",
        ),
        (
            "Добрый вечер",
            "Вітаю! Напишіть своє питання власними словами, наприклад: «як знайти сімейного "
            "лікаря?», або перегляньте питання за темами: /topics",
        ),
        (
            "?",
            "Please write your question in words, for example “how do I find a family doctor?”, "
            "or browse the questions by topic: /topics",
        ),
        (
            "Hi there",
            "Hello! Write your question in your own words, for example “how do I find a family "
            "doctor?”, or browse the questions by topic: /topics",
        ),
        # A blind test of the console chat: "bye" and "так" got "I do not have an answer to
        # this yet" with the centre's contacts and the emergency numbers, and were kept.
        ("thanks, bye", "Goodbye! Write to me whenever you need help."),
        # Thanks passed on got buttons on family reunification and violence at home.
        (
            "my wife says thank you very much",
            "You are welcome! Write to me whenever you have another question.",
        ),
        ("муж говорит спасибо", "Будь ласка! Пишіть, коли матимете ще питання."),
        ("бувайте", "До побачення! Пишіть, коли знадобиться допомога."),
        ("пока", "До побачення! Пишіть, коли знадобиться допомога."),
        (
            "yes",
            "If the message above has buttons, please press one. Otherwise, write your question "
            "in your own words, or browse the questions by topic: /topics",
        ),
        (
            "так, дякую",
            "Якщо в повідомленні вище є кнопки, натисніть потрібну. Інакше напишіть своє питання "
            "власними словами або перегляньте питання за темами: /topics",
        ),
    ],
)
async def test_thanks_or_a_greeting_alone_is_answered_in_kind_and_not_kept(app, text, expected):
    # Once they got "I do not have an answer to this yet", and staff got "дякую" to answer.
    chat = make_chat(app, lang="en")
    [reply] = await chat.say(text)
    assert reply.text == expected
    assert await rows(app, UnansweredQuestion) == []


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("who are you?", "I am the newcomer centre's assistant."),
        ("хто ви", "Я помічник центру для новоприбулих."),
        ("кто вы?", "Я помічник центру для новоприбулих."),
    ],
)
async def test_who_are_you_is_answered_with_what_the_bot_does(app, text, first_line):
    # A blind test of the console chat: only function words, so nothing to match, and the
    # person got "I do not have an answer to this yet".
    chat = make_chat(app, lang="en")
    [reply] = await chat.say(text)
    intro, commands = reply.text.split("\n\n", 1)
    assert intro == first_line
    assert "/topics" in commands and "/ask" in commands
    assert await rows(app, UnansweredQuestion) == []


@pytest.mark.parametrize(
    "text",
    ["Добрий день, де знайти сімейного лікаря?", "Здравствуйте, подскажите, где найти врача?"],
)
async def test_a_greeting_before_a_question_still_gets_the_answer(chat, text):
    [reply] = await chat.say(text)
    assert reply.text.startswith("<b>Як зареєструватися в сімейного лікаря?</b>")


async def test_the_fallback_speaks_ukrainian_to_a_ukrainian_question(app):
    chat = make_chat(app, lang="en")
    [reply] = await chat.say("яка погода буде завтра")
    assert reply.text.startswith("На жаль, відповіді на це питання в мене поки немає.")
    assert (
        "Тут вам допоможе людина:\n<b>Центр для новоприбулих Гейвенпорта (демо)</b>" in reply.text
    )
    assert "Або перегляньте питання за темами: /topics" in reply.text


async def test_suggestions_are_buttons_and_choosing_one_shows_its_answer(app, chat, monkeypatch):
    never_sure(app.answers.matcher, monkeypatch)
    [reply] = await chat.say("family doctor")
    assert reply.text == (
        "I am not sure I understood. Did you mean one of these?\n\n" + EMERGENCY_LINE_EN
    )
    buttons = keyboard(reply)
    # The question is kept without the person, with what was offered; each button names it.
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.text == "family doctor"
    assert kept.shown_entry_ids.split() == [data.split(":")[1] for _, data in buttons[:-1]]
    picked = SuggestionChoice(id="health-family-doctor", asked=kept.id).pack()
    assert buttons[0] == ("How do I register with a family doctor?", picked)
    assert buttons[-1] == ("None of these: talk to a person", "contact")
    assert 2 <= len(buttons) <= 4
    requests = await chat.press(buttons[0][1])
    assert texts(requests) == [DOCTOR_EN]
    # The pick is learned from once: a second tap shows the answer and changes nothing.
    requests = await chat.press(buttons[0][1])
    assert texts(requests) == [DOCTOR_EN]
    [pair] = await rows(app, ConfirmedPair)
    assert (pair.text, pair.lang, pair.entry_id, pair.source) == (
        "family doctor",
        "en",
        "health-family-doctor",
        "pick",
    )
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.picked_entry_id == "health-family-doctor"
    requests = await chat.press(buttons[-1][1])
    assert texts(requests) == [CONTACT_EN]


async def test_a_pick_of_an_entry_not_offered_is_not_learned_from(app, chat, monkeypatch):
    never_sure(app.answers.matcher, monkeypatch)
    await chat.say("family doctor")
    [kept] = await rows(app, UnansweredQuestion)
    forged = SuggestionChoice(id="children-school-enrolment", asked=kept.id).pack()
    requests = await chat.press(forged)
    assert texts(requests)[0].startswith("<b>How do I enrol my child in school?</b>")
    assert await rows(app, ConfirmedPair) == []
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.picked_entry_id is None


async def test_a_rumour_offered_as_a_suggestion_says_it_is_one(app, monkeypatch):
    never_sure(app.answers.matcher, monkeypatch)
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("чи правда, що коли закінчиться тимчасовий захист, усіх депортують")
    claim = pick(app.pack.by_id["rumour-protection-ends"].headline, "uk")
    [kept] = await rows(app, UnansweredQuestion)
    button = SuggestionChoice(id="rumour-protection-ends", asked=kept.id).pack()
    assert ("Чутка: " + claim, button) in keyboard(reply)
    requests = await chat.press(button)
    assert texts(requests)[0].startswith(f"<b>Чутка:</b> <i>{claim}</i>\n\n")


@pytest.mark.parametrize(
    ("text", "lang"), [("поліція", "uk"), ("документи", "uk"), ("police", "en")]
)
async def test_one_word_gets_buttons_not_a_rumour_as_the_answer(app, text, lang):
    chat = make_chat(app, lang=lang)
    [reply] = await chat.say(text)
    assert not reply.text.startswith(("<b>Чутка:</b>", "<b>Rumour:</b>"))
    # The rumour stays a button beside the questions on the word.
    assert any("rumour-police-checks" in data for _, data in keyboard(reply))


async def test_a_claim_about_the_police_gets_the_rumour_s_answer(app):
    chat = make_chat(app, lang="en")
    [reply] = await chat.say("is it true that the police deport people without papers?")
    claim = pick(app.pack.by_id["rumour-police-checks"].headline, "en")
    assert reply.text.startswith(f"<b>Rumour:</b> <i>{claim}</i>\n\n")


async def test_feedback_is_stored_once_per_answer_without_the_person(app, chat):
    requests = await chat.press(Feedback(id="health-family-doctor", helpful=True).pack())
    assert [type(r) for r in requests] == [AnswerCallbackQuery, EditMessageReplyMarkup]
    assert requests[0].text == "Thank you for your feedback!"
    assert requests[1].reply_markup is None  # the buttons are gone: no second vote
    requests = await chat.press(Feedback(id="health-family-doctor", helpful=False).pack())
    assert texts(requests) == ["I am sorry this did not help.\n\n" + CONTACT_EN]
    votes = await rows(app, AnswerFeedback)
    assert [(v.entry_id, v.helpful, v.lang) for v in votes] == [
        ("health-family-doctor", True, "en"),
        ("health-family-doctor", False, "en"),
    ]
    assert not hasattr(votes[0], "telegram_id")


async def test_topics_then_a_topic_then_an_answer(app, chat):
    [reply] = await chat.say("/topics")
    assert reply.text == "Choose a topic:"
    buttons = keyboard(reply)
    assert len(buttons) == 10
    assert ("Health · 9 questions", "topic:health") in buttons
    [_, edit] = await chat.press(TopicChoice(topic="health").pack())
    assert isinstance(edit, EditMessageText) and edit.text == "<b>Health</b>"
    assert keyboard(edit)[0] == (
        "How do I register with a family doctor?",
        "entry:health-family-doctor",
    )
    assert keyboard(edit)[-1] == ("« All topics", "topic:")
    requests = await chat.press(EntryChoice(id="health-family-doctor").pack())
    assert texts(requests) == [DOCTOR_EN]
    [_, back] = await chat.press(TopicChoice(topic="").pack())
    assert back.text == "Choose a topic:" and len(keyboard(back)) == 10


async def test_ukrainian_topic_labels_use_ukrainian_plurals(app):
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("/topics")
    labels = [text for text, _ in keyboard(reply)]
    assert "Здоров'я · 9 питань" in labels
    assert "Мовні курси · 4 питання" in labels


async def test_forged_and_stale_buttons_get_a_polite_refusal_and_change_nothing(app, chat):
    for data in (
        "entry:no-such-entry",
        "entry:rumour-jobs",  # a rumour about newcomers: its response is for agents
        "fb:no-such-entry:1",
        "topic:no-such-topic",
        "lang:de",
        "%%garbage",
    ):
        requests = await chat.press(data)
        assert len(requests) == 1 and isinstance(requests[0], AnswerCallbackQuery), data
        assert requests[0].show_alert is True
        assert "no longer" in requests[0].text or "not available" in requests[0].text
    assert await rows(app, AnswerFeedback) == []
    assert await rows(app, User) == []


async def test_a_sticker_gets_a_polite_explanation(chat):
    [reply] = await chat.say(sticker=STICKER)
    assert (
        reply.text
        == "I can only read text. Please type your question in words, in Ukrainian or English."
    )


async def test_a_huge_message_is_answered_and_stored_truncated(app, chat):
    [reply] = await chat.say("zzz " * 5000)
    assert reply.text.startswith("I am sorry, I do not have an answer to this yet.")
    [kept] = await rows(app, UnansweredQuestion)
    assert len(kept.text) == app.settings.max_message_chars


STORY = (
    "Hello, I arrived here three weeks ago with my two children after a very long journey. "
    "We stayed with friends at first, then moved to a small room that a volunteer found for us. "
) * 6


async def test_the_question_at_the_end_of_a_long_story_is_read(app, chat):
    story = STORY + "So my question is: how do I get my foreign diploma recognised?"
    assert len(story) > app.settings.max_message_chars
    [reply] = await chat.say(story)
    # Cut at its first 1000 characters it asked nothing: now its question is among the
    # buttons (the story's words keep the matcher from being sure, issue 19).
    entry = app.pack.by_id["work-qualifications"]
    assert pick(entry.headline, "en") in [text for text, _ in keyboard(reply)]


async def test_a_danger_said_late_in_a_long_story_is_answered_first(app, chat):
    story = STORY * 3 + "Tonight he said he will kill me and the children."
    assert len(story) > 3 * app.settings.max_message_chars
    [reply] = await chat.say(story)
    assert reply.text.startswith("🆘 <b>If you or someone else is in danger, call 112 now.</b>")


async def test_an_unknown_command_points_to_help(chat):
    [reply] = await chat.say("/weather")
    assert reply.text == "I do not know this command. Send /help to see what I can do."


async def test_group_chats_are_ignored(chat):
    assert await chat.say("family doctor", chat=Chat(id=-100, type="supergroup")) == []


async def test_forget_deletes_the_user(app):
    chat = make_chat(app, user_id=9)
    await chat.press(LanguageChoice(code="en").pack())
    assert len(await rows(app, User)) == 1
    [reply] = await chat.say("/forget")
    assert keyboard(reply) == [("Yes, delete my data", "forget:1"), ("No, keep it", "forget:0")]
    requests = await chat.press(ForgetChoice(confirm=False).pack())
    assert texts(requests) == ["Nothing was deleted."]
    assert len(await rows(app, User)) == 1
    requests = await chat.press(ForgetChoice(confirm=True).pack())
    assert texts(requests) == [
        "Done: your data is deleted. Send /start if you want to begin again."
    ]
    assert await rows(app, User) == []


async def test_a_failure_inside_a_handler_gets_an_apology_in_the_user_s_language(app, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(app.answers, "ask", broken)
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("де знайти лікаря")
    assert (
        reply.text == "Вибачте, у нас щось пішло не так. Спробуйте, будь ласка, ще раз за хвилину."
    )


async def test_an_update_type_the_bot_does_not_handle_is_ignored(chat):
    from datetime import UTC, datetime

    from aiogram.types import Chat, Message, Update

    channel = Chat(id=-100_777, type="channel", title="news")
    post = Message(message_id=5, date=datetime.now(UTC), chat=channel, text="x")
    assert await chat.feed(Update(update_id=999, channel_post=post)) == []


async def test_a_topic_title_is_escaped_in_html(app, chat, monkeypatch):
    topic = app.pack.topic("health")
    titled = topic.model_copy(update={"title": {"en": "Health & <care>", "uk": "Здоров'я"}})
    topics = [titled if t is topic else t for t in app.pack.topics]
    monkeypatch.setattr(app.pack, "topics", topics)  # the pack is shared: undone afterwards
    [_, edit] = await chat.press(TopicChoice(topic="health").pack())
    assert edit.text == "<b>Health &amp; &lt;care&gt;</b>"


async def test_an_edited_question_is_asked_to_be_sent_again(app):
    chat = make_chat(app, user_id=4545, lang="uk")
    await chat.press(LanguageChoice(code="uk").pack())
    await chat.say("як знайти сімейного лікря")
    [reply] = await chat.edit(1, "як знайти сімейного лікаря")
    assert reply.text == (
        "Я читаю лише нові повідомлення, а не зміни в попередніх. Надішліть, будь ласка, "
        "виправлений текст новим повідомленням."
    )
    assert "edited_message" in chat.dispatcher.resolve_used_update_types()


async def test_the_words_under_a_photo_are_answered(chat):
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=10, height=10)]
    [reply] = await chat.say(photo=photo, caption="how do I register with a family doctor")
    assert reply.text.startswith("<b>How do I register with a family doctor?</b>")
    [plain] = await chat.say(photo=photo)
    assert plain.text == (
        "I can only read text. Please type your question in words, in Ukrainian or English."
    )


@pytest.mark.parametrize("caption", ["what is this?", "що це?"])
async def test_the_words_under_a_photo_are_never_small_talk(app, caption):
    # "What is this?" under a photo of a letter asks about the letter: it got the bot's
    # introduction, and no way to a person.
    chat = make_chat(app, lang="en")
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=10, height=10)]
    [reply] = await chat.say(photo=photo, caption=caption)
    assert "newcomer centre's assistant" not in reply.text
    assert "помічник центру" not in reply.text
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.text == caption


async def test_a_live_location_moving_is_no_edit_to_answer(app):
    """A live location shared for an hour arrives as an edit every few seconds: no reply, and
    it does not use up the person's flood limit."""
    chat = make_chat(app, user_id=4646)
    await chat.press(LanguageChoice(code="en").pack())
    for n in range(25):
        here = Location(latitude=59.43 + n / 1000, longitude=24.75, live_period=3600)
        assert await chat.edit(1, location=here) == []
    [answer] = await chat.say("how do I register with a family doctor")
    assert answer.text.startswith("<b>How do I register with a family doctor?</b>")
