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


def test_default_database_is_sqlite_in_the_data_dir(settings):
    assert settings.sync_database_url == f"sqlite:///{settings.data_dir / 'welcomebot.db'}"
    assert settings.async_database_url.startswith("sqlite+aiosqlite:///")


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
