"""Who may export subject access, and about whom.

IG officers only (any other role: 403), for a person named in a contact of one of their
authorities, or a record merged into such a person (anyone else: 404, exactly like missing).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from frontdoor.agencies.roles import Role
from frontdoor.contacts.selectors import contacts_of_authorities, people_named_in
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person


def may_export_subject_access(actor: Actor) -> bool:
    return actor.role == Role.IG_OFFICER


def subject_access_scope(actor: Actor) -> QuerySet[Person]:
    """People named in a contact of the actor's authorities, and records merged into them."""
    return people_named_in(contacts_of_authorities(actor))


def get_person_for_subject_access(actor: Actor, pk: int) -> Person:
    """The person, for an IG officer of an authority holding a contact naming them.

    Any other role is refused (403); a person out of the officer's scope is a 404, as missing.
    """
    if not may_export_subject_access(actor):
        raise PermissionDenied("Only information governance officers export subject access")
    person = subject_access_scope(actor).select_related("sex", "ethnicity").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person
