"""What people can send the bot, as hypothesis strategies: a script is a cast (who takes part,
with which Telegram language) and a list of actions, played in order by `harness.py`.

Actions name people by their part (two newcomers, an agent, a staff member), not by id: the
harness gives each script fresh ids. A button press names a button by its place among those the
bot has shown so far in the script (or among templates of every kind of button), so a script
stays the same script however the bot's keyboards turn out, and shrinks well.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import strategies as st

from welcomebot.telegram.commands import COMMANDS as MENU_COMMANDS
from welcomebot.telegram.commands import STAFF_MENU

# The parts, by index in a script's cast: their roles when the script starts.
NEWCOMER, NEWCOMER_2, AGENT, STAFF = range(4)

# Every command the bot knows (the menus of telegram/commands.py, and /start), with a few it
# does not.
COMMANDS = ("start", *dict.fromkeys(MENU_COMMANDS + STAFF_MENU))
OTHER_COMMANDS = ("START", "Help", "settings", "stop", "admin", "x", "report_", "топіки")

# Things people type that take the bot down its deeper paths: questions it can answer, a
# danger, a rumour an agent reports, small talk, and what the staff forms ask for.
PHRASES = (
    "how do i register with a family doctor",
    "How do I find a flat to rent?",
    "Refugees get more benefits than local people.",
    "Кажуть, що біженцям платять більше, ніж місцевим",
    "If I travel abroad I will lose my status",
    "допоможіть, мене б'ють",
    "someone is threatening to kill me",
    "hello",
    "привіт",
    "дякую",
    "thanks!",
    "👍",
    "???",
    "-",
    " - ",
    "reset",
    "Europe/Kyiv",
    "20:00",
    "1",
    "0",
    "100000",
    "100001",
)
# Odd arguments: numbers as Telegram ids and periods, in other scripts, past every bound.
NUMBERS = (
    "-1",
    "0",
    "1",
    "3",
    "52",
    "53",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999999",
    "1e9",
    "0x10",
    "１２",
    "١٢",
    "²",
    "①",
    " 7 ",
    "7.5",
    "NaN",
)
ZONES = (
    "Europe/Kyiv",
    "europe/kyiv",
    "UTC",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Pacific/Kiritimati",
    "America/Adak",
    "../../../etc/passwd",
    "Europe/",
    "/",
    ".",
    "Europe/Kyiv\x00",
    "A" * 300,
    "reset",
    "RESET",
)
# Telegram's HTML, well and badly formed: a text a staff member writes goes out as HTML.
MARKUP = (
    "<b>bold</b>",
    "<b>",
    "</i>",
    "<i><b>x</i></b>",
    "&",
    "&amp;",
    "&lt;b&gt;",
    "&#0;",
    "&#x110000;",
    "&nosuch;",
    "<tg-spoiler>x</tg-spoiler>",
    "<a href='tg://user?id=1'>x</a>",
    "<script>alert(1)</script>",
    "<",
    ">",
    "a < b > c",
)

SPECIAL_CHARS = "\x00\u200b\u200d\u202e\ufeff\ufffd\u0301\n\r\t 🇺🇦👩‍👩‍👧‍👦ЇїҐґ’ʼ'\"`<>&/\\@#:"


def plain_texts(max_size: int = 80) -> st.SearchStrategy[str]:
    """Any Unicode text, with the characters that break things more often."""
    return st.text(
        st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL_CHARS)),
        max_size=max_size,
    )


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """Around and past Telegram's 4096 characters: a random run repeated (cheap to draw), in
    one long line or many, sometimes in wide characters (an emoji is two units)."""
    unit = draw(plain_texts(24).filter(bool))
    length = draw(st.sampled_from((1000, 4095, 4096, 4097, 5000, 8193, 20000)))
    joiner = draw(st.sampled_from(("", " ", "\n", "\n\n")))
    text = joiner.join([unit] * (length // (len(unit) + len(joiner)) + 1))
    return text[:length]


# Dates at the ends of what Python's datetime holds, which a time zone's offset can push past.
EDGE_DATES = (
    "9999-12-31 23:59",
    "9999-12-31 12:00",
    "31.12.9999 23:59",
    "0001-01-01 00:00",
    "01.01.0001 00:30",
    "2028-02-29 12:00",
    "2027-02-29 12:00",
    "2030-05-01 18:00",
)


@st.composite
def composed_dates(draw: st.DrawFn) -> str:
    """Dates and times as staff are asked to type them, at and past every edge."""
    year = draw(st.sampled_from((1, 2, 1000, 1969, 1970, 2025, 2026, 2027, 2099, 9998, 9999)))
    month = draw(st.sampled_from((1, 2, 3, 10, 12, 0, 13)))
    day = draw(st.sampled_from((1, 28, 29, 30, 31, 0, 32)))
    hour = draw(st.sampled_from((0, 3, 18, 23, 24)))
    minute = draw(st.sampled_from((0, 30, 59, 60)))
    if draw(st.booleans()):
        return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
    return f"{day:02d}.{month:02d}.{year:04d} {hour:02d}:{minute:02d}"


def dates() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(EDGE_DATES), composed_dates())


def arguments() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(ZONES),
        dates(),
        plain_texts(40),
        st.just(""),
    )


@st.composite
def commands(draw: st.DrawFn) -> str:
    name = draw(st.one_of(st.sampled_from(COMMANDS), st.sampled_from(OTHER_COMMANDS)))
    mention = draw(st.sampled_from(("", "", "@welcomebot_local", "@another_bot", "@")))
    separator = draw(st.sampled_from((" ", " ", "  ", "\n", "\t", "\u00a0")))
    argument = draw(arguments())
    return f"/{name}{mention}{separator}{argument}" if argument else f"/{name}{mention}"


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        plain_texts(),
        st.sampled_from(PHRASES),
        commands(),
        dates(),
        st.sampled_from(NUMBERS),
        st.sampled_from(MARKUP),
        st.lists(st.sampled_from(MARKUP + PHRASES), min_size=2, max_size=6).map(" ".join),
        long_texts(),
    )


# -- formatting: entities as Telegram sends them, nested or apart, within the text ----------

ENTITY_TYPES = (
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "spoiler",
    "code",
    "pre",
    "text_link",
    "text_mention",
    "custom_emoji",
    "blockquote",
    "expandable_blockquote",
    "date_time",
    "url",
    "mention",
    "hashtag",
    "cashtag",
    "bot_command",
    "email",
    "phone_number",
)


@dataclass(frozen=True)
class Entity:
    type: str
    start: float  # where it starts and how long it is, as shares of the text: any text fits
    share: float


def entities() -> st.SearchStrategy[tuple[Entity, ...]]:
    share = st.floats(0, 1, allow_nan=False)
    entity = st.builds(Entity, st.sampled_from(ENTITY_TYPES), share, share)
    return st.lists(entity, max_size=4).map(tuple)


# -- actions -----------------------------------------------------------------------------------

MEDIA = (
    "sticker",
    "photo",
    "voice",
    "location",
    "contact",
    "document",
    "video",
    "video_note",
    "animation",
    "audio",
    "dice",
    "poll",
)
# "topic": the staff group, about the last ticket opened; "stray": there, in reply to a message
# about no ticket.
CHATS = (
    "private",
    "private",
    "private",
    "private",
    "group",
    "supergroup",
    "channel",
    "topic",
    "stray",
)


@dataclass(frozen=True)
class Say:
    """A message: text (with formatting), or a medium with an optional caption; in a private
    chat, a group, a channel, or the staff group: "staff", not about a ticket (its general
    topic, or plain talk); "topic" about the last ticket opened and "first" about the first
    (in its topic in a forum, else in reply to its last message in the group); "stray", in
    reply to a message about no ticket."""

    who: int
    text: str | None
    entities: tuple[Entity, ...] = ()
    media: str | None = None
    chat: str = "private"


@dataclass(frozen=True)
class Edit:
    """An edit of one of the sender's earlier messages (the nth, counted round)."""

    who: int
    nth: int
    text: str


@dataclass(frozen=True)
class ChannelPost:
    text: str
    edited: bool = False


@dataclass(frozen=True)
class Mutation:
    """How pressed data is changed: a field replaced, cut, lengthened, or a character
    swapped; `value` is what goes in."""

    how: str  # field, cut, append, char
    index: int
    value: str


@dataclass(frozen=True)
class Press:
    """A button pressed: the nth of those the bot has shown in this script (`source`
    "shown"), of the templates of every kind (`source` "template"), `data` as it is
    ("random"), or the button pressed last, pressed again ("again": a double tap); changed
    by `mutation`; on the message it came with, on one the bot can no longer reach, on an
    inline message (none), or in a group; in the staff group if it came from there."""

    who: int
    source: str
    nth: int = 0
    data: str = ""
    mutation: Mutation | None = None
    on: str = "message"


@dataclass(frozen=True)
class Replay:
    """An update sent again with the same id, as Telegram does when it thinks it was lost."""

    nth: int


@dataclass(frozen=True)
class Membership:
    """The person blocks the bot, or unblocks it."""

    who: int
    blocked: bool


Action = Say | Edit | ChannelPost | Press | Replay | Membership


@dataclass(frozen=True)
class Person:
    language_code: str | None  # what their Telegram app says
    language: str | None  # what they chose in the bot (None: not stored yet)


@dataclass(frozen=True)
class Script:
    cast: tuple[Person, Person, Person, Person]
    actions: tuple[Action, ...]
    team: int = 0  # agents on the roster besides the cast's
    # The staff group tickets go to (STAFF_CHAT_ID): a forum (a topic each), a plain group
    # (staff reply to the bot's messages about a ticket), or none (the centre's contacts).
    staff: str = "forum"


who = st.sampled_from((NEWCOMER, NEWCOMER_2, AGENT, STAFF))

FIELD_VALUES = (
    "",
    "-1",
    "0",
    "1",
    "99",
    "2147483648",
    "99999999999999999999",
    "１",
    "true",
    "False",
    "None",
    "null",
    "en",
    "uk",
    "ru",
    "xx",
    "done",
    "now",
    "drop",
    "publish",
    "cancelled",
    "languages",
    "roles",
    "interest",
    "news",
    "events",
    "topic.health",
    "rumour-benefits",
    "rumour-trip-lose-status",
    "health-family-doctor",
    "data",
    "empathy",
    "place",
    "district",
    "target",
    "ask",
    "send",
    "keep",
    "-99999999999999999999",
    ":",
    "%3A",
)


def mutations() -> st.SearchStrategy[Mutation]:
    value = st.one_of(st.sampled_from(FIELD_VALUES), plain_texts(70))
    return st.builds(
        Mutation,
        st.sampled_from(("field", "field", "cut", "append", "char")),
        st.integers(0, 70),
        value,
    )


def forgeries() -> st.SearchStrategy[Mutation]:
    """One of the last fields (a page, an act, a kind, a rumour) made up: a number past every
    bound, or a value of another field."""
    return st.builds(
        Mutation,
        st.just("field"),
        st.sampled_from((-1, -1, -2, -3)),
        st.one_of(st.sampled_from(NUMBERS), st.sampled_from(FIELD_VALUES)),
    )


def presses() -> st.SearchStrategy[Press]:
    # In the staff group only from the ticket forms: random presses there are all stale.
    on = st.sampled_from(("message", "message", "message", "inaccessible", "inline", "group"))
    shown = st.builds(
        Press,
        who,
        st.just("shown"),
        st.integers(-8, 200),
        st.just(""),
        st.one_of(st.none(), st.none(), mutations()),
        on,
    )
    template = st.builds(
        Press,
        who,
        st.just("template"),
        st.integers(0, 200),
        st.just(""),
        st.one_of(st.none(), mutations()),
        on,
    )
    random = st.builds(
        Press,
        who,
        st.just("random"),
        st.just(0),
        st.one_of(plain_texts(70), st.sampled_from(FIELD_VALUES)),
        st.none(),
        on,
    )
    again = st.builds(Press, who, st.just("again"), on=on)
    return st.one_of(shown, shown, shown, template, random, again)


def says() -> st.SearchStrategy[Say]:
    typed = st.builds(
        Say,
        who,
        texts(),
        st.one_of(st.just(()), entities()),
        st.none(),
        st.sampled_from(CHATS),
    )
    media = st.builds(
        Say,
        who,
        st.one_of(st.none(), texts()),  # a caption
        st.one_of(st.just(()), entities()),
        st.sampled_from(MEDIA),
        st.sampled_from(CHATS),
    )
    return st.one_of(typed, typed, typed, media)


def actions() -> st.SearchStrategy[Action]:
    return st.one_of(
        says(),
        says(),
        presses(),
        st.builds(Edit, who, st.integers(0, 20), texts()),
        st.builds(ChannelPost, texts(), st.booleans()),
        st.builds(Replay, st.integers(0, 200)),
        st.builds(Membership, who, st.booleans()),
    )


# Forms walked part of the way with what they ask for, so that random input meets their later
# steps too: a staff member's event and broadcast, an agent's report, a newcomer's menus. A
# step is a text to type; TEXT, DATE or ANY, one drawn (TEXT with formatting); a number, a
# press of a button the bot has shown, counted from the last (-1: the last shown); AGAIN, the
# button pressed last pressed again; FORGED, the last shown with a field made up as a client
# could; someone else's message or press, or one in the staff group (its text drawn if TEXT);
# or an update sent again.
TEXT, DATE, ANY = "<text>", "<date>", "<any>"
AGAIN, FORGED = "<again>", "<forged>"
# Put in a text when it is sent: the code of the last invite link the bot gave, and the
# agent's Telegram id (what a staff member would copy).
INVITE, AGENT_ID = "<invite>", "<agent-id>"
FORMS: dict[int, tuple[tuple[str | int | Say | Press | Replay, ...], ...]] = {
    STAFF: (
        (
            "/newevent",
            "Language café",
            "-",
            "2030-05-01 18:00",
            "20:00",
            "1",
            "Library",
            "-",
            "Bring a friend",
            "-",
            -1,
            -3,
        ),
        ("/newevent", TEXT, "-", "2030-05-01 18:00", "-", "-", TEXT, "-", TEXT, "-", -1, -2),
        ("/newevent", "Café", "Кафе", DATE, ANY, ANY),
        ("/broadcast", TEXT, TEXT, -5, -1, -2, DATE),
        ("/broadcast", TEXT, "-", -4, -1, -3),
        ("/broadcast", "-", TEXT, -1, -3),
        ("/scheduled", -1),
        # The staff buttons of the last event card: time, place, places, cancel.
        ("/events", -4, DATE),
        ("/events", -3, TEXT, TEXT),
        ("/events", -2, ANY),
        ("/events", -1, -2),
        ("/events", -1, -1),
        ("/barometer 4", -1),
        # An emerging rumour drafted as a content entry, twice.
        ("/emerging", -1, AGAIN),
        ("/unanswered", "/stats", "/gaps"),
        ("/invite", ANY),
        # An invite cancelled from the list, twice.
        ("/invite", "/invites", -1, AGAIN),
        # An invite redeemed, then tried again by another; the new agent's name typed, then
        # chosen from the buttons (Telegram's name, skip).
        (
            "/invite",
            Say(NEWCOMER, f"/start {INVITE}"),
            Say(NEWCOMER_2, f"/start {INVITE}"),
            Say(NEWCOMER, TEXT),
            Press(NEWCOMER, "shown", -2),
        ),
        ("/invite", Say(AGENT, f"/start {INVITE}"), f"/revoke {AGENT_ID}", Say(AGENT, "/report")),
        (f"/revoke {AGENT_ID}", f"/revoke {AGENT_ID}", Say(AGENT, "/report")),
        (
            "/timezone America/Adak",
            "/newevent",
            "Café",
            "-",
            DATE,
            ANY,
            "-",
            "-",
            "-",
            "-",
            "-",
            -1,
            -3,
        ),
        ("/timezone Pacific/Kiritimati", "/broadcast", "x", "-", -1, -1, -2, DATE),
        ("/timezone Etc/GMT+12", "/broadcast", "x", "-", -1, -2, DATE),
        ("/timezone Etc/GMT-14", "/newevent", "x", "-", DATE, DATE),
        # The roster a page at a time (`Script.team`: 45 agents make three pages): on to the
        # last and back, to a page made up, on from the one it showed, then an agent revoked
        # or restored and the same again; a made-up page pressed twice, and by an agent and a
        # newcomer.
        ("/agents", -1, -1, -1, -2, FORGED, -1, -3, -3, AGAIN),
        (
            "/agents",
            FORGED,
            AGAIN,
            Press(AGENT, "shown", -1),
            Press(NEWCOMER, "shown", -1),
            FORGED,
            -1,
        ),
        # A card shared with the agents. rumour-benefits has two kinds of argument, so its
        # buttons end: contradiction, empathy, the other language; then under the card: ask;
        # under the question: send, cancel. Sent, sent again, asked again, cancelled, sent
        # after that; asked twice, sent from both questions, and after /cancel; pressed by an
        # agent and a newcomer, and made up; chosen from the list; asked with no agent left.
        ("/card rumour-benefits", -2, -1, -2, AGAIN, -3, -1, -2),
        ("/card rumour-benefits", -2, -1, -3, -4, -2, "/cancel", -1),
        (
            "/card rumour-benefits",
            -3,
            -1,
            Press(AGENT, "shown", -2),
            Press(NEWCOMER, "shown", -2),
            FORGED,
            -2,
        ),
        ("/card", -1, -2, -1, -2),
        (f"/revoke {AGENT_ID}", "/card rumour-benefits", -2, -1, -2),
    ),
    AGENT: (
        ("/report", "Refugees get more benefits than local people.", -1, -1, -1, -1),
        ("/report", "They say newcomers bring diseases", -1, -3, -2),
        ("/report", TEXT, -1, -1),
        ("/report", ANY, -2),
        ("/card", -1, -3, FORGED),
    ),
    NEWCOMER: (
        ("/start", -1, ANY),
        ("/events", -1, -2),
        ("/help", "/subscriptions", -1, -3),
        ("/topics", -1, -1, -1, -2),
        ("/forget", -2),
        # The menus a newcomer opens least: a language chosen, then the profile, their data,
        # the checklist and the subscriptions, a button of each.
        ("/language", -1, "/profile", -1, "/mydata", "/checklist", -1, "/subscriptions", -2),
        ("how do i register with a family doctor", -2, -1),
        # Ask a person: a ticket, its card in the staff group (a forum: a topic each) and the
        # replies both ways, delivered at once. Under the opening: share, close, leave; then
        # the card's close for staff; under a staff reply: write, close; under a closing:
        # reopen. Opened from a question the bot cannot answer, asked twice, a message sent
        # again; a staff reply, closed by the person, tapped again, a staff reply to the
        # closed ticket, reopened.
        (
            "what is the weather on mars",
            -1,
            AGAIN,
            TEXT,
            Replay(-1),
            Say(STAFF, TEXT, chat="topic"),
            -1,
            AGAIN,
            Say(STAFF, TEXT, chat="topic"),
            -1,
            ANY,
        ),
        # Closed by staff, then replied to and answered with an entry; reopened from the
        # closing notice.
        (
            "/ask How do I get a residence permit?",
            TEXT,
            Say(STAFF, "/close", chat="topic"),
            Say(STAFF, TEXT, chat="topic"),
            TEXT,
            Say(STAFF, "/answer health-family-doctor", chat="topic"),
            -1,
            Say(STAFF, "/answer register with a family doctor", chat="topic"),
            Say(STAFF, "/close", chat="topic"),
        ),
        # The card's close button, tapped twice and for a ticket made up; the reopen button
        # pressed by someone else, then by the person.
        (
            "/ask",
            "I need help with my residence permit",
            Press(STAFF, "shown", -1),
            Press(STAFF, "again"),
            Press(STAFF, "shown", -2, mutation=Mutation("field", -1, "99")),
            Press(NEWCOMER_2, "shown", -1),
            -1,
            ANY,
        ),
        # From the wrong chats: a group member who is not staff, staff outside a ticket's
        # topic, the card's button pressed by a newcomer; then closed by the person.
        (
            "/ask I was told to leave my flat",
            Say(NEWCOMER_2, TEXT, chat="topic"),
            Say(AGENT, "/close", chat="topic"),
            Say(STAFF, "/close", chat="staff"),
            Say(STAFF, "/answer", chat="staff"),
            Say(STAFF, TEXT, chat="staff"),
            Press(NEWCOMER_2, "shown", -1),
            -3,
            TEXT,
        ),
        # Two people's tickets: staff answer the last and the first, its other person writes
        # about the first as a member who is not staff; staff reply to a message about no
        # ticket and talk; the first closed by its person (the close under the staff reply),
        # then answered and closed again.
        (
            "/ask Where do I register my car?",
            Say(NEWCOMER_2, "/ask Where can I learn Ukrainian?"),
            Say(STAFF, TEXT, chat="topic"),
            Say(STAFF, TEXT, chat="first"),
            Say(NEWCOMER_2, TEXT, chat="first"),
            Say(STAFF, TEXT, chat="stray"),
            Say(STAFF, "/answer health-family-doctor", chat="stray"),
            Say(STAFF, TEXT, chat="staff"),
            -1,
            Say(STAFF, TEXT, chat="first"),
            Say(STAFF, "/close", chat="first"),
        ),
        # Media both ways; the contact shared twice; the ticket left and asked for again.
        (
            "/ask Where can I see a doctor tonight?",
            -4,
            AGAIN,
            Say(NEWCOMER, None, media="photo"),
            Say(NEWCOMER, None, media="sticker"),
            Say(STAFF, None, media="voice", chat="topic"),
            Say(STAFF, None, media="sticker", chat="topic"),
            -1,
            ANY,
            "/ask",
        ),
        # In danger: the question and a message that follows it are urgent.
        (
            "/ask",
            "допоможіть, мене б'ють",
            "someone is threatening to kill me",
            Say(STAFF, "<b>We are calling you now</b> & <i>stay safe</i>", chat="topic"),
            -2,
            TEXT,
        ),
    ),
}


@st.composite
def forms(draw: st.DrawFn) -> list[Action]:
    part = draw(st.sampled_from((STAFF, STAFF, AGENT, NEWCOMER)))
    steps = draw(st.sampled_from(FORMS[part]))
    # Often to the end, where the form does what it is for; else stopped anywhere.
    length = draw(st.one_of(st.just(len(steps)), st.integers(1, len(steps))))
    walked: list[Action] = []
    on = st.sampled_from(("message", "message", "message", "inaccessible"))
    for step in steps[:length]:
        if isinstance(step, Say) and step.text == TEXT:
            walked.append(replace(step, text=draw(texts())))
        elif isinstance(step, Say | Press | Replay):
            walked.append(step)  # someone else's part in it, or an update sent again
        elif isinstance(step, int):
            walked.append(Press(part, "shown", step, on=draw(on)))
        elif step == AGAIN:
            walked.append(Press(part, "again", on=draw(on)))
        elif step == FORGED:
            walked.append(Press(part, "shown", -1, mutation=draw(forgeries()), on=draw(on)))
        elif step == TEXT:
            walked.append(Say(part, draw(texts()), draw(entities())))
        elif step in (DATE, ANY):
            walked.append(Say(part, draw(dates() if step == DATE else texts())))
        else:
            walked.append(Say(part, step))
    return walked


def people() -> st.SearchStrategy[Person]:
    code = st.sampled_from(("en", "uk", "ru", "de", None, "pt-br", "zz"))
    chosen = st.sampled_from((None, "en", "uk"))
    return st.builds(Person, code, chosen)


# The forum most often: the other two differ only where tickets go.
STAFF_GROUPS = ("forum", "forum", "forum", "plain", "plain", "none")


def scripts(max_actions: int = 12) -> st.SearchStrategy[Script]:
    """A cast and up to `max_actions` actions or walks into a form (a few actions each), and
    the agents on the roster besides the cast's: none, one, a page (20), two pages or three."""
    cast = st.tuples(people(), people(), people(), people())
    chunks = st.lists(
        st.one_of(actions().map(lambda action: [action]), forms(), forms()),
        min_size=2,
        max_size=max_actions,
    )
    team = st.sampled_from((0, 1, 20, 21, 45, 45))  # three pages more often: more to turn
    staff = st.sampled_from(STAFF_GROUPS)
    return st.builds(
        Script, cast, chunks.map(lambda parts: tuple(a for p in parts for a in p)), team, staff
    )
