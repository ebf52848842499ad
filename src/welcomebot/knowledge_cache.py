"""The built knowledge (content, matcher, urgent entries) kept on disk between starts.

Building it reads every word of the content through the dictionaries: most of a start, and
the dictionaries' memory, which a bot would hold from its start instead of from the first
message that needs them. A pickle of it is kept in the cache folder (DECISION_CACHE, by
default ~/.cache/welcomebot, as the fitted decision) under a hash of all it is built from:
the content folder's files, welcomebot's own code and data, the versions of Python and of
the libraries that read words, and the settings that shape it. Any change makes a new one.
Knowledge whose decision could not be fitted, or was still being fitted in the background
(`fit_process.BackgroundFit`), is not kept: the next start builds it, with the decision kept
by then. The folder is the user's own: a pickle there is trusted as the code is
(`cache_files.py` writes it and forgets what is no longer read)."""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from collections.abc import Callable
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
LIBRARIES = (*decision.LIBRARIES, "scipy", "pydantic", "pyyaml")


def knowledge_key(settings: Settings, folder: Path) -> str:
    digest = hashlib.sha256(sys.version.encode())
    hash_versions(digest, LIBRARIES)
    digest.update(f"\0decision={settings.decision}".encode())
    hash_folder(digest, PACKAGE)
    hash_folder(digest, folder)
    return digest.hexdigest()[:20]


def cached(settings: Settings, folder: Path, build: Callable[[], Knowledge]) -> Knowledge:
    """The knowledge of `folder` from the cache, or built and kept there."""
    cache = settings.decision_cache or decision.default_cache()
    path = cache / f"knowledge-{knowledge_key(settings, folder)}.pickle"
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


def _save(path: Path, knowledge: Knowledge) -> None:
    try:
        write_whole(path, pickle.dumps(knowledge, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as error:
        log.info("knowledge cache %s not written (%s): it is built at each start", path, error)
