"""The information governance audit pages: the search, its CSV export, and "who has seen this
record" for a contact and a person. Every read of the audit trail is itself audited."""

import csv
from collections.abc import Callable, Iterator
from functools import wraps
from itertools import batched
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.contacts.breakglass import may_review_break_glass
from frontdoor.core.actors import Actor
from frontdoor.core.stepup import requires_recent_authentication

from . import audit_search as audit
from .forms_audit import AuditSearchForm

CSV_HEADER = [
    "Event ID",
    "When (Europe/London)",
    "Who",
    "Role",
    "Agency code",
    "Authority code",
    "Action",
    "Action name",
    "Record type",
    "Record",
    "From where (IP address)",
    "Break-glass",
]
CSV_BATCH = 1000


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def ig_officers_only[R: HttpResponseBase](view: Callable[..., R]) -> Callable[..., R]:
    """403 for anyone but an information governance officer, before anything else happens."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        if not audit.may_search_audit(_actor(request)):
            raise PermissionDenied("The audit search is for information governance officers")
        return view(request, *args, **kwargs)

    return wrapped


def _query_without_page(query: QueryDict) -> str:
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()


@never_cache
@require_GET
@ig_officers_only
def audit_search(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = AuditSearchForm(request.GET, actor=actor)
    page = None
    if form.is_valid():
        filters = form.filters()
        page = audit.result_page(
            audit.search_events(actor, filters), audit.page_number(request.GET.get("page"))
        )
        record(
            audit.AuditAction.SEARCHED,
            by=actor,
            details=filters.audit_details() | {"page": page.number},
        )
    query = _query_without_page(request.GET)
    context = {
        "form": form,
        "page": page,
        "rows": audit.rows_for(page.events) if page else [],
        "query": query,
        "export_url": f"{reverse('governance:audit_export')}?{query}",
        "may_review_break_glass": may_review_break_glass(actor),
    }
    return render(
        request, "governance/audit/search.html", context, status=400 if form.errors else 200
    )


def _cell(value: str) -> str:
    """Neutralise a value a spreadsheet would run as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for batch in batched(events, CSV_BATCH):
        for row in audit.rows_for(batch):
            event = row.event
            yield writer.writerow(
                [
                    str(event.pk),
                    timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
                    _cell(row.who),
                    _cell(row.role),
                    _cell(event.actor_agency),
                    _cell(event.local_authority),
                    _cell(row.action),
                    _cell(event.action),
                    _cell(row.record_type),
                    _cell(row.record),
                    event.ip_address or "",
                    "yes" if row.break_glass else "",
                ]
            )


@never_cache
@require_GET
@ig_officers_only
# The decorator is typed for HttpResponse; a streamed response is an HttpResponseBase.
@requires_recent_authentication  # type: ignore[arg-type]
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The current search as CSV, every page of it, streamed. A bulk export: step-up first."""
    actor = _actor(request)
    form = AuditSearchForm(request.GET, actor=actor)
    if not form.is_valid():
        # The search page shows what to fix.
        return HttpResponseRedirect(
            f"{reverse('governance:audit_search')}?{request.GET.urlencode()}"
        )
    filters = form.filters()
    record(audit.AuditAction.EXPORTED, by=actor, details=filters.audit_details())
    events = audit.search_events(actor, filters).iterator(chunk_size=CSV_BATCH)
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    return response


# --- Who has seen this record ----------------------------------------------------------------


def _reviewer(request: HttpRequest) -> Actor:
    actor = _actor(request)
    if not audit.may_review_record_access(actor):
        raise PermissionDenied("Only information governance officers and MASH managers")
    return actor


def _access_page(
    request: HttpRequest, events: QuerySet[AuditEvent], *, extra: dict[str, Any]
) -> tuple[dict[str, Any], int]:
    """The summary, one page of events (50), and the page number for the audit event."""
    page = Paginator(events, audit.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "summary": audit.access_summary(events),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": audit.rows_for(list(page.object_list)),
        "may_review_break_glass": may_review_break_glass(_actor(request)),
        **extra,
    }
    return context, page.number


@never_cache
@require_GET
def contact_access(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reviewer(request)
    contact = audit.get_contact_for_access_review(actor, pk)
    # The people it names, by record number and role: each person's own page says who saw it.
    subjects = contact.subjects.only("person_id", "role").order_by("id")
    extra = {"contact": contact, "subjects": list(subjects)}
    context, number = _access_page(request, audit.contact_events(contact), extra=extra)
    record(
        audit.AuditAction.RECORD_ACCESS_VIEWED,
        by=actor,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"page": number},
    )
    return render(request, "governance/audit/contact_access.html", context)


@never_cache
@require_GET
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reviewer(request)
    person = audit.get_person_for_access_review(actor, pk)
    extra = {"person": person, "contacts": audit.contacts_naming(actor, person)}
    context, number = _access_page(request, audit.person_events(person), extra=extra)
    record(
        audit.AuditAction.RECORD_ACCESS_VIEWED,
        by=actor,
        target=person,
        details={"page": number},
    )
    return render(request, "governance/audit/person_access.html", context)
