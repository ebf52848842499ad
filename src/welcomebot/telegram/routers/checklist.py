"""/checklist: the person's first steps, each opened, ticked off, skipped or undone, and the
opt-in weekly reminder."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.profile import StepState
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import checklist_ui
from welcomebot.telegram.callbacks import ChecklistAct, ChecklistAction
from welcomebot.telegram.edits import edit_text
from welcomebot.telegram.filters import LanguageChosen
from welcomebot.telegram.replies import language_first, stale_button

MARKING = {
    ChecklistAct.DONE: StepState.DONE,
    ChecklistAct.SKIP: StepState.SKIPPED,
    ChecklistAct.UNDO: None,
}


async def checklist_command(
    message: Message, user: Profile, services: UnitOfWork, i18n: I18n
) -> None:
    progress = await services.checklists.progress(user.telegram_id, user.about)
    text, markup = checklist_ui.listing(progress, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


async def checklist_pressed(
    query: CallbackQuery,
    callback_data: ChecklistAction,
    user: Profile,
    services: UnitOfWork,
    i18n: I18n,
) -> None:
    act, checklists, lang = callback_data.action, services.checklists, i18n.current_locale
    step = checklists.step(callback_data.step, user.about)
    if step is None and act not in (ChecklistAct.LIST, ChecklistAct.REMIND, ChecklistAct.QUIET):
        await stale_button(query)  # a step that is gone, or not on this person's list
        return
    now = utcnow()
    if act in (ChecklistAct.REMIND, ChecklistAct.QUIET):
        await checklists.remind(user.telegram_id, act is ChecklistAct.REMIND, now)
        notice = {
            ChecklistAct.REMIND: _("I will remind you once a week."),
            ChecklistAct.QUIET: _("No more reminders."),
        }[act]
        await query.answer(notice)
    elif act in MARKING:
        assert step is not None
        await checklists.mark(user.telegram_id, step.id, MARKING[act], now)
        await query.answer(_("Saved."))
    else:
        await query.answer()
    progress = await checklists.progress(user.telegram_id, user.about)
    if step is not None and act is ChecklistAct.OPEN:
        entries = [e for e in map(services.answers.for_newcomer, step.entries) if e is not None]
        await edit_text(
            query, *checklist_ui.step_view(step, progress.state(step.id), entries, lang)
        )
    else:
        await edit_text(query, *checklist_ui.listing(progress, lang))


def router() -> Router:
    router = Router(name="checklist")
    known = LanguageChosen()
    router.message.register(checklist_command, Command("checklist"), known)
    router.callback_query.register(checklist_pressed, ChecklistAction.filter(), known)
    router.message.register(language_first, Command("checklist"))
    router.callback_query.register(language_first, ChecklistAction.filter())
    return router
