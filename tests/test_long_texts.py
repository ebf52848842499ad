"""Long texts: the strict local Bot API refuses what Telegram refuses, and the one guard on
the Bot splits or trims every text so that nothing is refused or lost."""

import re

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from welcomebot.storage.models import RumourReport, UnansweredQuestion
from welcomebot.telegram.api_rules import (
    NOT_MODIFIED,
    QUERY_INVALID,
    TOO_LONG,
    TOO_MANY_BUTTONS,
)
from welcomebot.telegram.dispatcher import build_bot
from welcomebot.telegram.html_text import HtmlError, pieces, shown_length, split, trim
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession

from .fakes.bot_api import FakeBotAPI
from .fakes.chats import STAFF_ID, make_chat

CHAT = 7
BUTTONS = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="ok", callback_data="x")]]
)


def guarded() -> tuple[Bot, LocalSession]:
    session = LocalSession()
    return build_bot(LOCAL_TOKEN, "https://api.telegram.org", session), session


def unguarded() -> tuple[Bot, LocalSession]:
    """A Bot straight on the local session, to see what Telegram itself refuses."""
    session = LocalSession()
    default = DefaultBotProperties(parse_mode=ParseMode.HTML)
    return Bot(LOCAL_TOKEN, session=session, default=default), session


# -- the local Bot API refuses as Telegram does ----------------------------------------------


async def test_the_local_bot_api_refuses_what_telegram_refuses():
    bot, _ = unguarded()
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(CHAT, "x" * 4097)
    assert error.value.message == TOO_LONG
    await bot.send_message(CHAT, "😀" * 2048)  # 4096 as Telegram counts: two a smiley
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(CHAT, "<b>bold</i>")
    assert error.value.message == (
        "Bad Request: can't parse entities: Unmatched end tag at byte offset 7, "
        'expected "</b>", found "</i>"'
    )
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(CHAT, "a <script> b")
    assert error.value.message == (
        'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 2'
    )
    sent = await bot.send_message(CHAT, "<b>Menu</b>", reply_markup=BUTTONS)
    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text(
            "<b>Menu</b>", chat_id=CHAT, message_id=sent.message_id, reply_markup=BUTTONS
        )
    assert error.value.message == NOT_MODIFIED
    await bot.edit_message_reply_markup(chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=sent.message_id)
    assert error.value.message == NOT_MODIFIED
    await bot.answer_callback_query("q1")
    with pytest.raises(TelegramBadRequest) as error:
        await bot.answer_callback_query("q1", text="again")
    assert error.value.message == QUERY_INVALID
    await bot.send_message(CHAT, "Many", reply_markup=buttons(100))
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(CHAT, "Too many", reply_markup=buttons(101))
    assert error.value.message == TOO_MANY_BUTTONS


def buttons(count: int) -> InlineKeyboardMarkup:
    """`count` buttons, two a row."""
    row = [InlineKeyboardButton(text=str(n), callback_data=str(n)) for n in range(count)]
    return InlineKeyboardMarkup(inline_keyboard=[row[n : n + 2] for n in range(0, count, 2)])


# -- Telegram's HTML, parsed and cut ---------------------------------------------------------


def test_html_is_measured_as_shown_and_broken_html_is_named_as_telegram_names_it():
    assert shown_length("<b>a &amp; b</b>", html=True) == 5
    assert shown_length("&lt;&#128512;&#x41;", html=True) == 4  # "<", a smiley (2), "A"
    assert shown_length('<a href="https://x.example">link</a>', html=True) == 4
    for broken, said in [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("é <b", "Unclosed start tag at byte offset 3"),
    ]:
        with pytest.raises(HtmlError) as error:
            pieces(broken)
        assert str(error.value) == said


def test_a_long_text_is_cut_between_lines_and_tags_are_closed_and_reopened():
    lines = [f"<b>{n}.</b> <i>{'word ' * 20}&amp; more</i>" for n in range(40)]
    text = "<blockquote>" + "\n".join(lines) + "</blockquote>"
    parts = split(text, 500)
    assert len(parts) > 1
    for part in parts:
        pieces(part)  # each part parses on its own
        assert shown_length(part, html=True) <= 500
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
    # Nothing is lost or cut inside a line: the lines come back whole, in order.
    inner = [p.removeprefix("<blockquote>").removesuffix("</blockquote>") for p in parts]
    assert "\n".join(inner) == "\n".join(lines)


def test_a_line_longer_than_a_message_is_cut_between_words_and_never_inside_an_entity():
    text = "<i>" + "&amp;" * 30 + " tail</i>"
    [first, second] = split(text, 20)
    assert first == "<i>" + "&amp;" * 20 + "</i>"
    assert second == "<i>" + "&amp;" * 10 + " tail</i>"
    assert trim("one two three four", 10, html=False) == "one two…"


# -- the guard on the Bot built by build_bot -------------------------------------------------


async def test_a_long_message_goes_out_in_parts_with_its_buttons_under_the_last():
    bot, session = guarded()
    text = "<b>List</b>\n" + "\n".join(f"• item {n}: " + "x" * 300 for n in range(30))
    last = await bot.send_message(CHAT, text, reply_markup=BUTTONS)
    parts = session.sent(SendMessage)
    assert len(parts) == 3 and session.refused == []
    assert [p.reply_markup for p in parts] == [None, None, BUTTONS]
    assert last.message_id == session.replies[-1].message_id
    assert "\n".join(p.text for p in parts) == text
    assert all(
        line.startswith(("<b>List", "• item ")) for p in parts for line in p.text.split("\n")
    )


async def test_what_must_stay_one_message_is_trimmed_to_telegram_s_limits():
    bot, session = guarded()
    sent = await bot.send_message(CHAT, "short")
    await bot.edit_message_text("y" * 5000, chat_id=CHAT, message_id=sent.message_id)
    [edit] = session.sent(EditMessageText)
    assert edit.text == "y" * 4095 + "…"
    photo = await bot.send_photo(
        CHAT, BufferedInputFile(b"png", "a.png"), caption="<b>z</b>" * 1100
    )
    assert photo.caption == "<b>z</b>" * 1023 + "…"
    await bot.answer_callback_query("q1", text="w " * 150, show_alert=True)
    [alert] = [r for r in session.requests if r.__class__.__name__ == "AnswerCallbackQuery"]
    assert alert.text == "w " * 98 + "w…"


# -- /unanswered and /emerging: long lists in several messages, item by item -----------------

ITEM = re.compile(r"• (?:#\d+: )?1 (question|report) like “([a-j])\2{899}”")


def assert_split_by_item(requests, header: str, kind: str) -> None:
    parts = [r.text for r in requests if isinstance(r, SendMessage)]
    assert len(parts) >= 2
    assert all(shown_length(p, html=True) <= 4096 for p in parts)
    lines = [line for p in parts for line in p.split("\n")]
    assert lines[0] == header
    items = lines[1:]
    assert len(items) == 10 and all(ITEM.fullmatch(line) for line in items), items
    assert {ITEM.fullmatch(line).group(1) for line in items} == {kind}


async def test_unanswered_questions_too_many_for_one_message_come_in_several(staffed):
    async with staffed.sessions() as session:
        for n in range(10):
            session.add(UnansweredQuestion(text=chr(ord("a") + n) * 900, lang="en"))
        await session.commit()
    staff = make_chat(staffed, user_id=STAFF_ID)
    requests = await staff.say("/unanswered")
    header = "Questions the bot could not answer in the last 30 days, grouped by likeness:"
    assert_split_by_item(requests, header, "question")


async def test_emerging_reports_too_many_for_one_message_come_in_several(staffed):
    async with staffed.sessions() as session:
        for n in range(10):
            text = chr(ord("a") + n) * 900
            session.add(
                RumourReport(score=0.1, text=text, lang="en", week="2026-W01", agent_key=str(n))
            )
        await session.commit()
    staff = make_chat(staffed, user_id=STAFF_ID)
    requests = await staff.say("/emerging")
    header = "Unanswered reports of the last 2 weeks, grouped by what they say:"
    assert_split_by_item(requests, header, "report")


async def test_the_guard_works_over_http_against_a_server_that_refuses_as_telegram_does():
    async with FakeBotAPI() as api:
        bot = build_bot(LOCAL_TOKEN, api.url)
        try:
            await bot.send_message(CHAT, "<b>" + "x" * 5000 + "</b>")
            with pytest.raises(TelegramBadRequest) as error:
                await bot.send_message(CHAT, "<b>unclosed")
        finally:
            await bot.session.close()
    assert [len(p["text"]) for p in api.called("sendMessage")] == [4096 + 7, 904 + 7]
    assert api.refused == [("sendMessage", error.value.message)]
    assert error.value.message.startswith("Bad Request: can't parse entities: Can't find end tag")


async def test_the_fake_server_refuses_more_buttons_than_telegram_takes():
    async with FakeBotAPI() as api:
        bot = build_bot(LOCAL_TOKEN, api.url)
        try:
            await bot.send_message(CHAT, "Many", reply_markup=buttons(100))
            with pytest.raises(TelegramBadRequest) as error:
                await bot.send_message(CHAT, "Too many", reply_markup=buttons(101))
        finally:
            await bot.session.close()
    assert error.value.message == TOO_MANY_BUTTONS
    assert api.refused == [("sendMessage", TOO_MANY_BUTTONS)]
