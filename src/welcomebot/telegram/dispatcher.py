"""Builds the Dispatcher (and gives `build_bot`); shared by Telegram, the console and the
tests."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation

from welcomebot.app import App
from welcomebot.content.lists import CityLists
from welcomebot.metrics import CountUpdates
from welcomebot.services.unit_of_work import Core
from welcomebot.telegram.bot import build_bot
from welcomebot.telegram.conversations import CONVERSATION_TTL, ExpiringMemoryStorage
from welcomebot.telegram.middlewares import (
    DatabaseMiddleware,
    UserLanguageMiddleware,
    UserMiddleware,
)
from welcomebot.telegram.middlewares.flood import (
    FloodMiddleware,
    Limiter,
    MemoryLimiter,
    RedisLimiter,
)
from welcomebot.telegram.middlewares.nul import DropNul
from welcomebot.telegram.middlewares.repeats import (
    HandleOnce,
    MemorySeenUpdates,
    RedisSeenUpdates,
    SeenUpdates,
)
from welcomebot.telegram.notices import TelegramComposer
from welcomebot.telegram.outages import DATABASE_DOWN, database_down
from welcomebot.telegram.staff_room import StaffRoom

__all__ = ["build_bot", "build_dispatcher"]


def build_dispatcher(app: App) -> Dispatcher:
    # The routers bring the matcher's and the charts' libraries; the worker, which builds
    # only a Bot, does without them (tens of MB).
    from welcomebot.telegram.routers import build_root_router

    settings = app.settings
    if app.redis is not None:
        from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

        keys = DefaultKeyBuilder(prefix=f"{settings.redis_prefix}:fsm", with_destiny=True)
        storage: BaseStorage = RedisStorage(
            app.redis, key_builder=keys, state_ttl=CONVERSATION_TTL, data_ttl=CONVERSATION_TTL
        )
        isolation: BaseEventIsolation = RedisEventIsolation(app.redis, key_builder=keys)
        limiter: Limiter = RedisLimiter(
            app.redis, settings.redis_prefix, settings.flood_messages, settings.flood_seconds
        )
        seen: SeenUpdates = RedisSeenUpdates(app.redis, settings.redis_prefix)
    else:
        storage, isolation = ExpiringMemoryStorage(), SimpleEventIsolation()
        limiter = MemoryLimiter(settings.flood_messages, settings.flood_seconds)
        seen = MemorySeenUpdates()
    # Handlers get services one way: from the update's unit of work, as `services`. The
    # Dispatcher's own data is only settings and content.
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=app.settings,
        centre=app.centre,
        lists=CityLists.of(app.centre, app.settings),
        pack=app.pack,
        translator=app.translator,
        staff_room=StaffRoom(settings.staff_chat_id),
    )
    dp.update.outer_middleware(HandleOnce(seen))
    dp.update.outer_middleware(DropNul())  # PostgreSQL cannot store it
    dp.update.outer_middleware(CountUpdates())
    dp.update.outer_middleware(DatabaseMiddleware(core(app)))
    dp.update.outer_middleware(UserMiddleware())
    UserLanguageMiddleware(app.translator).setup(dp)
    # After the language, so the warning speaks it; per event, so it sees messages and buttons.
    flood = FloodMiddleware(limiter)
    dp.message.middleware(flood)
    dp.callback_query.middleware(flood)
    # The dispatcher's error handlers run before the routers': outages here, the rest in fallback.
    dp.errors.register(database_down, ExceptionTypeFilter(*DATABASE_DOWN))
    dp.include_router(build_root_router())
    return dp


def core(app: App) -> Core:
    """What every update's unit of work shares; the Telegram layer words announcements."""
    return Core(
        settings=app.settings,
        sessions=app.sessions,
        profiles=app.profiles,
        composer=TelegramComposer(app),
        answers=app.answers,
        reporting=app.reporting,
        barometer=app.barometer,
        ticket_observer=app.ticket_observer,
        usage=app.usage,
    )
