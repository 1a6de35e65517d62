"""Reading a person under break-glass is audited with the grant, as reading the contact is."""

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.breakglass import open_with_break_glass
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.personindex.access import get_person_for_viewing

REASON = "Child moved to Stoke last week; checking the Staffordshire history before visiting"


def test_a_person_read_under_a_grant_carries_the_grant_but_an_own_read_does_not(
    hub, other_la_worker, practitioner
):
    contact = receive_contact(details=contact_details(), by=Actor.system("tests"))
    person = contact.subjects.get().person
    stoke = actor_for_user(other_la_worker.user)
    grant = open_with_break_glass(contact=contact, reason=REASON, by=stoke)

    get_person_for_viewing(stoke, person.pk)
    get_person_for_viewing(actor_for_user(practitioner.user), person.pk)

    reads = AuditEvent.objects.filter(action="person.viewed", object_id=str(person.pk))
    details = {event.actor_id: event.details for event in reads}
    assert details == {
        other_la_worker.user.pk: {"break_glass": grant.pk},
        practitioner.user.pk: {},
    }
