"""Files of reports and returns: CSV, xlsx and JSON of any `Report`, the Annex A workbook and
the CIN census extract. Pure formatting: who may export, and the audit, are in `services`.

Report files:
- CSV: one section per table, separated by a blank line; each section is the table's title on
  a line of its own, the heading row, then the rows. Counts are integers; percentages,
  averages and hours are numbers rounded to one decimal as the pages show them (no "%" sign);
  dates are YYYY-MM-DD; a blank cell is "not applicable" or "no data".
- xlsx: one sheet per table (titles cut to Excel's 31 characters and made unique), a heading
  row, then the rows: numbers as numbers (percentages 0–100 with one decimal shown, the full
  value kept), dates as dates shown dd/mm/yyyy.
- JSON: the report's name, title, summary and tables, each row an object keyed by column.

Any text cell beginning with = + - @ (or a tab or carriage return) gets a leading apostrophe,
so a spreadsheet never runs a referrer's or organisation's text as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from .annex_a import ANNEX_A_COLUMNS, AnnexRow, annex_a_lists
from .cin_census import CIN_COLUMNS, CinRow, cin_rows
from .scope import ReportScope
from .tables import Cell, Column, Report, Table

UNSAFE_STARTS = frozenset("=+-@\t\r")
DECIMAL_KINDS = frozenset({"percent", "average", "hours"})
SHEET_TITLE_LENGTH = 31
NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\]")
CIN_SHEET = "CIN referrals"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


def safe_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    return "'" + text if text and text[0] in UNSAFE_STARTS else text


def _safe(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


# --- CSV ---------------------------------------------------------------------------------------


def _csv_cell(value: Cell, column: Column) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) or column.kind in DECIMAL_KINDS:
        return round(float(value), 1)
    return value


def report_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for position, table in enumerate(report.tables):
        if position:
            writer.writerow([])
        writer.writerow([safe_text(table.title)])
        writer.writerow([safe_text(column.heading) for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [_csv_cell(value, column) for value, column in zip(row, table.columns, strict=True)]
            )
    return buffer.getvalue()


def rows_csv(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain CSV: one heading row, then the rows (None is a blank cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows([("" if value is None else _safe(value)) for value in row] for row in rows)
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------


def report_json(report: Report) -> str:
    return json.dumps(
        {
            "name": report.name,
            "title": report.title,
            "summary": report.summary,
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "columns": [
                        {"key": column.key, "heading": column.heading, "kind": column.kind}
                        for column in table.columns
                    ],
                    "rows": table.as_dicts(),
                    "definitions": list(table.definitions),
                }
                for table in report.tables
            ],
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )


# --- xlsx --------------------------------------------------------------------------------------


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet title: no []:*?/\\, at most 31 characters."""
    base = NOT_IN_SHEET_TITLES.sub(" ", title).strip().strip("'")[:SHEET_TITLE_LENGTH] or "Table"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_LENGTH - len(suffix)].rstrip() + suffix
    taken.add(candidate.lower())
    return candidate


def _workbook_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading_row(sheet: Any, headings: Sequence[str]) -> list[Any]:
    bold = Font(bold=True)
    cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=safe_text(heading))
        cell.font = bold
        cells.append(cell)
    return cells


def _xlsx_cell(sheet: Any, value: Cell, column: Column) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    if isinstance(value, float) or column.kind in DECIMAL_KINDS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.0"
        return cell
    return value


def _table_sheet(workbook: Any, table: Table, taken: set[str]) -> None:
    sheet = workbook.create_sheet(title=sheet_title(table.title, taken))
    sheet.append(_heading_row(sheet, [column.heading for column in table.columns]))
    for row in table.rows:
        sheet.append(
            [
                _xlsx_cell(sheet, value, column)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in report.tables:
        _table_sheet(workbook, table, taken)
    if not report.tables:
        workbook.create_sheet(title="No tables")
    return _workbook_bytes(workbook)


def rows_xlsx(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of plain sheets: title → (headings, rows). Text stays text (a date written
    as "04/05/2018" is a text cell, which Excel will not reinterpret)."""
    workbook = Workbook(write_only=True)
    for title, (headings, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title)
        sheet.append(_heading_row(sheet, headings))
        for row in rows:
            sheet.append([_safe(value) for value in row])
    return _workbook_bytes(workbook)


# --- Annex A and the CIN census ----------------------------------------------------------------


def annex_a_workbook(lists: dict[str, list[AnnexRow]]) -> bytes:
    """Sheets "List 1" … "List 5" in order, each with its heading row."""
    return rows_xlsx(
        {name: (headings, lists.get(name, [])) for name, headings in ANNEX_A_COLUMNS.items()}
    )


def annex_a_xlsx(scope: ReportScope) -> bytes:
    return annex_a_workbook(annex_a_lists(scope))


def cin_census_csv_of(rows: list[CinRow]) -> str:
    return rows_csv(CIN_COLUMNS, rows)


def cin_census_xlsx_of(rows: list[CinRow]) -> bytes:
    return rows_xlsx({CIN_SHEET: (CIN_COLUMNS, rows)})


def cin_census_csv(scope: ReportScope) -> str:
    return cin_census_csv_of(cin_rows(scope))


def cin_census_xlsx(scope: ReportScope) -> bytes:
    return cin_census_xlsx_of(cin_rows(scope))
