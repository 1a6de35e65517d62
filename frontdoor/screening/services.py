"""Screening decisions, recommendations and manager decisions: the only writers of them.

Four eyes always: the manager who approves is never the practitioner who recommended, and
the service enforces it whatever page or API call asked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.rules import may_decide, may_work_on_contacts
from frontdoor.contacts.services import change_status, lock_contact
from frontdoor.core.actors import Actor
from frontdoor.reference.models import RagRating, ThresholdLevel

from .clocks import rag_due_at
from .consent import may_gather_information
from .models import (
    ManagerDecision,
    NextStep,
    Outcome,
    OwningCohort,
    Recommendation,
    ScreeningDecision,
)


class ScreeningAction:
    SCREENED = "contact.screened"
    RECOMMENDED = "contact.recommended"
    APPROVED = "contact.decision_approved"
    RETURNED = "contact.decision_returned"


def _user_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("A person must make this decision")
    return int(by.user.pk)


@transaction.atomic
def screen_contact(
    *,
    contact: Contact,
    threshold_level: int,
    rag_rating: str,
    owning_cohort: str,
    next_step: str,
    rationale: str,
    by: Actor,
) -> ScreeningDecision:
    """Record the threshold level, RAG rating and owner; start the RAG clock; apply consent."""
    if not may_work_on_contacts(by):
        raise PermissionDenied("Only MASH practitioners and managers screen contacts")
    contact = lock_contact(contact)
    errors: dict[str, str] = {}
    if contact.status not in (
        ContactStatus.RECEIVED,
        ContactStatus.SCREENING,
        ContactStatus.INFORMATION_GATHERING,
    ):
        errors["contact"] = "This contact is past screening"
    if not ThresholdLevel.objects.filter(level=threshold_level).exists():
        errors["threshold_level"] = "Select a threshold level"
    if not RagRating.objects.filter(code=rag_rating).exists():
        errors["rag_rating"] = "Select a RAG rating"
    if owning_cohort not in OwningCohort.values:
        errors["owning_cohort"] = "Select who owns this contact"
    if next_step not in NextStep.values:
        errors["next_step"] = "Select what happens next"
    if not rationale.strip():
        errors["rationale"] = "Explain your screening decision"
    if not errors and next_step == NextStep.INFORMATION_GATHERING:
        check = may_gather_information(
            threshold_level=threshold_level,
            consent=contact.consent,
            consent_reason=contact.consent_reason,
        )
        if not check.allowed:
            errors["next_step"] = check.explanation
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    decision = ScreeningDecision.objects.create(
        contact=contact,
        threshold_level_id=threshold_level,
        rag_rating_id=rag_rating,
        owning_cohort=owning_cohort,
        next_step=next_step,
        rationale=rationale.strip(),
        rag_due_at=rag_due_at(contact.local_authority, rag_rating, now),
        screened_at=now,
        screened_by_id=_user_id(by),
    )
    if contact.allocated_to_id is None:
        Contact.objects.filter(pk=contact.pk).update(allocated_to_id=_user_id(by))
    record(
        ScreeningAction.SCREENED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"level": threshold_level, "rag": rag_rating, "next_step": next_step},
    )
    target = (
        ContactStatus.INFORMATION_GATHERING
        if next_step == NextStep.INFORMATION_GATHERING
        else ContactStatus.SCREENING
    )
    if contact.status != target:
        change_status(
            contact, to=target, by=by, reason=f"Screened {rag_rating}, level {threshold_level}"
        )
    return decision


@transaction.atomic
def recommend_outcome(
    *,
    contact: Contact,
    outcome: str,
    rationale: str,
    transfer_to: LocalAuthority | None = None,
    by: Actor,
) -> Recommendation:
    """The practitioner's recommendation; the contact then waits for a manager."""
    if not may_work_on_contacts(by):
        raise PermissionDenied("Only MASH practitioners and managers recommend outcomes")
    contact = lock_contact(contact)
    errors: dict[str, str] = {}
    if (
        contact.status not in (ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING)
        or not contact.screenings.exists()
    ):
        errors["contact"] = "Screen the contact before recommending an outcome"
    if outcome not in Outcome.values:
        errors["outcome"] = "Select the outcome you recommend"
    if not rationale.strip():
        errors["rationale"] = "Explain why you recommend this outcome"
    if outcome == Outcome.TRANSFER and transfer_to is None:
        errors["transfer_to"] = "Select the local authority to transfer to"
    if outcome == Outcome.TRANSFER and transfer_to == contact.local_authority:
        errors["transfer_to"] = "Select a different local authority"
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        contact=contact,
        outcome=outcome,
        rationale=rationale.strip(),
        transfer_to=transfer_to if outcome == Outcome.TRANSFER else None,
        recommended_by_id=_user_id(by),
    )
    record(
        ScreeningAction.RECOMMENDED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"outcome": outcome, "recommendation": recommendation.pk},
    )
    change_status(
        contact,
        to=ContactStatus.AWAITING_DECISION,
        by=by,
        reason=f"Recommended: {Outcome(outcome).label}",
    )
    return recommendation


def _pending(recommendation: Recommendation, by: Actor) -> Recommendation:
    if not may_decide(by):
        raise PermissionDenied("Only a MASH manager can decide on a recommendation")
    locked = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("contact__local_authority")
        .get(pk=recommendation.pk)
    )
    lock_contact(locked.contact)
    if ManagerDecision.objects.filter(recommendation=locked).exists():
        raise ValidationError({"recommendation": "This recommendation has already been decided"})
    if locked.recommended_by_id == _user_id(by):
        raise PermissionDenied("You cannot approve or return your own recommendation")
    return locked


@transaction.atomic
def approve_recommendation(*, recommendation: Recommendation, by: Actor) -> ManagerDecision:
    """Approve: the decision becomes final and the contact is decided."""
    recommendation = _pending(recommendation, by)
    decision = ManagerDecision.objects.create(
        recommendation=recommendation,
        verdict=ManagerDecision.Verdict.APPROVED,
        decided_by_id=_user_id(by),
    )
    contact = recommendation.contact
    record(
        ScreeningAction.APPROVED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"outcome": recommendation.outcome, "recommendation": recommendation.pk},
    )
    change_status(
        contact,
        to=ContactStatus.DECIDED,
        by=by,
        reason=f"Approved: {recommendation.get_outcome_display()}",
    )
    return decision


@transaction.atomic
def return_recommendation(
    *, recommendation: Recommendation, reason: str, by: Actor
) -> ManagerDecision:
    """Return to the practitioner with a reason; the contact goes back to screening."""
    if not reason.strip():
        raise ValidationError({"reason": "Explain why you are returning the recommendation"})
    recommendation = _pending(recommendation, by)
    decision = ManagerDecision.objects.create(
        recommendation=recommendation,
        verdict=ManagerDecision.Verdict.RETURNED,
        reason=reason.strip(),
        decided_by_id=_user_id(by),
    )
    contact = recommendation.contact
    record(
        ScreeningAction.RETURNED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"recommendation": recommendation.pk},
    )
    change_status(contact, to=ContactStatus.SCREENING, by=by, reason=f"Returned: {reason.strip()}")
    return decision
