"""A SQLite database migrated once per test run and copied for each test that needs one.

Migrating a new file takes 0.2 s on an idle machine and most of a second on a busy disk (each
statement of each migration is synced); a copy takes milliseconds, and the app's own upgrade
then finds the copy at the newest migration. PostgreSQL tests keep a schema of their own,
migrated for each test."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy as sa

from welcomebot.config import Settings
from welcomebot.storage import database


def sqlite_file(settings: Settings) -> Path | None:
    url = sa.engine.make_url(settings.sync_database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(unquote(url.database))


class MigratedSqlite:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file: Path | None = None

    def copy_for(self, settings: Settings) -> None:
        """Puts a migrated copy where these settings keep their SQLite database, unless they
        use a server or a database is already there."""
        target = sqlite_file(settings)
        if target is None or target.exists():
            return
        if self.file is None:
            template = settings.model_copy(update={"data_dir": self.folder})
            database.upgrade(template)  # every connection closed: the file holds it all
            self.file = sqlite_file(template)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.file, target)
