"""Routers, one concern each. Order matters: the fallback router goes last."""

from aiogram import F, Router
from aiogram.enums import ChatType

from welcomebot.telegram.routers import (
    agents,
    broadcasts,
    events,
    fallback,
    feedback,
    language,
    privacy,
    questions,
    staff,
    start,
    subscriptions,
    topics,
)


def build_root_router() -> Router:
    root = Router(name="root")
    # The bot talks to people one to one; group chats and channels are not its place.
    root.message.filter(F.chat.type == ChatType.PRIVATE)
    root.include_routers(
        # The forms first (a report, a broadcast, an event): text in the middle of one belongs
        # to it. Free text next, as it is most of the traffic and its filter rules out
        # commands. Fallbacks last.
        agents.router(),
        broadcasts.router(),
        events.router(),
        questions.router(),
        subscriptions.router(),
        start.router(),
        language.router(),
        topics.router(),
        privacy.router(),
        feedback.router(),
        staff.router(),
        fallback.router(),
    )
    return root
