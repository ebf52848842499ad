"""/topics: topics, then the questions of one topic, then an answer."""

from html import escape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.content.loader import Centre
from welcomebot.content.models import pick
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import keyboards
from welcomebot.telegram.callbacks import EntryChoice, SuggestionChoice, TopicChoice
from welcomebot.telegram.edits import edit_text, pressed_on
from welcomebot.telegram.texts import answer_text


async def topics_command(message: Message, services: UnitOfWork, i18n: I18n) -> None:
    await message.answer(
        _("Choose a topic:"),
        reply_markup=keyboards.topics(services.answers.topics(), i18n.current_locale),
    )


async def back_to_topics(query: CallbackQuery, services: UnitOfWork, i18n: I18n) -> None:
    await query.answer()
    await edit_text(
        query,
        _("Choose a topic:"),
        keyboards.topics(services.answers.topics(), i18n.current_locale),
    )


async def open_topic(
    query: CallbackQuery,
    callback_data: TopicChoice,
    services: UnitOfWork,
    i18n: I18n,
    user: Profile | None,
) -> None:
    topic = services.answers.topic(callback_data.topic)
    if topic is None:
        await query.answer(
            _("This topic no longer exists. Please send /topics again."), show_alert=True
        )
        return
    await query.answer()
    lang = i18n.current_locale
    # Questions meant for people like this person first; nothing is hidden.
    entries = services.answers.topic_entries(topic, user.about if user is not None else None)
    await edit_text(
        query, f"<b>{escape(pick(topic.title, lang))}</b>", keyboards.entries(entries, lang)
    )


async def open_entry(
    query: CallbackQuery,
    callback_data: EntryChoice | SuggestionChoice,
    services: UnitOfWork,
    i18n: I18n,
    centre: Centre | None,
) -> None:
    entry = services.answers.for_newcomer(callback_data.id)
    if entry is None:
        await query.answer(
            _("This answer is no longer available. Please ask again."), show_alert=True
        )
        return
    await query.answer()
    if isinstance(callback_data, SuggestionChoice):
        # The suggestion picked for the question it was offered for: learned from, once.
        await services.content_loop.picked(callback_data.asked, entry)
    await pressed_on(query).answer(
        answer_text(entry, i18n.current_locale, centre), reply_markup=keyboards.feedback(entry.id)
    )


def router() -> Router:
    router = Router(name="topics")
    router.message.register(topics_command, Command("topics"))
    router.callback_query.register(back_to_topics, TopicChoice.filter(F.topic == ""))
    router.callback_query.register(open_topic, TopicChoice.filter())
    router.callback_query.register(open_entry, EntryChoice.filter())
    router.callback_query.register(open_entry, SuggestionChoice.filter())
    return router
