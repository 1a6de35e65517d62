"""Exports, audited: every file of a report or a return that leaves Front Door is recorded.

A report (counts and pseudonymised lists) may be exported by anyone who may read it: a MASH
manager or performance analyst, for their own authorities (the scope was built by
`scope.scope_for`, which refuses others; this module checks again). Child-level returns (Annex
A, the CIN census extract) also need the member's separate grant
(`Membership.may_export_child_level`); the pages add step-up authentication. Scheduled commands
run as the system and may export any authority they name.

Each export writes one audit event per authority it covers (so a search by authority finds it),
holding the report name, format, authority codes, period and row counts: never personal data.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority, Membership
from frontdoor.agencies.roles import Role
from frontdoor.audit.services import record
from frontdoor.contacts.models import Cohort
from frontdoor.core.actors import Actor

from . import exports
from .annex_a import annex_a_lists
from .cin_census import cin_rows
from .registry import REPORTS
from .scope import (
    REPORTING_ROLES,
    ReportScope,
    authorities_reportable_by,
    scope_for_authorities,
)


class ExportAction:
    REPORT = "report.exported"
    ANNEX_A = "annex_a.exported"
    CIN_CENSUS = "cin_census.exported"
    AUTHORITY = "authority.exported"


REPORT_FORMATS = ("csv", "xlsx", "json")
CIN_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": exports.CSV, "xlsx": exports.XLSX, "json": exports.JSON}

Export = tuple[bytes | str, str, str]  # content, filename, content type


def is_system(actor: Actor) -> bool:
    """A management command or scheduled job (`Actor.system`): no user, role "system"."""
    return actor.user is None and actor.role == "system"


def may_export_child_level(actor: Actor) -> bool:
    """A manager or analyst whose current membership holds the child-level export grant."""
    if actor.role not in REPORTING_ROLES or actor.user is None or actor.membership_id is None:
        return False
    today = timezone.localdate()
    return (
        Membership.objects.filter(
            pk=actor.membership_id,
            user_id=actor.user.pk,
            may_export_child_level=True,
            starts_on__lte=today,
        )
        .exclude(ends_on__lt=today)
        .exists()
    )


def _day(text: str, option: str, errors: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        errors[option] = f"--{option} must be a date like 2026-03-31, not {text!r}"
        return None


def check_authority_codes(codes: list[str]) -> list[str]:
    """The codes, if every one names a local authority; else a ValidationError naming the
    unknown ones and the hub's authorities."""
    known = set(LocalAuthority.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = sorted(set(codes) - known)
    if not codes or unknown:
        hub = ", ".join(
            f"{code} ({name})"
            for code, name in LocalAuthority.objects.filter(in_hub=True)
            .order_by("code")
            .values_list("code", "name")
        )
        problem = (
            f"No local authority has the code {', '.join(unknown)}"
            if unknown
            else "Give at least one local authority"
        )
        raise ValidationError({"la": f"{problem}. Authorities in this hub: {hub or 'none'}"})
    return sorted(set(codes))


def scope_for_scheduler(
    *, authority_codes: list[str], start: str, end: str, cohort: str = ""
) -> ReportScope:
    """A command's scope from its options (text as typed): ValidationError with one message per
    bad option, so the command can say what to fix."""
    errors: dict[str, str] = {}
    first, last = _day(start, "start", errors), _day(end, "end", errors)
    if cohort and cohort not in Cohort.values:
        errors["cohort"] = f"--cohort must be one of {', '.join(Cohort.values)}"
    codes: list[str] = []
    try:
        codes = check_authority_codes(authority_codes)
    except ValidationError as error:
        errors["la"] = " ".join(error.messages)
    if errors or first is None or last is None:
        raise ValidationError(errors)
    return scope_for_authorities(codes, start=first, end=last, cohort=cohort)


def _check_scope(scope: ReportScope, by: Actor) -> None:
    if is_system(by):
        return
    allowed = set(authorities_reportable_by(by))
    if not allowed:
        raise PermissionDenied("Reports are for MASH managers and performance analysts")
    if not scope.authority_codes or not set(scope.authority_codes) <= allowed:
        raise PermissionDenied("You may not export figures for that local authority")


def _check_child_level(scope: ReportScope, by: Actor) -> None:
    _check_scope(scope, by)
    if not is_system(by) and not may_export_child_level(by):
        raise PermissionDenied(
            "Exporting child-level returns needs the separate child-level export permission"
        )


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise ValidationError({"fmt": f"Choose a format: {', '.join(allowed)}"})


def filename(kind: str, scope: ReportScope, extension: str) -> str:
    """e.g. annex-a-860-2026-01-01-2026-06-30.xlsx"""
    codes = "-".join(scope.authority_codes)
    return f"{kind}-{codes}-{scope.start.isoformat()}-{scope.end.isoformat()}.{extension}"


def _audit(action: str, *, scope: ReportScope, by: Actor, details: dict[str, object]) -> None:
    """Record the export, once per authority. A short transaction of its own: the file is built
    before it, so the audit chain's lock is not held while a large return is computed."""
    common = {
        **details,
        "authorities": list(scope.authority_codes),
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
    }
    if scope.cohort:
        common["cohort"] = scope.cohort
    if scope.source_group:
        common["source_group"] = scope.source_group
    with transaction.atomic():
        for code in scope.authority_codes:
            record(action, by=by, local_authority_code=code, details=common)


def export_report(*, name: str, scope: ReportScope, fmt: str, by: Actor) -> Export:
    """The named report as a CSV, xlsx or JSON file. Contact references appear in lists only
    for managers; everyone else (analysts, schedulers) gets pseudonyms."""
    definition = REPORTS.get(name)
    if definition is None:
        raise ValidationError({"name": f"There is no report called {name!r}"})
    _check_format(fmt, REPORT_FORMATS)
    _check_scope(scope, by)
    report = definition.build(scope, by.role == Role.MANAGER)
    content: bytes | str
    if fmt == "csv":
        content = exports.report_csv(report)
    elif fmt == "xlsx":
        content = exports.report_xlsx(report)
    else:
        content = exports.report_json(report)
    _audit(
        ExportAction.REPORT,
        scope=scope,
        by=by,
        details={
            "report": name,
            "format": fmt,
            "rows": {table.key: len(table.rows) for table in report.tables},
        },
    )
    return content, filename(name, scope, fmt), CONTENT_TYPES[fmt]


def annex_a_filename(scope: ReportScope) -> str:
    return filename("annex-a", scope, "xlsx")


def export_annex_a(*, scope: ReportScope, by: Actor) -> bytes:
    """Ofsted Annex A lists 1–5 as one xlsx workbook (name it with `annex_a_filename`)."""
    _check_child_level(scope, by)
    lists = annex_a_lists(scope)
    content = exports.annex_a_workbook(lists)
    _audit(
        ExportAction.ANNEX_A,
        scope=scope,
        by=by,
        details={
            "report": "annex-a",
            "format": "xlsx",
            "rows": {name: len(rows) for name, rows in lists.items()},
        },
    )
    return content


def export_cin_census(*, scope: ReportScope, fmt: str, by: Actor) -> Export:
    """The CIN census referral-level extract as CSV or xlsx."""
    _check_format(fmt, CIN_FORMATS)
    _check_child_level(scope, by)
    rows = cin_rows(scope)
    content: bytes | str = (
        exports.cin_census_csv_of(rows) if fmt == "csv" else exports.cin_census_xlsx_of(rows)
    )
    _audit(
        ExportAction.CIN_CENSUS,
        scope=scope,
        by=by,
        details={"report": "cin-census", "format": fmt, "rows": {"referrals": len(rows)}},
    )
    return content, filename("cin-census", scope, fmt), CONTENT_TYPES[fmt]
