"""Staff see a broadcast's progress in one message, edited by a job every few seconds."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.app import Infrastructure
from welcomebot.delivery.outbox import Outbox
from welcomebot.domain.states import BroadcastState
from welcomebot.services.broadcasts import Progress, progress
from welcomebot.storage.broadcasts import BroadcastRepository
from welcomebot.storage.models import Broadcast
from welcomebot.storage.repositories import UserRepository

log = logging.getLogger(__name__)


def progress_text(broadcast_id: int, state: Progress) -> str:
    if not state.done:
        return _(
            "Broadcast #{id} is going out: {sent} sent, {failed} failed, {left} to go."
        ).format(
            id=broadcast_id,
            sent=state.sent,
            failed=state.failed + state.blocked,
            left=state.remaining,
        )
    text = _(
        "Broadcast #{id} is done: {sent} sent, {failed} failed, {blocked} had blocked the bot."
    ).format(id=broadcast_id, sent=state.sent, failed=state.failed, blocked=state.blocked)
    if state.unknown:
        text += "\n" + _(
            "{unknown} may or may not have arrived: sending was interrupted, and they were not "
            "sent again, so that nobody gets the message twice."
        ).format(unknown=state.unknown)
    return text


class BroadcastProgress:
    def __init__(self, app: Infrastructure, bot: Bot) -> None:
        self.sessions, self.bot, self.translator = app.sessions, bot, app.translator
        self.default_language = app.settings.default_language
        self.shown: dict[int, str] = {}  # what each status message says now

    async def run(self) -> None:
        async with self.sessions() as session:
            repo = BroadcastRepository(session)
            for broadcast in await repo.in_state(BroadcastState.QUEUED):
                assert broadcast.id is not None
                state = await progress(Outbox(session), broadcast.id)
                if broadcast.status_chat_id is not None:
                    await self._show(session, broadcast, state)
                if state.done:
                    await repo.move(broadcast.id, BroadcastState.QUEUED, BroadcastState.DONE)
                    self.shown.pop(broadcast.id, None)
                await session.commit()

    async def _show(self, session: AsyncSession, broadcast: Broadcast, state: Progress) -> None:
        assert broadcast.id is not None and broadcast.status_chat_id is not None
        staff = await UserRepository(session).profile(broadcast.status_chat_id)
        with self.translator.speaking(staff.language if staff else self.default_language):
            text = progress_text(broadcast.id, state)
        if self.shown.get(broadcast.id) == text:
            return  # Telegram refuses an edit that changes nothing
        try:
            if broadcast.status_message_id is None:
                sent = await self.bot.send_message(broadcast.status_chat_id, text)
                await BroadcastRepository(session).set_status_message(broadcast.id, sent.message_id)
            else:
                await self.bot.edit_message_text(
                    text, chat_id=broadcast.status_chat_id, message_id=broadcast.status_message_id
                )
        except TelegramAPIError as error:
            log.warning("broadcast %d: cannot show progress: %s", broadcast.id, error)
        self.shown[broadcast.id] = text
