"""A person's chronology: every contact naming them and what happened on it, newest first.

Only contacts the viewer may open count (`contacts_visible_to`). Agencies' answers are
about one person each, so only answers about this person are shown; an answer the viewer's
role may not read (`enquiries.rules.may_read_answer`) appears only as the fact that it
exists, with who may read it, as on the contact page. Reading an answer's content is audited.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from frontdoor.agencies.selectors import threshold_label
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.selectors import contacts_visible_to
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import Finding, InformationResponse
from frontdoor.enquiries.rules import may_read_answer, who_may_read
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover
from frontdoor.people.models import Person
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision


@dataclass(frozen=True)
class ChronologyEntry:
    """One thing that happened. `step` orders things recorded at the same moment (a contact is
    received before it is screened)."""

    at: datetime
    what: str
    contact: Contact
    detail: str = ""
    withheld: str = ""  # why the content is not shown, for an answer the viewer may not read
    step: int = 0


def chronology_for(actor: Actor, person: Person) -> list[ChronologyEntry]:
    """What the viewer may see of the person's history, newest first."""
    # A record merged into this one still counts, should any of its rows not have moved.
    absorbed = Person.objects.filter(merged_into=person).values_list("pk", flat=True)
    person_ids = [person.pk, *absorbed]
    roles = list(
        ContactSubject.objects.filter(
            person_id__in=person_ids, contact__in=contacts_visible_to(actor)
        ).select_related("contact__referral_source", "contact__local_authority")
    )
    contacts = {role.contact_id: role.contact for role in roles}
    entries = [
        *_received(roles),
        *_screenings(contacts),
        *_recommendations(contacts),
        *_answers(actor, person_ids, contacts),
        *_discussions(contacts),
        *_handovers(contacts),
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.step, entry.contact.pk), reverse=True)


def _received(roles: Iterable[ContactSubject]) -> list[ChronologyEntry]:
    entries = []
    for role in roles:
        contact = role.contact
        source = contact.referrer_organisation or contact.referral_source.description
        authority = contact.local_authority
        entries.append(
            ChronologyEntry(
                at=contact.received_at,
                what=f"Contact received from {source}",
                detail=f"Named as {role.get_role_display().lower()}. {authority.name}.",
                contact=contact,
            )
        )
    return entries


def _screenings(contacts: dict[int, Contact]) -> list[ChronologyEntry]:
    entries = []
    for decision in ScreeningDecision.objects.filter(contact_id__in=contacts).select_related(
        "rag_rating"
    ):
        contact = contacts[decision.contact_id]
        level = decision.threshold_level_id
        entries.append(
            ChronologyEntry(
                at=decision.screened_at,
                what=f"Screened: level {level}, {decision.rag_rating.label.lower()}",
                detail=(
                    f"{threshold_label(contact.local_authority, level)}. "
                    f"{decision.get_next_step_display()}."
                ),
                contact=contact,
                step=1,
            )
        )
    return entries


def _recommendations(contacts: dict[int, Contact]) -> list[ChronologyEntry]:
    entries = []
    for recommendation in Recommendation.objects.filter(contact_id__in=contacts).select_related(
        "transfer_to", "recommended_by"
    ):
        contact = contacts[recommendation.contact_id]
        outcome = recommendation.get_outcome_display()
        if recommendation.transfer_to is not None:
            outcome = f"{outcome}: {recommendation.transfer_to.name}"
        entries.append(
            ChronologyEntry(
                at=recommendation.recommended_at,
                what=f"Recommendation: {outcome}",
                detail=f"By {_name(recommendation.recommended_by)}.",
                contact=contact,
                step=2,
            )
        )
    for decision in ManagerDecision.objects.filter(
        recommendation__contact_id__in=contacts
    ).select_related("recommendation", "decided_by"):
        verdict = decision.get_verdict_display().lower()
        entries.append(
            ChronologyEntry(
                at=decision.decided_at,
                what=f"Recommendation {verdict} by {_name(decision.decided_by)}",
                detail=decision.reason,
                contact=contacts[decision.recommendation.contact_id],
                step=3,
            )
        )
    return entries


def _answers(
    actor: Actor, person_ids: list[int], contacts: dict[int, Contact]
) -> list[ChronologyEntry]:
    entries = []
    read: dict[int, list[int]] = {}
    for answer in InformationResponse.objects.filter(
        subject__person_id__in=person_ids, request__contact_id__in=contacts
    ).select_related("request__agency"):
        agency = answer.request.agency
        contact = contacts[answer.request.contact_id]
        marking = answer.get_sensitivity_display().lower()
        readable = may_read_answer(
            actor, sensitivity=answer.sensitivity, providing_agency_code=agency.code
        )
        if readable:
            read.setdefault(contact.pk, []).append(answer.pk)
            what = f"{agency.name} answered: {answer.get_finding_display().lower()} ({marking})"
            detail = answer.summary if answer.finding == Finding.FOUND else ""
            withheld = ""
        else:
            what = f"{agency.name} answered ({marking})"
            detail = ""
            who = who_may_read(answer.sensitivity, agency.name)
            withheld = f"You cannot read this answer. {who}"
        entries.append(
            ChronologyEntry(
                at=answer.answered_at,
                what=what,
                detail=detail,
                withheld=withheld,
                contact=contact,
                step=2,
            )
        )
    for contact_pk, answer_ids in read.items():
        contact = contacts[contact_pk]
        record(
            "information_request.answers_viewed",
            by=actor,
            target=contact,
            local_authority_code=contact.local_authority.code,
            details={"responses": answer_ids},
        )
    return entries


def _discussions(contacts: dict[int, Contact]) -> list[ChronologyEntry]:
    entries = []
    for discussion in StrategyDiscussion.objects.filter(contact_id__in=contacts):
        contact = contacts[discussion.contact_id]
        entries.append(
            ChronologyEntry(
                at=discussion.convened_at,
                what="Strategy discussion convened",
                detail=discussion.reason,
                contact=contact,
                step=2,
            )
        )
        if discussion.held_at is not None and discussion.decision:
            entries.append(
                ChronologyEntry(
                    at=discussion.held_at,
                    what=f"Strategy discussion held: {discussion.get_decision_display()}",
                    detail=discussion.decision_reason,
                    contact=contact,
                    step=2,
                )
            )
    return entries


def _handovers(contacts: dict[int, Contact]) -> list[ChronologyEntry]:
    entries = []
    for handover in Handover.objects.filter(
        contact_id__in=contacts, sent_at__isnull=False
    ).select_related("receiving_team"):
        contact = contacts[handover.contact_id]
        team = handover.receiving_team.name
        assert handover.sent_at is not None
        entries.append(
            ChronologyEntry(
                at=handover.sent_at, what=f"Handed over to {team}", contact=contact, step=4
            )
        )
        if handover.acknowledged_at is not None:
            entries.append(
                ChronologyEntry(
                    at=handover.acknowledged_at,
                    what=f"{team} acknowledged the handover",
                    contact=contact,
                    step=5,
                )
            )
    return entries


def _name(user: object) -> str:
    return str(getattr(user, "full_name", "") or user)
