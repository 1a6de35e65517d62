"""Report files (CSV, xlsx, JSON) and the audited export services: who may export what, and
that every export leaves an audit event with counts and codes, never personal data."""

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook  # type: ignore[import-untyped]

from frontdoor.agencies.models import Membership
from frontdoor.audit.models import AuditEvent
from frontdoor.core.actors import Actor
from frontdoor.outcomes.tests.builders import actor_for
from frontdoor.reporting.exports import report_csv, report_json, report_xlsx, safe_text
from frontdoor.reporting.registry import REPORTS, ReportDefinition
from frontdoor.reporting.scope import ReportScope
from frontdoor.reporting.services import (
    export_annex_a,
    export_cin_census,
    export_report,
    may_export_child_level,
)
from frontdoor.reporting.tables import Column, Report, Table

from .test_annex_a import PERIOD, build_annex_world


@pytest.fixture
def world(hub, practitioner, manager, area_worker, other_la_worker):
    return build_annex_world(hub, practitioner, manager, area_worker, other_la_worker)


LONG = "Referral quality by referring organisation, all sources"
INJECTION = "=cmd|' /C calc'!A0"

TABLES = (
    Table(
        key="months",
        title="Contacts by month",
        columns=(
            Column("month", "Month", "text"),
            Column("contacts", "Contacts"),
            Column("share", "Share of contacts (%)", "percent"),
            Column("per_week", "Average per week", "average"),
            Column("first", "First contact", "date"),
        ),
        rows=(
            ("January", 10, 12.345, 2.857142857, date(2026, 1, 5)),
            (INJECTION, 0, None, 0.0, None),
        ),
    ),
    Table(key="quality", title=LONG, columns=(Column("n", "Contacts"),), rows=((1,),)),
    Table(key="quality2", title=LONG, columns=(Column("n", "Contacts"),), rows=((2,),)),
    Table(key="met", title="Timeliness: met / missed?", columns=(Column("n", "Met"),), rows=()),
)
REPORT = Report(name="dummy", title="A dummy report", summary="For tests.", tables=TABLES)


def dummy_build(scope: ReportScope, show_references: bool) -> Report:
    """A report that says what it was asked for."""
    table = Table(
        key="asked",
        title="Asked",
        columns=(Column("authorities", "Authorities", "text"), Column("refs", "References")),
        rows=((",".join(scope.authority_codes), int(show_references)),),
    )
    return Report(name="dummy", title="Dummy", summary="", tables=(table,))


@pytest.fixture
def dummy_report(monkeypatch):
    monkeypatch.setitem(
        REPORTS, "dummy", ReportDefinition("dummy", "Dummy", "For tests", dummy_build)
    )


def grant_child_level(person) -> None:
    Membership.objects.filter(user=person.user).update(may_export_child_level=True)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


# --- Files -------------------------------------------------------------------------------------


def test_the_csv_has_a_section_per_table_separated_by_a_blank_line():
    lines = list(csv.reader(io.StringIO(report_csv(REPORT))))

    assert lines[:5] == [
        ["Contacts by month"],
        ["Month", "Contacts", "Share of contacts (%)", "Average per week", "First contact"],
        ["January", "10", "12.3", "2.9", "2026-01-05"],
        ["'" + INJECTION, "0", "", "0.0", ""],
        [],
    ]
    assert lines[5:8] == [[LONG], ["Contacts"], ["1"]]
    assert lines[-2:] == [["Timeliness: met / missed?"], ["Met"]]


def test_the_xlsx_has_a_sheet_per_table_with_valid_unique_titles():
    book = load_workbook(io.BytesIO(report_xlsx(REPORT)))

    assert book.sheetnames == [
        "Contacts by month",
        LONG[:31],
        "Referral quality by referri (2)",
        "Timeliness  met   missed",
    ]
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_the_xlsx_keeps_numbers_as_numbers_and_dates_as_dates():
    sheet = load_workbook(io.BytesIO(report_xlsx(REPORT)))["Contacts by month"]

    heading, first, second = sheet.iter_rows()

    assert [cell.value for cell in heading] == [
        "Month",
        "Contacts",
        "Share of contacts (%)",
        "Average per week",
        "First contact",
    ]
    _, contacts, share, per_week, first_day = first
    assert contacts.value == 10
    assert share.value == pytest.approx(12.345)
    assert share.number_format == "0.0"
    assert per_week.value == pytest.approx(2.857142857)
    assert first_day.value == datetime(2026, 1, 5)
    assert first_day.number_format == "dd/mm/yyyy"
    assert second[0].value == "'" + INJECTION
    assert second[0].data_type == "s"


def test_the_json_keys_each_row_by_column():
    data = json.loads(report_json(REPORT))

    assert data["name"] == "dummy"
    assert data["tables"][0]["rows"][0] == {
        "month": "January",
        "contacts": 10,
        "share": 12.345,
        "per_week": 2.857142857,
        "first": "2026-01-05",
    }


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1782", "'+44 1782"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Example Primary School", "Example Primary School"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_made_inert(text, written):
    assert safe_text(text) == written


# --- Who may export ----------------------------------------------------------------------------


def test_child_level_export_needs_the_separate_grant(hub, analyst, manager, practitioner):
    assert not may_export_child_level(actor_for(analyst))
    assert not may_export_child_level(Actor.system("tests"))

    for person in (analyst, manager, practitioner):
        grant_child_level(person)

    assert may_export_child_level(actor_for(analyst))
    assert may_export_child_level(actor_for(manager))
    assert not may_export_child_level(actor_for(practitioner))


def test_an_analyst_without_the_grant_cannot_export_annex_a(hub, analyst):
    with pytest.raises(PermissionDenied):
        export_annex_a(scope=PERIOD, by=actor_for(analyst))
    with pytest.raises(PermissionDenied):
        export_cin_census(scope=PERIOD, fmt="csv", by=actor_for(analyst))

    assert not events("annex_a.exported")
    assert not events("cin_census.exported")


def test_a_granted_analyst_cannot_export_another_authority(hub, analyst):
    grant_child_level(analyst)

    with pytest.raises(PermissionDenied):
        export_annex_a(scope=ReportScope(("861",), PERIOD.start, PERIOD.end), by=actor_for(analyst))


def test_a_practitioner_cannot_export_a_report(hub, practitioner, dummy_report):
    with pytest.raises(PermissionDenied):
        export_report(name="dummy", scope=PERIOD, fmt="csv", by=actor_for(practitioner))


def test_a_granted_analysts_annex_a_export_is_audited_with_counts(world, analyst):
    grant_child_level(analyst)

    content = export_annex_a(scope=PERIOD, by=actor_for(analyst))

    assert load_workbook(io.BytesIO(content)).sheetnames[0] == "List 1"
    [event] = events("annex_a.exported")
    assert event.actor_id == analyst.user.pk
    assert event.local_authority == "860"
    assert event.details == {
        "report": "annex-a",
        "format": "xlsx",
        "rows": {"List 1": 6, "List 2": 1, "List 3": 3, "List 4": 2, "List 5": 1},
        "authorities": ["860"],
        "start": "2026-01-01",
        "end": "2026-03-31",
    }


def test_the_cin_census_export_is_named_and_audited(world, manager):
    grant_child_level(manager)

    content, filename, content_type = export_cin_census(
        scope=PERIOD, fmt="csv", by=actor_for(manager)
    )

    assert filename == "cin-census-860-2026-01-01-2026-03-31.csv"
    assert content_type.startswith("text/csv")
    assert isinstance(content, str)
    assert content.count("\n") == 4
    [event] = events("cin_census.exported")
    assert event.details["rows"] == {"referrals": 3}


def test_the_system_exports_child_level_returns_without_a_grant(world):
    export_annex_a(scope=PERIOD, by=Actor.system("tests"))

    [event] = events("annex_a.exported")
    assert event.actor_label == "system:tests"


def test_only_managers_get_contact_references_in_reports(hub, manager, analyst, dummy_report):
    def references(person) -> str:
        content, _, _ = export_report(name="dummy", scope=PERIOD, fmt="csv", by=actor_for(person))
        assert isinstance(content, str)
        return list(csv.reader(io.StringIO(content)))[2][1]

    assert references(manager) == "1"
    assert references(analyst) == "0"


def test_a_report_export_is_audited_once_per_authority(hub, analyst, dummy_report):
    content, filename, content_type = export_report(
        name="dummy", scope=PERIOD, fmt="xlsx", by=actor_for(analyst)
    )

    assert filename == "dummy-860-2026-01-01-2026-03-31.xlsx"
    assert content_type.endswith("spreadsheetml.sheet")
    assert isinstance(content, bytes)
    [event] = events("report.exported")
    assert event.details["report"] == "dummy"
    assert event.details["rows"] == {"asked": 1}


def test_an_unknown_report_or_format_is_refused(hub, analyst, dummy_report):
    with pytest.raises(ValidationError):
        export_report(name="nonsense", scope=PERIOD, fmt="csv", by=actor_for(analyst))
    with pytest.raises(ValidationError):
        export_report(name="dummy", scope=PERIOD, fmt="pdf", by=actor_for(analyst))

    assert not events("report.exported")
