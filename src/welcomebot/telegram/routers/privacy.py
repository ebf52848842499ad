"""/mydata and /forget: anyone can see, and erase, what the bot keeps about them."""

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from welcomebot.config import Settings
from welcomebot.content.lists import CityLists
from welcomebot.content.models import ContentPack
from welcomebot.delivery.outbox import Outgoing
from welcomebot.domain.roles import Role
from welcomebot.services.personal_data import erase
from welcomebot.services.unit_of_work import UnitOfWork
from welcomebot.storage.models import utcnow
from welcomebot.telegram import keyboards
from welcomebot.telegram.callbacks import ForgetChoice
from welcomebot.telegram.edits import pressed_on, set_buttons
from welcomebot.telegram.my_data import Reader, my_data
from welcomebot.telegram.staff_room import StaffRoom


async def forget_command(message: Message, role: Role) -> None:
    text = _(
        "This deletes all the bot keeps about you (/mydata shows it): your language, "
        "district and time zone, your profile, your first steps, which announcements you "
        "chose, which events you signed up to, and your requests to the centre's staff "
        "(from the staff's group too, where Telegram allows it). Questions you typed to the "
        "bot are kept without your name or id. Delete your data?"
    )
    if role is Role.AGENT:  # the roster entry goes too, and with it the agent's access
        text += "\n\n" + _(
            "You will also leave the anti-rumour team: to report again, you would need a new "
            "invitation. The rumours you reported stay counted, without your name or id."
        )
    await message.answer(text, reply_markup=keyboards.forget())


async def my_data_command(
    message: Message,
    services: UnitOfWork,
    pack: ContentPack,
    lists: CityLists,
    settings: Settings,
    i18n: I18n,
) -> None:
    """Exactly what is stored about the person, section by section."""
    telegram_id = message.chat.id
    sections = await services.personal_data.sections(telegram_id)
    reader = Reader(pack, lists, settings.timezone, i18n.current_locale)
    await message.answer(my_data(telegram_id, sections, reader))


async def forget_pressed(
    query: CallbackQuery,
    callback_data: ForgetChoice,
    services: UnitOfWork,
    state: FSMContext,
    staff_room: StaffRoom,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
) -> None:
    await query.answer()
    if not await set_buttons(query, None):
        return  # a second tap: the first one did what was asked
    if not callback_data.confirm:
        await pressed_on(query).answer(_("Nothing was deleted."))
        return
    # This week's active key first: its own short transaction, before this one writes.
    await services.usage.forget(query.from_user.id)
    copies = await erase(
        query.from_user.id,
        services.users,
        services.tickets,
        services.events,
        staff_room.chat_id,  # their requests' topics or messages in the staff group
        utcnow(),
    )
    await state.clear()  # a half-written report or broadcast is theirs too (in Redis, by id)
    if copies is not None:
        await staff_room.erase(bot, copies)
        if copies.unanswered and staff_room.chat_id is not None:
            # Through the outbox, as every message to the staff group a person's update causes;
            # its own batch, as the request's went with it.
            now = utcnow()
            batch = f"withdrawn:{'-'.join(map(str, copies.unanswered))}"
            note = Outgoing(
                f"{batch}:{now.timestamp()}",
                staff_room.chat_id,
                _withdrawn(copies.unanswered, i18n, settings),
                batch=batch,
            )
            await services.tickets.outbox.enqueue([note], now)
    await pressed_on(query).answer(
        _("Done: your data is deleted. Send /start if you want to begin again.")
    )


def _withdrawn(numbers: tuple[int, ...], i18n: I18n, settings: Settings) -> str:
    """In the staff group's language (`middlewares/language.py`), not the person's."""
    with i18n.use_locale(str(settings.default_language)):
        return ngettext(
            "Request {numbers} is gone: the person erased their data with /forget. Replies "
            "there can no longer reach them.",
            "Requests {numbers} are gone: the person erased their data with /forget. Replies "
            "there can no longer reach them.",
            len(numbers),
        ).format(numbers=", ".join(f"#{n}" for n in numbers))


def router() -> Router:
    router = Router(name="privacy")
    router.message.register(forget_command, Command("forget"))
    router.message.register(my_data_command, Command("mydata"))
    router.callback_query.register(forget_pressed, ForgetChoice.filter())
    return router
