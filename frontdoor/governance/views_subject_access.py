"""The subject access export of one person: a page saying what it holds (GET) and the zip (POST).

Who may is settled first (IG officers only: 403; a person outside their authorities: 404), so
nobody is asked to confirm who they are for a page they cannot have. Then, as for every bulk
export, the officer must have confirmed their password and code in the last few minutes
(`requires_recent_authentication`). The export is audited before the zip is returned.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frontdoor.agencies.models import LocalAuthority
from frontdoor.core.actors import Actor
from frontdoor.core.stepup import requires_recent_authentication
from frontdoor.people.models import Person

from .subject_access import (
    build_subject_access,
    export_zip,
    get_person_for_subject_access,
    record_export,
    record_preview,
    zip_name,
)


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


@never_cache
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_subject_access(_actor(request), pk)  # 403 / 404
    return _stepped_up(request, person)


@requires_recent_authentication
def _stepped_up(request: HttpRequest, person: Person) -> HttpResponse:
    actor = _actor(request)
    export = build_subject_access(person=person, by=actor)
    if request.method == "POST":
        body = export_zip(export)
        record_export(export=export, person=person, by=actor)
        response = HttpResponse(body, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{zip_name(export)}"'
        return response
    record_preview(person=person, by=actor)
    names = LocalAuthority.objects.filter(code__in=export.authorities).values_list(
        "name", flat=True
    )
    context = {
        "person": person,
        "export": export,
        "summary": export.summary,
        "authorities": " and ".join(sorted(names)) or "no authority",
    }
    return render(request, "governance/subject_access/page.html", context)
