"""/report: an agent tells what they heard, gets the response (its buttons: `responses.py`),
adds context."""

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.content.lists import CityList, CityLists
from welcomebot.content.loader import Centre
from welcomebot.domain.roles import Role
from welcomebot.services.reports import PLACES, Heard, RumourReporting, tells_something
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import RumourReport
from welcomebot.telegram import reports_ui
from welcomebot.telegram.callbacks import (
    ContextChoice,
    ContextField,
    ReportAside,
    ReportPick,
)
from welcomebot.telegram.edits import Pressed, pressed_on, set_buttons
from welcomebot.telegram.filters import FreeText, HasRole
from welcomebot.telegram.replies import agents_only, stale_button
from welcomebot.telegram.texts import entry_text, threat_note, threat_reminder


class ReportFlow(StatesGroup):
    text = State()
    choosing = State()
    place = State()
    district = State()
    target = State()


SKIPPED = -1  # the option of "Skip"
# The most words an option's name has ("North Hill", "refugees in general"): a longer message
# typed at a step is not an answer to it.
OPTION_WORDS = 3

# Each context step: the state it runs in, the next one, and how to ask.
STEPS = tuple(ContextField)
STATES = {
    ContextField.PLACE: ReportFlow.place,
    ContextField.DISTRICT: ReportFlow.district,
    ContextField.TARGET: ReportFlow.target,
}


def city_list(step: ContextField, lists: CityLists) -> CityList:
    return lists.districts if step is ContextField.DISTRICT else lists.target_groups


def options(step: ContextField, lists: CityLists, lang: str) -> list[str]:
    """The buttons' texts, in `lang`, the language of the report."""
    if step is ContextField.PLACE:
        return [reports_ui.place_label(p) for p in PLACES]
    return city_list(step, lists).names(lang)


def values(step: ContextField, lists: CityLists) -> list[str]:
    """What each button stores: a place's code, a district's or group's English name."""
    return list(PLACES) if step is ContextField.PLACE else list(city_list(step, lists).values)


def question(step: ContextField) -> str:
    return {
        ContextField.PLACE: _("Where did you hear it?"),
        ContextField.DISTRICT: _("In which district?"),
        ContextField.TARGET: _("Whom does the rumour target?"),
    }[step]


async def ask(
    message: Pressed,
    state: FSMContext,
    step: ContextField,
    lists: CityLists,
    lang: str,
    again: bool = False,
) -> None:
    """`again`: the answer was typed and is none of the options, so the question is asked
    once more, saying how to answer it. Words typed before it (`aside`) are dropped: their
    buttons no longer work."""
    await state.set_state(STATES[step])
    await state.update_data(aside=None)
    text = question(step)
    if again:
        text = _("Please press one of the buttons, or “Skip”.") + "\n\n" + text
    await message.answer(
        text, reply_markup=reports_ui.context_options(step, options(step, lists, lang))
    )


def typed_option(step: ContextField, lists: CityLists, lang: str, text: str) -> int | None:
    """Which option a typed answer names in the current locale (a button's text, "-" or
    Skip's for none; a district or group also by its name in another language, or its key),
    or None."""
    wanted = text.strip().casefold()
    if wanted in {"-", _("Skip").casefold()}:
        return SKIPPED
    labels = [label.casefold() for label in options(step, lists, lang)]
    if wanted in labels:
        return labels.index(wanted)
    if step is ContextField.PLACE:
        return None
    found = city_list(step, lists).find(text)
    return None if found is None else values(step, lists).index(found)


async def report_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
    centre: Centre | None,
) -> None:
    """/report, or /report with what was heard (taken as if sent next)."""
    await state.set_data({})  # nothing of a report left unfinished carries over
    await state.set_state(ReportFlow.text)
    if (command.args or "").strip():
        await hear(message, command.args or "", state, services, i18n, lists, centre)
        return
    await message.answer(
        _(
            "Tell me what you heard, in your own words, in Ukrainian or English. "
            "I will answer at once with a short response and arguments."
        )
        + "\n\n"
        + threat_reminder(centre)
    )


async def respond(
    message: Pressed,
    report: RumourReport,
    reporting: RumourReporting,
    lang: str,
    warning: str = "",
) -> None:
    """`warning`: what leads the response (`threat_note`)."""
    rumour = reporting.rumour(report.rumour_id) if report.rumour_id else None
    if rumour is None:
        await message.answer(
            warning
            + _(
                "I do not have a prepared response to this yet. Thank you: it is logged as a new "
                "rumour, and the team will look at it."
            )
        )
        return
    await message.answer(
        warning + entry_text(rumour, lang) + "\n\n" + _("Arguments you can use:"),
        reply_markup=reports_ui.argument_kinds(rumour, lang, report.id),
    )


async def report_text(
    message: Message,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
    centre: Centre | None,
) -> None:
    await hear(message, message.text or "", state, services, i18n, lists, centre)


async def hear(
    message: Pressed,
    text: str,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
    centre: Centre | None,
) -> None:
    """What the agent heard: filed with its response, or the rumours it may be to choose
    from; the report's sender is the chat's (a private chat: the agent). A threat of
    violence in it is pointed to the police first: a report reaches nobody outside."""
    reporting = services.reporting
    if not tells_something(text):
        await message.answer(
            _(
                "Please tell me in a few words what you heard, for example: “they say "
                "newcomers get flats for free”."
            )
            + "\n\n"
            + threat_reminder(centre)
        )
        return
    heard = reporting.match(text, i18n.current_locale)
    with i18n.use_locale(heard.lang):
        warning = threat_note(centre, heard.lang) + "\n\n" if reporting.threatens(text) else ""
    if heard.candidates:
        await state.set_state(ReportFlow.choosing)
        await state.update_data(text=text, score=heard.score, lang=heard.lang)
        with i18n.use_locale(heard.lang):
            await message.answer(
                warning + _("Is it one of these rumours?"),
                reply_markup=reports_ui.candidates(heard.candidates, heard.lang),
            )
        return
    report = await reporting.file(
        services.reports, message.chat.id, text, heard, roster=services.roster
    )
    await after_filing(message, state, report, reporting, i18n, heard.lang, lists, warning)


async def after_filing(
    message: Pressed,
    state: FSMContext,
    report: RumourReport,
    reporting: RumourReporting,
    i18n: I18n,
    lang: str,
    lists: CityLists,
    warning: str = "",
) -> None:
    """The response to what was heard, then the first question about its context: all in
    the language of what was heard, as the rest of the flow (kept as "lang")."""
    await state.update_data(report_id=report.id, lang=lang)
    with i18n.use_locale(lang):
        await respond(message, report, reporting, lang, warning)
        await ask(message, state, STEPS[0], lists, lang)


async def choose_rumour(
    query: CallbackQuery,
    callback_data: ReportPick,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
) -> None:
    data, reporting = await state.get_data(), services.reporting
    if callback_data.rumour and reporting.rumour(callback_data.rumour) is None:
        await stale_button(query)
        return
    await query.answer()
    if not await set_buttons(query, None):
        return  # a second tap: the first one filed the report
    heard = Heard(lang=data["lang"], score=data["score"])
    report = await reporting.file(
        services.reports,
        query.from_user.id,
        data["text"],
        heard,
        rumour_id=callback_data.rumour or None,
        roster=services.roster,
    )
    await after_filing(pressed_on(query), state, report, reporting, i18n, heard.lang, lists)


async def give_context(
    query: CallbackQuery,
    callback_data: ContextChoice,
    state: FSMContext,
    services: UnitOfWork,
    lists: CityLists,
    i18n: I18n,
) -> None:
    step = callback_data.field
    if step not in STATES or await state.get_state() != STATES[step].state:
        await stale_button(query)
        return
    choices = values(step, lists)
    if not -1 <= callback_data.option < len(choices):
        await stale_button(query)
        return
    await query.answer()
    await set_buttons(query, None)
    await add_context(pressed_on(query), state, services, lists, i18n, step, callback_data.option)


async def type_context(
    message: Message, state: FSMContext, services: UnitOfWork, lists: CityLists, i18n: I18n
) -> None:
    """An answer typed instead of pressed: taken when it names an option, in either language
    ("Library", "бібліотека", "Пропустити"); a short one that does not is asked again; a
    longer one may be another rumour heard (`aside_pressed`). A danger is answered as any
    message, emergency numbers first, and the question stays open."""
    text = message.text or ""
    current = await state.get_state()
    step = next(field for field, asked in STATES.items() if asked.state == current)
    lang = (await state.get_data()).get("lang", i18n.current_locale)
    for locale in dict.fromkeys((lang, *i18n.available_locales)):
        with i18n.use_locale(locale):
            option = typed_option(step, lists, lang, text)
        if option is not None:
            await add_context(message, state, services, lists, i18n, step, option)
            return
    # Only what names no option is read for a danger: an option never signals one.
    if services.answers.urgent(text):
        raise SkipHandler
    with i18n.use_locale(lang):
        if len(text.split()) > OPTION_WORDS and tells_something(text):
            # Words, not an option: another rumour heard, or the context told in words,
            # which a report does not keep (it stays anonymous). The agent says which.
            number = int((await state.get_data()).get("asides", 0)) + 1
            await state.update_data(aside=text, asides=number)
            await message.answer(
                _(
                    "I keep only your choices about a report, not what you write about it, "
                    "so that it stays anonymous. Is this another rumour you heard?"
                ),
                reply_markup=reports_ui.aside_choice(step, number),
            )
            return
        await ask(message, state, step, lists, lang, again=True)


async def aside_pressed(
    query: CallbackQuery,
    callback_data: ReportAside,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
    centre: Centre | None,
) -> None:
    """Words typed at a context question: reported as another rumour (the first report
    keeps what it has), or the question asked again."""
    data, current = await state.get_data(), await state.get_state()
    step, aside = callback_data.field, data.get("aside")
    if (
        current != STATES[step].state
        or not isinstance(aside, str)
        or data.get("asides") != callback_data.number
    ):
        await stale_button(query)
        return
    await query.answer()
    if not await set_buttons(query, None):
        return  # a second tap: the first one did it
    lang = data.get("lang", i18n.current_locale)
    if callback_data.another:
        await state.set_data({})
        await state.set_state(ReportFlow.text)
        await hear(pressed_on(query), aside, state, services, i18n, lists, centre)
        return
    with i18n.use_locale(lang):
        await pressed_on(query).answer(
            _("Those words are not kept. To ask me a question instead, send /cancel first.")
        )
        await ask(pressed_on(query), state, step, lists, lang)


async def add_context(
    message: Pressed,
    state: FSMContext,
    services: UnitOfWork,
    lists: CityLists,
    i18n: I18n,
    step: ContextField,
    option: int,
) -> None:
    """Keep the option chosen for this step (-1: skipped), then ask the next or finish."""
    data = await state.get_data()
    report_id = data.get("report_id")
    if option >= 0 and isinstance(report_id, int):
        await services.reporting.add_context(
            services.reports, report_id, step, values(step, lists)[option]
        )
    following = STEPS.index(step) + 1
    lang = data.get("lang", i18n.current_locale)
    with i18n.use_locale(lang):
        if following < len(STEPS):
            await ask(message, state, STEPS[following], lists, lang)
            return
        await state.clear()
        await message.answer(_("Thank you! The report is logged anonymously."))


async def type_while_choosing(
    message: Message,
    state: FSMContext,
    services: UnitOfWork,
    i18n: I18n,
    lists: CityLists,
    centre: Centre | None,
) -> None:
    """Text typed while the rumours to choose from are shown: they wait for a press. A
    danger is answered as any message, emergency numbers first."""
    if services.answers.urgent(message.text or ""):
        raise SkipHandler
    data = await state.get_data()
    lang = data.get("lang", i18n.current_locale)
    heard = services.reporting.match(data.get("text", ""), lang)
    with i18n.use_locale(lang):
        if not heard.candidates:  # the content changed meanwhile: as a new report
            await state.set_state(ReportFlow.text)
            await hear(message, data.get("text", ""), state, services, i18n, lists, centre)
            return
        await message.answer(
            _("Please press one of these buttons:"),
            reply_markup=reports_ui.candidates(heard.candidates, heard.lang),
        )


async def no_longer_an_agent(message: Message, state: FSMContext, services: UnitOfWork) -> None:
    """Text for a report begun by someone staff have since taken off the team: said so, not
    added (else it would be answered as a newcomer's question). A danger is answered first,
    as any message."""
    filed = await state.get_state() in {asked.state for asked in STATES.values()}
    await state.clear()
    if services.answers.urgent(message.text or ""):
        raise SkipHandler
    if filed:
        said = _(
            "You are no longer on the anti-rumour team: the report you filed is kept, and "
            "nothing more is added to it. If you think this is a mistake, please contact the "
            "newcomer centre."
        )
    else:
        said = _(
            "You are no longer on the anti-rumour team, so this was not filed as a report. "
            "If you think this is a mistake, please contact the newcomer centre."
        )
    await message.answer(said)


async def cancel_after_filing(message: Message, state: FSMContext, i18n: I18n) -> None:
    """/cancel at a context question: the report itself was filed when its rumour was."""
    lang = (await state.get_data()).get("lang", i18n.current_locale)
    await state.clear()
    with i18n.use_locale(lang):
        await message.answer(
            _("Stopped. Your report is kept; the questions you skipped stay empty.")
        )


def router() -> Router:
    router = Router(name="agents")
    agent = HasRole(Role.AGENT, Role.STAFF)
    router.message.register(report_command, Command("report"), agent)
    router.message.register(
        cancel_after_filing, Command("cancel"), StateFilter(*STATES.values()), agent
    )
    router.message.register(report_text, StateFilter(ReportFlow.text), FreeText(), agent)
    router.message.register(
        type_while_choosing, StateFilter(ReportFlow.choosing), FreeText(), agent
    )
    router.message.register(type_context, StateFilter(*STATES.values()), FreeText(), agent)
    router.message.register(
        no_longer_an_agent,
        StateFilter(ReportFlow.text, ReportFlow.choosing, *STATES.values()),
        FreeText(),
        ~agent,
    )
    router.callback_query.register(
        choose_rumour, StateFilter(ReportFlow.choosing), ReportPick.filter(), agent
    )
    router.callback_query.register(give_context, ContextChoice.filter(), agent)
    router.callback_query.register(aside_pressed, ReportAside.filter(), agent)
    # Whoever gets here lacks the role, or pressed a button from a flow that is over.
    router.message.register(agents_only, Command("report"))
    router.callback_query.register(
        agents_only,
        or_f(
            ReportPick.filter(),
            ContextChoice.filter(),
            ReportAside.filter(),
        ),
        ~agent,
    )
    return router
