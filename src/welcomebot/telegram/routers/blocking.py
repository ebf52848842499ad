"""A person blocks the bot: Telegram says so at once (`my_chat_member`), before any message to
them fails. From then on nothing is sent to them, their live request closes, and retention
erases them after INACTIVE_RETENTION_DAYS. Unblocking reactivates them here, from the
database (another replica may still cache them as blocked)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram.desk import Desk, person_blocked


async def blocked(event: ChatMemberUpdated, **data: Any) -> None:
    desk, now = Desk.of(data), utcnow()
    await desk.services.users.deactivate(event.chat.id, now)
    await person_blocked(event.chat.id, desk, now)


async def unblocked(event: ChatMemberUpdated, services: UnitOfWork) -> None:
    await services.users.reactivate(event.chat.id)


def router() -> Router:
    router = Router(name="blocking")
    router.my_chat_member.register(
        blocked,
        ChatMemberUpdatedFilter(member_status_changed=KICKED),
        F.chat.type == ChatType.PRIVATE,
    )
    router.my_chat_member.register(
        unblocked,
        ChatMemberUpdatedFilter(member_status_changed=KICKED >> MEMBER),
        F.chat.type == ChatType.PRIVATE,
    )
    return router
