"""The CIN census referral-level extract: one row per referral to children's social care, in
the census's own values (dates YYYY-MM-DD, ReferralNFA 0/1, codes), as CSV and xlsx."""

import csv
import io

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from frontdoor.reporting.cin_census import CIN_COLUMNS, cin_rows
from frontdoor.reporting.exports import cin_census_csv, cin_census_xlsx
from frontdoor.reporting.scope import ReportScope

from .test_annex_a import PERIOD, build_annex_world


@pytest.fixture
def world(hub, practitioner, manager, area_worker, other_la_worker):
    return build_annex_world(hub, practitioner, manager, area_worker, other_la_worker)


def test_the_extract_has_a_row_per_referral_with_the_census_values(world):
    sam = f"FD{world.sam.pk}"

    assert cin_rows(PERIOD) == [
        ("860", "LA123", "2026-01-05", "2A", 0, "", "2018-05-04", "", "F", "WBRI", "yes"),
        ("860", sam, "2026-02-02", "2A", 0, "", "2015-12-31", "", "M", "NOBT", "unknown"),
        ("860", "LA123", "2026-03-01", "5D", 1, "", "2018-05-04", "", "F", "WBRI", "yes"),
    ]


def test_the_csv_has_the_census_field_names_and_one_line_per_referral(world):
    lines = list(csv.reader(io.StringIO(cin_census_csv(PERIOD))))

    assert lines[0] == list(CIN_COLUMNS)
    assert lines[0][1:5] == ["LAchildID", "CINreferralDate", "ReferralSource", "ReferralNFA"]
    assert [line[4] for line in lines[1:]] == ["0", "0", "1"]


def test_the_xlsx_holds_the_same_rows(world):
    book = load_workbook(io.BytesIO(cin_census_xlsx(PERIOD)))
    [sheet] = book.worksheets

    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == CIN_COLUMNS
    assert [row[2] for row in rows[1:]] == ["2026-01-05", "2026-02-02", "2026-03-01"]


def test_only_the_scopes_authorities_are_extracted(world):
    [row] = cin_rows(ReportScope(("861",), PERIOD.start, PERIOD.end))

    assert row[0] == "861"
