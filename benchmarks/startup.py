"""How fast the commands start and how much memory they hold, on the demo content.

Each figure is the best of `--rounds` (3) runs of a real `python -m welcomebot` process of this
tree, each on a fresh data folder (so the chat and `run` also migrate a new SQLite database):

- `welcomebot --help`: wall time until it exits.
- `welcomebot content check`: wall time until it exits.
- `welcomebot chat`, first reply: from starting the process to the first line it prints for
  a question written on its stdin; and the chat's peak memory (RSS) once it has exited.
- `welcomebot chat` at a terminal (a pseudo-terminal), first answer: from starting the process
  to the answer to the same question typed after the greeting's reply. A piped chat waits for
  a decision still to fit for the content; at a terminal the hand-set rule answers meanwhile.
- `welcomebot run`, idle: RSS two seconds after its first `getUpdates` to the repo's fake Bot
  API on localhost (tests/fakes/bot_api.py), i.e. started and polling.
- `welcomebot worker`, idle: RSS two seconds after it says it runs (it builds no matcher);
  and again on a database migrated before (`db upgrade`), as at a restart.

Each tree's bytecode is compiled first (into its __pycache__ folders, which git ignores), as
`pip install` compiles it: where PYTHONDONTWRITEBYTECODE is set, as on the machine the README's
figures come from, each start would otherwise compile every module of the tree again (0.3 s of
the chat's). `--source-only` deletes the trees' bytecode instead, to see the difference.

A start reads the knowledge (and the fitted decision) that an earlier start with the same content
and code kept in the cache folder; `--cold` gives each run a new cache folder instead, as at the
first start with new content.

    python -m benchmarks.startup [--rounds 3] [--src OTHER/src] [--source-only] [--cold]
        [--only NAME-PART]

Prints a markdown table. The machine's other load moves these figures; compare side by side:
`--src` measures another tree's code (`git archive REV src | tar -x -C /tmp/old`) in the
same run, each round taking turns.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.fakes.bot_api import FakeBotAPI  # noqa: E402  (the repo's own fake server)

CONTENT = REPO / "content"
QUESTION = "How do I find a flat to rent?\n"
SETTLE = 2.0  # seconds a service is left idle before its memory is read
TIMEOUT = 120.0
SOURCES = [REPO / "src"]  # the code measured: this tree's, and `--src`
source = SOURCES[0]
cold = False  # each run with a new cache folder (`--cold`)


def env(folder: Path, **settings: str) -> dict[str, str]:
    """The measured code first, no inherited WELCOMEBOT_* setting, the demo content."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("WELCOMEBOT_")}
    base["PYTHONPATH"] = os.pathsep.join(p for p in (str(source), base.get("PYTHONPATH", "")) if p)
    base.update(
        WELCOMEBOT_DATA_DIR=str(folder),
        WELCOMEBOT_CONTENT_DIR=str(CONTENT),
        WELCOMEBOT_REPORT_SECRET="bench",
    )
    if cold:
        base["WELCOMEBOT_DECISION_CACHE"] = str(folder / "cache")
    base.update({f"WELCOMEBOT_{k.upper()}": v for k, v in settings.items()})
    return base


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "welcomebot", *args]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def wall(*args: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = subprocess.run(command(*args), env=env(Path(folder)), capture_output=True)
        elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"welcomebot {' '.join(args)}: {result.stderr.decode()[-2000:]}")
    return elapsed


def chat() -> tuple[float, float]:
    """Seconds to the first reply, and the peak RSS in MB of the whole chat."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        process = subprocess.Popen(
            command("chat", "--lang", "en"),
            env=env(Path(folder)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(QUESTION)
        process.stdin.flush()
        first = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.stdin.close()
        process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if not first.strip() or process.returncode != 0:
            raise RuntimeError(f"chat: {process.stderr.read()[-2000:] if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def chat_at_terminal() -> float:
    """Seconds from start to the answer to `QUESTION` typed at a (pseudo-)terminal, the
    greeting's reply before it: there a first start with new content does not wait for the
    decision's fit (`fit_process.BackgroundFit`), which the piped chat above does."""
    import pty

    from welcomebot.console.chat import PROMPT

    with tempfile.TemporaryDirectory() as folder:
        leader, follower = pty.openpty()
        start = time.perf_counter()
        process = subprocess.Popen(
            command("chat", "--lang", "en"),
            env=env(Path(folder)),
            stdin=follower,
            stdout=follower,
            stderr=follower,  # where `input` writes the prompt
            start_new_session=True,  # its group: the decision's fit, if one runs, goes with it
        )
        os.close(follower)
        try:
            seen = b""
            for prompts in (1, 2):
                while seen.count(PROMPT.encode()) < prompts:
                    if process.poll() is not None:
                        raise RuntimeError(f"chat at a terminal ended: {seen.decode()[-2000:]}")
                    seen += os.read(leader, 4096)
                if prompts == 1:
                    os.write(leader, QUESTION.encode())
            return time.perf_counter() - start
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(TIMEOUT)
            os.close(leader)


async def idle_rss(
    args: tuple[str, ...], ready: Callable[[FakeBotAPI, str], bool], restart: bool = False
) -> float:
    """RSS of a service SETTLE seconds after `ready` (the fake API and its stderr so far);
    `restart`: on a database migrated before."""
    with tempfile.TemporaryDirectory() as folder:
        if restart:
            subprocess.run(
                command("db", "upgrade"), env=env(Path(folder)), check=True, capture_output=True
            )
        async with FakeBotAPI() as api:
            process = await asyncio.create_subprocess_exec(
                *command(*args),
                env=env(Path(folder), telegram_token="123:BENCH", telegram_api_url=api.url),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                stderr = await _wait_until(process, api, ready)
                await asyncio.sleep(SETTLE)
                rss = rss_mb(process.pid)
                stderr.cancel()
            finally:  # a service that failed to get ready is not left running
                if process.returncode is None:
                    process.terminate()
                await asyncio.wait_for(process.wait(), TIMEOUT)
    return rss


async def _wait_until(
    process: asyncio.subprocess.Process,
    api: FakeBotAPI,
    ready: Callable[[FakeBotAPI, str], bool],
) -> asyncio.Task[None]:
    said: list[str] = []

    async def read() -> None:
        assert process.stderr is not None
        # Line by line, as it comes: `ready` looks for a line while the service runs.
        while line := await process.stderr.readline():
            said.append(line.decode(errors="replace"))

    reader = asyncio.create_task(read())
    deadline = time.monotonic() + TIMEOUT
    while not ready(api, "".join(said)):
        if process.returncode is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{process.returncode}: {''.join(said)[-2000:]}")
        await asyncio.sleep(0.05)
    return reader


def polling(api: FakeBotAPI, _stderr: str) -> bool:
    return bool(api.called("deleteWebhook"))  # getUpdates follows at once; it is not recorded


def worker_running(_api: FakeBotAPI, stderr: str) -> bool:
    return "worker running" in stderr


MEASURES: list[tuple[str, Callable[[], float], str]] = [
    ("`welcomebot --help`", lambda: wall("--help"), "{:.2f} s"),
    ("`welcomebot content check`", lambda: wall("content", "check"), "{:.2f} s"),
    ("`welcomebot chat`: first reply", lambda: chat()[0], "{:.2f} s"),
    ("`welcomebot chat` at a terminal: first answer", chat_at_terminal, "{:.2f} s"),
    ("`welcomebot chat`: peak memory", lambda: chat()[1], "{:.0f} MB"),
    (
        "`welcomebot run`: memory, idle after start",
        lambda: asyncio.run(idle_rss(("run",), polling)),
        "{:.0f} MB",
    ),
    (
        "`welcomebot worker`: memory, idle after start",
        lambda: asyncio.run(idle_rss(("worker",), worker_running)),
        "{:.0f} MB",
    ),
    (
        "`welcomebot worker`: memory, idle after a restart",
        lambda: asyncio.run(idle_rss(("worker",), worker_running, restart=True)),
        "{:.0f} MB",
    ),
]


def main() -> None:
    global source, cold
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", type=Path, help="also measure this src folder, first")
    parser.add_argument(
        "--source-only", action="store_true", help="delete the trees' bytecode, not compile it"
    )
    parser.add_argument(
        "--cold", action="store_true", help="each run with a new cache folder, as a first start"
    )
    parser.add_argument("--only", default="", help="only the measures whose name has this")
    options = parser.parse_args()
    cold = options.cold
    sources = [options.src.resolve(), *SOURCES] if options.src else SOURCES
    for folder in sources:
        if options.source_only:
            for cache in list(folder.rglob("__pycache__")):
                shutil.rmtree(cache)
        else:
            compileall.compile_dir(folder, quiet=1)
    figures: dict[tuple[str, Path], list[float]] = {}
    measures = [m for m in MEASURES if options.only in m[0]]
    for _ in range(options.rounds):
        for name, measure, _ in measures:
            for source in sources:
                figures.setdefault((name, source), []).append(measure())
    bytecode = "from source" if options.source_only else "bytecode compiled"
    caches = ", new cache folder each run" if cold else ""
    print(
        f"best of {options.rounds}, demo content, fresh SQLite database each run, {bytecode}"
        f"{caches}\n"
    )
    print("| measure | " + " | ".join(str(s) for s in sources) + " |")
    print("|---|" + "---:|" * len(sources))
    for name, _, form in measures:
        cells = [form.format(min(figures[name, s])) for s in sources]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
