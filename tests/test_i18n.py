import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from welcomebot.i18n import LOCALES_DIR, CatalogError, Translator

from .fakes.repo import REPO

SINGULAR, PLURAL = "{title} · {count} question", "{title} · {count} questions"


def catalog(lang: str):
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (1, "питання"),
        (2, "питання"),
        (4, "питання"),
        (5, "питань"),
        (11, "питань"),
        (21, "питання"),
        (22, "питання"),
        (25, "питань"),
        (111, "питань"),
    ],
)
def test_ukrainian_plural_forms(count, word):
    text = Translator().gettext(SINGULAR, PLURAL, count, locale="uk")
    assert text.format(title="Житло", count=count) == f"Житло · {count} {word}"


def test_english_plural_forms():
    translator = Translator()
    assert translator.gettext(SINGULAR, PLURAL, 1, locale="en") == SINGULAR
    assert translator.gettext(SINGULAR, PLURAL, 3, locale="en") == PLURAL


def test_every_ukrainian_message_is_translated():
    untranslated = [
        m.id
        for m in catalog("uk")
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert untranslated == []


def test_catalogs_hold_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(pot),
            "--no-location",
            "--sort-output",
            ".",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        in_code = {m.id for m in read_po(handle) if m.id}
    for lang in ("en", "uk"):
        assert in_code - {m.id for m in catalog(lang) if m.id} == set(), (
            f"run pybabel update ({lang})"
        )


def test_a_missing_catalog_stops_with_its_path(tmp_path):
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "messages.po").write_bytes(
        (LOCALES_DIR / "en" / "LC_MESSAGES" / "messages.po").read_bytes()
    )
    with pytest.raises(CatalogError) as error:
        Translator(path=tmp_path)
    assert str(tmp_path / "uk" / "LC_MESSAGES" / "messages.po") in str(error.value)


def test_a_broken_catalog_names_its_file(tmp_path):
    for lang in ("en", "uk"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text('msgid "a"\nmsgstr\n garbage\n', encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        Translator(path=Path(tmp_path))
    assert "messages.po" in str(error.value)


def test_reminders_use_ukrainian_plural_forms_and_dates_use_babel():
    from datetime import UTC, datetime, timedelta

    from welcomebot.domain.times import parse_local
    from welcomebot.i18n import Translator
    from welcomebot.i18n.dates import format_when
    from welcomebot.storage.models import Event
    from welcomebot.telegram.notices import starts_in

    translator = Translator()
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def lead(lang, **delta):
        event = Event(
            title={},
            description={},
            place={},
            starts=now + timedelta(**delta),
            timezone="Europe/Tallinn",
            audience={},
        )
        with translator.speaking(lang):
            return starts_in(event, now)

    assert [lead("uk", hours=h) for h in (21, 2, 5, 24)] == [
        "Нагадування: початок за 21 годину.",
        "Нагадування: початок за 2 години.",
        "Нагадування: початок за 5 годин.",
        "Нагадування: початок за 24 години.",
    ]
    assert lead("uk", minutes=1) == "Нагадування: початок за 1 хвилину."
    assert lead("uk", minutes=45) == "Нагадування: початок за 45 хвилин."
    assert lead("en", hours=1) == "Reminder: it starts in an hour."
    assert lead("uk", hours=1) == "Нагадування: початок за годину."
    assert lead("uk", minutes=61) == "Нагадування: початок за 61 хвилину."
    assert lead("en", hours=24) == "Reminder: it starts in 24 hours."
    moment = datetime(2099, 6, 1, 7, 0, tzinfo=UTC)
    assert format_when(moment, "Europe/Tallinn", "uk") == "понеділок, 1 червня 2099\u202fр., 10:00"
    assert format_when(moment, "Europe/Kyiv", "en") == "Monday, June 1, 2099, 10:00\u202fAM"
    assert parse_local("01.06.2099 10:00", "Europe/Tallinn") == moment
    assert parse_local("2099-06-01  10:00", "Europe/Tallinn") == moment
    assert parse_local("tomorrow", "Europe/Tallinn") is None


def test_an_event_s_span_shows_its_end_by_babel():
    from datetime import UTC, datetime, timedelta

    from welcomebot.domain.times import parse_end
    from welcomebot.i18n.dates import format_span

    start = datetime(2099, 6, 1, 7, 0, tzinfo=UTC)  # 10:00 in Tallinn
    assert format_span(start, start + timedelta(hours=2), "Europe/Tallinn", "uk") == (
        "понеділок, 1 червня 2099\u202fр., 10:00 – 12:00"
    )
    assert format_span(start, start + timedelta(hours=2), "Europe/Tallinn", "en") == (
        "Monday, June 1, 2099, 10:00\u202fAM – 12:00\u202fPM"
    )
    assert format_span(start, start + timedelta(days=1), "Europe/Tallinn", "en") == (
        "Monday, June 1, 2099, 10:00\u202fAM – Tuesday, June 2, 2099, 10:00\u202fAM"
    )
    assert format_span(start, None, "Europe/Tallinn", "en") == "Monday, June 1, 2099, 10:00\u202fAM"
    assert parse_end("12:00", start, "Europe/Tallinn") == start + timedelta(hours=2)
    assert parse_end("02.06.2099 10:00", start, "Europe/Tallinn") == start + timedelta(days=1)
    assert parse_end("noon", start, "Europe/Tallinn") is None


def test_the_catalogs_at_the_root_ship_in_the_wheel(tmp_path):
    """locales/ lives at the repository's root (aiogram's i18n workflow); the package links to
    it, and an installed bot must still find its translations."""
    import subprocess
    import sys
    import zipfile

    from .fakes.repo import REPO

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("welcomebot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("en", "uk"):
        assert f"welcomebot/locales/{lang}/LC_MESSAGES/messages.po" in names
