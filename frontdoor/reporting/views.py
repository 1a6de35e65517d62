"""Report pages: the list, one report (its tables, charts and definitions) and its CSV and
Excel downloads, and the statutory returns (Ofsted Annex A, the CIN census extract).

Each page: the role check (403), the GET form, the scope (`scope_for`: an authority the user
may not see is a 403), then one builder or one export service. Every download needs step-up;
the statutory returns also need the child-level grant, checked first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdoor.agencies.models import LocalAuthority
from frontdoor.agencies.roles import Role
from frontdoor.audit.services import record
from frontdoor.contacts.models import Cohort
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.core.stepup import requires_recent_authentication
from frontdoor.reference.models import ReferralSource

from . import services
from .charts import ChartGeometry, draw, format_value
from .forms import (
    FORMATS,
    CinCensusForm,
    PeriodForm,
    ReportForm,
    census_year_so_far,
    last_full_months,
    last_full_weeks,
    period_data,
)
from .registry import REPORTS, ReportDefinition
from .scope import ReportScope, authorities_reportable_by, scope_for
from .tables import Table

# A page shows at most this many rows of a table; the downloads hold every row.
MOST_ROWS_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMERIC = frozenset({"count", "percent", "average", "hours"})
LISTED_FIRST = ("volumes", "enquiries", "timeliness", "funnel", "referral-quality")
# A table this narrow has its chart beside it; a wider one has its chart under it.
NARROW_TABLE = 3


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def reporters_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403 for anyone with no authority to report on, before anything else happens."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not authorities_reportable_by(_actor(request)):
            raise PermissionDenied("Reports are for MASH managers and performance analysts")
        return view(request, *args, **kwargs)

    return wrapped


def child_level_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403, saying why, for anyone without the separate grant to export child-level data.
    Checked before step-up: there is no point confirming who you are to be refused."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.may_export_child_level(_actor(request)):
            return render(request, "reporting/child_level_refused.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _authorities(actor: Actor) -> list[tuple[str, str]]:
    """(code, name) of each authority the actor may report on, by name."""
    codes = authorities_reportable_by(actor)
    return list(
        LocalAuthority.objects.filter(code__in=codes).order_by("name").values_list("code", "name")
    )


def _source_groups() -> list[str]:
    """The referring agencies' groups, in the code list's order (1A … 10)."""

    def order(code: str) -> tuple[int, str]:
        digits = "".join(character for character in code if character.isdigit())
        return int(digits or 0), code

    sources = sorted(ReferralSource.objects.values_list("code", "group"), key=lambda s: order(s[0]))
    return list(dict.fromkeys(group for _, group in sources))


def _with_default_period(query: QueryDict, period: tuple[date, date]) -> QueryDict:
    """The query, with the default period if it names no dates at all."""
    data = query.copy()
    if not any(key.startswith(("start_", "end_")) for key in query):
        for key, value in period_data(*period).items():
            data[key] = value
    return data


def _scope(
    form: PeriodForm, actor: Actor, authorities: list[tuple[str, str]]
) -> ReportScope | None:
    """The scope the form asks for, or None with the form's errors. PermissionDenied (403)
    for an authority the actor may not see."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return scope_for(
            actor,
            authority_codes=form.authority_codes(authorities),
            start=data["start"],
            end=data["end"],
            cohort=data.get("cohort", ""),
            source_group=data.get("source_group", ""),
        )
    except ValidationError as error:
        show_errors(form, error.message_dict)
        return None


def _definition(name: str) -> ReportDefinition:
    definition = REPORTS.get(name)
    if definition is None:
        raise Http404("No such report")
    return definition


def _report_form(request: HttpRequest, actor: Actor) -> tuple[ReportForm, ReportScope | None]:
    authorities = _authorities(actor)
    data = _with_default_period(request.GET, last_full_weeks(timezone.localdate()))
    form = ReportForm(data, authorities=authorities, source_groups=_source_groups())
    return form, _scope(form, actor, authorities)


def _query(form: PeriodForm, scope: ReportScope) -> str:
    """The query string that asks for this scope again (for the download links)."""
    values = {
        **period_data(scope.start, scope.end),
        "authority": form.cleaned_data.get("authority") or "",
        "cohort": scope.cohort,
        "source_group": scope.source_group,
    }
    return urlencode(values)


def _attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Showing a table ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCell:
    text: str
    numeric: bool
    row_header: bool


@dataclass(frozen=True)
class ShownTable:
    table: Table
    headings: list[ShownCell]
    rows: list[list[ShownCell]]
    hidden_rows: int  # rows beyond MOST_ROWS_SHOWN, in the downloads only
    chart: ChartGeometry | None
    chart_beside: bool


def _shown(table: Table) -> ShownTable:
    kinds = [column.kind for column in table.columns]
    first_is_label = bool(kinds) and kinds[0] in ("text", "date")
    headings = [
        ShownCell(column.heading, column.kind in NUMERIC, False) for column in table.columns
    ]
    rows = [
        [
            ShownCell(format_value(cell, kind), kind in NUMERIC, first_is_label and index == 0)
            for index, (cell, kind) in enumerate(zip(row, kinds, strict=True))
        ]
        for row in table.rows[:MOST_ROWS_SHOWN]
    ]
    return ShownTable(
        table=table,
        headings=headings,
        rows=rows,
        hidden_rows=max(0, len(table.rows) - MOST_ROWS_SHOWN),
        chart=draw(table),
        chart_beside=len(table.columns) <= NARROW_TABLE,
    )


def _describe_scope(scope: ReportScope, authorities: list[tuple[str, str]]) -> dict[str, str]:
    names = dict(authorities)
    return {
        "authorities": ", ".join(names.get(code, code) for code in scope.authority_codes),
        "cohort": Cohort(scope.cohort).label if scope.cohort else "All cohorts",
        "source_group": scope.source_group or "All referring agencies",
    }


def _listed_order(definition: ReportDefinition) -> tuple[int, str]:
    """The issue's order (volumes first, referral quality last), then any others by title."""
    order = LISTED_FIRST.index(definition.name) if definition.name in LISTED_FIRST else 99
    return order, definition.title


# --- Pages --------------------------------------------------------------------------------


@never_cache
@require_GET
@reporters_only
def index(request: HttpRequest) -> HttpResponse:
    """The reports the user may run, and the statutory returns if they may download them."""
    actor = _actor(request)
    context = {
        "reports": sorted(REPORTS.values(), key=_listed_order),
        "may_export_child_level": services.may_export_child_level(actor),
    }
    return render(request, "reporting/index.html", context)


@never_cache
@require_GET
@reporters_only
def report(request: HttpRequest, name: str) -> HttpResponse:
    """One report for the period, authority, cohort and referrers asked (by default the last
    four whole weeks, every authority, cohort and referrer). Managers see contact references
    in lists; analysts see pseudonyms."""
    actor = _actor(request)
    definition = _definition(name)
    form, scope = _report_form(request, actor)
    show_references = actor.role == Role.MANAGER
    context: dict[str, Any] = {
        "definition": definition,
        "form": form,
        "scope": scope,
        "show_references": show_references,
    }
    if scope is not None:
        built = definition.build(scope, show_references)
        record(
            "report.viewed",
            by=actor,
            local_authority_code=scope.authority_codes[0]
            if len(scope.authority_codes) == 1
            else "",
            details={
                "name": name,
                "authorities": list(scope.authority_codes),
                "start": scope.start.isoformat(),
                "end": scope.end.isoformat(),
                "cohort": scope.cohort,
                "source_group": scope.source_group,
            },
        )
        context |= {
            "report": built,
            "tables": [_shown(table) for table in built.tables],
            "described": _describe_scope(scope, _authorities(actor)),
            "query": _query(form, scope),
        }
    return render(request, "reporting/report.html", context)


@never_cache
@require_GET
@reporters_only
@requires_recent_authentication
def report_export(request: HttpRequest, name: str) -> HttpResponse:
    """The report as CSV or Excel, as the same question asks it. A bulk export: step-up first."""
    actor = _actor(request)
    _definition(name)
    _, scope = _report_form(request, actor)
    fmt = request.GET.get("format", "")
    if scope is None or fmt not in FORMATS:
        # The report page shows what to fix.
        query = request.GET.copy()
        query.pop("format", None)
        return HttpResponseRedirect(
            f"{reverse('reporting:report', kwargs={'name': name})}?{query.urlencode()}"
        )
    content, filename, content_type = services.export_report(
        name=name, scope=scope, fmt=fmt, by=actor
    )
    return _attachment(content, filename, content_type)


def _return_form[F: PeriodForm](
    request: HttpRequest,
    form_class: type[F],
    default: tuple[date, date],
) -> tuple[F, ReportScope | None]:
    """A statutory return's form: unbound until the user asks (it downloads at once)."""
    actor = _actor(request)
    authorities = _authorities(actor)
    asked = any(key.startswith(("start_", "end_")) for key in request.GET)
    start, end = default
    initial = {
        "start": start,
        "end": end,
        "authority": authorities[0][0] if authorities else "",
        "format": "xlsx",
    }
    form = form_class(
        request.GET if asked else None, authorities=authorities, offer_all=False, initial=initial
    )
    return form, _scope(form, actor, authorities) if asked else None


@never_cache
@require_GET
@reporters_only
@child_level_only
@requires_recent_authentication
def annex_a(request: HttpRequest) -> HttpResponse:
    """Ofsted Annex A lists 1 to 5 for one authority and period, as one Excel workbook."""
    form, scope = _return_form(request, PeriodForm, last_full_months(timezone.localdate()))
    if scope is None:
        return render(request, "reporting/annex_a.html", {"form": form})
    content = services.export_annex_a(scope=scope, by=_actor(request))
    return _attachment(content, services.annex_a_filename(scope), XLSX)


@never_cache
@require_GET
@reporters_only
@child_level_only
@requires_recent_authentication
def cin_census(request: HttpRequest) -> HttpResponse:
    """The CIN census referral-level extract for one authority and period, CSV or Excel."""
    form, scope = _return_form(request, CinCensusForm, census_year_so_far(timezone.localdate()))
    if scope is None:
        return render(request, "reporting/cin_census.html", {"form": form})
    content, filename, content_type = services.export_cin_census(
        scope=scope, fmt=form.cleaned_data["format"], by=_actor(request)
    )
    return _attachment(content, filename, content_type)
