"""The child process that runs the migrations for `database.upgrade(..., in_child=True)`.

It reads {"path", "url", "level"} on stdin (database.MIGRATOR puts `path` on sys.path first),
logs at the parent's level on the stderr it shares with the parent, and prints what it did
as one JSON line: the `Migrated` fields, or {"error": the one-line message}."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from typing import Any

from welcomebot.config import LOG_FORMAT, ConfigError
from welcomebot.storage.database import migrate_here


def main(request: dict[str, Any]) -> None:
    logging.basicConfig(level=request["level"], format=LOG_FORMAT)
    # On a schema already up to date it says it assumes non-transactional DDL: not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        done = migrate_here(request["url"])
    except ConfigError as error:
        print(json.dumps({"error": str(error)}))
        return
    print(json.dumps(asdict(done)))
