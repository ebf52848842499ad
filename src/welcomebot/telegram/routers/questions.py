"""Free-text questions: answer, suggest, or say honestly that we do not know; small talk on
its own (a greeting, thanks, a goodbye, a yes, "who are you?") is answered in kind."""

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.loader import Centre
from welcomebot.domain.roles import Role
from welcomebot.matching.matcher import Outcome
from welcomebot.matching.small_talk import SmallTalk
from welcomebot.metrics import OUTCOMES
from welcomebot.services.answering import Reply
from welcomebot.services.tickets import Asked
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import keyboards
from welcomebot.telegram.filters import Captioned, FreeText
from welcomebot.telegram.replies import help_text
from welcomebot.telegram.texts import contact_text, emergency_line, emergency_text, entry_text
from welcomebot.telegram.tickets_ui import ask_button, remember_asked


async def question_typed(
    message: Message,
    services: UnitOfWork,
    i18n: I18n,
    centre: Centre | None,
    settings: Settings,
    state: FSMContext,
    user: Profile | None,
    role: Role,
) -> None:
    about = user.about if user is not None else None
    said = message.text or message.caption or ""  # the words under a photo are asked too
    captioned = message.text is None
    reply = await services.answers.ask(said, i18n.current_locale, about, captioned)
    OUTCOMES.labels(outcome=reply.outcome.value).inc()
    staffed = settings.staff_chat_id is not None
    if staffed and isinstance(reply.outcome, Outcome):
        # A request goes on for days: in the language they chose, not the one a few words
        # of this question were taken for.
        lang = user.language if user is not None else reply.lang
        media = message.message_id if captioned else None  # a captioned photo
        await remember_asked(state, asked(said, reply, lang, media), utcnow())
    # Reply in the language of the question; buttons and notes follow it too.
    with i18n.use_locale(reply.lang):
        if reply.urgent:
            await urgent_answer(message, reply, centre)
        elif reply.outcome is Outcome.ANSWER and reply.entry is not None:
            text = entry_text(reply.entry, reply.lang)
            if reply.emergency_note:
                text += "\n\n" + emergency_line(centre, reply.lang)
            await message.answer(text, reply_markup=keyboards.feedback(reply.entry.id))
        elif isinstance(reply.outcome, SmallTalk):
            await message.answer(small_talk_reply(reply.outcome, role))
        elif reply.outcome is Outcome.SUGGEST:
            await message.answer(
                _("I am not sure I understood. Did you mean one of these?")
                + "\n\n"
                + emergency_line(centre, reply.lang),
                reply_markup=keyboards.suggestions(reply.suggestions, reply.lang, reply.asked),
            )
        else:
            # Only what was kept for staff is said to be (`AnsweringService.ask`: "12345" is not).
            sorry = (
                _(
                    "I am sorry, I do not have an answer to this yet. I have noted the question "
                    "so that the team can add one."
                )
                if reply.asked is not None
                else _("I am sorry, I do not have an answer to this.")
            )
            await message.answer(
                sorry
                + "\n\n"
                + _("Or browse the questions by topic: /topics")
                + "\n\n"
                + contact_text(centre, reply.lang)
                + "\n\n"
                + emergency_line(centre, reply.lang),
                reply_markup=ask_button() if staffed else None,
            )


def asked(text: str, reply: Reply, lang: str, media: int | None = None) -> Asked:
    """What a request to a person opened now would hold: the question, what the bot showed."""
    shown = reply.shown
    return Asked(
        question=text,
        lang=lang,
        shown=",".join(entry.id for entry in shown),
        topic=shown[0].group if shown else None,
        urgent=reply.urgent,
        media=media,
    )


async def urgent_answer(message: Message, reply: Reply, centre: Centre | None) -> None:
    """Someone may be in danger: the numbers to call first, then the entry that answers the
    danger, then the way to a person; other dangers the message names are buttons."""
    parts = [emergency_text(centre, reply.lang)]
    if reply.entry is not None:
        parts.append(entry_text(reply.entry, reply.lang))
    parts.append(contact_text(centre, reply.lang))
    markup = keyboards.urgent(reply.entry, reply.suggestions, reply.lang)
    await message.answer("\n\n".join(parts), reply_markup=markup)


def router(outside_forms: bool) -> Router:
    """Questions from people in no form (most of the traffic, so checked first), or from
    people in the middle of one who type instead of pressing its buttons (checked after the
    forms, which take the text they expect)."""
    if outside_forms:
        router = Router(name="questions")
        router.message.register(question_typed, StateFilter(None), FreeText())
        router.message.register(question_typed, StateFilter(None), Captioned())
    else:
        router = Router(name="questions-in-forms")
        router.message.register(question_typed, FreeText())
    return router


def small_talk_reply(kind: SmallTalk, role: Role) -> str:
    """Small talk answered in kind, in the current locale."""
    match kind:
        case SmallTalk.ABOUT:
            return _("I am the newcomer centre's assistant.") + "\n\n" + help_text(role)
        case SmallTalk.GREETING:
            return _(
                "Hello! Write your question in your own words, for example “how do I find a "
                "family doctor?”, or browse the questions by topic: /topics"
            )
        case SmallTalk.THANKS:
            return _("You are welcome! Write to me whenever you have another question.")
        case SmallTalk.GOODBYE:
            return _("Goodbye! Write to me whenever you need help.")
        case SmallTalk.ACKNOWLEDGEMENT:
            # A typed "yes" often answers a question asked with buttons (/forget's "Delete your
            # data?"), which it does not press: say so, or the person thinks it was done.
            return _(
                "If the message above has buttons, please press one. Otherwise, write your "
                "question in your own words, or browse the questions by topic: /topics"
            )
        case SmallTalk.WORDLESS:
            return _(
                "Please write your question in words, for example “how do I find a family "
                "doctor?”, or browse the questions by topic: /topics"
            )
