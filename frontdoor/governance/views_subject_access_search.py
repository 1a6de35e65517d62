"""Finding the person a subject access request is about, for an information governance officer.

The officer enters what the requester gave (names, date of birth, postcode, NHS number) and is
offered the records that may be them, scored and explained as at intake, among the people
named in a contact of the officer's authorities only. Each leads to the subject access export
and to who has seen the record. The form is posted, so the names never sit in a URL, a
browser history or an access log; the search is audited by where and how many were found,
never by what was searched for, and showing the candidates is audited as a read of each.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import Candidate, find_candidates, record_candidates_shown

from .forms_subject_access_search import SubjectAccessSearchForm
from .subject_access.access import may_export_subject_access, subject_access_scope

CANDIDATES_SHOWN = 10
SEARCHED = "person.searched"
WHERE = "subject_access"


def _officer(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not may_export_subject_access(actor):
        raise PermissionDenied("Only information governance officers search for a subject")
    return actor


def _search(actor: Actor, form: SubjectAccessSearchForm) -> list[Candidate]:
    found = find_candidates(
        form.match_record(), limit=CANDIDATES_SHOWN, among=subject_access_scope(actor)
    )
    record(SEARCHED, by=actor, details={"where": WHERE, "candidates": len(found)})
    record_candidates_shown(actor, found, where=WHERE)
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def subject_access_search(request: HttpRequest) -> HttpResponse:
    actor = _officer(request)
    form = SubjectAccessSearchForm(request.POST if request.method == "POST" else None)
    candidates: list[Candidate] | None = None
    if form.is_bound and form.is_valid():
        candidates = _search(actor, form)
    context = {"form": form, "candidates": candidates}
    return render(
        request,
        "governance/subject_access/search.html",
        context,
        status=400 if form.errors else 200,
    )
