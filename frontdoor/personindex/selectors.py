"""Reading the person index's queues, always through the actor's scope."""

from django.db.models import Exists, OuterRef, QuerySet

from frontdoor.contacts.models import ContactSubject
from frontdoor.contacts.selectors import contacts_visible_to
from frontdoor.core.actors import Actor
from frontdoor.people.models import DuplicateProposal, ProposalStatus


def open_proposals_for(actor: Actor) -> QuerySet[DuplicateProposal]:
    """Open proposals of two current records the actor may see, most likely first.

    Both records are current, so "may see" is "named in a contact the actor may open",
    checked per proposal (EXISTS), so the cost follows the queue, not the index."""
    named = ContactSubject.objects.filter(contact__in=contacts_visible_to(actor))
    return (
        DuplicateProposal.objects.filter(
            status=ProposalStatus.OPEN,
            first__merged_into__isnull=True,
            second__merged_into__isnull=True,
        )
        .filter(
            Exists(named.filter(person_id=OuterRef("first_id"))),
            Exists(named.filter(person_id=OuterRef("second_id"))),
        )
        .select_related("first", "second")
        .order_by("-probability", "pk")
    )
