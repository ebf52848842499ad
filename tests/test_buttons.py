"""Buttons as Telegram really delivers them: tapped twice, on messages the bot can no longer
reach, forged, or pressed in a group; through the real Dispatcher and the strict local Bot API."""

from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.types import Chat, InaccessibleMessage, Message

from welcomebot.storage.models import (
    AnswerFeedback,
    Broadcast,
    Event,
    Interest,
    RumourReport,
    Signup,
    User,
    utcnow,
)
from welcomebot.telegram.api_rules import NOT_MODIFIED
from welcomebot.telegram.callbacks import (
    AudienceStep,
    BroadcastAction,
    ContextChoice,
    DistrictChoice,
    EventAction,
    Feedback,
    ForgetChoice,
    ReportPick,
    SubscriptionToggle,
    TopicChoice,
    Unsubscribe,
)
from welcomebot.telegram.local import BOT_USER

from .fakes.chats import REFUSAL, STAFF_ID, STALE, make_agent, make_chat, person, rows
from .fakes.matching import never_sure

APOLOGY = "Sorry, something went wrong on our side. Please try again in a minute."


def kinds(requests) -> list[type]:
    return [type(r) for r in requests]


def sent_texts(requests) -> list[str]:
    return [r.text for r in requests if isinstance(r, SendMessage)]


def out_of_reach(chat) -> InaccessibleMessage:
    """A message deleted, or too old for the bot to reach: Telegram sends it with date 0."""
    return InaccessibleMessage(chat=chat.chat, message_id=chat.session.next_message_id())


async def add_event(app, audience=None) -> int:
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    event = Event(
        title={"en": "Language café"},
        description={},
        place={},
        starts=starts,
        timezone="Europe/Tallinn",
        audience=audience or {},
    )
    async with app.sessions() as session:
        session.add(event)
        await session.commit()
        return event.id


def last_reply(chat) -> Message:
    """The bot's last message, as the person's client holds it (buttons and all)."""
    return chat.session.replies[-1]


# -- 1. a second tap, or a choice already shown: Telegram's "message is not modified" --------


async def test_a_second_tap_on_sign_up_signs_up_once_and_is_no_error(app):
    olena = await person(app)
    event_id = await add_event(app)
    await olena.say("/events")
    card = last_reply(olena)
    join = EventAction(action="join", id=event_id).pack()
    await olena.press(join, card)
    again = await olena.press(join, card)  # the client still shows "Sign up"
    assert kinds(again) == [AnswerCallbackQuery]
    assert again[0].text == "You are signed up. I will remind you before it starts."
    assert [why for _, why in olena.session.refused] == [NOT_MODIFIED]
    assert len(await rows(app, Signup)) == 1


async def test_a_second_tap_on_a_feedback_button_counts_one_vote(app, chat):
    await chat.say("how do i register with a family doctor")
    answer = last_reply(chat)
    vote = Feedback(id="health-family-doctor", helpful=False).pack()
    first = await chat.press(vote, answer)
    assert sent_texts(first)[0].startswith("I am sorry this did not help.")
    again = await chat.press(vote, answer)
    assert kinds(again) == [AnswerCallbackQuery]
    assert again[0].text == "Thank you for your feedback!"
    assert len(await rows(app, AnswerFeedback)) == 1


async def test_a_second_tap_on_a_topic_shows_it_once_without_error(chat):
    await chat.say("/topics")
    menu = last_reply(chat)
    health = TopicChoice(topic="health").pack()
    [_, shown] = await chat.press(health, menu)
    assert isinstance(shown, EditMessageText) and shown.text == "<b>Health</b>"
    again = await chat.press(health, menu)
    assert kinds(again) == [AnswerCallbackQuery] and again[0].text is None


async def test_choosing_the_district_already_chosen_just_says_saved(app):
    olena = await person(app)
    await olena.say("/subscriptions")
    menu = last_reply(olena)
    # "No district" is what a new person has: the menu already shows it.
    requests = await olena.press(DistrictChoice(option=-1).pack(), menu)
    assert kinds(requests) == [AnswerCallbackQuery] and requests[0].text == "Saved."
    harbour = DistrictChoice(option=1).pack()
    await olena.press(harbour, menu)
    again = await olena.press(harbour, menu)
    assert kinds(again) == [AnswerCallbackQuery] and again[0].text == "Saved."
    [user] = await rows(app, User)
    assert user.district == "Harbour"


async def test_a_second_tap_on_yes_delete_my_data_says_done_once(app):
    olena = await person(app)
    await olena.say("/forget")
    question = last_reply(olena)
    yes = ForgetChoice(confirm=True).pack()
    first = await olena.press(yes, question)
    assert sent_texts(first) == [
        "Done: your data is deleted. Send /start if you want to begin again."
    ]
    again = await olena.press(yes, question)
    assert kinds(again) == [AnswerCallbackQuery]
    assert await rows(app, User) == []


# -- 2. buttons on messages the bot can no longer reach ---------------------------------------


async def test_feedback_on_an_unreachable_message_is_kept_and_answered_below(app, chat):
    requests = await chat.press(
        Feedback(id="health-family-doctor", helpful=False).pack(), out_of_reach(chat)
    )
    assert kinds(requests) == [AnswerCallbackQuery, SendMessage]
    assert requests[1].text.startswith("I am sorry this did not help.")
    [vote] = await rows(app, AnswerFeedback)
    assert (vote.entry_id, vote.helpful) == ("health-family-doctor", False)


async def test_a_topic_on_an_unreachable_message_comes_as_a_new_message(chat):
    requests = await chat.press(TopicChoice(topic="health").pack(), out_of_reach(chat))
    assert kinds(requests) == [AnswerCallbackQuery, SendMessage]
    assert requests[1].text == "<b>Health</b>"
    assert requests[1].reply_markup.inline_keyboard[-1][0].callback_data == "topic:"
    back = await chat.press(TopicChoice(topic="").pack(), out_of_reach(chat))
    assert sent_texts(back) == ["Choose a topic:"]


async def test_subscription_buttons_on_an_unreachable_message_still_save(app):
    olena = await person(app)
    requests = await olena.press(SubscriptionToggle(interest="news").pack(), out_of_reach(olena))
    assert kinds(requests) == [AnswerCallbackQuery] and requests[0].text == "Saved."
    await olena.press(DistrictChoice(option=2).pack(), out_of_reach(olena))
    await olena.press(Unsubscribe(interest="events").pack(), out_of_reach(olena))
    assert await rows(app, Interest) == []  # news off by the toggle, events by unsubscribing
    [user] = await rows(app, User)
    assert user.district == "Riverside"


async def test_sign_up_and_calendar_on_an_unreachable_message(app):
    olena = await person(app)
    event_id = await add_event(app)
    requests = await olena.press(
        EventAction(action="join", id=event_id).pack(), out_of_reach(olena)
    )
    assert kinds(requests) == [AnswerCallbackQuery]
    assert len(await rows(app, Signup)) == 1
    requests = await olena.press(EventAction(action="ics", id=event_id).pack(), out_of_reach(olena))
    assert kinds(requests) == [AnswerCallbackQuery, SendDocument]


async def test_forgetting_from_an_unreachable_message_deletes_the_data(app):
    olena = await person(app)
    requests = await olena.press(ForgetChoice(confirm=True).pack(), out_of_reach(olena))
    assert sent_texts(requests) == [
        "Done: your data is deleted. Send /start if you want to begin again."
    ]
    assert await rows(app, User) == []


async def test_a_report_goes_on_from_unreachable_messages(staffed, monkeypatch):
    never_sure(staffed.reporting.matcher, monkeypatch)
    agent = await make_agent(staffed)
    await agent.say("/report")
    await agent.say("refugees take jobs")
    requests = await agent.press(ReportPick(rumour="rumour-jobs").pack(), out_of_reach(agent))
    assert sent_texts(requests)[-1] == "Where did you hear it?"
    requests = await agent.press(ContextChoice(field="place", option=0).pack(), out_of_reach(agent))
    assert sent_texts(requests) == ["In which district?"]
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.place) == ("rumour-jobs", "street")


async def test_staff_buttons_on_unreachable_messages(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    await staff.say("/broadcast")
    await staff.say("The centre is closed tomorrow.")
    await staff.say("-")
    requests = await staff.press(AudienceStep(field="roles").pack(), out_of_reach(staff))
    assert sent_texts(requests)[0].startswith("Who should get it?")
    requests = await staff.press(AudienceStep(field="done").pack(), out_of_reach(staff))
    assert sent_texts(requests)[-1].startswith("Preview: this goes to")
    requests = await staff.press(BroadcastAction(action="later").pack(), out_of_reach(staff))
    assert sent_texts(requests)[0].startswith("When should it go out?")
    await staff.say("01.06.2099 10:00")
    requests = await staff.press(BroadcastAction(action="drop", id=1).pack(), out_of_reach(staff))
    assert requests[0].text == "Broadcast #1 is cancelled: it will not go out."
    [broadcast] = await rows(staffed, Broadcast)
    assert broadcast.state == "cancelled"
    event_id = await add_event(staffed)
    requests = await staff.press(
        EventAction(action="keep", id=event_id).pack(), out_of_reach(staff)
    )
    assert sent_texts(requests) == ["Nothing was changed."]
    requests = await staff.press("bar:4:district", out_of_reach(staff))
    assert SendPhoto in kinds(requests)


async def test_publishing_an_event_from_an_unreachable_preview(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    day = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")
    for text in ("/newevent", "Picnic", "-", f"{day} 12:00", "-", "-", "Park", "-", "-", "-"):
        await staff.say(text)
    await staff.press(AudienceStep(field="done").pack())
    requests = await staff.press(EventAction(action="quiet").pack(), out_of_reach(staff))
    assert sent_texts(requests) == ["Published: event #1. People find it with /events."]
    assert EditMessageReplyMarkup not in kinds(requests)


# -- a failure after the button was answered still gets its apology --------------------------


async def test_a_failure_after_the_button_was_answered_is_apologised_for_in_the_chat(
    app, monkeypatch
):
    olena = await person(app)

    def broken(*args, **kwargs):
        raise RuntimeError("the menu cannot be drawn")

    monkeypatch.setattr("welcomebot.telegram.announcements.subscriptions", broken)
    requests = await olena.press(SubscriptionToggle(interest="news").pack())
    assert [r.text for r in requests if isinstance(r, AnswerCallbackQuery)] == ["Saved."]
    assert sent_texts(requests) == [APOLOGY]


# -- 4, 7, 10, 14a: data no button of ours carries, or not for this person -------------------


@pytest.mark.parametrize(
    "data",
    [
        "ev:join:99999999999999999999",  # past any database integer
        "ev:join:3000000000",  # past PostgreSQL's INTEGER, the events' id column
        "ev:ics:-1",
        "ev:bogus:1",
        "bc:drop:99999999999999999999",
        "ctx:bogus:0",
        "aud:bogus",
    ],
)
async def test_forged_button_data_gets_the_stale_button_reply(staffed, data):
    staff = make_chat(staffed, user_id=STAFF_ID)
    for text in ("/broadcast", "The centre is closed tomorrow.", "-"):
        await staff.say(text)  # now choosing the audience: its buttons are taken and checked
    [alert] = await staff.press(data)
    assert isinstance(alert, AnswerCallbackQuery) and alert.text == STALE and alert.show_alert
    assert await rows(staffed, Signup) == []


async def test_an_unknown_context_field_in_an_agent_s_report_is_refused(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report")
    await agent.say("Refugees get more benefits than local people.")
    [alert] = await agent.press("ctx:bogus:0")
    assert alert.text == STALE
    requests = await agent.press(ContextChoice(field="place", option=0).pack())
    assert sent_texts(requests) == ["In which district?"]  # the report goes on


async def test_newcomers_cannot_open_agents_arguments_by_a_forged_button(app):
    newcomer = make_chat(app, user_id=77)
    [alert] = await newcomer.press("arg:rumour-jobs:data:en")
    assert alert.text == REFUSAL and alert.show_alert


async def test_newcomers_cannot_vote_on_an_answer_they_are_never_shown(app, chat):
    [alert] = await chat.press(Feedback(id="rumour-jobs", helpful=True).pack())
    assert alert.text == "This answer is no longer available. Please ask again."
    assert await rows(app, AnswerFeedback) == []


async def test_an_event_for_agents_cannot_be_joined_or_downloaded_by_a_newcomer(staffed):
    event_id = await add_event(staffed, audience={"roles": ["agent"]})
    newcomer = await person(staffed, user_id=78)
    [listing] = await newcomer.say("/events")
    assert listing.text == "There are no upcoming events right now. Please look again later."
    for action in ("join", "ics"):
        [alert] = await newcomer.press(EventAction(action=action, id=event_id).pack())
        assert alert.text == STALE, action
    assert await rows(staffed, Signup) == []
    agent = await make_agent(staffed)
    requests = await agent.press(EventAction(action="join", id=event_id).pack())
    assert requests[0].text == "You are signed up. I will remind you before it starts."
    assert [s.telegram_id for s in await rows(staffed, Signup)] == [agent.person.id]


async def test_a_button_pressed_in_a_group_is_answered_only_to_whoever_pressed_it(app, chat):
    group = Message(
        message_id=chat.session.next_message_id(),
        date=datetime.now(UTC),
        chat=Chat(id=-100123, type="supergroup"),
        from_user=BOT_USER,
        text="…",
    )
    for data in (TopicChoice(topic="health").pack(), "contact", "forget:1"):
        requests = await chat.press(data, group)
        assert kinds(requests) == [AnswerCallbackQuery], data
        assert requests[0].text == STALE
