"""The built knowledge (content, matcher, urgent entries) kept on disk between starts.

Building it reads every word of the content through the dictionaries: most of a start, and
the dictionaries' memory, which a bot would hold from its start instead of from the first
message that needs them. A pickle of it is kept in the cache folder (DECISION_CACHE, by
default ~/.cache/welcomebot, as the fitted decision) under a hash of all it is built from:
the content folder's files, welcomebot's own code and data, the versions of Python and of
the libraries that read words, and the settings that shape it. Any change makes a new one.
Knowledge whose decision could not be fitted is not kept: the next start builds it again and
tries the fit again. Knowledge whose decision is fitted in the background
(`fit_process.BackgroundFit`) is kept once it is (`keeper`). The folder is the user's own: a
pickle there is trusted as the code is (`cache_files.py` writes it and forgets what is no
longer read)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import pickle
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.cache_files import hash_folder, hash_versions, used, write_whole
from welcomebot.matching import decision

if TYPE_CHECKING:
    from welcomebot.app import Knowledge
    from welcomebot.config import Settings

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent
# What reads the content's words or holds the built objects, besides welcomebot itself.
LIBRARIES = (*decision.LIBRARIES, "pydantic", "pyyaml")


def knowledge_key(settings: Settings, folder: Path) -> str:
    digest = hashlib.sha256(sys.version.encode())
    hash_versions(digest, LIBRARIES)
    digest.update(f"\0decision={settings.decision}".encode())
    hash_folder(digest, PACKAGE)
    hash_folder(digest, folder)
    return digest.hexdigest()[:20]


def _path(settings: Settings, folder: Path) -> Path:
    cache = settings.decision_cache or decision.default_cache()
    return cache / f"knowledge-{knowledge_key(settings, folder)}.pickle"


def cached(settings: Settings, folder: Path, build: Callable[[], Knowledge]) -> Knowledge:
    """The knowledge of `folder` from the cache, or built and kept there."""
    path = _path(settings, folder)
    knowledge = _load(path)
    if knowledge is None:
        knowledge = build()
        if knowledge.complete:  # else the next start tries again what failed
            _save(path, knowledge)
    return knowledge


def _load(path: Path) -> Knowledge | None:
    try:
        knowledge: Knowledge = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception as error:  # whatever is wrong with it, it is built anew
        log.warning("knowledge cache %s unreadable (%s): building it again", path, error)
        return None
    used(path)
    return knowledge


def keeper(settings: Settings, folder: Path, knowledge: Knowledge) -> Callable[[], Awaitable[None]]:
    """What keeps `knowledge` once its decision has been fitted in the background, under the
    key of the files it was built from (taken now), so that the next start loads it."""
    path = _path(settings, folder)

    async def keep() -> None:
        # Pickled in the event loop, where handlers use the matcher: never half-way through a
        # change of it. Written in a thread: the file may be tens of megabytes.
        data = _pickled(dataclasses.replace(knowledge, complete=True))
        await asyncio.to_thread(_write, path, data)

    return keep


def _pickled(knowledge: Knowledge) -> bytes:
    return pickle.dumps(knowledge, protocol=pickle.HIGHEST_PROTOCOL)


def _save(path: Path, knowledge: Knowledge) -> None:
    _write(path, _pickled(knowledge))


def _write(path: Path, data: bytes) -> None:
    try:
        write_whole(path, data)
    except OSError as error:
        log.info("knowledge cache %s not written (%s): it is built at each start", path, error)
