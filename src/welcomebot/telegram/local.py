"""A Bot API that lives in memory: it records every request and answers as Telegram would,
refusals included (`api_rules.py`): an edit that changes nothing, a text too long or whose
HTML does not parse, a button's query answered twice.

The console chat and the handler tests use it in place of the network, so both run the
real Bot, Dispatcher, middlewares and routers.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    CreateForumTopic,
    EditMessageReplyMarkup,
    EditMessageText,
    GetChat,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    AcceptedGiftTypes,
    CallbackQuery,
    Chat,
    ChatFullInfo,
    ChatMemberBanned,
    ChatMemberMember,
    ChatMemberUpdated,
    Document,
    ForumTopic,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageId,
    PhotoSize,
    Update,
    User,
)
from pydantic import BaseModel

from welcomebot.telegram.api_rules import (
    BLOCKED,
    CAPTION_LIMIT,
    NOT_A_FORUM,
    TEXT_LIMIT,
    THREAD_NOT_FOUND,
    ApiRules,
    buttons_refusal,
    text_refusal,
)
from welcomebot.telegram.html_text import shown
from welcomebot.telegram.length_guard import parses_html

BOT_USER = User(id=42, is_bot=True, first_name="welcomebot", username="welcomebot_local")
LOCAL_TOKEN = "42:LOCAL-no-network"
# Telegram numbers a bot's updates and button presses once for all its chats; so does this
# process, so two local chats on one bot never send the same update id.
_UPDATE_IDS = itertools.count(1)


class LocalSession(BaseSession):
    def __init__(
        self,
        on_request: Callable[[TelegramMethod[Any], Any], None] | None = None,
        latency: float = 0.0,
    ) -> None:
        """`latency`: seconds each request takes, as Telegram's round trip does."""
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.refused: list[tuple[TelegramMethod[Any], str]] = []  # and Telegram's words
        self.replies: list[Message] = []  # the messages sent, as Telegram returned them
        self.on_request = on_request
        self.rules = ApiRules()
        self.latency = latency
        self._message_ids = itertools.count(1000)
        # Group chats (negative ids) that are forums, and chats that refuse the bot (a person
        # who blocked it, a group it was removed from).
        self.forums: set[int] = set()
        self.blocked: set[int] = set()

    def next_message_id(self) -> int:
        """Ids of the person's messages and the bot's come from one counter, as in a chat."""
        return next(self._message_ids)

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("the local Bot API has no files to download")
        yield b""  # pragma: no cover

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        if self.latency:
            await asyncio.sleep(self.latency)
        chat_id = getattr(method, "chat_id", None)
        if chat_id in self.blocked and not isinstance(method, GetChat):
            self.refused.append((method, BLOCKED))
            raise TelegramForbiddenError(method=method, message=BLOCKED)
        refusal = self._refusal(bot, method)
        if refusal is not None:
            self.refused.append((method, refusal))
            raise TelegramBadRequest(method=method, message=refusal)
        self.requests.append(method)
        result = self._result(bot, method)
        if isinstance(method, SendMessage | SendDocument | SendPhoto):
            self.remember(result)
            self.replies.append(result)
        if self.on_request is not None:
            self.on_request(method, result)
        return result

    def remember(self, message: Message) -> None:
        """What a message shows now, for an edit to be compared with."""
        text = message.text if message.text is not None else message.caption
        self.rules.remember(message.chat.id, message.message_id, text, _json(message.reply_markup))

    def _refusal(self, bot: Bot, method: TelegramMethod[Any]) -> str | None:
        markup = getattr(method, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup) and (
            refusal := buttons_refusal(markup.inline_keyboard)  # type: ignore[arg-type]
        ):
            return refusal
        thread = getattr(method, "message_thread_id", None)
        if thread is not None and not self.rules.has_topic(int(method.chat_id), thread):  # type: ignore[attr-defined]
            return THREAD_NOT_FOUND
        if isinstance(method, CreateForumTopic) and int(method.chat_id) not in self.forums:
            return NOT_A_FORUM
        if isinstance(method, CopyMessage) and method.caption is not None:
            html = parses_html(bot, method.parse_mode)
            return text_refusal(method.caption, html, CAPTION_LIMIT, caption=True)
        if isinstance(method, SendMessage):
            return text_refusal(method.text or "", parses_html(bot, method.parse_mode))
        if isinstance(method, SendDocument | SendPhoto) and method.caption is not None:
            html = parses_html(bot, method.parse_mode)
            return text_refusal(method.caption, html, CAPTION_LIMIT, caption=True)
        if isinstance(method, EditMessageText):
            html = parses_html(bot, method.parse_mode)
            return text_refusal(method.text or "", html, TEXT_LIMIT) or self.rules.edit(
                int(method.chat_id or 0),
                method.message_id or 0,
                _shown(bot, method),
                _json(method.reply_markup),
            )
        if isinstance(method, EditMessageReplyMarkup):
            return self.rules.edit(
                int(method.chat_id or 0), method.message_id or 0, None, _json(method.reply_markup)
            )
        if isinstance(method, AnswerCallbackQuery):
            return self.rules.answer(method.callback_query_id)
        return None

    def _message(
        self, bot: Bot, chat_id: int | str, message_id: int | None = None, **fields: Any
    ) -> Message:
        return Message(
            message_id=message_id if message_id is not None else next(self._message_ids),
            date=datetime.now(UTC),
            chat=self.chat(int(chat_id)),
            from_user=BOT_USER,
            **fields,
        ).as_(bot)

    def chat(self, chat_id: int) -> Chat:
        """A person's private chat, or (a negative id) a group, a forum if made one."""
        if chat_id >= 0:
            return Chat(id=chat_id, type="private")
        return Chat(id=chat_id, type="supergroup", title="Staff", is_forum=chat_id in self.forums)

    def _result(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            thread = method.message_thread_id
            return self._message(
                bot,
                method.chat_id,
                text=_shown(bot, method),
                reply_markup=method.reply_markup,
                message_thread_id=thread,
                is_topic_message=True if thread is not None else None,
            )
        if isinstance(method, CopyMessage):
            return MessageId(message_id=next(self._message_ids))
        if isinstance(method, CreateForumTopic):
            thread = next(self._message_ids)  # a topic is numbered by its first message
            self.rules.add_topic(int(method.chat_id), thread)
            return ForumTopic(message_thread_id=thread, name=method.name, icon_color=7322096)
        if isinstance(method, GetChat):
            chat = self.chat(int(method.chat_id))
            gifts = AcceptedGiftTypes(
                unlimited_gifts=True,
                limited_gifts=True,
                unique_gifts=True,
                premium_subscription=True,
                gifts_from_channels=True,
            )
            return ChatFullInfo(
                **chat.model_dump(exclude_none=True),
                accent_color_id=0,
                max_reaction_count=11,
                accepted_gift_types=gifts,
            )
        if isinstance(method, EditMessageText):
            return self._message(
                bot,
                method.chat_id or 0,
                method.message_id,
                text=_shown(bot, method),
                reply_markup=method.reply_markup,
            )
        if isinstance(method, SendDocument):
            document = Document(file_id="local-document", file_unique_id="local-document")
            return self._message(bot, method.chat_id, caption=method.caption, document=document)
        if isinstance(method, SendPhoto):
            photo = PhotoSize(
                file_id="local-photo", file_unique_id="local-photo", width=800, height=450
            )
            return self._message(bot, method.chat_id, caption=method.caption, photo=[photo])
        if isinstance(method, EditMessageReplyMarkup):
            return self._message(
                bot, method.chat_id or 0, method.message_id, reply_markup=method.reply_markup
            )
        return True

    def sent(self, kind: type[TelegramMethod[Any]] = SendMessage) -> list[Any]:
        return [r for r in self.requests if isinstance(r, kind)]


def _shown(bot: Bot, method: SendMessage | EditMessageText) -> str | None:
    """The text as Telegram gives it back: tags parsed away (their entities are not kept)."""
    text = method.text
    return shown(text) if text is not None and parses_html(bot, method.parse_mode) else text


def _json(markup: BaseModel | None) -> str | None:
    return markup.model_dump_json(exclude_none=True) if markup is not None else None


class LocalChat:
    """One person in a chat with the bot (their private chat, or a group): builds their
    updates, returns the bot's requests."""

    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, person: User, chat_id: int | None = None
    ) -> None:
        """`chat_id`: a group the person writes in (negative), instead of their private chat."""
        if not isinstance(bot.session, LocalSession):
            raise TypeError("LocalChat needs a Bot built on LocalSession")
        self.dispatcher = dispatcher
        self.bot = bot
        self.session: LocalSession = bot.session
        self.person = person
        self.chat = self.session.chat(person.id if chat_id is None else chat_id)

    async def feed(self, update: Update) -> list[TelegramMethod[Any]]:
        start = len(self.session.requests)
        await self.dispatcher.feed_update(self.bot, update)
        return self.session.requests[start:]

    async def say(self, text: str | None = None, **fields: Any) -> list[TelegramMethod[Any]]:
        """Send a message: text, or any other Message fields (a sticker, a photo...)."""
        message = Message(
            message_id=self.session.next_message_id(),
            date=datetime.now(UTC),
            chat=fields.pop("chat", self.chat),
            from_user=self.person,
            text=text,
            **fields,
        )
        return await self.feed(Update(update_id=next(_UPDATE_IDS), message=message))

    async def edit(
        self, message_id: int, text: str | None = None, **fields: Any
    ) -> list[TelegramMethod[Any]]:
        """Change a message sent earlier: Telegram sends it again as an edited message."""
        now = datetime.now(UTC)
        message = Message(
            message_id=message_id,
            date=now,
            edit_date=int(now.timestamp()),
            chat=fields.pop("chat", self.chat),
            from_user=self.person,
            text=text,
            **fields,
        )
        return await self.feed(Update(update_id=next(_UPDATE_IDS), edited_message=message))

    async def press(
        self, data: str, message: Message | InaccessibleMessage | None = None
    ) -> list[TelegramMethod[Any]]:
        """Press a button with this callback data, on `message` or on a bot message of our own
        that shows this one button."""
        message = message or Message(
            message_id=self.session.next_message_id(),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=BOT_USER,
            text="…",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="…", callback_data=data)]]
            ),
        )
        if isinstance(message, Message) and not self.session.rules.knows(
            message.chat.id, message.message_id
        ):
            self.session.remember(message)
        query = CallbackQuery(
            id=str(next(_UPDATE_IDS)),
            from_user=self.person,
            chat_instance="local",
            message=message,
            data=data,
        )
        return await self.feed(Update(update_id=next(_UPDATE_IDS), callback_query=query))

    async def block(self, blocked: bool = True) -> list[TelegramMethod[Any]]:
        """Block the bot (or unblock it): Telegram tells the bot at once."""
        member = ChatMemberMember(user=BOT_USER)
        banned = ChatMemberBanned(user=BOT_USER, until_date=datetime.fromtimestamp(0, UTC))
        changed = ChatMemberUpdated(
            chat=self.chat,
            from_user=self.person,
            date=datetime.now(UTC),
            old_chat_member=member if blocked else banned,
            new_chat_member=banned if blocked else member,
        )
        return await self.feed(Update(update_id=next(_UPDATE_IDS), my_chat_member=changed))
