"""/profile and its questions: offered once after the first language choice, every one
skippable, each answer stored at once; the interests are the subscriptions themselves."""

from aiogram import Router
from aiogram.filters import Command, or_f
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.profile import AGE_BANDS, SITUATIONS, Children, Situation, join_ages
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import profile_ui
from welcomebot.telegram.callbacks import ProfileChoice, ProfileField, ProfileTick
from welcomebot.telegram.edits import edit_text
from welcomebot.telegram.filters import LanguageChosen
from welcomebot.telegram.profile_ui import ASK, NEXT, UNDISCLOSED
from welcomebot.telegram.replies import language_first, stale_button


async def view(
    services: UnitOfWork,
    telegram_id: int,
    field: ProfileField,
    walk: bool,
    pack: ContentPack,
    lists: CityLists,
    lang: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """A question, or the whole profile, as it is stored now."""
    profile = await services.people.profile(telegram_id)
    user = await services.users.get(telegram_id)
    assert profile is not None and user is not None  # LanguageChosen: they are stored
    chosen = await services.subscriptions.interests(telegram_id)
    if field is ProfileField.SUMMARY:
        return profile_ui.summary(profile, user.district, chosen, pack, lists.districts, lang)
    return profile_ui.question(
        field, walk, profile, user.district, chosen, pack, lists.districts, lang
    )


def options(field: ProfileField, pack: ContentPack, lists: CityLists) -> int:
    """How many answers a question has, besides ASK, NEXT and UNDISCLOSED."""
    return {
        ProfileField.SITUATION: len(SITUATIONS),
        ProfileField.CHILDREN: len(profile_ui.CHILDREN_OPTIONS),
        ProfileField.AGES: len(AGE_BANDS),
        ProfileField.DISTRICT: len(lists.districts),
        ProfileField.INTERESTS: len(profile_ui.interests(pack)),
        ProfileField.SUMMARY: 0,
    }[field]


def valid(data: ProfileChoice, pack: ContentPack, lists: CityLists) -> bool:
    specials = {ASK} if data.field is ProfileField.SUMMARY else {ASK, NEXT}
    if data.field in (ProfileField.SITUATION, ProfileField.CHILDREN, ProfileField.DISTRICT):
        specials.add(UNDISCLOSED)
    return data.option in specials or 0 <= data.option < options(data.field, pack, lists)


def after(field: ProfileField, children: str | None, lists: CityLists) -> ProfileField:
    """The next question of the walk."""
    if field is ProfileField.CHILDREN and children == Children.YES:
        return ProfileField.AGES
    order = [f for f in profile_ui.WALK if f is not ProfileField.DISTRICT or lists.districts]
    if field is ProfileField.AGES:
        field = ProfileField.CHILDREN
    position = order.index(field) + 1 if field in order else len(order)
    return order[position] if position < len(order) else ProfileField.SUMMARY


async def answer(
    services: UnitOfWork, telegram_id: int, data: ProfileChoice, pack: ContentPack, lists: CityLists
) -> bool:
    """Store one answer; True when the question is answered (a toggle keeps it open)."""
    field, option, users = data.field, data.option, services.users
    if field is ProfileField.SITUATION:
        situation = SITUATIONS[option] if option >= 0 else Situation.UNDISCLOSED
        await users.set_profile(telegram_id, situation=situation)
        return True
    if field is ProfileField.CHILDREN:
        value = profile_ui.CHILDREN_OPTIONS[option] if option >= 0 else Children.UNDISCLOSED
        ages = {} if value == Children.YES else {"child_ages": None}
        await users.set_profile(telegram_id, children=value, **ages)
        return True
    if field is ProfileField.DISTRICT:
        district = lists.districts.values[option] if option >= 0 else None
        await services.subscriptions.set_district(telegram_id, district)
        return True
    if field is ProfileField.AGES:
        profile = await services.people.profile(telegram_id)
        bands, band = set(profile.ages if profile else ()), AGE_BANDS[option]
        tick = data.on if isinstance(data, ProfileTick) else band not in bands
        await users.set_profile(
            telegram_id, child_ages=join_ages(bands | {band} if tick else bands - {band})
        )
        return False
    interest = profile_ui.interests(pack)[option]
    await services.subscriptions.tick(
        telegram_id, interest, data.on if isinstance(data, ProfileTick) else None
    )
    return False


async def profile_command(
    message: Message,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    text, markup = await view(
        services, user.telegram_id, ProfileField.SUMMARY, False, pack, lists, i18n.current_locale
    )
    await message.answer(text, reply_markup=markup)


async def profile_pressed(
    query: CallbackQuery,
    callback_data: ProfileChoice,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    data = callback_data
    if not valid(data, pack, lists) or (
        data.field is ProfileField.DISTRICT and not lists.districts
    ):
        await stale_button(query)
        return
    await query.answer()
    field = data.field
    if data.option == NEXT or (
        data.option != ASK and await answer(services, user.telegram_id, data, pack, lists)
    ):
        profile = await services.people.profile(user.telegram_id)
        children = profile.children if profile else None
        if data.walk:
            field = after(field, children, lists)
        elif field is ProfileField.CHILDREN and data.option != NEXT and children == Children.YES:
            field = ProfileField.AGES
        else:
            field = ProfileField.SUMMARY
    text, markup = await view(
        services, user.telegram_id, field, data.walk, pack, lists, i18n.current_locale
    )
    await edit_text(query, text, markup)


def router() -> Router:
    router = Router(name="profile")
    known = LanguageChosen()
    router.message.register(profile_command, Command("profile"), known)
    pressed = or_f(ProfileChoice.filter(), ProfileTick.filter())
    router.callback_query.register(profile_pressed, pressed, known)
    router.message.register(language_first, Command("profile"))
    router.callback_query.register(language_first, pressed)
    return router
