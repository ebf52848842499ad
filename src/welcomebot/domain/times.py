"""Dates and times as staff type them, read in a time zone. Shown to people by
`i18n/dates.py`."""

from __future__ import annotations

import unicodedata
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, available_timezones

from babel.dates import get_timezone_location

# Written by staff; both the ISO order and the one used in Ukraine are accepted.
INPUT_FORMATS = ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")
# The years a date typed by staff may have. Python's datetime ends with 9999 and starts with
# year 1, so "9999-12-31 23:59" in a zone behind UTC (or year 1 ahead of it) cannot even be
# stored or shown in another zone; and nobody plans an event centuries away.
YEARS = range(1970, 3000)
# A time of day before the start is read as the next day's when the event would last at
# most this long ("00:30" after a 22:00 start); "17:00" after an 18:00 start is a mistake.
OVERNIGHT = timedelta(hours=12)


def parse_end(text: str, start: datetime, timezone: str) -> datetime | None:
    """An end as staff type it: a time on the start's day (20:00), or past midnight when that
    is within `OVERNIGHT` of the start (22:00 to 00:30), or a date and time."""
    try:
        clock = datetime.strptime(text.strip(), "%H:%M").time()  # noqa: DTZ007 (zone below)
    except ValueError:
        return parse_local(text, timezone)
    day = start.astimezone(ZoneInfo(timezone)).date()
    end = datetime.combine(day, clock, tzinfo=ZoneInfo(timezone))
    if end <= start and end + timedelta(days=1) - start <= OVERNIGHT:
        end = datetime.combine(day + timedelta(days=1), clock, tzinfo=ZoneInfo(timezone))
    return end


def parse_local(text: str, timezone: str) -> datetime | None:
    """A date and time as staff type it, in `timezone`; None if it is not one."""
    for pattern in INPUT_FORMATS:
        try:
            local = datetime.strptime(" ".join(text.split()), pattern).replace(
                tzinfo=ZoneInfo(timezone)
            )
        except ValueError:
            continue
        return local if local.year in YEARS else None
    return None


def weeks_back(today: date, weeks: int) -> date:
    """The Monday that starts the last `weeks` weeks, this one included (/stats, `stats`)."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def iso_week(moment: datetime) -> str:
    """The ISO week a moment falls in, as 2026-W49: how reports and counts are grouped."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


# Zone files that name no place: the server's own clock, a build placeholder, copies.
NOT_PLACES = frozenset({"localtime", "factory", "posixrules"})
NOT_PLACE_PREFIXES = ("posix/", "right/")
# The languages a city may be typed in (Babel's city names: "Київ", "Нью-Йорк").
CITY_LANGUAGES = ("en", "uk")


def _places() -> list[str]:
    return sorted(
        name
        for name in available_timezones()
        if name.casefold() not in NOT_PLACES and not name.startswith(NOT_PLACE_PREFIXES)
    )


_APOSTROPHES = str.maketrans("", "", "'’ʼ`")


def _key(text: str) -> str:
    """A name as it may be typed: any case, accents, apostrophes, hyphens or underscores
    ("Chișinău", "Рейкʼявік", "нью йорк", "new_york")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    spaced = bare.translate(_APOSTROPHES).replace("_", " ").replace("-", " ")
    return " ".join(spaced.split()).casefold()


@cache
def _zones_by_name() -> dict[str, str]:
    """Each IANA zone by its name, by its city's where only one zone has that city ("kyiv",
    "new york"), and by that city's name in each language ("київ"); keys as `_key` makes them."""
    places = _places()
    names = {_key(name): name for name in places}
    cities: dict[str, set[str]] = {}
    for name in places:
        cities.setdefault(_key(name.rsplit("/", 1)[-1]), set()).add(name)
    for city, zones in cities.items():
        if _one_zone(zones):
            # Of links to one zone ("America/Buenos_Aires"), the deepest name is IANA's own.
            names.setdefault(city, max(zones, key=lambda z: (z.count("/"), z)))
    # Babel names the city of a zone and of its links alike ("US/Eastern": New York): a name
    # leads to the zone its English name already does, else to the zone itself, where all
    # those it names keep one clock.
    translated: dict[str, set[str]] = {}
    for name in places:
        spelled = {
            lang: _key(get_timezone_location(name, locale=lang, return_city=True))
            for lang in CITY_LANGUAGES
        }
        zone = names.get(spelled["en"], name)
        for city in spelled.values():
            translated.setdefault(city, set()).add(zone)
    own = _canonical()
    for local, zones in translated.items():
        if _one_zone(zones):
            names.setdefault(
                local, max(zones, key=lambda z: (z in cities.get(local, ()), z in own, z))
            )
    return names


@cache
def _canonical() -> frozenset[str]:
    """IANA's own zone names, not its links ("Asia/Ho_Chi_Minh", not "Asia/Saigon"), from the
    zone database's summary file (the system's, or the tzdata package's); empty if neither is
    there, and then any name of a zone will do."""
    files = [Path(folder) / "tzdata.zi" for folder in TZPATH]
    with suppress(ModuleNotFoundError):  # no tzdata package: the system's files only
        files.append(Path(str(resources.files("tzdata.zoneinfo") / "tzdata.zi")))
    for file in files:
        if file.is_file():
            lines = file.read_text(encoding="utf-8").splitlines()
            return frozenset(line.split()[1] for line in lines if line.startswith("Z "))
    return frozenset()


def _one_zone(names: set[str]) -> bool:
    """The names keep one clock: the same offsets in each season of several years (links)."""
    if len(names) == 1:
        return True
    moments = [
        datetime(year, month, 15, tzinfo=UTC) for year in (2000, 2010, 2026) for month in (1, 7)
    ]
    clocks = {tuple(m.astimezone(ZoneInfo(name)).utcoffset() for m in moments) for name in names}
    return len(clocks) == 1


def zone_named(text: str) -> str | None:
    """The IANA zone a person means ("Europe/Kyiv", "europe/kyiv", "Kyiv", "new york",
    "Київ"), or None."""
    return _zones_by_name().get(_key(text))
