"""Routers, one concern each. Order matters: the fallback router goes last."""

from aiogram import Router

from welcomebot.telegram.filters import PrivateChat
from welcomebot.telegram.replies import stale_button
from welcomebot.telegram.routers import (
    agents,
    barometer,
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
    # The bot talks to people one to one; group chats and channels are not its place. A button
    # pressed there (or forged to seem so) gets an answer only the presser sees.
    root.message.filter(PrivateChat())
    root.callback_query.register(stale_button, ~PrivateChat())
    root.include_routers(
        # Questions from people in no form first: most of the traffic. Then the forms (a
        # report, a broadcast, an event), which take the text they expect, then questions
        # typed in the middle of a form. Commands and buttons after that; fallbacks last.
        questions.router(outside_forms=True),
        agents.router(),
        broadcasts.router(),
        events.router(),
        questions.router(outside_forms=False),
        subscriptions.router(),
        start.router(),
        language.router(),
        topics.router(),
        privacy.router(),
        feedback.router(),
        staff.router(),
        barometer.router(),
        fallback.router(),
    )
    return root
