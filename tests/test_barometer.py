"""The rumour barometer on a generated year of reports (tests/fakes/reports.py), whose every
count is known beforehand: the breakdowns by rumour, district and target group, the trends and
what they compare, the chart, the buttons, the council's page (the PDF parsed back), the
export."""

import csv
import io
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage, SendPhoto
from matplotlib.image import imread
from pypdf import PdfReader

from welcomebot.domain.barometer import Breakdown
from welcomebot.domain.times import iso_week
from welcomebot.i18n.dates import format_days
from welcomebot.i18n.plain import translations
from welcomebot.services.barometer import NEW, OTHER, UNSAID, Period
from welcomebot.services.barometer_words import BarometerWords
from welcomebot.services.council import council_page
from welcomebot.services.reports import Heard
from welcomebot.storage.models import RumourReport, User, utcnow
from welcomebot.storage.repositories import RumourReportRepository, UserRepository
from welcomebot.telegram.callbacks import BarometerView

from .fakes.chats import STALE, keyboard, make_chat
from .fakes.process_env import run_welcomebot, welcomebot_env, welcomebot_on
from .fakes.reports import DISTRICTS, TARGETS, a_year, as_rows

STAFF_ID = 500
AGENTS_IN_TEAM = 3


@pytest.fixture
async def year(app):
    """A year of reports, and three agents in the team."""
    app.settings = app.settings.model_copy(update={"staff_ids": frozenset({STAFF_ID})})
    now = utcnow().astimezone(app.settings.zone)  # the city's weeks, as the bot counts
    rows = as_rows(a_year(), now)
    async with app.sessions() as session:
        session.add_all(rows)
        session.add_all(User(telegram_id=n, language="en", role="agent") for n in range(1, 4))
        await session.commit()
    return app, rows, now


async def tallies(app, period):
    async with app.sessions() as session:
        found = await RumourReportRepository(session).tallies_since(period.before().start)
    return app.barometer.resolve(found)


def expected(by: Breakdown, weeks: int) -> dict[str, list[int]]:
    """The generator's own count: each first report of an agent, rumour and week."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for filed in a_year():
        if not filed.repeat and filed.weeks_ago < weeks:
            value = filed.district if by is Breakdown.DISTRICT else filed.target
            counts[value or UNSAID][weeks - 1 - filed.weeks_ago] += 1
    return dict(counts)


async def test_by_rumour_the_top_five_then_the_others_then_the_new(year):
    app, _, now = year
    period = app.barometer.recent(4, now)
    lines = app.barometer.lines(await tallies(app, period), period, Breakdown.RUMOUR)
    assert [(line.key, line.counts) for line in lines] == [
        ("rumour-jobs", (5, 6, 7, 8)),  # agent 0's second report each week counts once
        ("rumour-housing-priority", (3, 3, 3, 3)),
        ("rumour-benefits", (2, 4, 3, 2)),
        ("rumour-crime", (2, 2, 2, 2)),
        ("rumour-trip-lose-status", (1, 1, 1, 1)),
        (OTHER, (0, 1, 0, 2)),  # no taxes (0, 1, 0, 1) and diseases (0, 0, 0, 1)
        (NEW, (0, 0, 1, 2)),
    ]


@pytest.mark.parametrize("weeks", [4, 52])
@pytest.mark.parametrize("by", [Breakdown.DISTRICT, Breakdown.TARGET])
async def test_by_district_and_by_target_group_every_week(year, by, weeks):
    app, _, now = year
    period = app.barometer.recent(weeks, now)
    lines = app.barometer.lines(await tallies(app, period), period, by)
    want = expected(by, weeks)
    listed = [value for value in (DISTRICTS if by is Breakdown.DISTRICT else TARGETS) if value]
    # In the city's list order, "not given" last; the year's counts add up to the log's.
    assert [line.key for line in lines] == [*listed, UNSAID]
    assert {line.key: list(line.counts) for line in lines} == want
    if weeks == 52:
        assert sum(line.total for line in lines) == len([f for f in a_year() if not f.repeat])


async def test_a_report_filed_early_on_a_monday_in_the_city_counts_in_that_week(app):
    """As /stats and the digest count: Tallinn is two hours ahead of UTC in winter, so 22:30
    UTC on Sunday is 00:30 on Monday there, and the barometer's week under way is Monday's."""
    sunday_in_utc = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)
    text = "They say newcomers take our jobs"
    async with app.sessions() as session:
        reports = RumourReportRepository(session)
        heard = Heard("en")
        await app.reporting.file(reports, 7, text, heard, "rumour-jobs", now=sunday_in_utc)
        await app.reporting.file(reports, 8, text, heard, "rumour-jobs", now=sunday_in_utc)
        await session.commit()
        period = app.barometer.recent(1, now=sunday_in_utc + timedelta(hours=1))
        found = await reports.tallies_since(period.before().start)
    assert [r.week for r in found] == ["2026-W50", "2026-W50"]  # Monday, Dec 7
    assert period.keys == ["2026-W50"]
    assert period.start == datetime(2026, 12, 6, 22, 0, tzinfo=UTC)  # midnight in Tallinn
    lines = app.barometer.lines(app.barometer.resolve(found), period, Breakdown.RUMOUR)
    assert {line.key: line.counts for line in lines if line.total} == {"rumour-jobs": (2,)}
    now, before = period.split(app.barometer.resolve(found))
    assert (len(now), len(before)) == (2, 0)


async def test_one_agent_s_different_new_claims_in_a_week_each_count(app):
    # A blind test filed five claims no rumour covers, as one agent in one week: /emerging
    # showed four groups and the barometer's "new" line 2 (every new claim of an agent's
    # week was one report). The same words sent twice still count once.
    claims = [
        "they say refugee kids get free school lunches and ours pay",
        "someone wants to set fire to the hostel",
        "newcomers will vote in our local elections",
        "Newcomers will vote  in our local elections",  # the same words again
    ]
    now = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    async with app.sessions() as session:
        reports = RumourReportRepository(session)
        for claim in claims:
            await app.reporting.file(reports, 7, claim, Heard("en"), now=now)
        await session.commit()
        period = app.barometer.recent(1, now=now)
        found = await reports.tallies_since(period.before().start)
    lines = app.barometer.lines(app.barometer.resolve(found), period, Breakdown.RUMOUR)
    assert {line.key: line.counts for line in lines if line.total} == {NEW: (3,)}
    # Their texts cleared after retention, they still count apart (the key holds the words).
    async with app.sessions() as session:
        reports = RumourReportRepository(session)
        assert await reports.forget_texts(0, now + timedelta(days=1)) == 4
        await session.commit()
        found = await reports.tallies_since(period.before().start)
    assert {t.text for t in found} == {None}
    lines = app.barometer.lines(app.barometer.resolve(found), period, Breakdown.RUMOUR)
    assert {line.key: line.counts for line in lines if line.total} == {NEW: (3,)}


async def test_the_barometer_command_counts_the_city_s_weeks(year, monkeypatch):
    """At 22:30 UTC on a Sunday it is 00:30 on Monday in Tallinn: the week under way is
    Monday's, and the span ends that day."""
    app, _, _ = year
    sunday_in_utc = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)
    monkeypatch.setattr("welcomebot.services.barometer.utcnow", lambda: sunday_in_utc)
    requests = await make_chat(app, user_id=STAFF_ID).say("/barometer 4")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    days = format_days(date(2026, 11, 16), date(2026, 12, 7), "en")
    assert photo.caption == f"Rumour reports per week, by rumour\nthe last 4 weeks, {days}"


async def test_trends_compare_these_weeks_with_as_many_before(year):
    app, _, now = year
    period = app.barometer.recent(4, now)
    recent, earlier = period.split(await tallies(app, period))
    trends = app.barometer.trends(recent, earlier)
    assert [(t.key, t.now, t.before) for t in trends] == [
        ("rumour-jobs", 26, 10),
        ("rumour-housing-priority", 12, 0),
        ("rumour-benefits", 11, 12),
        ("rumour-crime", 8, 8),
        ("rumour-trip-lose-status", 4, 4),
        ("rumour-no-taxes", 2, 2),
        ("rumour-diseases", 1, 1),
    ]
    activity = app.barometer.activity(recent, period)
    filed = [f for f in a_year() if f.weeks_ago < 4]
    assert (activity.reports, activity.counted) == (len(filed), len(filed) - 4)  # 4 repeats
    assert (activity.busiest_week, activity.matched) == (20, 67 - 3)  # 3 new ones
    assert activity.with_district == sum(1 for f in filed if f.district)


def test_weeks_are_labelled_by_their_days_in_the_reader_s_language():
    period = Period.spanning(date(2026, 11, 30), date(2026, 12, 10), UTC)
    assert period.keys == ["2026-W49", "2026-W50"]
    assert [(w.first, w.last) for w in period.weeks] == [
        (date(2026, 11, 30), date(2026, 12, 6)),
        (date(2026, 12, 7), date(2026, 12, 10)),  # cut to the period's last day
    ]
    assert format_days(date(2026, 11, 30), date(2026, 12, 6), "en", year=False) == (
        "Nov 30\u2009–\u2009Dec 6"
    )
    assert format_days(date(2026, 12, 1), date(2026, 12, 7), "uk", year=False) == "1–7 груд."
    assert Period.recent(date(2026, 12, 3), 2, UTC).before().keys == ["2026-W46", "2026-W47"]


async def test_the_chart_says_what_it_shows_in_either_language(year):
    app, _, now = year
    period = app.barometer.recent(4, now)
    reports = await tallies(app, period)
    for lang, title, other, unsaid, old_town in (
        ("en", "Rumour reports per week, by district", "Other rumours", "Not given", "Old Town"),
        ("uk", "Повідомлення про чутки щотижня, за районами", "Інші чутки", "Не вказано", None),
    ):
        said = BarometerWords(translations(lang), lang, app.barometer)
        by = Breakdown.DISTRICT
        chart = said.chart(app.barometer.lines(reports, period, by), period, by)
        assert chart.title == title
        assert chart.subtitle == format_days(period.first, period.last, lang)
        assert chart.weeks == tuple(said.week(week) for week in period.weeks)
        labels = [line.label for line in chart.lines]
        assert labels[-1] == unsaid and chart.lines[-1].muted
        if old_town:
            assert labels[:4] == ["Old Town", "Harbour", "Riverside", "North Hill"]
        else:  # no English name in the Ukrainian chart
            assert labels[:4] == ["Старе місто", "Гавань", "Прирічний район", "Північний пагорб"]
        by = Breakdown.RUMOUR
        by_rumour = said.chart_lines(app.barometer.lines(reports, period, by), by)
        assert by_rumour[-2].label == other


async def test_barometer_command_sends_a_dated_chart_and_trends_that_say_what_they_compare(year):
    app, _, now = year
    period = app.barometer.recent(4, now)
    days, before = period_days(period, "en"), period_days(period.before(), "en")
    staff = make_chat(app, user_id=STAFF_ID)
    requests = await staff.say("/barometer 4")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    [summary] = [r for r in requests if isinstance(r, SendMessage)]
    png = photo.photo.data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert imread(io.BytesIO(png)).shape[:2] == (560, 1000)
    assert photo.photo.filename == "barometer-rumour-4w.png"
    assert photo.caption == f"Rumour reports per week, by rumour\nthe last 4 weeks, {days}"
    assert summary.text.splitlines() == [
        f"<b>Rumour barometer: the last 4 weeks, {days}</b>",
        f"Reports of each rumour in these 4 weeks ({days}), against the 4 weeks before ({before}):",
        "1. Newcomers take our jobs: <b>26</b> (↑ from 10)",  # no stray ".:"
        "2. Refugees jump the queue for social housing: <b>12</b> (new)",
        "3. Refugees get more benefits than local people: <b>11</b> (↓ from 12)",
        "4. Newcomers bring crime: <b>8</b> (→ from 8)",
        "5. If you visit Ukraine, you lose your temporary protection: <b>4</b> (→ from 4)",
        "6. Newcomers do not pay taxes: <b>2</b> (→ from 2)",
        "7. Newcomers bring diseases: <b>1</b> (→ from 1)",
        "",
        "New rumours nobody has answered yet: /emerging",
    ]
    assert keyboard(summary) == [
        ("• 4 weeks", "bar:4:rumour"),
        ("8 weeks", "bar:8:rumour"),
        ("12 weeks", "bar:12:rumour"),
        ("26 weeks", "bar:26:rumour"),
        ("• By rumour", "bar:4:rumour"),
        ("By district", "bar:4:district"),
        ("By target group", "bar:4:target"),
    ]


def totals(by: Breakdown, first: int, last: int) -> dict[str, int]:
    """The generator's count of each district or target group, from `first` weeks ago to
    before `last`."""
    counts: dict[str, int] = defaultdict(int)
    for filed in a_year():
        if not filed.repeat and first <= filed.weeks_ago < last:
            value = filed.district if by is Breakdown.DISTRICT else filed.target
            counts[value or UNSAID] += 1
    return dict(counts)


def arrow(now: int, before: int) -> str:
    return "↑" if now > before else "↓" if now < before else "→"


def period_days(period, lang):
    return format_days(period.first, period.last, lang)


async def test_the_buttons_change_period_and_breakdown_for_staff_only(year):
    app, _, now = year
    staff = make_chat(app, user_id=STAFF_ID, lang="uk")
    requests = await staff.press(BarometerView(weeks=12, by=Breakdown.TARGET).pack())
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    [summary] = [r for r in requests if isinstance(r, SendMessage)]
    days = period_days(app.barometer.recent(12, now), "uk")
    assert photo.caption == (
        f"Повідомлення про чутки щотижня, за цільовими групами\nостанні 12 тижнів, {days}"
    )
    assert keyboard(summary)[4:] == [
        ("За чутками", "bar:12:rumour"),
        ("За районами", "bar:12:district"),
        ("• За цільовими групами", "bar:12:target"),
    ]
    # The text under the chart follows its breakdown: each target group, against the 12
    # weeks before, most reported first.
    now_counts, before_counts = totals(Breakdown.TARGET, 0, 12), totals(Breakdown.TARGET, 12, 24)
    ranked = sorted(now_counts, key=lambda key: (-now_counts[key], key == UNSAID))
    lines = summary.text.splitlines()
    assert lines[1].startswith("Повідомлення про кожну цільову групу за 12 тижнів (")
    assert lines[2 : 2 + len(ranked)] == [
        f"{n}. {app.barometer.lists.target_groups.name(key, 'uk') if key != UNSAID else 'Не вказано'}"
        f": <b>{now_counts[key]}</b> ({arrow(now_counts[key], before_counts[key])} з "
        f"{before_counts[key]})"
        for n, key in enumerate(ranked, start=1)
    ]
    # A forged staff button from anyone else is refused, and nothing is sent.
    requests = await make_chat(app, user_id=42424).press(BarometerView(weeks=4, by="rumour").pack())
    assert len(requests) == 1 and isinstance(requests[0], AnswerCallbackQuery)
    assert requests[0].text == "Sorry, this is only for the centre's staff."
    # A period /barometer does not take, or an unknown breakdown, from staff is refused too.
    for forged in ("bar:0:rumour", "bar:53:rumour"):
        [alert] = await make_chat(app, user_id=STAFF_ID).press(forged)
        assert alert.text == STALE and alert.show_alert
    [alert] = await make_chat(app, user_id=STAFF_ID).press("bar:4:place")
    assert alert.text == STALE and alert.show_alert


async def test_barometer_in_ukrainian_uses_plural_forms(year):
    app, _, now = year
    staff = make_chat(app, user_id=STAFF_ID, lang="uk")
    for weeks, words in (
        (2, "останні 2 тижні"),
        (5, "останні 5 тижнів"),
        (1, "останній тиждень"),  # not "останній 1 тиждень"
    ):
        requests = await staff.say(f"/barometer {weeks}")
        [photo] = [r for r in requests if isinstance(r, SendPhoto)]
        period = app.barometer.recent(weeks, now)
        days = period_days(period, "uk")
        assert photo.caption == f"Повідомлення про чутки щотижня, за чутками\n{words}, {days}"
        if weeks == 1:  # the trends' header says no "1 тиждень" either
            [text] = [r.text for r in requests if isinstance(r, SendMessage)]
            before = period_days(period.before(), "uk")
            assert (
                f"Повідомлення про кожну чутку за тиждень {days} порівняно з попереднім тижнем "
                f"({before}):" in text
            )


async def test_non_staff_cannot_see_the_barometer(year):
    app, _, _ = year
    for command in ("/barometer", "/emerging", "/unanswered"):
        [reply] = await make_chat(app, user_id=42424).say(command)
        assert reply.text == "Sorry, this is only for the centre's staff."


async def test_the_council_page_in_pdf_holds_every_figure(year, tmp_path):
    app, rows, now = year
    period = app.barometer.recent(4, now)
    days, before = period_days(period, "en"), period_days(period.before(), "en")
    out = tmp_path / "council.pdf"
    since, until = period.first.isoformat(), period.last.isoformat()
    result = welcomebot_on(
        app, ["rumours", "report", "--since", since, "--until", until, "--out", str(out)], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"the barometer of {since} to {until} written to {out}\n"
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    filed = [f for f in a_year() if f.weeks_ago < 4]
    [cluster] = [r.id for r in rows if r.text == "the council will paint every bus green"]
    [library] = [r.id for r in rows if r.text == "the library will close on sundays"]
    flat = " ".join(text.split())  # lines as the page wraps them
    for line in (
        "Rumour barometer",
        days,
        "Rumour reports per week, by rumour",
        "By district",
        "By target group",
        "Most reported rumours",
        f"Reports of each rumour in these 4 weeks ({days}), against the 4 weeks before ({before}):",
        "1. Newcomers take our jobs: 26 (↑ from 10)",
        "2. Refugees jump the queue for social housing: 12 (new)",
        "3. Refugees get more benefits than local people: 11 (↓ from 12)",
        "7. Newcomers bring diseases: 1 (→ from 1)",
        "New rumours, not answered yet",
        # The two bus reports say one thing; the library one another.
        f"#{cluster} · 2 reports like “the council will paint every bus green”",
        f"#{library} · 1 report like “the library will close on sundays”",
        "The agents' activity",
        f"{AGENTS_IN_TEAM} anti-rumour agents in the team.",
        f"{len(filed)} reports filed; {len(filed) - 4} counted, once per agent, rumour and week.",
        "64 of the counted reports are of a known rumour. The busiest week had 20; on average "
        "16.8 a week.",
        f"{sum(1 for f in filed if f.district)} of {len(filed)} reports say the district, "
        f"{sum(1 for f in filed if f.target)} the group the rumour is about.",
    ):
        assert " ".join(line.split()) in flat, line
    # The district panel's totals: the generator's counts of the four weeks.
    totals = {key: sum(counts) for key, counts in expected(Breakdown.DISTRICT, 4).items()}
    labels = text.splitlines()
    assert "Old Town" in labels and str(totals["Old Town"]) in labels


async def ukrainian_page(app, weeks: int, now, kind: str | None):
    """The council's page of the last `weeks` weeks in Ukrainian: as a file of `kind`, or
    (None) what it says, to draw."""
    from welcomebot.services.council import council_report

    period = app.barometer.recent(weeks, now)
    said = BarometerWords(translations("uk"), "uk", app.barometer)
    async with app.sessions() as session:
        reports, users = RumourReportRepository(session), UserRepository(session)
        if kind is None:
            return await council_report(app.barometer, reports, users, said, period, now.date())
        return await council_page(app.barometer, reports, users, said, period, kind, now.date())


async def test_the_council_page_in_ukrainian_as_png(year):
    app, _, now = year
    png = await ukrainian_page(app, 4, now, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert imread(io.BytesIO(png)).shape[:2] == (1753, 1240)  # A4 at 150 dpi
    pdf = await ukrainian_page(app, 4, now, "pdf")
    flat = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # A blind test read "1.0" and "Складено 7 груд. 2026 р.." on the Ukrainian page.
    assert "у середньому — 16,8 на тиждень." in flat
    made = format_days(now.date(), now.date(), "uk").replace("\u202f", " ")  # as the PDF reads
    assert f"Складено {made}" in flat and f"Складено {made}." not in flat
    assert "порівняно з таким самим попереднім періодом" in flat


async def test_every_line_of_the_ukrainian_page_stays_on_the_page(year):
    # A blind test found the Ukrainian page's lines cut off at its right edge: they were
    # wrapped by a count of characters, and Cyrillic letters are wider than Latin ones.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from welcomebot.services.charts import council_figure

    app, _, now = year
    figure = council_figure(await ukrainian_page(app, 7, now, None))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    # What the page writes (its heading, note, sections, bar labels), not the axes' ticks.
    drawn = [t for axes in figure.axes for t in axes.texts if t.get_text().strip()]
    assert any("Повідомлення про кожну чутку за 7 тижнів" in t.get_text() for t in drawn)
    for text in drawn:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= figure.bbox.x1, text.get_text()


def test_a_report_file_must_be_pdf_or_png(tmp_path):
    result = run_welcomebot(
        ["rumours", "report", "--since", "2026-01-01", "--until", "2026-02-01"]
        + ["--out", str(tmp_path / "x.docx")],
        env_extra={"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert result.stderr == f"welcomebot: --out {tmp_path / 'x.docx'}: name a .pdf or a .png file\n"


async def test_export_writes_anonymous_csv_rows(year, tmp_path):
    app, rows, now = year
    since = (now - timedelta(weeks=1)).date().isoformat()
    result = welcomebot_on(app, ["rumours", "export", "--since", since], tmp_path)
    assert result.returncode == 0, result.stderr
    exported = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(exported[0]) == [
        "week",
        "rumour_id",
        "score",
        "text",
        "place",
        "district",
        "target",
        "lang",
    ]
    filed = [r.created.astimezone(app.settings.zone).date().isoformat() for r in rows]
    assert len(exported) == len([day for day in filed if day >= since])


async def test_export_since_a_day_starts_at_the_city_s_midnight(app, tmp_path):
    sunday = datetime(2026, 12, 6, 21, 30, tzinfo=UTC)  # 23:30 on Sunday in Tallinn
    monday = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # 00:30 on Monday there
    async with app.sessions() as session:
        for text, moment in (("heard on Sunday", sunday), ("heard on Monday", monday)):
            week = iso_week(moment.astimezone(app.settings.zone))
            session.add(
                RumourReport(
                    score=0.1, text=text, lang="en", week=week, agent_key="a", created=moment
                )
            )
        await session.commit()
    result = welcomebot_on(app, ["rumours", "export", "--since", "2026-12-07"], tmp_path)
    assert result.returncode == 0, result.stderr
    exported = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["text"], row["week"]) for row in exported] == [("heard on Monday", "2026-W50")]


def test_chat_as_agent_and_as_staff(tmp_path):
    env = {"WELCOMEBOT_DATA_DIR": str(tmp_path)}
    agent = run_welcomebot(
        ["chat", "--as", "agent"],
        "/report\nRefugees get more benefits than local people.\n10\n5\n6\n",
        env,
    )
    assert agent.returncode == 0, agent.stderr
    assert (
        "Refugees get more benefits than local people.\n\nNewcomers get no special" in agent.stdout
    )
    assert agent.stdout.rstrip().endswith("Thank you! The report is logged anonymously.")
    # Staff walk the barometer: a period, then a breakdown, each by its button's number.
    staff = run_welcomebot(["chat", "--as", "staff"], "/barometer 4\n6\n2\n", env)
    assert staff.returncode == 0, staff.stderr
    pictures = tmp_path / "console-pictures"
    # Each chart under its own name: none overwrites another (or an earlier chat's).
    saved = [
        pictures / f"1-barometer-{name}.png" for name in ("rumour-4w", "district-4w", "district-8w")
    ]
    for picture in saved:
        assert f"] saved to {picture}" in staff.stdout
        assert picture.read_bytes().startswith(b"\x89PNG")
    assert "[picture: Rumour reports per week, by district\nthe last 8 weeks, " in staff.stdout
    assert "1. Refugees get more benefits than local people: 1 (new)" in staff.stdout
    newcomer = run_welcomebot(["chat"], "/report\n/barometer\n", env)
    assert newcomer.stdout.splitlines()[0].startswith("Sorry, this is only for anti-rumour agents.")
    assert newcomer.stdout.splitlines()[1] == "Sorry, this is only for the centre's staff."
    # A blind test found the agent revoked once a staff (or newcomer) chat had started beside
    # theirs: all three were one person. The roster still shows the agent active.
    roster = run_welcomebot(["agents"], "", env)
    assert roster.returncode == 0, roster.stderr
    assert "Agent 1" in roster.stdout and "revoked" not in roster.stdout


def test_console_chats_one_after_another_count_a_report_once(tmp_path):
    # A blind test filed one rumour from two agent chats: the barometer counted 2, and the
    # active people grew with every start (each chat drew a new random key).
    env = {"WELCOMEBOT_DATA_DIR": str(tmp_path)}
    for _ in range(2):
        agent = run_welcomebot(
            ["chat", "--as", "agent"],
            "/report Refugees get more benefits than local people.\n",
            env,
        )
        assert agent.returncode == 0, agent.stderr
    staff = run_welcomebot(["chat", "--as", "staff"], "/barometer 1\n", env)
    assert "1. Refugees get more benefits than local people: 1 (new)" in staff.stdout
    key = tmp_path / "console-report-secret"  # the demo's, beside its data; only its owner's
    assert len(key.read_bytes()) == 32 and key.stat().st_mode & 0o077 == 0


def test_the_console_key_is_whole_or_made_again_and_only_the_console_keeps_one(tmp_path):
    # From a review: an empty key file (a crash between making and writing it) was trusted
    # as the key, and the command line's barometer wrote the console's key into production.
    from welcomebot.app import CONSOLE_SECRET, _console_secret

    key = tmp_path / CONSOLE_SECRET
    key.write_bytes(b"")
    made = _console_secret(key)
    assert len(made) == 32 and key.read_bytes() == made
    assert _console_secret(key) == made  # kept
    assert list(tmp_path.iterdir()) == [key]  # no half-written file left beside it
    elsewhere = tmp_path / "production"
    result = run_welcomebot(
        ["rumours", "emerging"], env_extra={"WELCOMEBOT_DATA_DIR": str(elsewhere)}
    )
    assert result.returncode == 0, result.stderr
    assert not (elsewhere / CONSOLE_SECRET).exists()


async def test_staff_see_what_newcomers_asked_that_no_content_answers(staffed):
    newcomer = make_chat(staffed, user_id=4321)
    for question in (
        "what is the weather on mars",
        "what's the weather like on mars today",
        "яка погода буде завтра",
        "дякую!",  # small talk, kept for no one
    ):
        await newcomer.say(question)
    staff = make_chat(staffed, user_id=STAFF_ID)
    [reply] = await staff.say("/unanswered")
    assert reply.text.splitlines() == [
        "Questions the bot could not answer in the last 30 days, grouped by likeness:",
        "• 2 questions like “what is the weather on mars”",
        "• 1 question like “яка погода буде завтра”",
    ]
    # The same from the command line, for the same database.
    env = welcomebot_env(
        data_dir=str(staffed.settings.data_dir), database_url=staffed.settings.database_url
    )
    result = subprocess.run(
        [sys.executable, "-m", "welcomebot", "unanswered", "--days", "7"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "   2  what is the weather on mars",
        "   1  яка погода буде завтра",
    ]


async def test_no_unanswered_questions_is_said_plainly(staffed):
    [reply] = await make_chat(staffed, user_id=STAFF_ID).say("/unanswered")
    assert reply.text == "No unanswered questions in the last 30 days."


async def test_a_chart_of_any_period_keeps_its_breakdown_buttons(year):
    # A blind test sent /barometer 3: its "by district" button said it no longer worked.
    app, _, now = year
    staff = make_chat(app, user_id=STAFF_ID)
    summary = [r for r in await staff.say("/barometer 3") if isinstance(r, SendMessage)][-1]
    assert ("By district", "bar:3:district") in keyboard(summary)
    requests = await staff.press("bar:3:district")
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    days = period_days(app.barometer.recent(3, now), "en")
    assert photo.caption == f"Rumour reports per week, by district\nthe last 3 weeks, {days}"


@pytest.mark.parametrize("weeks", ["0", "abc", "1000"])
async def test_a_period_barometer_does_not_take_is_said_before_the_default(year, weeks):
    app, _, _ = year
    requests = await make_chat(app, user_id=STAFF_ID).say(f"/barometer {weeks}")
    said = [r.text for r in requests if isinstance(r, SendMessage)]
    assert said[0] == "The number of weeks must be from 1 to 52: showing the last 8 weeks."
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert photo.photo.filename == "barometer-rumour-8w.png"
