"""/scheduled (staff): the broadcasts waiting for their time, each with a button to cancel it."""

import re
from html import escape, unescape

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from welcomebot.content.models import pick
from welcomebot.i18n.dates import format_when
from welcomebot.services import audit
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.telegram.callbacks import BroadcastAct, BroadcastAction
from welcomebot.telegram.edits import set_buttons
from welcomebot.telegram.texts import button_label

SNIPPET = 80


def snippet(html_text: str) -> str:
    plain = unescape(re.sub(r"<[^>]+>", "", html_text)).strip()
    return escape(plain if len(plain) <= SNIPPET else plain[: SNIPPET - 1].rstrip() + "…")


async def scheduled_command(message: Message, services: UnitOfWork, i18n: I18n) -> None:
    waiting = await services.broadcasts.scheduled()
    if not waiting:
        await message.answer(_("No broadcasts are waiting to go out."))
        return
    zone = await services.people.zone(message.chat.id)
    for broadcast in waiting:
        text = pick(broadcast.texts, i18n.current_locale)  # the reader's, where it has one
        when_text = format_when(broadcast.due, zone, i18n.current_locale)
        builder = InlineKeyboardBuilder()
        builder.button(
            text=button_label(_("Cancel broadcast #{id}").format(id=broadcast.id)),
            callback_data=BroadcastAction(action=BroadcastAct.CANCEL, id=broadcast.id or 0),
        )
        await message.answer(
            f"#{broadcast.id} · {escape(when_text)}\n{snippet(text)}",
            reply_markup=builder.as_markup(),
        )


async def cancel_scheduled_pressed(
    query: CallbackQuery, callback_data: BroadcastAction, services: UnitOfWork
) -> None:
    if await services.broadcasts.cancel(callback_data.id):
        cancelled = audit.Action.BROADCAST_CANCELLED
        await services.audit.record(
            query.from_user.id, cancelled, audit.broadcast(callback_data.id)
        )
        text = _("Broadcast #{id} is cancelled: it will not go out.")
    else:
        text = _("Broadcast #{id} cannot be cancelled: it has gone out or was cancelled already.")
    await query.answer(text.format(id=callback_data.id), show_alert=True)
    await set_buttons(query, None)
