"""/subscriptions, /timezone and the unsubscribe button: what announcements a person gets."""

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject, or_f
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import DEFAULT_INTERESTS, topic_interest
from welcomebot.domain.times import zone_named
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import announcements
from welcomebot.telegram.callbacks import (
    DistrictChoice,
    SubscriptionTick,
    SubscriptionToggle,
    Unsubscribe,
)
from welcomebot.telegram.edits import set_buttons
from welcomebot.telegram.filters import LanguageChosen
from welcomebot.telegram.replies import language_first, stale_button


def known_interests(pack: ContentPack) -> set[str]:
    return {*DEFAULT_INTERESTS, *(topic_interest(t.topic) for t in pack.topics)}


async def menu(
    services: UnitOfWork, telegram_id: int, pack: ContentPack, lists: CityLists, lang: str
) -> InlineKeyboardMarkup:
    user = await services.users.get(telegram_id)
    chosen = await services.subscriptions.interests(telegram_id)
    return announcements.subscriptions(
        chosen, pack.topics, lang, lists.districts, user.district if user else None
    )


async def subscriptions_command(
    message: Message,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    keyboard = await menu(services, user.telegram_id, pack, lists, i18n.current_locale)
    text = _("Choose what the centre may send you. Tap to switch a kind on or off.")
    if lists.districts:
        text += "\n" + _("If you choose your district, you also get news meant for it.")
    await message.answer(text, reply_markup=keyboard)


async def saved(
    query: CallbackQuery,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    lang: str,
) -> None:
    """Confirm the change and show the menu as it is now."""
    await query.answer(_("Saved."))
    await set_buttons(query, await menu(services, user.telegram_id, pack, lists, lang))


async def toggle_interest(
    query: CallbackQuery,
    callback_data: SubscriptionToggle,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    if callback_data.interest not in known_interests(pack):
        await stale_button(query)
        return
    on = callback_data.on if isinstance(callback_data, SubscriptionTick) else None
    await services.subscriptions.tick(user.telegram_id, callback_data.interest, on)
    await saved(query, user, services, pack, lists, i18n.current_locale)


async def choose_district(
    query: CallbackQuery,
    callback_data: DistrictChoice,
    user: Profile,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    i18n: I18n,
) -> None:
    option = callback_data.option
    if not -1 <= option < len(lists.districts):
        await stale_button(query)
        return
    await services.subscriptions.set_district(
        user.telegram_id, lists.districts.values[option] if option >= 0 else None
    )
    await saved(query, user, services, pack, lists, i18n.current_locale)


async def unsubscribe_pressed(
    query: CallbackQuery,
    callback_data: Unsubscribe,
    user: Profile | None,
    services: UnitOfWork,
    pack: ContentPack,
    i18n: I18n,
) -> None:
    if callback_data.interest not in known_interests(pack):
        await stale_button(query)
        return
    if user is not None:
        await services.subscriptions.unsubscribe(user.telegram_id, callback_data.interest)
    label = announcements.interest_label(callback_data.interest, pack.topics, i18n.current_locale)
    await query.answer(
        _("Done: you will not get “{kind}” any more. To change this, send /subscriptions.").format(
            kind=label
        ),
        show_alert=True,
    )
    await set_buttons(query, None)


async def timezone_command(
    message: Message,
    command: CommandObject,
    user: Profile,
    services: UnitOfWork,
    settings: Settings,
) -> None:
    name = (command.args or "").strip()
    if not name:
        current = await services.people.zone(user.telegram_id)
        await message.answer(
            _(
                "Dates are shown in the time zone {zone}. To change it, send for example "
                "/timezone Europe/Kyiv; to go back to the city's, send /timezone reset."
            ).format(zone=current)
        )
        return
    if name.lower() == "reset":
        await services.subscriptions.set_timezone(user.telegram_id, None)
        await message.answer(
            _("Done: dates are shown in {zone} time.").format(zone=settings.timezone)
        )
        return
    # Its name as the IANA writes it, whatever the case, or by its city alone ("kyiv").
    known = zone_named(name)
    if known is None:
        await message.answer(
            _(
                "I do not know the time zone “{name}”. Write it like Europe/Kyiv, or name a "
                "big city in it, such as Kyiv."
            ).format(name=escape(name[:64]))
        )
        return
    await services.subscriptions.set_timezone(user.telegram_id, known)
    await message.answer(_("Done: dates are shown in {zone} time.").format(zone=known))


def router() -> Router:
    router = Router(name="subscriptions")
    known = LanguageChosen()
    mine = Command("subscriptions", "timezone")
    toggles = or_f(SubscriptionToggle.filter(), SubscriptionTick.filter())
    buttons = or_f(toggles, DistrictChoice.filter())
    router.message.register(subscriptions_command, Command("subscriptions"), known)
    router.message.register(timezone_command, Command("timezone"), known)
    router.callback_query.register(toggle_interest, toggles, known)
    router.callback_query.register(choose_district, DistrictChoice.filter(), known)
    # The unsubscribe button comes with an announcement: it works for whoever got one.
    router.callback_query.register(unsubscribe_pressed, Unsubscribe.filter())
    router.message.register(language_first, mine)
    router.callback_query.register(language_first, buttons)
    return router
