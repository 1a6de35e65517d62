"""The scheduler's commands: `export_annex_a`, `report` and `export_authority` write their
files as the system, audit them, and turn every bad option into a clear CommandError."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook  # type: ignore[import-untyped]

from frontdoor.audit.models import AuditEvent
from frontdoor.reporting.registry import REPORTS, ReportDefinition
from frontdoor.reporting.scope import ReportScope
from frontdoor.reporting.tables import Column, Report, Table

SCOPE = ["--la", "860", "--start", "2026-01-01", "--end", "2026-03-31"]


def dummy_build(scope: ReportScope, show_references: bool) -> Report:
    table = Table(
        key="asked",
        title="Asked",
        columns=(
            Column("authorities", "Authorities", "text"),
            Column("cohort", "Cohort", "text"),
            Column("refs", "References"),
        ),
        rows=((",".join(scope.authority_codes), scope.cohort, int(show_references)),),
    )
    return Report(name="dummy", title="Dummy", summary="", tables=(table,))


@pytest.fixture
def dummy_report(monkeypatch):
    monkeypatch.setitem(REPORTS, "dummy", ReportDefinition("dummy", "Dummy", "", dummy_build))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- export_annex_a ----------------------------------------------------------------------------


def test_export_annex_a_writes_the_workbook_as_the_system(hub, tmp_path):
    out = tmp_path / "annex-a.xlsx"

    said = run("export_annex_a", *SCOPE, "--out", str(out))

    assert load_workbook(out).sheetnames == ["List 1", "List 2", "List 3", "List 4", "List 5"]
    assert "860" in said
    assert str(out) in said
    [event] = AuditEvent.objects.filter(action="annex_a.exported")
    assert event.actor_label == "system:export_annex_a"
    assert event.local_authority == "860"
    assert event.details["rows"] == {f"List {n}": 0 for n in range(1, 6)}


def test_export_annex_a_takes_several_authorities_and_audits_each(hub, tmp_path):
    out = tmp_path / "annex-a.xlsx"

    run("export_annex_a", *SCOPE, "--la", "861", "--out", str(out))

    events = AuditEvent.objects.filter(action="annex_a.exported")
    assert sorted(events.values_list("local_authority", flat=True)) == ["860", "861"]
    assert all(event.details["authorities"] == ["860", "861"] for event in events)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--la", "999", "--start", "2026-01-01", "--end", "2026-03-31"],
            "No local authority has the code 999. Authorities in this hub: 860",
        ),
        (
            ["--la", "860", "--start", "2026-13-01", "--end", "2026-03-31"],
            "--start must be a date like 2026-03-31, not '2026-13-01'",
        ),
        (
            ["--la", "860", "--start", "2026-01-01", "--end", "yesterday"],
            "--end must be a date like 2026-03-31, not 'yesterday'",
        ),
        (
            ["--la", "860", "--start", "2026-03-31", "--end", "2026-01-01"],
            "The end date must be the same as or after the start date",
        ),
        (
            ["--la", "860", "--start", "2016-01-01", "--end", "2026-01-01"],
            "The period must be 5 years or shorter",
        ),
    ],
)
def test_export_annex_a_refuses_bad_options_clearly(hub, tmp_path, options, message):
    out = tmp_path / "annex-a.xlsx"

    with pytest.raises(CommandError, match="^" + message.replace("(", r"\(").replace(".", r"\.")):
        run("export_annex_a", *options, "--out", str(out))

    assert not out.exists()
    assert not AuditEvent.objects.filter(action="annex_a.exported").exists()


def test_export_annex_a_needs_its_options(hub):
    with pytest.raises(CommandError, match="--out"):
        run("export_annex_a", *SCOPE)


def test_export_annex_a_says_when_it_cannot_write(hub, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        run("export_annex_a", *SCOPE, "--out", str(tmp_path / "missing" / "annex-a.xlsx"))


# --- report ------------------------------------------------------------------------------------


def test_report_writes_csv_to_the_output_without_contact_references(hub, dummy_report):
    said = run("report", "dummy", *SCOPE)

    assert said.splitlines() == ["Asked", "Authorities,Cohort,References", "860,,0"]
    [event] = AuditEvent.objects.filter(action="report.exported")
    assert event.actor_label == "system:report"
    assert event.details["report"] == "dummy"
    assert event.details["format"] == "csv"


def test_report_writes_json_to_a_file_for_a_cohort(hub, dummy_report, tmp_path):
    out = tmp_path / "dummy.json"

    run("report", "dummy", *SCOPE, "--format", "json", "--cohort", "child", "--out", str(out))

    data = json.loads(out.read_text())
    assert data["tables"][0]["rows"] == [{"authorities": "860", "cohort": "child", "refs": 0}]


def test_report_writes_xlsx_only_to_a_file(hub, dummy_report, tmp_path):
    with pytest.raises(CommandError, match="needs --out"):
        run("report", "dummy", *SCOPE, "--format", "xlsx")

    out = tmp_path / "dummy.xlsx"
    run("report", "dummy", *SCOPE, "--format", "xlsx", "--out", str(out))

    assert load_workbook(out).sheetnames == ["Asked"]


def test_an_unknown_report_is_refused_with_the_names_there_are(hub, dummy_report):
    with pytest.raises(CommandError) as refused:
        run("report", "nonsense", *SCOPE)

    assert "There is no report called 'nonsense'" in str(refused.value)
    assert "dummy" in str(refused.value)
    for name in REPORTS:
        assert name in str(refused.value)
    assert not AuditEvent.objects.filter(action="report.exported").exists()


def test_report_refuses_an_unknown_authority(hub, dummy_report):
    with pytest.raises(CommandError, match="No local authority has the code 123"):
        run("report", "dummy", "--la", "123", "--start", "2026-01-01", "--end", "2026-01-31")


@pytest.mark.parametrize("name", ["volumes", "enquiries", "timeliness", "funnel"])
def test_the_registered_reports_run_from_the_command(hub, name):
    if name not in REPORTS:
        pytest.skip(f"{name} is not registered yet")

    data = json.loads(run("report", name, *SCOPE, "--format", "json"))

    assert data["name"] == name
    assert data["tables"]


# --- export_authority --------------------------------------------------------------------------


def test_export_authority_writes_a_zip_as_the_system(hub, tmp_path):
    out = tmp_path / "860.zip"

    said = run("export_authority", "--la", "860", "--out", str(out))

    assert "860" in said
    with zipfile.ZipFile(out) as archive:
        assert {"manifest.json", "README.txt", "contacts.jsonl"} <= set(archive.namelist())
    [event] = AuditEvent.objects.filter(action="authority.exported")
    assert event.actor_label == "system:export_authority"


def test_export_authority_refuses_an_unknown_authority(hub, tmp_path):
    out = tmp_path / "999.zip"

    with pytest.raises(CommandError, match="No local authority has the code 999"):
        run("export_authority", "--la", "999", "--out", str(out))

    assert not out.exists()
