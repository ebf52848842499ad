"""/start with a payload, /help for each role, and what needs a language chosen first,
through the real Dispatcher."""

from aiogram.methods import SendMessage

from welcomebot.storage.models import Invite, Signup, User
from welcomebot.telegram.callbacks import (
    DistrictChoice,
    EventAction,
    LanguageChoice,
    SubscriptionToggle,
    Unsubscribe,
)

from .conftest import STAFF_ID, STALE, make_chat, rows
from .test_agents import make_agent
from .test_buttons import add_event

GREETING = "Hello! I am the newcomer centre's assistant. Please choose your language:"
NOT_VALID = "This invite link is not valid any more. Ask the centre for a new one."
EVERYONE_EN = "/timezone: the time zone dates are shown in\n/cancel: stop a form you have started"
AGENTS_EN = "For anti-rumour agents:\n/report: tell what rumour you heard"
STAFF_EN = "For the centre's staff:\n/newevent: create an event"
FIRST = "Please choose your language first: send /start."


def sent(requests) -> list[SendMessage]:
    return [r for r in requests if isinstance(r, SendMessage)]


async def test_a_poster_s_deep_link_is_a_plain_start(app):
    chat = make_chat(app)
    for payload in ("poster", "poster-riverside-2026", "qr_1"):
        [reply] = await chat.say(f"/start {payload}")
        assert reply.text == GREETING, payload
        assert reply.reply_markup is not None  # the language buttons
    assert await rows(app, User) == []  # nothing stored, no agent made


async def test_only_a_payload_shaped_like_an_invite_code_is_told_it_is_not_valid(staffed):
    [reply] = await make_chat(staffed).say("/start AAAAAAAAAAAAAAAA")  # 16 characters, unknown
    assert reply.text == NOT_VALID
    # A real code, used once, is refused the second time: not greeted as a plain /start.
    await make_agent(staffed)
    [invite] = await rows(staffed, Invite)
    [again] = await make_chat(staffed, user_id=77).say(f"/start {invite.code}")
    assert again.text == NOT_VALID


async def test_help_shows_a_newcomer_only_everyone_s_commands(app):
    [reply] = await make_chat(app).say("/help")
    assert reply.text.startswith("Write your question in your own words")
    assert EVERYONE_EN in reply.text
    assert "/report" not in reply.text and "/newevent" not in reply.text


async def test_help_shows_an_agent_their_commands_and_staff_all_of_theirs(staffed):
    agent = await make_agent(staffed)
    [reply] = sent(await agent.say("/help"))
    assert EVERYONE_EN in reply.text and AGENTS_EN in reply.text
    assert "/newevent" not in reply.text
    [reply] = sent(await make_chat(staffed, user_id=STAFF_ID).say("/help"))
    assert EVERYONE_EN in reply.text and AGENTS_EN in reply.text and STAFF_EN in reply.text
    assert reply.text.endswith(
        "/gaps: groups of questions without a sure answer\n"
        "/stats: statistics without personal data, and their weekly trend\n"
        "/invites: invite links not used yet, to cancel one\n"
        "/agents: the anti-rumour agents, to revoke or restore one"
    )


async def test_help_in_ukrainian_after_choosing_the_language_follows_the_role(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID, lang="uk")
    [_, done] = await staff.press(LanguageChoice(code="uk").pack())
    assert done.text.startswith("Готово: відповідатиму українською.")
    assert "/timezone — часовий пояс, у якому показано дати" in done.text
    assert "Для працівників центру:\n/newevent — створити подію" in done.text
    [reply] = await make_chat(staffed, user_id=88, lang="uk").say("/help")
    assert "/cancel — зупинити розпочату форму, нічого не зберігаючи" in reply.text
    assert "Для агентів протидії чуткам" not in reply.text


async def test_what_keeps_something_of_a_person_asks_them_to_choose_a_language_first(app):
    event_id = await add_event(app)
    chat = make_chat(app)  # has not chosen a language: nothing of them is stored
    for command in ("/subscriptions", "/timezone", "/timezone Europe/Kyiv"):
        [reply] = await chat.say(command)
        assert reply.text == FIRST, command
    for data in (
        SubscriptionToggle(interest="news").pack(),
        DistrictChoice(option=-1).pack(),
        EventAction(action="join", id=event_id).pack(),
        EventAction(action="leave", id=event_id).pack(),
    ):
        [alert] = await chat.press(data)
        assert (alert.text, alert.show_alert) == (FIRST, True), data
    # A stale button is stale for them too; the calendar and unsubscribing need nobody stored.
    [alert] = await chat.press(EventAction(action="join", id=event_id + 1).pack())
    assert alert.text == STALE
    [alert, document] = await chat.press(EventAction(action="ics", id=event_id).pack())
    assert document.document.filename == f"event-{event_id}.ics"
    [alert, _] = await chat.press(Unsubscribe(interest="news").pack())
    assert alert.text.startswith("Done: you will not get")
    assert await rows(app, User) == [] and await rows(app, Signup) == []
