"""What the receiving team did for each child of a package it acknowledged: the only writers of
`TeamResponse`.

Front Door is not the team's case system. A response holds the few facts the hub's returns
need (Annex A lists 2–5, the CIN census referral fields, "assessments by receiving teams"):
what kind of work started, when, and, once done, how it ended. Only a member of the receiving
team who acknowledges its packages records one (the rule of `acknowledge_handover`), only
after the package is acknowledged, and only for a child the contact names.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactSubject, SubjectRole
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from . import selectors
from .models import Handover, HandoverStatus, ResponseKind, TeamResponse, YesNoUnknown

CHILD_ROLES = (SubjectRole.SUBJECT_CHILD, SubjectRole.SIBLING)
MAX_ORGANISATION = 200
MAX_WORKER_NAME = 150


class ResponseAction:
    RECORDED = "team_response.recorded"
    UPDATED = "team_response.updated"


@dataclass(frozen=True)
class ResponseFacts:
    """What the team says about one piece of work; the kind and the child are fixed."""

    started_on: date | None
    completed_on: date | None = None
    organisation: str = ""
    worker_name: str = ""
    child_seen: str = YesNoUnknown.UNKNOWN
    needs_support: str = YesNoUnknown.UNKNOWN
    icpc_not_required: bool | None = None
    icpc_on: date | None = None
    child_protection_plan: bool | None = None


def children_of(handover: Handover) -> list[Person]:
    """The children the contact names (subject children and siblings), in the contact's order."""
    subjects = ContactSubject.objects.filter(contact_id=handover.contact_id, role__in=CHILD_ROLES)
    return [subject.person for subject in subjects.select_related("person").order_by("id")]


def may_record_response(actor: Actor, handover: Handover) -> bool:
    """Whether the actor records what the receiving team did: a member of that team who
    acknowledges its packages, once the package is acknowledged."""
    return handover.status == HandoverStatus.ACKNOWLEDGED and selectors.may_acknowledge(
        actor, handover
    )


def _user_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("A person must do this")
    return int(by.user.pk)


def _check_facts(kind: str, facts: ResponseFacts, *, received_on: date) -> dict[str, str]:
    """Field-level errors in what the team says, for a response of this kind."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    started, completed = facts.started_on, facts.completed_on
    if started is None:
        errors["started_on"] = (
            "Enter the date your team decided no further action"
            if kind == ResponseKind.NO_FURTHER_ACTION
            else "Enter the date the work started"
        )
    elif started > today:
        errors["started_on"] = "The start date must be today or in the past"
    elif started < received_on:
        errors["started_on"] = "The start date must be on or after the day the contact came in"
    if completed is not None:
        if kind == ResponseKind.NO_FURTHER_ACTION:
            errors["completed_on"] = "Leave the completion date empty for no further action"
        elif completed > today:
            errors["completed_on"] = "The completion date must be today or in the past"
        elif started is not None and completed < started:
            errors["completed_on"] = "The completion date must be on or after the start date"
    if facts.organisation.strip() and kind != ResponseKind.EARLY_HELP_ASSESSMENT:
        errors["organisation"] = "Give an organisation only for an early help assessment"
    elif len(facts.organisation.strip()) > MAX_ORGANISATION:
        errors["organisation"] = f"Enter no more than {MAX_ORGANISATION} characters"
    if len(facts.worker_name.strip()) > MAX_WORKER_NAME:
        errors["worker_name"] = f"Enter no more than {MAX_WORKER_NAME} characters"
    for name in ("child_seen", "needs_support"):
        if getattr(facts, name) not in YesNoUnknown.values:
            errors[name] = "Select yes, no or not known"
    errors.update(_check_conference(kind, facts, today=today))
    return errors


def _check_conference(kind: str, facts: ResponseFacts, *, today: date) -> dict[str, str]:
    """The initial child protection conference belongs to a section 47 enquiry only."""
    given = {
        "icpc_not_required": facts.icpc_not_required is not None,
        "icpc_on": facts.icpc_on is not None,
        "child_protection_plan": facts.child_protection_plan is not None,
    }
    if kind != ResponseKind.SECTION_47_ENQUIRY:
        return {
            name: "Record a child protection conference only for a section 47 enquiry"
            for name, present in given.items()
            if present
        }
    errors: dict[str, str] = {}
    if facts.icpc_on is not None:
        if facts.icpc_not_required:
            errors["icpc_on"] = (
                "Leave the conference date empty if a conference was deemed unnecessary"
            )
        elif facts.icpc_on > today:
            errors["icpc_on"] = "The conference date must be today or in the past"
        elif facts.started_on is not None and facts.icpc_on < facts.started_on:
            errors["icpc_on"] = "The conference date must be on or after the start date"
    elif facts.child_protection_plan is not None:
        errors["child_protection_plan"] = (
            "Enter the conference date before you record whether it made a plan"
        )
    return errors


def _stored(facts: ResponseFacts) -> dict[str, object]:
    """The columns, tidied: a conference held was not deemed unnecessary."""
    icpc_not_required = facts.icpc_not_required
    if facts.icpc_on is not None and icpc_not_required is None:
        icpc_not_required = False
    return {
        "started_on": facts.started_on,
        "completed_on": facts.completed_on,
        "organisation": facts.organisation.strip(),
        "worker_name": " ".join(facts.worker_name.split()),
        "child_seen": facts.child_seen,
        "needs_support": facts.needs_support,
        "icpc_not_required": icpc_not_required,
        "icpc_on": facts.icpc_on,
        "child_protection_plan": facts.child_protection_plan,
    }


def _locked_for(handover: Handover, by: Actor) -> Handover:
    """The handover, row locked, if the actor may record for it (else PermissionDenied)."""
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("contact__local_authority", "receiving_team__local_authority")
        .get(pk=handover.pk)
    )
    if not selectors.may_acknowledge(by, handover):
        raise PermissionDenied("This package was sent to another team")
    if handover.status != HandoverStatus.ACKNOWLEDGED:
        raise ValidationError(
            {"handover": "Acknowledge the package before you record what your team did"}
        )
    return handover


def _audit(action: str, response: TeamResponse, handover: Handover, by: Actor) -> None:
    record(
        action,
        by=by,
        target=response,
        local_authority_code=handover.contact.local_authority.code,
        details={"handover": handover.pk, "person": response.person_id, "kind": response.kind},
    )


@transaction.atomic
def record_team_response(
    *,
    handover: Handover,
    person: Person | None,
    kind: str,
    started_on: date | None,
    completed_on: date | None = None,
    organisation: str = "",
    worker_name: str = "",
    child_seen: str = YesNoUnknown.UNKNOWN,
    needs_support: str = YesNoUnknown.UNKNOWN,
    icpc_not_required: bool | None = None,
    icpc_on: date | None = None,
    child_protection_plan: bool | None = None,
    by: Actor,
) -> TeamResponse:
    """Record one piece of the team's work for one child of an acknowledged package."""
    handover = _locked_for(handover, by)
    facts = ResponseFacts(
        started_on=started_on,
        completed_on=completed_on,
        organisation=organisation,
        worker_name=worker_name,
        child_seen=child_seen,
        needs_support=needs_support,
        icpc_not_required=icpc_not_required,
        icpc_on=icpc_on,
        child_protection_plan=child_protection_plan,
    )
    errors: dict[str, str] = {}
    named = person is not None and (
        ContactSubject.objects.filter(
            contact_id=handover.contact_id, person=person, role__in=CHILD_ROLES
        ).exists()
    )
    if not named:
        errors["person"] = "Select a child named in the contact"
    if kind not in ResponseKind.values:
        errors["kind"] = "Select what your team did"
    elif (
        named and TeamResponse.objects.filter(handover=handover, person=person, kind=kind).exists()
    ):
        errors["kind"] = (
            f"You have already recorded a {ResponseKind(kind).label.lower()} for this child: "
            "change that one instead"
        )
    received_on = timezone.localdate(handover.contact.received_at)
    errors.update(_check_facts(kind, facts, received_on=received_on))
    if errors:
        raise ValidationError(errors)
    assert person is not None
    response = TeamResponse.objects.create(
        handover=handover,
        person=person,
        kind=kind,
        recorded_by_id=_user_id(by),
        **_stored(facts),
    )
    _audit(ResponseAction.RECORDED, response, handover, by)
    return response


@transaction.atomic
def update_team_response(
    *, response: TeamResponse, facts: ResponseFacts, by: Actor
) -> TeamResponse:
    """Change what was recorded: most often completing an assessment (its completion date and
    whether the child needs support) or recording the conference after a section 47 enquiry."""
    handover = _locked_for(response.handover, by)
    response = TeamResponse.objects.select_for_update().get(pk=response.pk, handover=handover)
    received_on = timezone.localdate(handover.contact.received_at)
    errors = _check_facts(response.kind, facts, received_on=received_on)
    if errors:
        raise ValidationError(errors)
    for name, value in _stored(facts).items():
        setattr(response, name, value)
    response.save(update_fields=list(_stored(facts)))
    _audit(ResponseAction.UPDATED, response, handover, by)
    return response


def facts_of(response: TeamResponse) -> ResponseFacts:
    """What a response says now, to change part of it."""
    return ResponseFacts(
        started_on=response.started_on,
        completed_on=response.completed_on,
        organisation=response.organisation,
        worker_name=response.worker_name,
        child_seen=response.child_seen,
        needs_support=response.needs_support,
        icpc_not_required=response.icpc_not_required,
        icpc_on=response.icpc_on,
        child_protection_plan=response.child_protection_plan,
    )


def responses_to(handovers: list[Handover]) -> dict[int, list[TeamResponse]]:
    """The responses recorded for each handover (by id), children in order, one query."""
    found: dict[int, list[TeamResponse]] = {handover.pk: [] for handover in handovers}
    rows = TeamResponse.objects.filter(handover__in=handovers).select_related("person")
    for response in rows.order_by("started_on", "id"):
        found[response.handover_id].append(response)
    return found


__all__ = [
    "ResponseAction",
    "ResponseFacts",
    "children_of",
    "facts_of",
    "may_record_response",
    "record_team_response",
    "responses_to",
    "update_team_response",
]
