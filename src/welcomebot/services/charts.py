"""The barometer's pictures with matplotlib: a chart of reports per week, and the one-page
report for a city council (PDF, or PNG). They draw what they are given, already worded."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
MUTED = ("#8c8c8c", "#c7c7c7", "#dddddd")  # "other", "new" or "not given"
A4 = (8.27, 11.69)  # inches
LEGEND_CHARS = 48  # a claim longer than this is cut in the legend
TEXT_WIDTH = (A4[0] - 1.7) * 72  # points a line of the page's text may take (beside the margin)


@dataclass(frozen=True)
class ChartLine:
    label: str
    counts: tuple[int, ...]
    muted: bool = False  # a line that gathers the rest: drawn in grey


@dataclass(frozen=True)
class Chart:
    title: str
    subtitle: str  # the dates
    weeks: tuple[str, ...]  # each week's label
    lines: tuple[ChartLine, ...]
    y_label: str
    empty: str  # written on a chart with no report


@dataclass(frozen=True)
class Panel:
    """Totals by one breakdown, as horizontal bars."""

    title: str
    lines: tuple[ChartLine, ...]
    empty: str


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class CouncilReport:
    title: str
    subtitle: str
    note: str  # how it counts, when it was made
    chart: Chart
    panels: tuple[Panel, ...]
    sections: tuple[Section, ...]


def _figure(size: tuple[float, float]) -> Figure:
    import matplotlib

    matplotlib.use("Agg")  # no screen on a server
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=100, layout="constrained")


def _colours(lines: Sequence[ChartLine]) -> list[str]:
    colours, muted = iter(COLOURS * 2), iter(MUTED * 2)
    return [next(muted) if line.muted else next(colours) for line in lines]


def _short(label: str, width: int = LEGEND_CHARS) -> str:
    return textwrap.shorten(label, width, placeholder="…")


def _wrap(text: str, size: float, indent: str = "") -> list[str]:
    """`text` in lines that fit the page at `size` points, measured in the font it is drawn
    in: a count of characters ran Ukrainian lines off the page (Cyrillic letters are wider)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure, font = TextToPath(), FontProperties(size=size)
    lines: list[str] = []
    for word in text.split():
        longer = f"{lines[-1]} {word}" if lines else word
        if lines and measure.get_text_width_height_descent(longer, font, ismath=False)[0] <= (
            TEXT_WIDTH
        ):
            lines[-1] = longer
        else:
            lines.append((indent if lines else "") + word)
    return lines or [""]


def draw_weeks(axes: Axes, chart: Chart, legend_below: bool = False) -> None:
    """Stacked bars: one a week, one colour a line, the legend in the stack's order."""
    from matplotlib.ticker import MaxNLocator

    positions = range(len(chart.weeks))
    bottom = [0] * len(chart.weeks)
    for line, colour in zip(chart.lines, _colours(chart.lines), strict=True):
        axes.bar(positions, line.counts, bottom=bottom, label=_short(line.label), color=colour)
        bottom = [b + c for b, c in zip(bottom, line.counts, strict=True)]
    every = max(1, math.ceil(len(chart.weeks) / 13))  # at most 13 labels fit side by side
    axes.set_xticks(list(positions)[::every], list(chart.weeks)[::every])
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    axes.set_ylabel(chart.y_label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # reports are whole numbers
    axes.spines[["top", "right"]].set_visible(False)
    if not any(bottom):
        axes.set_ylim(0, 1)
        axes.text(0.5, 0.5, chart.empty, transform=axes.transAxes, ha="center", color="#555555")
        return
    handles, labels = axes.get_legend_handles_labels()
    if legend_below:
        axes.legend(
            handles[::-1], labels[::-1], fontsize=7, loc="upper center", ncols=2, frameon=False,
            bbox_to_anchor=(0.5, -0.32),
        )  # fmt: skip
    else:
        axes.legend(
            handles[::-1], labels[::-1], fontsize=8, loc="upper left", frameon=False,
            bbox_to_anchor=(1.01, 1),
        )  # fmt: skip


def chart_png(chart: Chart) -> bytes:
    """The chart alone, 1000 x 560 pixels."""
    figure = _figure((10, 5.6))
    figure.suptitle(chart.title, fontweight="bold", x=0.01, ha="left")
    axes = figure.subplots()
    axes.set_title(chart.subtitle, fontsize=10, loc="left", color="#444444")
    draw_weeks(axes, chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def draw_totals(axes: Axes, panel: Panel) -> None:
    axes.set_title(panel.title, fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if not panel.lines:
        axes.set_axis_off()
        axes.text(0, 0.5, panel.empty, transform=axes.transAxes, fontsize=9, color="#555555")
        return
    labels = [_short(line.label, 28) for line in panel.lines][::-1]
    totals = [sum(line.counts) for line in panel.lines][::-1]
    bars = axes.barh(labels, totals, color=_colours(panel.lines)[::-1])
    axes.bar_label(bars, fontsize=8, padding=2)
    axes.tick_params(axis="y", labelsize=8)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlim(0, max(totals) * 1.15 or 1)


def draw_sections(axes: Axes, sections: Sequence[Section], height: float) -> None:
    """Text, one section under another, wrapped to the page's width; `height` in inches."""
    axes.set_axis_off()
    step = 9 * 1.45 / 72 / height  # one line of 9-point text, in the axes' height
    y = 1.0
    for section in sections:
        axes.text(0, y, section.heading, fontsize=10, fontweight="bold", va="top")
        y -= step * 1.3
        for line in section.lines:
            for part in _wrap(line, 9, indent="    "):
                axes.text(0, y, part, fontsize=9, va="top")
                y -= step
        y -= step * 0.6


def council_figure(report: CouncilReport) -> Figure:
    """The council's page, drawn: A4, one page."""
    figure = _figure(A4)
    rows = figure.add_gridspec(4, 2, height_ratios=[0.55, 3.3, 2.0, 4.5])
    head = figure.add_subplot(rows[0, :])
    head.set_axis_off()
    head.text(0, 1, report.title, fontsize=15, fontweight="bold", va="top")
    head.text(0, 0.5, report.subtitle, fontsize=11, va="top")
    note = "\n".join(_wrap(report.note, 8))
    head.text(0, 0.22, note, fontsize=8, va="top", color="#555555")
    weeks = figure.add_subplot(rows[1, :])
    weeks.set_title(report.chart.title, fontsize=10, loc="left")
    draw_weeks(weeks, report.chart, legend_below=True)
    for column, panel in enumerate(report.panels[:2]):
        draw_totals(figure.add_subplot(rows[2, column]), panel)
    draw_sections(figure.add_subplot(rows[3, :]), report.sections, A4[1] * 4.5 / 10.35)
    return figure


def report_page(report: CouncilReport, kind: Literal["pdf", "png"]) -> bytes:
    """The council's page as a file, its text kept as text in the PDF."""
    import matplotlib

    figure = council_figure(report)
    buffer = io.BytesIO()
    # Type 42: the fonts go in as TrueType, so the PDF's text can be searched and copied.
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        figure.savefig(
            buffer, format=kind, dpi=150 if kind == "png" else 100, metadata={"Title": report.title}
        )
    return buffer.getvalue()
