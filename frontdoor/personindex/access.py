"""Who may see which person: the one rule every person page and list goes through.

A person is visible to a MASH member when a contact they may open names that person, or, for
a merged record, names the record it was merged into (its contacts moved there). There is no
browsing of the whole index: out of scope is a 404, like a contact.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactSubject
from frontdoor.contacts.selectors import contacts_visible_to
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    named = ContactSubject.objects.filter(contact__in=contacts_visible_to(actor)).values(
        "person_id"
    )
    # Semi-joins, not joins: no DISTINCT over the whole index, and the planner can start
    # from either side.
    return Person.objects.filter(Q(pk__in=named) | Q(merged_into_id__in=named))


def get_person_for_viewing(actor: Actor, pk: int) -> Person:
    """The person if the actor may see them (else 404), with the read audited."""
    person = people_visible_to(actor).select_related("sex", "ethnicity").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    record("person.viewed", by=actor, target=person)
    return person
