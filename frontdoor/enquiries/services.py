"""Information requests: sending, answering, more time, withdrawal. The only writers of them.

Every service checks the actor's role and scope again (whatever page asked), locks the rows it
changes, refuses bad input with field errors before writing anything, and audits in the same
transaction. Audit details are ids and codes, never names or what an agency knows.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import dateformat, timezone

from frontdoor.agencies.models import Agency
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import OPEN_STATUSES, Contact, ContactStatus, ContactSubject
from frontdoor.contacts.services import change_status, lock_contact
from frontdoor.core.actors import Actor
from frontdoor.screening.consent import may_gather_information
from frontdoor.screening.selectors import latest_screening

from .clocks import add_hours, request_due_at
from .models import (
    AgreementParty,
    DeadlineExtension,
    Finding,
    InformationRequest,
    InformationResponse,
    LawfulBasis,
    RequestStatus,
    Sensitivity,
)
from .rules import NOT_ASKED_KINDS, may_answer_requests, may_send_requests

SENDABLE = (ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING)
MAX_EXTENSION_HOURS = 72


class RequestAction:
    SENT = "information_request.sent"
    VIEWED = "information_request.viewed"
    ANSWERED = "information_request.answered"
    MORE_TIME_ASKED = "information_request.more_time_asked"
    EXTENSION_GRANTED = "information_request.extension_granted"
    EXTENSION_REFUSED = "information_request.extension_refused"
    WITHDRAWN = "information_request.withdrawn"


@dataclass(frozen=True)
class AnswerDetails:
    """One agency's answer about one person in a request."""

    subject_id: int
    finding: str
    summary: str
    systems_checked: str
    sensitivity: str


def _user_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("A person must do this")
    return int(by.user.pk)


def _when(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def _check_mash(contact: Contact, by: Actor, message: str) -> None:
    """Practitioners and managers of the contact's authority only."""
    if not may_send_requests(by) or contact.local_authority.code not in authority_codes_for(by):
        raise PermissionDenied(message)


def _check_researcher(request: InformationRequest, by: Actor) -> None:
    """Researchers of the request's agency, working for the contact's authority, only."""
    if (
        not may_answer_requests(by)
        or by.agency_code != request.agency.code
        or request.contact.local_authority.code not in authority_codes_for(by)
    ):
        raise PermissionDenied("This request is for another agency")


def _lock_request(request: InformationRequest) -> InformationRequest:
    """Re-read the request with its row locked, so two people cannot change it at once."""
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("contact__local_authority", "agency")
        .get(pk=request.pk)
    )


def closed_reason(request: InformationRequest) -> str | None:
    """Why no one can answer this request now, or None if it is waiting for an answer."""
    if request.status == RequestStatus.ANSWERED and request.responded_at is not None:
        return f"This request is closed: it was answered on {_when(request.responded_at)}"
    if request.status == RequestStatus.WITHDRAWN:
        return "This request is closed: it was withdrawn by the MASH"
    if request.contact.status not in OPEN_STATUSES:
        return "The MASH has closed this contact; it needs no answer now"
    return None


def _parties_naming(
    contact: Contact, agencies: Sequence[Agency], basis: str
) -> dict[int, AgreementParty]:
    """For each agency (by pk), its place in the newest active agreement that covers the
    contact's authority and names the basis; agencies with none are missing. One query."""
    parties = (
        AgreementParty.objects.filter(
            agency__in=agencies,
            agreement__is_active=True,
            agreement__local_authorities=contact.local_authority,
        )
        .select_related("agreement")
        .order_by("-agreement__signed_on", "-agreement_id")
    )
    chosen: dict[int, AgreementParty] = {}
    for signed in parties:
        if basis in signed.agreement.lawful_bases:
            chosen.setdefault(signed.agency_id, signed)
    return chosen


def _sending_errors(
    contact: Contact,
    agencies: Sequence[Agency],
    subject_ids: Sequence[int],
    questions: str,
    lawful_basis: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    latest = latest_screening(contact)
    if latest is None:
        add("contact", "Screen the contact before sending information requests")
    elif contact.status not in SENDABLE:
        add(
            "contact",
            "Information requests can only be sent during screening or information gathering",
        )
    else:
        consent = may_gather_information(
            threshold_level=latest.threshold_level_id,
            consent=contact.consent,
            consent_reason=contact.consent_reason,
        )
        if not consent.allowed:
            add("contact", consent.explanation)
    if not agencies:
        add("agencies", "Select at least one agency")
    serving = set(contact.local_authority.agencies.values_list("pk", flat=True))
    open_to = set(
        contact.information_requests.filter(status=RequestStatus.SENT).values_list(
            "agency_id", flat=True
        )
    )
    for agency in agencies:
        if agency.pk not in serving:
            add("agencies", f"{agency.name} does not serve {contact.local_authority.name}")
        elif agency.kind_id in NOT_ASKED_KINDS:
            add("agencies", f"{agency.name} is the MASH's own service: check its records directly")
        elif agency.pk in open_to:
            add(
                "agencies",
                f"{agency.name} already has a request about this contact waiting for an answer",
            )
    own_subjects = set(contact.subjects.values_list("pk", flat=True))
    if not subject_ids:
        add("subject_ids", "Select at least one person to ask about")
    elif not set(subject_ids) <= own_subjects:
        add("subject_ids", "Select people named in this contact")
    if not questions.strip():
        add("questions", "Enter your questions for the agencies")
    if not lawful_basis:
        add("lawful_basis", "Select the lawful basis for sharing")
    elif lawful_basis not in LawfulBasis.values:
        add("lawful_basis", "Select a lawful basis from the list")
    else:
        parties = _parties_naming(contact, agencies, lawful_basis)
        for agency in agencies:
            if agency.pk in serving and agency.pk not in parties:
                add(
                    "lawful_basis",
                    f"No active information-sharing agreement with {agency.name} names this "
                    "lawful basis. Select another basis, or do not ask this agency",
                )
    return errors


@transaction.atomic
def send_information_requests(
    *,
    contact: Contact,
    agencies: Sequence[Agency],
    subject_ids: Sequence[int],
    questions: str,
    lawful_basis: str,
    by: Actor,
) -> list[InformationRequest]:
    """One request per agency about the chosen people, each due by its agency's clock.

    A contact in screening moves to information gathering.
    """
    _check_mash(contact, by, "Only MASH practitioners and managers send information requests")
    contact = lock_contact(contact)
    agencies = list(dict.fromkeys(agencies))
    subject_ids = list(dict.fromkeys(subject_ids))
    errors = _sending_errors(contact, agencies, subject_ids, questions, lawful_basis)
    if errors:
        raise ValidationError(errors)
    latest = latest_screening(contact)
    if latest is None:  # checked above; this keeps the type checker informed
        raise ValidationError({"contact": "Screen the contact before sending information requests"})
    now = timezone.now()
    subjects = list(ContactSubject.objects.filter(contact=contact, pk__in=subject_ids))
    parties = _parties_naming(contact, agencies, lawful_basis)  # every agency has one: checked
    sent = []
    for agency in agencies:
        signed = parties[agency.pk]
        request = InformationRequest.objects.create(
            contact=contact,
            agency=agency,
            agreement=signed.agreement,
            lawful_basis=lawful_basis,
            questions=questions.strip(),
            shows_concern=signed.sees_concern,
            rag_rating_id=latest.rag_rating_id,
            sent_at=now,
            sent_by_id=_user_id(by),
            due_at=request_due_at(
                local_authority=contact.local_authority,
                agency=agency,
                rag_rating=latest.rag_rating_id,
                sent_at=now,
            ),
        )
        request.subjects.set(subjects)
        record(
            RequestAction.SENT,
            by=by,
            target=request,
            local_authority_code=contact.local_authority.code,
            details={
                "request": request.pk,
                "agency": agency.code,
                "rag": latest.rag_rating_id,
                "basis": lawful_basis,
                "subjects": len(subjects),
            },
        )
        sent.append(request)
    if contact.status == ContactStatus.SCREENING:
        change_status(
            contact,
            to=ContactStatus.INFORMATION_GATHERING,
            by=by,
            reason=f"Information requests sent to {len(sent)} agencies",
        )
    return sent


def _answer_errors(
    request: InformationRequest, answers: Sequence[AnswerDetails]
) -> dict[str, list[str]]:
    """Errors keyed `subject-<id>-<field>` (the answer forms' field names), or `answers`."""
    errors: dict[str, list[str]] = {}
    subjects = {s.pk: s for s in request.subjects.select_related("person")}
    given = [answer.subject_id for answer in answers]
    if len(given) != len(set(given)) or not set(given) <= set(subjects):
        errors["answers"] = ["Answer once about each person in this request, and no one else"]
    for subject_id, subject in subjects.items():
        key = f"subject-{subject_id}"
        name = subject.person.given_name
        answer = next((a for a in answers if a.subject_id == subject_id), None)
        if answer is None or answer.finding not in Finding.values:
            errors[f"{key}-finding"] = [f"Select whether your agency knows anything about {name}"]
        elif answer.finding == Finding.FOUND and not answer.summary.strip():
            errors[f"{key}-summary"] = [f"Say what your agency knows about {name}"]
        if answer is None:
            continue
        if not answer.systems_checked.strip():
            errors[f"{key}-systems_checked"] = [f"List the systems you checked for {name}"]
        if answer.sensitivity not in Sensitivity.values:
            errors[f"{key}-sensitivity"] = [f"Select how far the answer about {name} may be shared"]
    return errors


@transaction.atomic
def answer_information_request(
    *, request: InformationRequest, answers: Sequence[AnswerDetails], by: Actor
) -> InformationRequest:
    """The agency's answer about every person in the request; the request is then answered."""
    _check_researcher(request, by)
    request = _lock_request(request)
    if (closed := closed_reason(request)) is not None:
        raise ValidationError({"request": closed})
    errors = _answer_errors(request, answers)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    InformationResponse.objects.bulk_create(
        InformationResponse(
            request=request,
            subject_id=answer.subject_id,
            finding=answer.finding,
            summary=answer.summary.strip() if answer.finding == Finding.FOUND else "",
            systems_checked=answer.systems_checked.strip(),
            sensitivity=answer.sensitivity,
            answered_at=now,
            answered_by_id=_user_id(by),
        )
        for answer in answers
    )
    request.status = RequestStatus.ANSWERED
    request.responded_at = now
    request.responded_by_id = _user_id(by)
    request.save(update_fields=["status", "responded_at", "responded_by"])
    markings = Counter(answer.sensitivity for answer in answers)
    record(
        RequestAction.ANSWERED,
        by=by,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={
            "request": request.pk,
            "agency": request.agency.code,
            "found": sum(1 for a in answers if a.finding == Finding.FOUND),
            **{marking: markings.get(marking, 0) for marking in Sensitivity.values},
        },
    )
    return request


@transaction.atomic
def ask_for_more_time(
    *, request: InformationRequest, hours: int | None, reason: str, by: Actor
) -> DeadlineExtension:
    """The agency asks the MASH for more hours, with a reason; the MASH grants or refuses."""
    _check_researcher(request, by)
    request = _lock_request(request)
    if (closed := closed_reason(request)) is not None:
        raise ValidationError({"request": closed})
    errors: dict[str, str] = {}
    if request.extensions.filter(verdict=DeadlineExtension.Verdict.PENDING).exists():
        errors["request"] = "You have already asked for more time. Wait for the MASH to decide"
    if not reason.strip():
        errors["reason"] = "Explain why you need more time"
    if hours is None or not 1 <= hours <= MAX_EXTENSION_HOURS:
        errors["hours"] = f"Enter a number of hours from 1 to {MAX_EXTENSION_HOURS}"
        raise ValidationError(errors)
    if errors:
        raise ValidationError(errors)
    extension = DeadlineExtension.objects.create(
        request=request,
        asked_by_id=_user_id(by),
        reason=reason.strip(),
        hours=hours,
        previous_due_at=request.due_at,
    )
    record(
        RequestAction.MORE_TIME_ASKED,
        by=by,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={"request": request.pk, "extension": extension.pk, "hours": hours},
    )
    return extension


@transaction.atomic
def decide_extension(*, extension: DeadlineExtension, grant: bool, by: Actor) -> DeadlineExtension:
    """Grant (the due time moves on by the hours asked, on the authority's clock) or refuse."""
    request = _lock_request(extension.request)
    _check_mash(
        request.contact, by, "Only MASH practitioners and managers decide on requests for more time"
    )
    extension = DeadlineExtension.objects.select_for_update(of=("self",)).get(pk=extension.pk)
    if extension.verdict != DeadlineExtension.Verdict.PENDING:
        raise ValidationError({"extension": "This request for more time has already been decided"})
    if grant and (closed := closed_reason(request)) is not None:
        raise ValidationError({"extension": closed})
    extension.verdict = (
        DeadlineExtension.Verdict.GRANTED if grant else DeadlineExtension.Verdict.REFUSED
    )
    extension.decided_at = timezone.now()
    extension.decided_by_id = _user_id(by)
    extension.save(update_fields=["verdict", "decided_at", "decided_by"])
    if grant:
        request.due_at = add_hours(
            request.contact.local_authority, extension.previous_due_at, extension.hours
        )
        request.save(update_fields=["due_at"])
    record(
        RequestAction.EXTENSION_GRANTED if grant else RequestAction.EXTENSION_REFUSED,
        by=by,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={"request": request.pk, "extension": extension.pk, "hours": extension.hours},
    )
    return extension


@transaction.atomic
def withdraw_information_request(
    *, request: InformationRequest, reason: str, by: Actor
) -> InformationRequest:
    """The MASH no longer needs an answer: the request closes, with the reason."""
    _check_mash(request.contact, by, "Only MASH practitioners and managers withdraw requests")
    request = _lock_request(request)
    if request.status != RequestStatus.SENT:
        raise ValidationError({"request": closed_reason(request) or "This request is closed"})
    if not reason.strip():
        raise ValidationError({"reason": "Explain why you are withdrawing this request"})
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_reason = reason.strip()
    request.save(update_fields=["status", "withdrawn_reason"])
    record(
        RequestAction.WITHDRAWN,
        by=by,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={"request": request.pk, "agency": request.agency.code},
    )
    return request
