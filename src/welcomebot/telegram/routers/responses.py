"""Under a report's response: its arguments by kind, and "Not this rumour"."""

from aiogram import Router
from aiogram.filters import or_f
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.domain.roles import Role
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.telegram import reports_ui
from welcomebot.telegram.callbacks import ArgumentKindChoice, ReportFix
from welcomebot.telegram.edits import pressed_on, set_buttons
from welcomebot.telegram.filters import HasRole
from welcomebot.telegram.replies import agents_only, stale_button


async def show_arguments(
    query: CallbackQuery, callback_data: ArgumentKindChoice, services: UnitOfWork, i18n: I18n
) -> None:
    rumour = services.reporting.rumour(callback_data.rumour)
    lang = callback_data.lang
    if (
        rumour is None
        or callback_data.kind not in {a.kind for a in rumour.arguments}
        or lang not in i18n.available_locales
    ):
        await stale_button(query)
        return
    await query.answer()
    with i18n.use_locale(lang):
        await pressed_on(query).answer(reports_ui.arguments_text(rumour, callback_data.kind, lang))


async def not_this_rumour(
    query: CallbackQuery, callback_data: ReportFix, services: UnitOfWork, i18n: I18n
) -> None:
    """The agent says the response was to another rumour than they heard: the report is
    filed as a new rumour, for the team to answer; its arguments stay to read."""
    reporting = services.reporting
    report = await reporting.not_this_rumour(
        services.reports, query.from_user.id, callback_data.report
    )
    if report is None:
        await stale_button(query)
        return
    await query.answer()
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    if markup is not None:  # the arguments' buttons stay, without this one
        rows = [
            row for row in markup.inline_keyboard if row[0].callback_data != callback_data.pack()
        ]
        await set_buttons(query, InlineKeyboardMarkup(inline_keyboard=rows))
    with i18n.use_locale(report.lang):
        await pressed_on(query).answer(
            _("Thank you: the report is now logged as a new rumour, and the team will look at it.")
        )


def router() -> Router:
    router = Router(name="responses")
    agent = HasRole(Role.AGENT, Role.STAFF)
    # Arguments are agents' material: their buttons come only with a report's response.
    router.callback_query.register(show_arguments, ArgumentKindChoice.filter(), agent)
    router.callback_query.register(not_this_rumour, ReportFix.filter(), agent)
    router.callback_query.register(
        agents_only, or_f(ArgumentKindChoice.filter(), ReportFix.filter()), ~agent
    )
    return router
