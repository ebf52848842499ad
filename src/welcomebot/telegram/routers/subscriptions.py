"""/subscriptions, /timezone and the unsubscribe button: what announcements a person gets."""

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings, zone
from welcomebot.content.models import ContentPack
from welcomebot.domain.audiences import DEFAULT_INTERESTS, topic_interest
from welcomebot.storage.user_cache import Profile
from welcomebot.telegram import announcements
from welcomebot.telegram.callbacks import DistrictChoice, SubscriptionToggle, Unsubscribe
from welcomebot.telegram.edits import set_buttons
from welcomebot.telegram.middlewares import Repositories
from welcomebot.telegram.routers.fallback import stale_button
from welcomebot.telegram.texts import notify


def known_interests(pack: ContentPack) -> set[str]:
    return {*DEFAULT_INTERESTS, *(topic_interest(t.topic) for t in pack.topics)}


async def need_language(event: Message | CallbackQuery) -> None:
    await notify(event, _("Please choose your language first: send /start."))


async def menu(
    repos: Repositories, telegram_id: int, pack: ContentPack, settings: Settings, lang: str
):
    user = await repos.users.get(telegram_id)
    chosen = await repos.subscriptions.interests(telegram_id)
    return announcements.subscriptions(
        chosen, pack.topics, lang, settings.districts, user.district if user else None
    )


async def subscriptions_command(
    message: Message,
    user: Profile | None,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    i18n: I18n,
) -> None:
    if user is None:
        await need_language(message)
        return
    keyboard = await menu(repos, user.telegram_id, pack, settings, i18n.current_locale)
    text = _("Choose what the centre may send you. Tap to switch a kind on or off.")
    if settings.districts:
        text += "\n" + _("If you choose your district, you also get news meant for it.")
    await message.answer(text, reply_markup=keyboard)


async def saved(
    query: CallbackQuery,
    user: Profile,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    lang: str,
) -> None:
    """Confirm the change and show the menu as it is now."""
    await query.answer(_("Saved."))
    await set_buttons(query, await menu(repos, user.telegram_id, pack, settings, lang))


async def toggle(
    query: CallbackQuery,
    callback_data: SubscriptionToggle,
    user: Profile | None,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    i18n: I18n,
) -> None:
    if user is None:
        await need_language(query)
        return
    if callback_data.interest not in known_interests(pack):
        await stale_button(query)
        return
    if not await repos.subscriptions.unsubscribe(user.telegram_id, callback_data.interest):
        await repos.subscriptions.subscribe(user.telegram_id, callback_data.interest)
    await saved(query, user, repos, pack, settings, i18n.current_locale)


async def choose_district(
    query: CallbackQuery,
    callback_data: DistrictChoice,
    user: Profile | None,
    repos: Repositories,
    pack: ContentPack,
    settings: Settings,
    i18n: I18n,
) -> None:
    if user is None:
        await need_language(query)
        return
    option = callback_data.option
    if not -1 <= option < len(settings.districts):
        await stale_button(query)
        return
    await repos.subscriptions.set_district(
        user.telegram_id, settings.districts[option] if option >= 0 else None
    )
    await saved(query, user, repos, pack, settings, i18n.current_locale)


async def unsubscribe(
    query: CallbackQuery,
    callback_data: Unsubscribe,
    user: Profile | None,
    repos: Repositories,
    pack: ContentPack,
    i18n: I18n,
) -> None:
    if callback_data.interest not in known_interests(pack):
        await stale_button(query)
        return
    if user is not None:
        await repos.subscriptions.unsubscribe(user.telegram_id, callback_data.interest)
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
    user: Profile | None,
    repos: Repositories,
    settings: Settings,
) -> None:
    if user is None:
        await need_language(message)
        return
    name = (command.args or "").strip()
    if not name:
        current = (await repos.users.get(user.telegram_id)).timezone or settings.timezone  # type: ignore[union-attr]
        await message.answer(
            _(
                "Dates are shown in the time zone {zone}. To change it, send for example "
                "/timezone Europe/Kyiv; to go back to the city's, send /timezone reset."
            ).format(zone=current)
        )
        return
    if name.lower() == "reset":
        await repos.subscriptions.set_timezone(user.telegram_id, None)
        await message.answer(
            _("Done: dates are shown in {zone} time.").format(zone=settings.timezone)
        )
        return
    # The length first: the zone is looked up as a file, and a long name is an OSError.
    if len(name) > 64 or zone(name) is None:
        await message.answer(
            _(
                "I do not know the time zone “{name}”. Write it like Europe/Kyiv or Europe/Tallinn."
            ).format(name=escape(name[:64]))
        )
        return
    await repos.subscriptions.set_timezone(user.telegram_id, name)
    await message.answer(_("Done: dates are shown in {zone} time.").format(zone=name))


def router() -> Router:
    router = Router(name="subscriptions")
    router.message.register(subscriptions_command, Command("subscriptions"))
    router.message.register(timezone_command, Command("timezone"))
    router.callback_query.register(toggle, SubscriptionToggle.filter())
    router.callback_query.register(choose_district, DistrictChoice.filter())
    router.callback_query.register(unsubscribe, Unsubscribe.filter())
    return router
