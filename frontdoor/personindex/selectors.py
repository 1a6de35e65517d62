"""Reading the person index's queues, always through the actor's scope."""

from django.db.models import Q, QuerySet

from frontdoor.core.actors import Actor
from frontdoor.people.models import DuplicateProposal, ProposalStatus

from .access import people_visible_to


def open_proposals_for(actor: Actor) -> QuerySet[DuplicateProposal]:
    """Open proposals of two current records the actor may see, most likely first."""
    visible = people_visible_to(actor).values("pk")
    return (
        DuplicateProposal.objects.filter(
            status=ProposalStatus.OPEN,
            first__merged_into__isnull=True,
            second__merged_into__isnull=True,
        )
        .filter(Q(first__in=visible) & Q(second__in=visible))
        .select_related("first", "second")
        .order_by("-probability", "pk")
    )
