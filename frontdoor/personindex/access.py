"""Who may see which person: the one rule every person page and list goes through.

A person is visible to a MASH member when a contact they may open names that person, or, for
a merged record, names the record it was merged into (its contacts moved there). There is no
browsing of the whole index: out of scope is a 404, like a contact. The rule itself is
`contacts.selectors.people_visible_to`, so that intake (a lower layer) applies it too.
"""

from django.http import Http404

from frontdoor.audit.services import record
from frontdoor.contacts.breakglass import grants_opening_person
from frontdoor.contacts.selectors import people_visible_to
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

__all__ = ["get_person_for_viewing", "people_visible_to"]


def get_person_for_viewing(actor: Actor, pk: int) -> Person:
    """The person if the actor may see them (else 404), with the read audited."""
    person = people_visible_to(actor).select_related("sex", "ethnicity").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    grants = grants_opening_person(actor, person.pk)
    # Seen only through break-glass: the read carries the latest grant, as a contact's does.
    details = {"break_glass": grants[-1]} if grants else None
    record("person.viewed", by=actor, target=person, details=details)
    return person
