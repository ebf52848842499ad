"""Broadcasts (staff): writing one (/broadcast) and the ones waiting for their time
(/scheduled)."""

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from welcomebot.domain.roles import Role
from welcomebot.telegram.callbacks import (
    BROADCAST_CONFIRM,
    AudienceStep,
    BroadcastAct,
    BroadcastAction,
)
from welcomebot.telegram.filters import FreeText, HasRole
from welcomebot.telegram.replies import staff_only, stale_button
from welcomebot.telegram.routers.broadcasts import compose, scheduled


def router() -> Router:
    router = Router(name="broadcasts")
    staff, typed, form = HasRole(Role.STAFF), FreeText(), compose.BroadcastForm
    router.message.register(compose.broadcast_command, Command("broadcast"), staff)
    router.message.register(scheduled.scheduled_command, Command("scheduled"), staff)
    router.message.register(compose.english_text_typed, StateFilter(form.text_en), typed, staff)
    router.message.register(compose.ukrainian_text_typed, StateFilter(form.text_uk), typed, staff)
    router.message.register(compose.send_time_typed, StateFilter(form.when), typed, staff)
    router.callback_query.register(
        compose.change_audience, StateFilter(form.audience), AudienceStep.filter(), staff
    )
    router.callback_query.register(
        compose.confirm_pressed,
        StateFilter(form.confirm),
        BroadcastAction.filter(F.action.in_(BROADCAST_CONFIRM)),
        staff,
    )
    router.callback_query.register(
        scheduled.cancel_scheduled_pressed,
        BroadcastAction.filter(F.action == BroadcastAct.CANCEL),
        staff,
    )
    # A preview's buttons once its form is over.
    router.callback_query.register(stale_button, BroadcastAction.filter(), staff)
    router.message.register(staff_only, Command("broadcast", "scheduled"))
    # AudienceStep is shared with /newevent: its fallbacks follow the events router. Actions
    # that are no button of ours fail to unpack: the fallback router's stale-button reply.
    router.callback_query.register(staff_only, BroadcastAction.filter())
    return router
