"""The one shape every report produces: titled tables of typed columns, which the pages
render (with a chart where one helps), and the exports write as CSV and xlsx."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# text: a label; count: an int; percent: a float 0–100 (one decimal shown) or None;
# average: a float (one decimal shown); hours: a float of hours or None; date: a date.
ColumnKind = Literal["text", "count", "percent", "average", "hours", "date"]
Cell = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: ColumnKind = "count"


@dataclass(frozen=True)
class Chart:
    """How to draw a table: bars (one per row) or a line (rows in time order), of one column
    against the label column. Every chart is drawn beside its table, never instead of it."""

    kind: Literal["bar", "line"]
    label: str  # the key of the column that labels each bar or point
    value: str  # the key of the column plotted


@dataclass(frozen=True)
class Table:
    key: str  # unique within a report, used for anchors and sheet names
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    definitions: tuple[str, ...] = ()  # plain-English definitions shown under the table
    chart: Chart | None = None
    pseudonymised: bool = False  # a list of records, identified by pseudonym only

    def column(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def as_dicts(self) -> list[dict[str, Cell]]:
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Report:
    name: str  # the command's NAME and the URL slug, e.g. "volumes"
    title: str
    summary: str
    tables: tuple[Table, ...] = field(default_factory=tuple)
