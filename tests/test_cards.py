"""Campaign cards: /card through the real Dispatcher, the picture in both languages with its
text to forward, and a card broadcast to the agents through the delivery queue."""

import io
from html import unescape

from aiogram.methods import AnswerCallbackQuery, SendMessage, SendPhoto
from PIL import Image

from welcomebot.content.models import pick
from welcomebot.services.cards import SIZE, Labels, card_of, kinds, plain_text, render
from welcomebot.storage.models import AuditEntry, Broadcast, Delivery, utcnow
from welcomebot.telegram.callbacks import CardChoice, CardRumour, CardShare

from .fakes.chats import (
    AGENT_ID,
    REFUSAL,
    STAFF_ID,
    STALE,
    STALE_UK,
    keyboard,
    make_agent,
    make_chat,
    person,
    rows,
    sent,
)
from .fakes.delivery import Outbound

STAFF_ONLY = "Sorry, this is only for the centre's staff."
SEND = CardShare(rumour="rumour-jobs", kind="data", act="send").pack()


def picture(request: SendPhoto) -> Image.Image:
    return Image.open(io.BytesIO(request.photo.data))


async def test_an_agent_makes_a_card_in_english_and_in_ukrainian(staffed):
    agent = await make_agent(staffed)
    [offer] = await agent.say("/card newcomers take our jobs")
    assert offer.text == (
        "A campaign card against the rumour “Newcomers take our jobs”. Which kind of argument "
        "should it carry?"
    )
    # A button per kind the rumour has, then the same card in the other language.
    assert keyboard(offer) == [
        ("📊 Data", "card:rumour-jobs:data:en"),
        ("⚖️ Point out a contradiction", "card:rumour-jobs:contradiction:en"),
        ("🗣️ Personal experience", "card:rumour-jobs:experience:en"),
        ("🌐 Українською", "cr:rumour-jobs:uk"),
    ]
    _answer, photo, text = await agent.press(
        CardChoice(rumour="rumour-jobs", kind="data", lang="en").pack()
    )
    assert isinstance(photo, SendPhoto) and photo.photo.filename == "card-rumour-jobs-data-en.png"
    assert picture(photo).size == SIZE == (1080, 1350)
    assert isinstance(text, SendMessage) and text.reply_markup is None  # sharing is for staff
    assert unescape(text.text) == (
        "❌ Rumour: “Newcomers take our jobs”\n\n"
        "✅ The facts: Newcomers mostly fill jobs employers struggle to fill, and they create "
        "work too: they rent, shop and pay taxes. The number of jobs is not fixed, so a "
        "newcomer's job is not one taken from someone else.\n\n"
        "💬 Data: OECD studies find that, overall, immigration has little effect on the "
        "employment of people born in the country.\n\n"
        "Source: OECD International Migration Outlook\n\n"
        "— Havenport Newcomer Centre (demo)"
    )

    [offer_uk] = sent(await agent.press(CardRumour(rumour="rumour-jobs", lang="uk").pack()))
    assert offer_uk.text == (
        "Картка кампанії проти чутки «Новоприбулі забирають у нас роботу». Який аргумент на "
        "ній розмістити?"
    )
    assert keyboard(offer_uk)[0] == ("📊 Дані", "card:rumour-jobs:data:uk")
    assert keyboard(offer_uk)[-1] == ("🌐 In English", "cr:rumour-jobs:en")
    _answer, photo, text = await agent.press(
        CardChoice(rumour="rumour-jobs", kind="data", lang="uk").pack()
    )
    assert picture(photo).size == (1080, 1350)
    assert photo.photo.filename == "card-rumour-jobs-data-uk.png"
    rumour = staffed.pack.by_id["rumour-jobs"]
    forwarded = unescape(text.text)
    for part in (
        "❌ Чутка: «Новоприбулі забирають у нас роботу»",
        "✅ Факти: " + " ".join(pick(rumour.response, "uk").split()),
        "💬 Дані: " + pick(rumour.arguments[0].text, "uk"),
        "Джерело: OECD International Migration Outlook",
        "— Центр для новоприбулих Гейвенпорта (демо)",
    ):
        assert part in forwarded
    assert not any(word in forwarded for word in ("Rumour", "facts", "Source", "Centre"))


def test_every_card_of_the_demo_content_is_drawn_whole_in_both_languages(app):
    """The type shrinks until the texts fit: the longest response and argument still leave the
    footer clear. Each picture differs per language (the texts are in it)."""
    pack = app.pack
    drawn = set()
    for rumour in pack.rumours:
        for kind in kinds(rumour):
            for lang in ("en", "uk"):
                labels = Labels("Rumour", "The facts", kind, "Source: {source}", "Centre")
                card = card_of(rumour, kind, lang, labels)
                png = render(card)
                image = Image.open(io.BytesIO(png))
                assert image.size == SIZE and image.format == "PNG"
                drawn.add(png)
                assert pick(rumour.claim, lang).rstrip(".") in plain_text(card)
    assert len(drawn) == sum(2 * len(kinds(r)) for r in pack.rumours)


async def test_a_card_is_found_by_id_or_listed_and_bad_input_is_answered(staffed):
    agent = await make_agent(staffed)
    [offer] = await agent.say("/card rumour-benefits")
    assert offer.text.startswith("A campaign card against the rumour “Refugees get more")
    [listing] = await agent.say("/card")
    assert listing.text == "Which rumour should the card answer?"
    assert ("Newcomers take our jobs.", "cr:rumour-jobs:en") in keyboard(listing)
    [none] = await agent.say("/card the weather on mars is lovely")
    # Not "no prepared response to this rumour", as if it were one (a blind test's "абракадабра").
    assert none.text == (
        "I do not recognise a rumour in “the weather on mars is lovely”. Send /card alone to "
        "choose from the rumours that have a card."
    )
    for data in (
        CardChoice(rumour="rumour-jobs", kind="empathy", lang="en").pack(),  # not its kind
        CardChoice(rumour="rumour-gone", kind="data", lang="en").pack(),
        CardChoice(rumour="rumour-jobs", kind="data", lang="de").pack(),
        CardRumour(rumour="rumour-gone", lang="en").pack(),
    ):
        [stale] = await agent.press(data)
        assert isinstance(stale, AnswerCallbackQuery) and stale.show_alert
        assert stale.text.startswith("This button no longer works.")
    # Newcomers get no cards; agents cannot send one to everyone.
    newcomer = make_chat(staffed, user_id=AGENT_ID + 1)
    [refusal] = await newcomer.say("/card jobs")
    assert refusal.text == REFUSAL
    [alert] = await newcomer.press(CardChoice(rumour="rumour-jobs", kind="data", lang="en").pack())
    assert alert.text == REFUSAL
    [alert] = await agent.press(CardShare(rumour="rumour-jobs", kind="data").pack())
    assert alert.text == STAFF_ONLY
    assert await rows(staffed, Broadcast) == []


async def test_staff_send_a_card_to_every_agent_in_their_language(staffed):
    staff = await person(staffed, STAFF_ID, "en")
    await make_agent(staffed, AGENT_ID, "en")
    await make_agent(staffed, AGENT_ID + 1, "uk")
    await person(staffed, AGENT_ID + 2, "uk")  # a newcomer: gets no card
    await staff.say("/card jobs")
    _answer, _photo, text = await staff.press(
        CardChoice(rumour="rumour-jobs", kind="data", lang="en").pack()
    )
    assert keyboard(text) == [("📣 Send this card to all agents", "cshare:rumour-jobs:data:ask")]
    [question] = sent(await staff.press(CardShare(rumour="rumour-jobs", kind="data").pack()))
    assert question.text == (
        "Send this card to all agents (2)? Each gets it in their own language."
    )
    assert keyboard(question) == [
        ("📣 Yes, send it", "cshare:rumour-jobs:data:send"),
        ("Cancel", "cshare:rumour-jobs:data:keep"),
    ]
    assert await rows(staffed, Broadcast) == []  # nothing before the answer
    requests = await staff.press(SEND)
    [status] = sent(requests)
    assert status.text == "Broadcast #1 is going out: 0 sent, 0 failed, 2 to go."
    # A second tap on the same answer sends nothing more.
    [again] = [r for r in await staff.press(SEND) if isinstance(r, AnswerCallbackQuery)]
    assert again.text == STALE
    [broadcast] = await rows(staffed, Broadcast)
    assert broadcast.picture == "card/rumour-jobs/data"
    assert broadcast.audience["roles"] == ["agent"]
    assert broadcast.texts["uk"].startswith("❌ Чутка: «Новоприбулі")
    queued = {d.chat_id: d.picture for d in await rows(staffed, Delivery)}
    assert queued == {
        AGENT_ID: "card/rumour-jobs/data/en",
        AGENT_ID + 1: "card/rumour-jobs/data/uk",
    }

    out = Outbound(staffed)
    start = len(out.session.requests)
    await out.deliver()
    photos = {r.chat_id: r for r in out.session.requests[start:] if isinstance(r, SendPhoto)}
    assert sorted(photos) == [AGENT_ID, AGENT_ID + 1]  # neither the newcomer nor staff
    assert photos[AGENT_ID].photo.filename == "card-rumour-jobs-data-en.png"
    assert photos[AGENT_ID + 1].photo.filename == "card-rumour-jobs-data-uk.png"
    assert picture(photos[AGENT_ID + 1]).size == SIZE
    assert photos[AGENT_ID].caption == text.text  # the text to forward, as staff saw it
    assert photos[AGENT_ID + 1].caption.startswith("❌ Чутка: «Новоприбулі забирають")
    assert photos[AGENT_ID].reply_markup is None  # work material: nothing to unsubscribe from
    await out.deliver()
    assert len([r for r in out.session.requests if isinstance(r, SendPhoto)]) == 2  # once
    logged = [(e.actor, e.action, e.target, e.detail) for e in await rows(staffed, AuditEntry)]
    assert logged[-1] == (STAFF_ID, "broadcast created", "broadcast #1", "card rumour-jobs data")


async def test_a_card_shared_by_mistake_can_be_cancelled_and_none_goes_to_no_agents(staffed):
    staff = await person(staffed, STAFF_ID, "uk")
    await staff.say("/card jobs")
    await staff.press(CardChoice(rumour="rumour-jobs", kind="data", lang="en").pack())
    share = CardShare(rumour="rumour-jobs", kind="data").pack()
    [nobody] = [r for r in await staff.press(share) if isinstance(r, AnswerCallbackQuery)]
    assert (nobody.text, nobody.show_alert) == (
        "Немає активних агентів, яким можна її надіслати.",
        True,
    )
    await make_agent(staffed, AGENT_ID, "en")
    [question] = sent(await staff.press(share))
    assert question.text == ("Надіслати цю картку всім агентам (1)? Кожен отримає її своєю мовою.")
    assert [label for label, _ in keyboard(question)] == ["📣 Так, надіслати", "Скасувати"]
    keep = CardShare(rumour="rumour-jobs", kind="data", act="keep").pack()
    [cancelled] = sent(await staff.press(keep))
    assert cancelled.text == "Скасовано: нічого не надіслано."
    [late] = [r for r in await staff.press(SEND) if isinstance(r, AnswerCallbackQuery)]
    assert late.text == STALE_UK
    assert await rows(staffed, Broadcast) == []


async def test_the_question_counts_the_agents_the_card_goes_to_not_the_roster(staffed):
    """An agent who blocked the bot stays active on the roster but gets no broadcast: the
    question does not count them, and with no other agent there is no one to send it to."""
    from welcomebot.delivery.outbox import Outbox

    staff = await person(staffed, STAFF_ID, "en")
    await make_agent(staffed, AGENT_ID, "en")
    async with staffed.sessions() as session:
        await Outbox(session).deactivate(AGENT_ID, utcnow())  # as the worker does on a 403
        await session.commit()
    await staff.say("/card jobs")
    await staff.press(CardChoice(rumour="rumour-jobs", kind="data", lang="en").pack())
    share = CardShare(rumour="rumour-jobs", kind="data").pack()
    [nobody] = [r for r in await staff.press(share) if isinstance(r, AnswerCallbackQuery)]
    assert (nobody.text, nobody.show_alert) == ("There are no active agents to send it to.", True)
    await make_agent(staffed, AGENT_ID + 1, "uk")
    [question] = sent(await staff.press(share))
    assert question.text == "Send this card to all agents (1)? Each gets it in their own language."
    [status] = sent(await staff.press(SEND))
    assert status.text == "Broadcast #1 is going out: 0 sent, 0 failed, 1 to go."
    assert [d.chat_id for d in await rows(staffed, Delivery)] == [AGENT_ID + 1]


async def test_a_kind_of_argument_made_up_in_a_button_is_a_stale_button(staffed):
    """A client can send any data: a kind no rumour has, or none, was a KeyError."""
    agent = await make_agent(staffed)
    for kind in ("nosuch", ""):
        [stale] = await agent.press(f"card:rumour-jobs:{kind}:en")
        assert (stale.text, stale.show_alert) == (STALE, True)
