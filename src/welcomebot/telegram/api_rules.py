"""What Telegram refuses, for the Bot APIs that stand in for it (`local.py`, the tests' fake
server): the same checks, and the descriptions Telegram gives, so code that Telegram would
refuse fails in the console and the tests too."""

from __future__ import annotations

from welcomebot.content.models import MENU_CHOICES
from welcomebot.telegram.html_text import HtmlError, fits, pieces

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
BUTTON_LIMIT = MENU_CHOICES  # inline buttons in one message, 100 (content check holds menus to it)

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
EMPTY = "Bad Request: message text is empty"
BLOCKED = "Forbidden: bot was blocked by the user"
NOT_A_FORUM = "Bad Request: the chat is not a forum"
THREAD_NOT_FOUND = "Bad Request: message thread not found"
TOO_MANY_BUTTONS = "Bad Request: reply markup is too long"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def text_refusal(
    text: str, html: bool, limit: int = TEXT_LIMIT, caption: bool = False
) -> str | None:
    """Why Telegram would refuse this message text or caption, or None."""
    if html:
        try:
            pieces(text)
        except HtmlError as error:
            return f"Bad Request: can't parse entities: {error}"
    if not caption and not text.strip():
        return EMPTY
    if not fits(text, limit, html):
        return CAPTION_TOO_LONG if caption else TOO_LONG
    return None


def buttons_refusal(rows: list[list[object]] | None) -> str | None:
    """Why Telegram would refuse these inline buttons (rows of them), or None."""
    if rows and sum(len(row) for row in rows) > BUTTON_LIMIT:
        return TOO_MANY_BUTTONS
    return None


class ApiRules:
    """The state the refusals depend on: what each message shows, which queries were answered."""

    def __init__(self) -> None:
        # (chat id, message id) -> (text, buttons as JSON)
        self.messages: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        self.answered: set[str] = set()
        self.topics: set[tuple[int, int]] = set()  # (chat id, thread id) of forum topics

    def add_topic(self, chat_id: int, thread_id: int) -> None:
        self.topics.add((chat_id, thread_id))

    def has_topic(self, chat_id: int, thread_id: int) -> bool:
        return (chat_id, thread_id) in self.topics

    def remember(self, chat_id: int, message_id: int, text: str | None, markup: str | None) -> None:
        self.messages[(chat_id, message_id)] = (text, markup)

    def knows(self, chat_id: int, message_id: int) -> bool:
        return (chat_id, message_id) in self.messages

    def edit(
        self, chat_id: int, message_id: int, text: str | None, markup: str | None
    ) -> str | None:
        """Why Telegram would refuse this edit (`text` None: the buttons only), or None, the
        edit then being remembered. A message not seen here is taken as it comes: another
        process of the same bot (the worker, a replica) may have sent it."""
        key = (chat_id, message_id)
        new = (text, markup)
        if key in self.messages:
            shown, buttons = self.messages[key]
            new = (shown if text is None else text, markup)
            if new == (shown, buttons):
                return NOT_MODIFIED
        self.messages[key] = new
        return None

    def answer(self, query_id: str) -> str | None:
        """A query can be answered once."""
        if query_id in self.answered:
            return QUERY_INVALID
        self.answered.add(query_id)
        return None
