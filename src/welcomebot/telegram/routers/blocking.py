"""A person blocks the bot: Telegram says so at once (`my_chat_member`), before any message to
them fails. From then on nothing is sent to them, their live request closes, and retention
erases them after INACTIVE_RETENTION_DAYS. Unblocking needs no handler: `UserMiddleware` reactivates whoever
an update comes from."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import KICKED, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from welcomebot.storage.models import utcnow
from welcomebot.telegram.desk import Desk, person_blocked


async def blocked(event: ChatMemberUpdated, **data: Any) -> None:
    desk, now = Desk.of(data), utcnow()
    await desk.services.users.deactivate(event.chat.id, now)
    await person_blocked(event.chat.id, desk, now)


def router() -> Router:
    router = Router(name="blocking")
    router.my_chat_member.register(
        blocked,
        ChatMemberUpdatedFilter(member_status_changed=KICKED),
        F.chat.type == ChatType.PRIVATE,
    )
    return router
