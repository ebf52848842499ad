import subprocess
import sys

import pytest

from welcomebot.config import ConfigError, load_settings


def test_staff_ids_are_read_from_a_comma_separated_list(settings, monkeypatch):
    monkeypatch.setenv("WELCOMEBOT_STAFF_IDS", "12, 34")
    assert load_settings().staff_ids == frozenset({12, 34})


def test_invalid_setting_is_one_line_naming_it(settings, monkeypatch):
    monkeypatch.setenv("WELCOMEBOT_DEFAULT_LANGUAGE", "de")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "WELCOMEBOT_DEFAULT_LANGUAGE" in str(error.value)
    assert "\n" not in str(error.value)


def test_default_database_is_sqlite_in_the_data_dir(settings, tmp_path):
    default = load_settings(data_dir=tmp_path / "d")  # whatever server the suite runs on
    assert default.sync_database_url == f"sqlite:///{tmp_path / 'd' / 'welcomebot.db'}"
    assert default.async_database_url.startswith("sqlite+aiosqlite:///")
    postgres = load_settings(database_url="postgresql+psycopg://u@h/db")
    assert postgres.async_database_url == postgres.sync_database_url  # psycopg serves both


def test_run_without_token_says_which_setting_is_missing(settings):
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "run"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "WELCOMEBOT_TELEGRAM_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_on_the_command_line_is_not_a_traceback(settings, monkeypatch):
    monkeypatch.setenv("WELCOMEBOT_STAFF_IDS", "abc")
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "content", "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("welcomebot: invalid configuration: WELCOMEBOT_STAFF_IDS")
    assert "Traceback" not in result.stderr
