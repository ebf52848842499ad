"""People talking to the real Dispatcher through the recording LocalSession, and the replies
that several test modules expect."""

from aiogram.methods import SendMessage
from aiogram.types import Sticker, User
from sqlmodel import select

from welcomebot.app import App
from welcomebot.telegram.callbacks import (
    AgentNaming,
    AudienceStep,
    BroadcastAction,
    LanguageChoice,
)
from welcomebot.telegram.dispatcher import build_bot, build_dispatcher
from welcomebot.telegram.local import LOCAL_TOKEN, LocalChat, LocalSession

STAFF_ID = 500
# Something a person sends that is not words.
STICKER = Sticker(
    file_id="s",
    file_unique_id="s",
    type="regular",
    width=1,
    height=1,
    is_animated=False,
    is_video=False,
)
# Real-sized Telegram ids: a short one like 600 turns up by chance inside a hex digest.
AGENT_ID = 5_812_304_967

# The one reply to a button no handler acts on: stale, forged, or from a group chat.
STALE = "This button no longer works. Please send /topics or type your question."
STALE_UK = "Ця кнопка більше не працює. Надішліть /topics або напишіть своє питання."
REFUSAL = (
    "Sorry, this is only for anti-rumour agents. If you would like to become one, ask the "
    "newcomer centre."
)
CONTACT_EN = (
    "A person can help you here:\n<b>Havenport Newcomer Centre (demo)</b>\n"
    "12 Harbour Street (placeholder address), Mon–Fri 9:00–17:00\n"
    "Phone: +00 000 000 000 (placeholder)\nEmail: hello@newcomers.example"
)
EMERGENCY_LINE_EN = (
    "🆘 In danger? Emergency (ambulance, police, fire) 112 · Crisis line, 24 hours "
    "+00 000 000 002 · Domestic violence helpline, 24 hours +00 000 000 003"
)


def make_chat(
    app: App, user_id: int = 1001, lang: str | None = "en", first_name: str = "Olena"
) -> LocalChat:
    bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, LocalSession())
    person = User(id=user_id, is_bot=False, first_name=first_name, language_code=lang)
    return LocalChat(build_dispatcher(app), bot, person)


async def person(app: App, user_id: int = 1001, lang: str = "en") -> LocalChat:
    """A chat whose person has chosen their language (and so is stored)."""
    chat = make_chat(app, user_id=user_id, lang=lang)
    await chat.press(LanguageChoice(code=lang).pack())
    return chat


async def rows(app: App, model: type) -> list:
    async with app.sessions() as session:
        return list((await session.exec(select(model))).all())


def sent(requests) -> list[SendMessage]:
    return [r for r in requests if isinstance(r, SendMessage)]


def keyboard(request) -> list[tuple[str, str]]:
    return [(b.text, b.callback_data) for row in request.reply_markup.inline_keyboard for b in row]


async def make_agent(app: App, user_id: int = AGENT_ID, lang: str = "en", staff_id: int = STAFF_ID):
    """An anti-rumour agent, invited by staff_id through /invite and its /start link."""
    staff = make_chat(app, user_id=staff_id)
    [link] = sent(await staff.say("/invite"))
    code = link.text.rsplit("start=", 1)[1]
    agent = make_chat(app, user_id=user_id, lang=lang)
    [welcome] = sent(await agent.say(f"/start {code}"))
    assert welcome.text.startswith(
        (
            "Welcome to the anti-rumour team! Whenever you hear a rumour, send /report.",
            "Вітаємо в команді протидії чуткам! Щойно почуєте чутку, надішліть /report.",
        )
    )
    await agent.press(AgentNaming(choice="skip").pack())  # shown as "Agent <number>"
    return agent


async def broadcast_now(staff: LocalChat, text_en: str, text_uk: str) -> None:
    """Staff send an announcement to everyone, now."""
    await staff.say("/broadcast")
    await staff.say(text_en)
    await staff.say(text_uk)
    await staff.press(AudienceStep(field="done").pack())
    await staff.press(BroadcastAction(action="now").pack())
