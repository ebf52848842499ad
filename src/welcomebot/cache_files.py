"""Files in the cache folder (DECISION_CACHE): the built knowledge and the fitted decisions.

Several processes may write one at once (a bot and its replicas, a bot and `content fit`),
even from containers that share the folder, where process ids repeat: each writes through a
temporary file of its own and renames it, so a reader sees a whole file or none. What no start
has read for `UNUSED_DAYS` is deleted (it was for older code or content)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

UNUSED_DAYS = 30
KEPT = (
    "knowledge-*.pickle",
    "decision-*.json",
    "decision-*.classifier.npz",
    "decision-*.lock",
    "*.tmp",
)


def hash_folder(digest: hashlib._Hash, folder: Path) -> None:
    """Every file under `folder` (code and data alike), by name and bytes, into `digest`;
    not compiled code, nor an editor's hidden or backup files beside a developer's checkout."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        ignored = "__pycache__" in relative.parts or any(
            part.startswith(".") or part.endswith("~") for part in relative.parts
        )
        if path.is_file() and not ignored:
            digest.update(f"\0{relative.as_posix()}\0".encode())
            digest.update(path.read_bytes())


def hash_versions(digest: hashlib._Hash, libraries: Iterable[str]) -> None:
    """The installed version of each library ("-" if missing) into `digest`."""
    for library in libraries:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{library}={version}".encode())


@contextlib.contextmanager
def alone(lock: Path) -> Iterator[None]:
    """One process at a time in the block, among those that share the folder (replicas that
    start together on new content fit it once, the others waiting to read it). Without a
    folder that can be written, no lock: what the block writes fails there anyway."""
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        used(lock)
        yield


def write_whole(path: Path, data: bytes) -> None:
    """Raises OSError when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    forget_unused(path.parent)


def used(path: Path) -> None:
    """Mark a kept file as read now, so that it is not forgotten."""
    with contextlib.suppress(OSError):  # a read-only folder: nothing is deleted there either
        os.utime(path)


def forget_unused(folder: Path) -> None:
    oldest = time.time() - UNUSED_DAYS * 86_400
    for pattern in KEPT:
        for path in folder.glob(pattern):
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink(missing_ok=True)
            except OSError:
                continue  # another process's, gone or not ours to delete
