"""The person page: who the person is, where they have lived, who they are related to and
live with, and their chronology. Only for people a contact the viewer may open names."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdoor.contacts.breakglass import grants_opening_person
from frontdoor.core.actors import Actor

from .access import get_person_for_viewing, people_visible_to
from .chronology import chronology_for
from .profile import households_of, relatives_of


@never_cache
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    person = get_person_for_viewing(actor, pk)  # 404 when out of scope; audited
    merged_into = None
    if person.merged_into_id is not None:
        merged_into = people_visible_to(actor).filter(pk=person.merged_into_id).first()
    context = {
        "person": person,
        "merged_into": merged_into,
        "other_names": list(person.other_names.all()),
        "addresses": list(person.addresses.all()),
        "relatives": relatives_of(actor, person),
        "households": households_of(actor, person),
        "chronology": chronology_for(actor, person),
        "break_glass": bool(grants_opening_person(actor, person.pk)),
    }
    return render(request, "personindex/person.html", context)
