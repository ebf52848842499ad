"""Events: browsing and signing up (everyone), creating one (/newevent), changing and
cancelling one (staff). One module a concern; the refusals come after all three."""

from aiogram import F, Router
from aiogram.filters import Command, StateFilter, or_f

from welcomebot.domain.roles import Role
from welcomebot.telegram.callbacks import (
    EVENT_CREATION,
    EVENT_STAFF,
    AudienceStep,
    EventAct,
    EventAction,
)
from welcomebot.telegram.filters import FreeText, HasRole, LanguageChosen
from welcomebot.telegram.replies import staff_only, stale_button
from welcomebot.telegram.routers.events import browse, manage, wizard


def router() -> Router:
    router = Router(name="events")
    router.include_routers(browse_router(), wizard_router(), manage_router(), refusals())
    return router


def browse_router() -> Router:
    router = Router(name="events-browse")
    sign_up = EventAction.filter(F.action.in_({EventAct.JOIN, EventAct.LEAVE}))
    router.message.register(browse.events_command, Command("events"))
    router.callback_query.register(browse.sign_up_pressed, sign_up, LanguageChosen())
    router.callback_query.register(browse.sign_up_before_language, sign_up)
    router.callback_query.register(
        browse.calendar_pressed, EventAction.filter(F.action == EventAct.CALENDAR)
    )
    return router


def wizard_router() -> Router:
    router = Router(name="events-wizard")
    staff = HasRole(Role.STAFF)
    router.message.register(wizard.newevent_command, Command("newevent"), staff)
    router.message.register(
        wizard.event_answer_typed, StateFilter(wizard.EventForm.filling), FreeText(), staff
    )
    router.callback_query.register(
        wizard.choose_audience, StateFilter(wizard.EventForm.audience), AudienceStep.filter(), staff
    )
    router.callback_query.register(
        wizard.publish_pressed,
        StateFilter(wizard.EventForm.confirm),
        EventAction.filter(F.action.in_(EVENT_CREATION)),
        staff,
    )
    return router


def manage_router() -> Router:
    router = Router(name="events-manage")
    staff, typed, changing = HasRole(Role.STAFF), FreeText(), manage.EventChange
    router.message.register(manage.new_time_typed, StateFilter(changing.time), typed, staff)
    router.message.register(manage.new_places_typed, StateFilter(changing.places), typed, staff)
    router.message.register(
        manage.new_place_typed, StateFilter(changing.place_en, changing.place_uk), typed, staff
    )
    router.callback_query.register(
        manage.event_button_pressed, EventAction.filter(F.action.in_(EVENT_STAFF)), staff
    )
    return router


def refusals() -> Router:
    # Audience buttons serve /broadcast too: their fallbacks come after both forms. Other
    # actions are no button of ours: the fallback router's stale-button reply.
    router = Router(name="events-refusals")
    either = or_f(
        EventAction.filter(F.action.in_(EVENT_STAFF | EVENT_CREATION)), AudienceStep.filter()
    )
    router.callback_query.register(stale_button, either, HasRole(Role.STAFF))
    router.message.register(staff_only, Command("newevent"))
    router.callback_query.register(staff_only, either)
    return router
