"""Linking a contact's unchecked subject to an existing record, or confirming a new person.

Only a record offered on the contact page (a current candidate the viewer may see) can be
chosen; the services check permission and state again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.selectors import get_contact_for_working
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from .matches import candidates_for, may_check_subjects
from .merging import confirm_new_person, link_subject_to_existing


def _subject(
    request: HttpRequest, pk: int, subject_pk: int
) -> tuple[Actor, Contact, ContactSubject]:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    contact = get_contact_for_working(actor, pk)
    if not may_check_subjects(actor, contact):
        raise PermissionDenied("Only MASH practitioners and managers check who a subject is")
    subject = (
        contact.subjects.select_related("person", "contact__local_authority")
        .filter(pk=subject_pk)
        .first()
    )
    if subject is None:
        raise Http404("No such person in this contact")
    return actor, contact, subject


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
def link_subject(request: HttpRequest, pk: int, subject_pk: int) -> HttpResponse:
    actor, contact, subject = _subject(request, pk, subject_pk)
    chosen = request.POST.get("person", "")
    offered = {str(c.person.pk) for c in candidates_for(actor, subject)}
    if chosen not in offered:
        messages.error(request, f"Select the record that is {subject.person.full_name}")
        return redirect("contacts:detail", pk=contact.pk)
    existing = Person.objects.get(pk=int(chosen))
    try:
        link_subject_to_existing(subject=subject, existing=existing, by=actor)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, f"{subject.person.full_name} is now linked to the existing record"
        )
    return redirect("contacts:detail", pk=contact.pk)


@require_POST
def confirm_new(request: HttpRequest, pk: int, subject_pk: int) -> HttpResponse:
    actor, contact, subject = _subject(request, pk, subject_pk)
    try:
        confirm_new_person(subject=subject, by=actor)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{subject.person.full_name} is recorded as a new person")
    return redirect("contacts:detail", pk=contact.pk)
