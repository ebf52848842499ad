"""A lean start: the built content, matcher and urgent entries are kept on disk between starts,
under a hash of everything they are built from (welcomebot/knowledge_cache.py); a database
already up to date is not handed to Alembic, and the bot and the worker migrate in a child."""

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from welcomebot import app
from welcomebot.app import Knowledge, load_knowledge
from welcomebot.config import Settings
from welcomebot.storage.database import MIGRATIONS, alembic_config, head_revisions

from .conftest import DEMO_CONTENT
from .fakes.process_env import welcomebot_env

QUESTIONS = [
    "How do I find a flat to rent?",
    "як знайти квартиру",
    "де знайти житло без посередника",
    "kvartyra bez depozytu",
    "I have nowhere to sleep tonight",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "faq").mkdir(parents=True)
    shutil.copy(DEMO_CONTENT / "faq" / "housing.yaml", folder / "faq")
    shutil.copy(DEMO_CONTENT / "faq" / "safety.yaml", folder / "faq")
    return folder


@pytest.fixture
def cached_settings(settings: Settings, tmp_path: Path, content: Path) -> Settings:
    return settings.model_copy(
        update={"decision_cache": tmp_path / "cache", "content_dir": content}
    )


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders built, not loaded from the cache."""
    built: list[Path] = []
    build = app.build_knowledge

    def counted(settings: Settings, folder: Path, fit_now: bool = True) -> Knowledge:
        built.append(folder)
        return build(settings, folder, fit_now)

    monkeypatch.setattr(app, "build_knowledge", counted)
    return built


def answers(knowledge: Knowledge) -> list[tuple[str, list[tuple[str, float]], tuple[str, ...]]]:
    found = []
    for question in QUESTIONS:
        match = knowledge.matcher.match(question)
        candidates = [(c.entry.id, c.score) for c in match.candidates]
        found.append((match.outcome, candidates, knowledge.urgent.detect(question).signals))
    return found


def test_a_second_start_loads_what_the_first_built_and_answers_the_same(
    cached_settings: Settings, content: Path, builds: list[Path]
) -> None:
    first = load_knowledge(cached_settings)
    assert builds == [content]
    assert len(list((cached_settings.decision_cache or Path()).glob("knowledge-*.pickle"))) == 1

    second = load_knowledge(cached_settings)
    assert builds == [content]  # not built again
    assert second.matcher is not first.matcher
    assert [e.id for e in second.pack.entries] == [e.id for e in first.pack.entries]
    assert answers(second) == answers(first)
    assert answers(first)[0][1][0][0] == "housing-find-rental"
    assert answers(first)[-1][2] == ("shelter",)  # the urgent entries came along


def test_changed_content_is_built_anew(
    cached_settings: Settings, content: Path, builds: list[Path]
) -> None:
    load_knowledge(cached_settings)
    housing = content / "faq" / "housing.yaml"
    housing.write_text(housing.read_text("utf-8").replace("flat", "apartment", 1), encoding="utf-8")
    load_knowledge(cached_settings)
    load_knowledge(cached_settings)
    assert builds == [content, content]
    assert len(list((cached_settings.decision_cache or Path()).glob("knowledge-*.pickle"))) == 2


def test_an_unreadable_cache_is_built_again_with_a_warning(
    cached_settings: Settings, content: Path, builds: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    load_knowledge(cached_settings)
    (kept,) = (cached_settings.decision_cache or Path()).glob("knowledge-*.pickle")
    kept.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="welcomebot.knowledge_cache"):
        knowledge = load_knowledge(cached_settings)
    assert builds == [content, content]
    assert f"knowledge cache {kept} unreadable" in caplog.text
    assert answers(knowledge)[0][1][0][0] == "housing-find-rental"
    assert kept.read_bytes() != b"not a pickle"  # written anew


def test_the_head_revision_is_read_from_the_files_as_alembic_reads_it() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revisions() == set(scripts.get_heads())


# Migrates DATABASE_URL (argv[1]: in a child process), then says what it did and whether
# Alembic was imported.
UPGRADE = """
import sys
from welcomebot.config import load_settings
from welcomebot.storage.database import upgrade
done = upgrade(load_settings(), in_child=sys.argv[1] == "child")
print(done.before, done.after, done.applied, "alembic" in sys.modules)
"""


@pytest.mark.parametrize(("where", "imported"), [("here", "True"), ("child", "False")])
def test_alembic_is_imported_only_to_migrate_and_not_at_all_by_a_child(
    tmp_path: Path, where: str, imported: str
) -> None:
    """A start on a database at the newest migration does without Alembic; the bot and the
    worker, which live for weeks, leave even a new database's migrations to a child."""
    env = welcomebot_env(data_dir=str(tmp_path / "data"), content_dir=str(DEMO_CONTENT))

    def upgrade() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", UPGRADE, where],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout.split()

    (head,) = head_revisions()
    migrations = len(list((MIGRATIONS / "versions").glob("*.py")))
    assert upgrade() == ["None", head, str(migrations), imported]
    assert upgrade() == [head, head, "0", "False"]


def test_a_migration_that_fails_in_the_child_is_one_line_naming_the_setting(
    tmp_path: Path, settings: Settings
) -> None:
    """A table in the way of the first migration: the child's error, as the parent's own."""
    import sqlite3

    from welcomebot.config import ConfigError
    from welcomebot.storage.database import upgrade

    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "welcomebot.db") as connection:
        connection.execute("CREATE TABLE users (id INTEGER)")
    with pytest.raises(ConfigError) as failed:
        upgrade(settings.model_copy(update={"data_dir": data, "database_url": ""}), in_child=True)
    assert str(failed.value) == (
        f"WELCOMEBOT_DATABASE_URL (sqlite:///{data / 'welcomebot.db'}): cannot migrate the "
        "database: OperationalError: (sqlite3.OperationalError) table users already exists"
    )


def test_a_child_that_fails_otherwise_says_so_after_its_traceback(
    tmp_path: Path, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    """Not a database error but a fault (here a revision no migration has): the child's
    traceback, on the shared stderr, then the parent's error."""
    import sqlite3

    from welcomebot.storage.database import upgrade

    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "welcomebot.db") as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    with pytest.raises(RuntimeError, match=r"^the database migrations failed \(exit status 1\)$"):
        upgrade(settings.model_copy(update={"data_dir": data, "database_url": ""}), in_child=True)
    assert "Can't locate revision identified by '9999'" in capfd.readouterr().err


def test_knowledge_whose_decision_was_not_fitted_is_not_kept(
    cached_settings, builds, monkeypatch, caplog
):
    """A fit that failed once (a child killed for memory, say) is tried again at the next
    start, and said again, instead of a kept knowledge without the decision."""
    from welcomebot.matching import fit_process

    monkeypatch.setattr(fit_process, "fit_in_child", lambda *_: "the child was killed")
    with caplog.at_level(logging.WARNING):
        first = load_knowledge(cached_settings)
    assert first.matcher.decision is None
    assert "the answer decision for " in caplog.text
    assert "was not fitted: the child was killed. Until it is, the hand-set thresholds" in (
        caplog.text
    )
    assert not list((cached_settings.decision_cache or Path()).glob("knowledge-*.pickle"))
    load_knowledge(cached_settings)
    assert builds == [cached_settings.content_dir] * 2


def test_cache_files_no_start_has_read_for_a_month_are_deleted(tmp_path):
    import os
    import time

    from welcomebot.cache_files import write_whole

    month_ago = time.time() - 31 * 86_400
    old = [tmp_path / name for name in ("knowledge-a.pickle", "decision-a.json", "x.tmp")]
    old.append(tmp_path / "decision-a.classifier.npz")
    recent = tmp_path / "decision-b.json"
    for path in [*old, recent]:
        path.write_bytes(b"kept")
    for path in old:
        os.utime(path, (month_ago, month_ago))
    write_whole(tmp_path / "knowledge-new.pickle", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decision-b.json", "knowledge-new.pickle"]
