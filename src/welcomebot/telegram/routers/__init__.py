"""Routers, one concern each. Order matters: the fallback router goes last."""

from aiogram import Router

from welcomebot.telegram.filters import PrivateChat
from welcomebot.telegram.replies import stale_button
from welcomebot.telegram.routers import (
    agents,
    barometer,
    blocking,
    broadcasts,
    cards,
    checklist,
    events,
    fallback,
    feedback,
    language,
    monitoring,
    privacy,
    profile,
    questions,
    responses,
    roster,
    staff,
    staff_group,
    start,
    subscriptions,
    tickets,
    topics,
)


def build_root_router() -> Router:
    top = Router(name="top")
    # The staff group, where tickets are answered; nothing else of groups is the bot's place.
    top.include_router(staff_group.router())
    top.include_router(private_router())
    top.include_router(blocking.router())
    return top


def private_router() -> Router:
    root = Router(name="root")
    # The bot talks to people one to one; group chats and channels are not its place. A button
    # pressed there (or forged to seem so) gets an answer only the presser sees.
    root.message.filter(PrivateChat())
    root.edited_message.filter(PrivateChat())
    root.callback_query.register(stale_button, ~PrivateChat())
    root.include_routers(
        # Questions from people in no form first: most of the traffic. Then the forms (a
        # report, a broadcast, an event), which take the text they expect, then questions
        # typed in the middle of a form. Commands and buttons after that; fallbacks last.
        questions.router(outside_forms=True),
        agents.router(),
        responses.router(),
        roster.router(),
        broadcasts.router(),
        events.router(),
        # Messages into a live ticket go to the staff, not to the matcher.
        tickets.router(),
        questions.router(outside_forms=False),
        subscriptions.router(),
        start.router(),
        language.router(),
        topics.router(),
        privacy.router(),
        profile.router(),
        checklist.router(),
        feedback.router(),
        staff.router(),
        monitoring.router(),
        cards.router(),
        barometer.router(),
        fallback.router(),
    )
    return root
