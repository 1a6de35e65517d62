"""Work queues: mine, my team's unallocated, pending approvals, overdue — each sorted by due time.

A contact's due time is its RAG clock once screened, else its decision clock. Overdue is
computed here from the due time and the clock; it is never stored.
"""

from datetime import datetime

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from frontdoor.contacts.models import OPEN_STATUSES, Contact, ContactStatus
from frontdoor.contacts.selectors import contacts_worked_by
from frontdoor.core.actors import Actor

from .models import Recommendation, ScreeningDecision


def with_due_at(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Annotate `due_at` (RAG clock if screened, else decision clock) and the latest rating."""
    latest = ScreeningDecision.objects.filter(contact=OuterRef("pk")).order_by(
        "-screened_at", "-id"
    )
    return contacts.annotate(
        rag_due_at=Subquery(latest.values("rag_due_at")[:1], output_field=DateTimeField()),
        rag_code=Subquery(latest.values("rag_rating_id")[:1]),
    ).annotate(due_at=Coalesce(F("rag_due_at"), F("decision_due_at")))


def _open(actor: Actor) -> QuerySet[Contact]:
    scoped = contacts_worked_by(actor).filter(status__in=OPEN_STATUSES)
    annotated = with_due_at(scoped.select_related("referral_source"))
    # `due_at` is an annotation, which django-stubs cannot see.
    return annotated.order_by("due_at", "id")  # type: ignore[misc]


def my_queue(actor: Actor) -> QuerySet[Contact]:
    """Open contacts allocated to the actor, soonest due first."""
    if actor.user is None:
        return Contact.objects.none()
    return _open(actor).filter(allocated_to_id=actor.user.pk)


def team_unallocated(actor: Actor) -> QuerySet[Contact]:
    """Open contacts of the actor's authorities that nobody has taken yet."""
    return _open(actor).filter(allocated_to__isnull=True)


def pending_approvals(actor: Actor) -> QuerySet[Contact]:
    """Contacts waiting for a manager's decision."""
    return _open(actor).filter(status=ContactStatus.AWAITING_DECISION)


def overdue(actor: Actor, *, now: datetime | None = None) -> QuerySet[Contact]:
    """Open contacts whose due time has passed."""
    return _open(actor).filter(due_at__lt=now or timezone.now())  # type: ignore[misc]


def latest_screening(contact: Contact) -> ScreeningDecision | None:
    return (
        contact.screenings.select_related("threshold_level", "rag_rating")
        .order_by("-screened_at", "-id")
        .first()
    )


def pending_recommendation(contact: Contact) -> Recommendation | None:
    """The recommendation waiting for a decision, if any."""
    return (
        contact.recommendations.filter(manager_decision__isnull=True)
        .select_related("recommended_by", "transfer_to")
        .order_by("-recommended_at", "-id")
        .first()
    )


def decision_history(contact: Contact) -> list[Recommendation]:
    """Every recommendation with its manager decision, oldest first."""
    return list(
        contact.recommendations.select_related(
            "recommended_by", "transfer_to", "manager_decision", "manager_decision__decided_by"
        ).order_by("recommended_at", "id")
    )
