"""Nothing a person can send breaks the bot (issue 18): hypothesis generates scripts of
updates of every kind, from newcomers, an agent and a staff member, and `fuzz/harness.py`
plays them through the real Dispatcher, checking its properties after every update.

The "ci" profile (conftest.py; the default) runs 2,000 scripts, derandomised so that every run
plays the same ones; `pytest --hypothesis-profile=quick tests/test_fuzz.py` runs 200.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Iterator

import pytest
from aiogram.methods import EditMessageText
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from hypothesis import given

from welcomebot.app import build_app
from welcomebot.domain.tickets import TicketState
from welcomebot.telegram.callbacks import ShareAct
from welcomebot.telegram.routers.cards import ShareFlow, share_card
from welcomebot.telegram.routers.staff_group import staff_reply

from .conftest import clean_settings, fresh_database, fresh_redis
from .fuzz import strategies
from .fuzz.harness import TEMPLATES, Harness, uncounted
from .fuzz.strategies import (
    AGENT,
    NEWCOMER,
    NEWCOMER_2,
    STAFF,
    Mutation,
    Person,
    Press,
    Replay,
    Say,
    Script,
)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.Runner, Harness]]:
    """One app and one Dispatcher for every script (the matcher takes seconds to build), on
    one event loop of the module's own."""
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        fresh_database() as database_url,
        fresh_redis() as redis,
        asyncio.Runner() as runner,
    ):
        folder = tmp_path_factory.mktemp("fuzz")
        app = build_app(clean_settings(monkeypatch, folder, database_url, redis))
        harness = Harness(app)
        yield runner, harness
        runner.run(harness.close())
        runner.run(app.close())


@given(script=strategies.scripts())
def test_nothing_a_person_sends_breaks_the_bot(played, script):
    runner, harness = played
    runner.run(harness.play(script))


# -- the harness itself: each property can fail ------------------------------------------------

CAST = (Person("en", "en"), Person("uk", None), Person("en", "en"), Person("en", "en"))


def play(played, *actions, team: int = 0, staff: str = "forum") -> dict[int, list[str]]:
    """Play one script; what the bot said to each part (staff: in private)."""
    runner, harness = played
    with uncounted():
        runner.run(harness.play(Script(CAST, actions, team, staff)))
    said: dict[int, list[str]] = {}
    for method in harness.session.sent():
        if int(method.chat_id) in harness.ids:  # not the staff group's
            said.setdefault(harness.ids.index(int(method.chat_id)), []).append(method.text)
    return said


def request_number(text: str) -> str:
    """The ticket's number a text names. It is the database's: on PostgreSQL, earlier scripts
    in the schema took some."""
    found = re.search(r"request #(\d+)", text)
    assert found is not None, text
    return found.group(1)


def test_the_harness_plays_invites_revocations_and_reports_as_allowed(played):
    """Roles change only so: an invite link redeemed, an agent revoked by staff."""
    said = play(
        played,
        Say(STAFF, "/invite"),
        Say(NEWCOMER, "/start <invite>"),  # made an agent: allowed, with the code the bot gave
        Say(NEWCOMER, "/report"),
        Say(NEWCOMER, "Refugees get more benefits than local people."),
        Press(NEWCOMER, "shown", -1),
        Say(STAFF, "/revoke <agent-id>"),
        Say(AGENT, "/report"),
    )
    assert said[NEWCOMER][0].startswith("Welcome to the anti-rumour team!")
    assert said[NEWCOMER][1].startswith("Tell me what you heard")
    assert said[STAFF][-1].startswith("Done: ") and said[STAFF][-1].endswith(
        "is no longer an anti-rumour agent."
    )
    assert said[AGENT] == [
        "Sorry, this is only for anti-rumour agents. If you would like to become one, ask the "
        "newcomer centre."
    ]


def test_the_harness_pages_the_roster_and_shares_a_card_once(played):
    """Both flows as the forms walk them, with 45 more agents (three pages; 28 of all 46 get
    a card: of every five, one is revoked and one blocked the bot)."""
    _, harness = played
    taken = len(harness.witness.handlers)
    said = play(
        played,
        Say(STAFF, "/agents"),
        Press(STAFF, "shown", -1),  # page two
        Press(STAFF, "shown", -1, mutation=Mutation("field", -1, "-1")),  # made up: the first
        Press(STAFF, "shown", -1, mutation=Mutation("field", -1, "99999999999999999999")),
        Press(STAFF, "again"),  # the last page already: nothing to change
        Press(AGENT, "shown", -1),
        Say(STAFF, "/card rumour-benefits"),
        Press(STAFF, "shown", -2),  # the empathy card, with its button to share it
        Press(STAFF, "shown", -1),
        Press(STAFF, "shown", -2),  # yes, send it
        Press(STAFF, "again"),
        team=45,
    )
    assert harness.witness.handlers[taken:] == [
        "show_roster",
        *["turn_page"] * 4,
        "staff_only",
        "card_command",
        "kind_chosen",
        *["share_card"] * 3,
    ]
    pages = [m.text.split("\n")[0] for m in harness.session.sent(EditMessageText)]
    assert [page.rsplit("· ", 1)[1] for page in pages] == [
        "page 2 of 3</b>",
        "page 1 of 3</b>",
        "page 3 of 3</b>",
    ]
    question, status = said[STAFF][-2:]
    assert question == "Send this card to all agents (28)? Each gets it in their own language."
    # The number is the database's: on PostgreSQL, earlier scripts in the schema took some.
    assert re.fullmatch(r"Broadcast #\d+ is going out: 0 sent, 0 failed, 28 to go\.", status)


def test_the_harness_plays_a_ticket_both_ways(played):
    """Opened, a message relayed (and not again when its update is sent again), a staff reply
    delivered with its buttons, closed by the person, a staff reply to the closed ticket that
    goes nowhere, reopened; staff and a stranger in the staff group."""
    _, harness = played
    taken = len(harness.witness.handlers)
    said = play(
        played,
        Say(NEWCOMER, "/ask How do I get a residence permit?"),
        Say(NEWCOMER, "Thanks, when can I come?"),
        Replay(-1),
        Say(STAFF, "Tomorrow at <b>10</b>", chat="topic"),
        Press(NEWCOMER, "shown", -1),  # close, under the staff reply
        Say(STAFF, "Anything else?", chat="topic"),
        Press(NEWCOMER, "shown", -1),  # reopen
        Say(NEWCOMER_2, "hi", chat="topic"),
        Say(STAFF, "/close", chat="staff"),
    )
    assert harness.witness.handlers[taken:] == [
        "ask_command",
        "message_in_ticket",
        "staff_reply",
        "ticket_pressed",
        "staff_reply",
        "ticket_pressed",
        "not_staff",
        "not_in_ticket",
    ]
    number = request_number(said[NEWCOMER][2])
    assert said[NEWCOMER][2:] == [
        f"💬 The centre's staff, request #{number} (answered):\nTomorrow at &lt;b&gt;10&lt;/b&gt;",
        f"Your request #{number} is closed. If you need more help with it, you can reopen it "
        "within 7 days.",
        f"Your request #{number} is open again: write here.",
    ]


def test_the_harness_plays_a_ticket_in_a_plain_group(played):
    """Staff answer by replying to the bot's messages about the ticket: the card, then the
    person's message; a reply to a message about no ticket, plain talk and a stranger's reply
    reach nobody (a reply to the bot's own message about no request is told so); after the
    person closes it, a reply to its message is refused."""
    _, harness = played
    taken = len(harness.witness.handlers)
    said = play(
        played,
        Say(NEWCOMER, "/ask How do I get a residence permit?"),
        Say(STAFF, "Which city?", chat="topic"),  # in reply to the card
        Say(NEWCOMER, "Kyiv"),
        Say(STAFF, "Tomorrow at 10", chat="topic"),  # in reply to "Kyiv"
        Say(STAFF, "Anyone?", chat="stray"),  # in reply to a message of the staff member's
        Say(STAFF, "Lunch?", chat="staff"),
        Say(NEWCOMER_2, "hi", chat="topic"),
        Say(STAFF, "Really?", chat="stray"),  # in reply to the bot's answer to the stranger
        Press(NEWCOMER, "shown", -1),  # close, under the staff reply
        Say(STAFF, "Anything else?", chat="topic"),  # in reply to "the person closed it"
        staff="plain",
    )
    assert harness.witness.handlers[taken:] == [
        "ask_command",
        "staff_reply",
        "message_in_ticket",
        "staff_reply",
        "not_staff",
        "no_such_request",
        "ticket_pressed",
        "staff_reply",
    ]
    assert not harness.session.forums and not harness.threads
    number = request_number(said[NEWCOMER][1])
    assert said[NEWCOMER][1:] == [
        f"💬 The centre's staff, request #{number} (answered):\nWhich city?",
        f"Your message was added to your request #{number} to the centre (open, waiting for "
        "the staff).",
        f"💬 The centre's staff, request #{number} (answered):\nTomorrow at 10",
        f"Your request #{number} is closed. If you need more help with it, you can reopen it "
        "within 7 days.",
    ]
    in_group = [m.text for m in harness.session.sent() if m.chat_id == harness.group.id]
    assert in_group[-1].endswith("this request is closed: nothing was sent to the person.")


def test_the_harness_plays_no_staff_group(played):
    """Without a staff group, talking to a person gives the centre's contacts; the group that
    was the staff's is one like any other."""
    _, harness = played
    taken = len(harness.witness.handlers)
    said = play(
        played,
        Say(NEWCOMER, "what is the weather on mars"),  # no answer, and no button to ask
        Press(NEWCOMER, "template", TEMPLATES.index("contact")),  # "talk to a person"
        Say(NEWCOMER, "/ask How do I get a residence permit?"),
        Say(STAFF, "/close", chat="topic"),
        staff="none",
    )
    assert harness.witness.handlers[taken:] == ["question_typed", "contact_pressed", "ask_command"]
    assert not harness.shown and not harness.posts
    contacts = said[NEWCOMER][-1]
    assert said[NEWCOMER][-2] == contacts and contacts in said[NEWCOMER][0]


async def anyone(self, event, role):
    return True


async def twice(message):
    await message.answer("I do not know this command.")
    await message.answer("Really.")


def fails():
    raise RuntimeError("a handler bug")


@functools.wraps(share_card)  # the harness checks what share_card does by its name
async def shares_again(query, state, **data):
    # Sends the card but keeps the question open: a second tap sends it again.
    asked = await state.get_data()
    await share_card(query, state=state, **data)
    if data["callback_data"].act is ShareAct.SEND:
        await state.set_state(ShareFlow.confirm)
        await state.set_data(asked)


@functools.wraps(staff_reply)  # registered by reference: changed where the router keeps it
async def replies_when_closed(message, ticket, **data):
    # Forgets that the ticket is closed: the reply goes to the person all the same.
    ticket.state = TicketState.ANSWERED
    await staff_reply(message, ticket=ticket, **data)


async def any_reply_is_the_last(self, chat_id, message_id):
    # A reply to any message in the staff group taken as about the last live ticket.
    live = await self.live_ones()
    return live[-1] if live else None


async def no_reply_is_about_a_ticket(self, chat_id, message_id):
    # Replies in the staff group found about no ticket: staff answer into the void.
    return None


LONG_DATA = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="x" * 65)]]
)
# What is broken, how, what is sent, what the harness must say, and the staff group (a forum if
# not said).
BROKEN = {
    "a role check that admits anyone": (
        "welcomebot.telegram.filters.roles.HasRole.__call__",
        anyone,
        [Say(NEWCOMER, "/invite")],
        "a newcomer changed the invites",
    ),
    "a text Telegram cannot parse": (
        "welcomebot.telegram.routers.start.help_text",
        lambda *_: "<b>Unclosed",
        [Say(NEWCOMER, "/help")],
        "Telegram would refuse SendMessage",
    ),
    "callback data too long": (
        "welcomebot.telegram.routers.topics.keyboards.topics",
        lambda *_: LONG_DATA,
        [Say(NEWCOMER, "/topics")],
        "callback data of 65 bytes",
    ),
    "two replies to one message": (
        "unknown_command",
        twice,
        [Say(NEWCOMER, "/nosuchcommand")],
        "2 messages for one update",
    ),
    "a card sent twice for one question": (
        "share_card",
        shares_again,
        [
            Say(STAFF, "/card rumour-benefits"),
            Press(STAFF, "shown", -2),
            Press(STAFF, "shown", -1),
            Press(STAFF, "shown", -2),
            Press(STAFF, "again"),
        ],
        "2 cards sent to the agents for 1 asked",
    ),
    "a staff reply to a closed ticket sent": (
        "staff_reply",
        replies_when_closed,
        [
            Say(NEWCOMER, "/ask How do I get a residence permit?"),
            Say(STAFF, "/close", chat="topic"),
            Say(STAFF, "Anything else?", chat="topic"),
        ],
        r"closed ticket:\d+ took a staff message",
    ),
    "a staff reply to a closed ticket's message sent, in a plain group": (
        "staff_reply",
        replies_when_closed,
        [
            Say(NEWCOMER, "/ask How do I get a residence permit?"),
            Press(NEWCOMER, "shown", -3),  # closed by the person (the card's button is last)
            Say(STAFF, "Anything else?", chat="topic"),  # in reply to "the person closed it"
        ],
        r"closed ticket:\d+ took a staff message",
        "plain",
    ),
    "a reply to a message about no ticket taken as a ticket's": (
        "welcomebot.services.tickets.Tickets.of_message",
        any_reply_is_the_last,
        [
            Say(NEWCOMER, "/ask How do I get a residence permit?"),
            Say(STAFF, "Lunch, anyone?", chat="stray"),
        ],
        r"about no ticket reached ticket:\d+'s person",
        "plain",
    ),
    "a staff reply to a ticket's message lost": (
        "welcomebot.services.tickets.Tickets.of_message",
        no_reply_is_about_a_ticket,
        [
            Say(NEWCOMER, "/ask How do I get a residence permit?"),
            Say(STAFF, "Tomorrow at 10", chat="topic"),  # in reply to the card
        ],
        r"a staff reply about live ticket:\d+ relayed 0 times",
        "plain",
    ),
    "a handler that fails": (
        "welcomebot.telegram.routers.language.help_text",
        fails,
        [Say(NEWCOMER, "/language"), Press(NEWCOMER, "shown", 0)],
        "logged: .* ERROR update .* failed",
    ),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_the_harness_finds_what_it_looks_for(played, monkeypatch, broken):
    target, replacement, script, found, *staff = BROKEN[broken]
    if "." not in target:  # a handler, registered by reference: changed where the router keeps it
        _, harness = played
        [handler] = [
            h
            for router in harness.dispatcher.chain_tail
            for name in ("message", "callback_query")
            for h in router.observers[name].handlers
            if h.callback.__name__ == target
        ]
        monkeypatch.setattr(handler, "callback", replacement)
    else:
        monkeypatch.setattr(target, replacement)
    with pytest.raises(AssertionError, match=found):
        play(played, *script, staff=staff[0] if staff else "forum")
