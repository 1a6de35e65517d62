"""Charts drawn on the server, as plain geometry, and the display of every figure.

`draw(table)` turns a table with a `Chart` into numbers only (a scale, its ticks, the bars or
points and their labels) that `reporting/_chart.html` writes out as inline SVG: no script, no
inline style, nothing for the content security policy to refuse. No ORM here: the geometry is
tested as arithmetic.

Bar charts are horizontal (the categories are agencies, sources, outcomes: long labels read
best beside their bar); line charts run left to right in the table's row order (months).
A chart always sits beside its table, which holds every figure; the chart's title names it
and its description summarises it (highest, lowest, gaps) for people who cannot see it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .tables import Cell, ColumnKind, Table

WIDTH = 480
FONT_SIZE = 13
# Bars: one row each, labels on the left, the figure just past the end of the bar.
BAR_THICKNESS = 22
BAR_GAP = 10
LABEL_WIDTH = 170
VALUE_WIDTH = 72
LABEL_CHARACTERS = 24
# Lines: tick labels on the left, category labels along the bottom.
LINE_HEIGHT = 260
LINE_LEFT = 56
LINE_RIGHT = 24
MOST_LINE_LABELS = 6
LINE_LABEL_CHARACTERS = 12
TOP = 12
AXIS_SPACE = 30
TARGET_TICKS = 4
NONE = "–"


def format_value(value: Cell, kind: ColumnKind) -> str:
    """A figure as the pages show it: counts with thousands separators, percentages and
    averages to one decimal place, hours with their unit, "–" for no figure."""
    if value is None or value == "":
        return NONE
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == "percent":
        return f"{value:,.1f}%"
    if kind == "average":
        return f"{value:,.1f}"
    if kind == "hours":
        return f"{value:,.1f} hours"
    if kind == "count" and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def nice_ticks(low: float, high: float, *, whole: bool, target: int = TARGET_TICKS) -> list[float]:
    """Evenly spaced round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) from at or
    below `low` to at or above `high`; whole numbers only if `whole` (counts)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for multiple in (1, 2, 2.5, 5):
        candidate = multiple * magnitude
        if candidate >= raw and (not whole or float(candidate).is_integer()):
            step = candidate
            break
    if whole:
        step = max(step, 1)
    first = math.floor(round(low / step, 9)) * step
    last = math.ceil(round(high / step, 9)) * step
    count = round((last - first) / step)
    return [round(first + index * step, 9) for index in range(count + 1)]


def _tick_label(value: float, kind: ColumnKind) -> str:
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
    return f"{text}%" if kind == "percent" else text


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _number(cell: Cell) -> float | None:
    if isinstance(cell, bool) or not isinstance(cell, int | float) or math.isnan(cell):
        return None
    return float(cell)


@dataclass(frozen=True)
class Tick:
    label: str
    position: float  # x for a bar chart's vertical gridlines, y for a line chart's


@dataclass(frozen=True)
class Bar:
    label: str  # as shown beside the bar (shortened)
    full_label: str
    value: float | None
    value_label: str
    x: float
    y: float
    width: float
    height: float
    label_y: float  # the baseline of the label and value texts
    value_x: float


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    value_label: str
    x: float
    y: float


@dataclass(frozen=True)
class AxisLabel:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class ChartGeometry:
    kind: Literal["bar", "line"]
    key: str  # the table's key, for the SVG's ids
    title: str
    description: str
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    baseline: float  # x (bars) or y (line) of zero
    ticks: tuple[Tick, ...]
    tick_label_x: float  # line: where the (right-aligned) tick labels end
    tick_label_y: float  # bars: the baseline of the tick labels under the plot
    bars: tuple[Bar, ...] = ()
    points: tuple[Point, ...] = ()
    path: str = ""  # the line, as SVG path data; a gap where a figure is missing
    axis_labels: tuple[AxisLabel, ...] = ()
    font_size: int = FONT_SIZE
    label_x: float = LABEL_WIDTH - 8  # bars: where the (right-aligned) labels end


def _describe(
    kind: Literal["bar", "line"],
    value_heading: str,
    label_heading: str,
    pairs: list[tuple[str, float | None]],
    value_kind: ColumnKind,
) -> str:
    shape = "Bar chart" if kind == "bar" else "Line chart"
    parts = [f"{shape} of {value_heading.lower()} by {label_heading.lower()}."]
    known = [(label, value) for label, value in pairs if value is not None]
    missing = [label for label, value in pairs if value is None]
    if known and all(value == 0 for _, value in known):
        parts.append(f"Every figure is {format_value(0, value_kind)}.")
    elif known:
        if kind == "line" and len(known) > 1:
            first, last = known[0], known[-1]
            parts.append(
                f"From {format_value(first[1], value_kind)} ({first[0]}) to "
                f"{format_value(last[1], value_kind)} ({last[0]})."
            )
        high = max(known, key=lambda pair: pair[1])
        low = min(known, key=lambda pair: pair[1])
        parts.append(f"Highest: {high[0]}, {format_value(high[1], value_kind)}.")
        if low != high:
            parts.append(f"Lowest: {low[0]}, {format_value(low[1], value_kind)}.")
    if missing:
        parts.append(f"No figure for {', '.join(missing)}.")
    return " ".join(parts)


def draw(table: Table) -> ChartGeometry | None:
    """The chart of a table, or None if it has none or nothing to draw."""
    chart = table.chart
    if chart is None or not table.rows:
        return None
    label_column = table.columns[table.column(chart.label)]
    value_column = table.columns[table.column(chart.value)]
    labels = [format_value(row[table.column(chart.label)], label_column.kind) for row in table.rows]
    values = [_number(row[table.column(chart.value)]) for row in table.rows]
    known = [value for value in values if value is not None]
    if not known:
        return None
    whole = value_column.kind == "count"
    high = max(0.0, *known)
    if value_column.kind == "percent" and high <= 100:
        high = 100.0  # shares of a whole read honestly against the whole
    ticks = nice_ticks(min(0.0, *known), high, whole=whole)
    description = _describe(
        chart.kind,
        value_column.heading,
        label_column.heading,
        list(zip(labels, values, strict=True)),
        value_column.kind,
    )
    if chart.kind == "bar":
        return _bars(table, labels, values, ticks, value_column.kind, description)
    return _line(table, labels, values, ticks, value_column.kind, description)


def _scale(ticks: list[float], start: float, end: float) -> Callable[[float], float]:
    """Map a value between the first and last tick to a position between start and end."""
    low, high = ticks[0], ticks[-1]

    def position(value: float) -> float:
        return round(start + (value - low) / (high - low) * (end - start), 2)

    return position


def _bars(
    table: Table,
    labels: list[str],
    values: list[float | None],
    ticks: list[float],
    kind: ColumnKind,
    description: str,
) -> ChartGeometry:
    plot_top = TOP
    plot_bottom = plot_top + len(values) * (BAR_THICKNESS + BAR_GAP)
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_WIDTH
    x = _scale(ticks, plot_left, plot_right)
    zero = x(0.0)
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = plot_top + index * (BAR_THICKNESS + BAR_GAP) + BAR_GAP / 2
        end = zero if value is None else x(value)
        bars.append(
            Bar(
                label=_short(label, LABEL_CHARACTERS),
                full_label=label,
                value=value,
                value_label=format_value(value, kind),
                x=min(zero, end),
                y=top,
                width=round(abs(end - zero), 2),
                height=BAR_THICKNESS,
                label_y=round(top + BAR_THICKNESS / 2 + FONT_SIZE * 0.35, 2),
                value_x=round(max(zero, end) + 6, 2),
            )
        )
    return ChartGeometry(
        kind="bar",
        key=table.key,
        title=table.title,
        description=description,
        width=WIDTH,
        height=plot_bottom + AXIS_SPACE,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        baseline=zero,
        ticks=tuple(Tick(_tick_label(tick, kind), x(tick)) for tick in ticks),
        tick_label_x=0,
        tick_label_y=plot_bottom + FONT_SIZE + 6,
        bars=tuple(bars),
    )


def _line(
    table: Table,
    labels: list[str],
    values: list[float | None],
    ticks: list[float],
    kind: ColumnKind,
    description: str,
) -> ChartGeometry:
    plot_top, plot_bottom = TOP, LINE_HEIGHT - AXIS_SPACE - FONT_SIZE
    plot_left, plot_right = LINE_LEFT, WIDTH - LINE_RIGHT
    y = _scale(ticks, plot_bottom, plot_top)
    count = len(values)
    spacing = (plot_right - plot_left) / (count - 1) if count > 1 else 0.0

    def x(index: int) -> float:
        if count == 1:
            return round((plot_left + plot_right) / 2, 2)
        return round(plot_left + index * spacing, 2)

    points = []
    path: list[str] = []
    previous_missing = True
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            previous_missing = True
            continue
        point = Point(label, value, format_value(value, kind), x(index), y(value))
        points.append(point)
        path.append(f"{'M' if previous_missing else 'L'}{point.x:g},{point.y:g}")
        previous_missing = False
    every = math.ceil(count / MOST_LINE_LABELS)
    axis_labels = tuple(
        AxisLabel(_short(label, LINE_LABEL_CHARACTERS), x(index), plot_bottom + FONT_SIZE + 8)
        for index, label in enumerate(labels)
        if index % every == 0
    )
    return ChartGeometry(
        kind="line",
        key=table.key,
        title=table.title,
        description=description,
        width=WIDTH,
        height=LINE_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        baseline=y(0.0),
        ticks=tuple(Tick(_tick_label(tick, kind), y(tick)) for tick in ticks),
        tick_label_x=plot_left - 6,
        tick_label_y=0,
        points=tuple(points),
        path=" ".join(path),
        axis_labels=axis_labels,
    )
