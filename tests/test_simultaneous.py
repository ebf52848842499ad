"""Many people at once, with a Bot API that takes as long as Telegram's: no update is lost."""

import asyncio

import sqlalchemy as sa
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, SendMessage
from aiogram.types import User as TelegramUser
from sqlmodel import select

from welcomebot.delivery.outbox import Outbox
from welcomebot.services.roles import Invitations
from welcomebot.services.roster import Roster
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.models import (
    Interest,
    Invite,
    RumourReport,
    UnansweredQuestion,
    User,
    utcnow,
)
from welcomebot.storage.repositories import InviteRepository, UserRepository
from welcomebot.telegram.callbacks import ContextChoice, LanguageChoice, SubscriptionToggle
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession

from .fakes.chats import make_chat, rows

PEOPLE = 100
AGENTS = 25  # of them, who join by an invite link and report a rumour
API_SECONDS = 0.05
TOPIC = "topic.health"
RUMOUR = "Refugees get more benefits than local people."


async def newcomer(chat: LocalChat) -> None:
    await chat.say("/start")
    await chat.press(LanguageChoice(code="uk").pack())
    await chat.press(SubscriptionToggle(interest=TOPIC).pack())


async def agent(chat: LocalChat, code: str) -> None:
    await chat.say(f"/start {code}")
    await chat.say("/report")
    await chat.say(RUMOUR)
    await chat.press(ContextChoice(field="place", option=0).pack())


async def test_a_hundred_people_at_once_all_get_their_replies_and_rows(app):
    async with app.sessions() as session:
        roster = Roster(AgentRepository(session), UserRepository(session), app.settings.zone)
        invitations = Invitations(InviteRepository(session), roster, days=14)
        codes = [(await invitations.create(utcnow())).code for _ in range(AGENTS)]
        await session.commit()
    session = LocalSession(latency=API_SECONDS)
    bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, session)
    dispatcher = build_dispatcher(app)
    chats = [
        LocalChat(
            dispatcher,
            bot,
            TelegramUser(id=5000 + n, is_bot=False, first_name="P", language_code="uk"),
        )
        for n in range(PEOPLE)
    ]
    await asyncio.gather(
        *(newcomer(chat) for chat in chats[AGENTS:]),
        *(agent(chat, code) for chat, code in zip(chats, codes, strict=False)),
    )

    sent: dict[int, list[str]] = {}
    for request in session.sent(SendMessage):
        sent.setdefault(int(request.chat_id), []).append(request.text)
    answers = [r.text for r in session.sent(AnswerCallbackQuery)]
    assert not [t for t in [*answers, *sum(sent.values(), [])] if t and "Вибачте" in t]
    for chat in chats[AGENTS:]:
        assert [t.split("\n")[0] for t in sent[chat.person.id]] == [
            "Вітаю! Я помічник центру для новоприбулих. Оберіть, будь ласка, мову:",
            "Готово: відповідатиму українською.",
        ]
    for chat in chats[:AGENTS]:
        said = sent[chat.person.id]
        assert said[0].startswith(
            "Вітаємо в команді протидії чуткам! Щойно почуєте чутку, надішліть /report.\n\n"
            "Під яким ім'ям вас бачитиме команда центру в списку агентів?"
        )
        # The rumour was told in English, so the whole report flow keeps to English.
        assert said[2].startswith("<b>Rumour:</b> <i>Refugees get more benefits")
        assert said[3:] == ["Where did you hear it?", "In which district?"]
    assert answers.count("Збережено.") == PEOPLE - AGENTS
    assert len(session.sent(EditMessageReplyMarkup)) >= PEOPLE - AGENTS

    users = {u.telegram_id: u for u in await rows(app, User)}
    assert sorted(users) == [chat.person.id for chat in chats]
    assert {users[c.person.id].role for c in chats[:AGENTS]} == {"agent"}
    interests = {(i.telegram_id, i.name) for i in await rows(app, Interest)}
    assert {(c.person.id, TOPIC) for c in chats[AGENTS:]} <= interests
    reports = await rows(app, RumourReport)
    assert len(reports) == AGENTS and {r.place for r in reports} == {"street"}
    async with app.sessions() as db:
        assert all((await db.exec(select(Invite.used))).all())


async def test_someone_back_after_blocking_the_bot_gets_the_honest_fallback(app):
    """Marking them active again is committed at once: a write kept open would hold SQLite's
    lock from the unanswered question's own transaction, which waits for it in vain."""
    chat = make_chat(app, user_id=41, lang="uk")
    await chat.press(LanguageChoice(code="uk").pack())
    async with app.sessions() as db:
        await Outbox(db).deactivate(41, utcnow())  # as the worker does on a 403
        await db.commit()
    app.profiles.cache.drop(41)
    [reply] = await chat.say("what is the weather on mars")
    assert reply.text.startswith("I am sorry, I do not have an answer to this yet.")
    [kept] = await rows(app, UnansweredQuestion)
    assert kept.text == "what is the weather on mars"
    assert [u.active for u in await rows(app, User)] == [True]


async def test_a_reply_goes_out_only_once_what_it_confirms_is_committed(app):
    """Read from another connection the moment each reply is sent, as another update would."""
    observer = sa.create_engine(app.settings.sync_database_url, poolclass=sa.pool.NullPool)
    stored_when_replying: list[list[tuple[int, str]]] = []

    def look(method: object, _result: object) -> None:
        if isinstance(method, SendMessage):
            with observer.connect() as connection:
                found = connection.execute(sa.text("SELECT telegram_id, language FROM users"))
                stored_when_replying.append([tuple(row) for row in found])

    bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, LocalSession(on_request=look))
    person = TelegramUser(id=8, is_bot=False, first_name="P", language_code="en")
    chat = LocalChat(build_dispatcher(app), bot, person)
    await chat.press(LanguageChoice(code="uk").pack())
    observer.dispose()
    assert stored_when_replying == [[(8, "uk")]]
