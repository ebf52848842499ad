"""Webhook mode: aiogram's aiohttp handler behind a secret token, plus /healthz and /metrics."""

from __future__ import annotations

from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from welcomebot.app import App
from welcomebot.delivery.outbox import Outbox
from welcomebot.metrics import QUEUE, REGISTRY
from welcomebot.telegram.commands import set_menus

APP_KEY = web.AppKey("welcomebot", App)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database (and Redis, if configured) answer; 503 naming what does not."""
    app = request.app[APP_KEY]
    checks: dict[str, str] = {}
    try:
        async with app.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # any failure is the answer here, not a crash
        checks["database"] = f"error: {type(error).__name__}"
    if app.redis is not None:
        try:
            await app.redis.ping()
            checks["redis"] = "ok"
        except Exception as error:
            checks["redis"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return web.json_response(checks, status=200 if healthy else 503)


async def metrics(request: web.Request) -> web.Response:
    async with request.app[APP_KEY].sessions() as session:
        for state, count in (await Outbox(session).counts()).items():
            QUEUE.labels(state=state).set(count)
    return web.Response(
        body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
    )


def build_web_app(
    app: App, bot: Bot, dispatcher: Dispatcher, url: str, secret: str
) -> web.Application:
    web_app = web.Application()
    web_app[APP_KEY] = app
    path = urlparse(url).path or "/"
    # Requests without the secret-token header Telegram echoes back are rejected with 401.
    SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(web_app, path=path)
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)

    async def on_startup(bot: Bot) -> None:
        app.begin()
        await set_menus(bot, app.translator, app.settings.staff_ids)
        await bot.set_webhook(
            url, secret_token=secret, allowed_updates=dispatcher.resolve_used_update_types()
        )

    dispatcher.startup.register(on_startup)
    setup_application(web_app, dispatcher, bot=bot)

    async def close_app(_: web.Application) -> None:
        await app.close()

    web_app.on_cleanup.append(close_app)
    return web_app
