"""The decision fitted in a child process (`welcomebot content fit`), which keeps it in the
cache: scikit-learn and the fit's garbage, ~150 MB, then never enter a long-lived bot
process. A start waits for it (`fit_in_child`), or answers with the hand-set rule meanwhile
and takes the fitted decision when it is ready (`BackgroundFit`): a first start on new
content would otherwise keep a person waiting for the whole fit."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from welcomebot.config import ENV_PREFIX
from welcomebot.content.models import Localized
from welcomebot.matching.decision import cached, default_cache
from welcomebot.matching.lexicon import Lexicon
from welcomebot.matching.matcher import Matcher

log = logging.getLogger(__name__)

FIT_MINUTES = 30  # a fit that takes longer is stopped (10,000 entries fit in a few minutes)
# Set for the child: the id of the bot that started it. A bot killed outright (SIGKILL, the
# OOM killer) cannot stop its child, which would fit on for up to `FIT_MINUTES`.
PARENT = f"{ENV_PREFIX}FIT_PARENT"


def _command(content: Path, cache_dir: Path | None) -> list[str]:
    command = [sys.executable, "-m", "welcomebot", "content", "fit", str(content)]
    return command + ["--cache", str(cache_dir or default_cache())]


def _child_env() -> dict[str, str]:
    return {**os.environ, PARENT: str(os.getpid())}


def stop_with_parent(poll_seconds: float = 0.5) -> None:
    """In a fit child: end it as soon as the bot that started it has ended (the child is then
    given another parent). A watch, not a signal asked of the kernel: it works however the
    child was started and on any POSIX system. Does nothing outside a fit child."""
    parent = os.environ.get(PARENT, "")
    if not parent.isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(poll_seconds)
        os._exit(1)  # nobody waits for this fit any more; the cache files are written whole

    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


def _problem(command: list[str], returncode: int, stdout: str, stderr: str) -> str | None:
    """None when the child succeeded, else what went wrong in its own words: its stdout, else
    the end of a traceback, or a log line, on stderr."""
    if returncode == 0:
        return None
    said = stdout.strip().splitlines() or stderr.strip().splitlines()
    return said[-1] if said else f"`{' '.join(command)}` exited with {returncode}"


def fit_in_child(content: Path, cache_dir: Path | None) -> str | None:
    """Fit the decision for a content folder in a child process, and wait for it. None when
    done, else what went wrong."""
    command = _command(content, cache_dir)
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            env=_child_env(),
            capture_output=True,
            text=True,
            timeout=FIT_MINUTES * 60,
        )
    except subprocess.TimeoutExpired:
        return f"the fit took over {FIT_MINUTES} minutes and was stopped"
    return _problem(command, done.returncode, done.stdout, done.stderr)


def not_fitted(content: Path, problem: str) -> None:
    log.warning(
        "the answer decision for %s was not fitted: %s. Until it is, the hand-set thresholds "
        "decide alone; `welcomebot content fit %s` shows what happens (or set %sDECISION="
        "thresholds)",
        content,
        problem,
        content,
        ENV_PREFIX,
    )


@dataclass
class BackgroundFit:
    """Fits the decision for `matcher`'s content in a child process while the matcher's
    hand-set rule answers, then gives the matcher the fitted decision (its classifier first:
    a message being matched meanwhile sees either the rule alone or both, never half), and
    awaits `then` (the app keeps its knowledge with the decision for the next start)."""

    matcher: Matcher
    titles: dict[str, Localized]
    lexicon: Lexicon
    content: Path
    cache_dir: Path | None
    then: Callable[[], Awaitable[None]] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """In the running event loop; once."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._fit())

    async def stop(self) -> None:
        """The child is killed if it is still fitting: it would otherwise outlive the bot."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            # Waits for the task without taking a cancellation meant for the caller.
            await asyncio.wait({self._task})
        self.done.set()  # also when the task was cancelled before it began

    async def _fit(self) -> None:
        try:
            problem = await self._child()
            found = None
            if problem is None:
                found = cached(self.matcher, self.titles, self.lexicon, self.cache_dir)
            if found is None:
                not_fitted(self.content, problem or "the fit kept nothing in the cache")
            else:
                self.matcher.decision = found[0]
                log.info("decision fitted for the content, from now on it decides: %s", found[1])
                await self._then()
        except Exception as error:  # the bot answers on by the rule; the operator is told why
            log.exception("the background fit of the answer decision failed")
            not_fitted(self.content, f"{type(error).__name__}: {error}")
        finally:
            self.done.set()

    async def _then(self) -> None:
        """What follows a fit that is in: its failure is not the fit's, which decides on."""
        if self.then is None:
            return
        try:
            await self.then()
        except Exception:
            log.exception(
                "the decision is fitted and decides, but what follows it failed (the built "
                "knowledge is not kept: the next start builds it again)"
            )

    async def _child(self) -> str | None:
        command = _command(self.content, self.cache_dir)
        child = await asyncio.create_subprocess_exec(
            *command,
            stdin=subprocess.DEVNULL,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            stdout, stderr = await asyncio.wait_for(child.communicate(), FIT_MINUTES * 60)
        except TimeoutError:
            return f"the fit took over {FIT_MINUTES} minutes and was stopped"
        finally:
            if child.returncode is None:  # stopped, cancelled or timed out
                child.kill()
                await child.wait()
        assert child.returncode is not None  # it has ended: its output is all read
        said = (stdout.decode(errors="replace"), stderr.decode(errors="replace"))
        return _problem(command, child.returncode, *said)
