"""`welcomebot` processes started by tests and benchmarks, and their environment."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def welcomebot_env(**settings: str) -> dict[str, str]:
    """This process's environment without any WELCOMEBOT_* setting, plus the given ones
    (keyword names without the prefix: data_dir="/tmp/x" sets WELCOMEBOT_DATA_DIR)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELCOMEBOT_")}
    env.update({f"WELCOMEBOT_{name.upper()}": value for name, value in settings.items()})
    return env


async def start_welcomebot(
    *args: str, env: dict[str, str], stderr: int = asyncio.subprocess.PIPE, **options: Any
) -> asyncio.subprocess.Process:
    """`python -m welcomebot ARGS` as a child process; its stdout is not read."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "welcomebot",
        *args,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
        **options,
    )


def run_welcomebot(
    args: list[str], stdin: str = "", env_extra: dict[str, str] | None = None, cwd=None
) -> subprocess.CompletedProcess[str]:
    """`python -m welcomebot ARGS` to its end, with no WELCOMEBOT_* setting but env_extra."""
    env = welcomebot_env()
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "welcomebot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def welcomebot_on(app: Any, args: list[str], cwd: Any) -> subprocess.CompletedProcess[str]:
    """`python -m welcomebot ARGS` on a test app's database (SQLite, or the test's schema: the
    process sees the rows the test wrote) and content."""
    env = welcomebot_env(
        data_dir=str(app.settings.data_dir),
        database_url=app.settings.database_url,
        content_dir=str(app.settings.content_dir),
    )
    return subprocess.run(
        [sys.executable, "-m", "welcomebot", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def processes_naming(marker: Path) -> list[str]:
    """The ids of the processes whose command line names `marker` (a test's own folder)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(marker).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:  # it ended meanwhile
            continue
    return found
