"""Reading information requests and answers, always through the actor's scope.

MASH staff see the requests on their authority's contacts. An agency researcher sees only the
requests addressed to their own agency, on contacts of the authorities they work for. Nobody
else sees any. Out of scope is indistinguishable from missing: both are a 404. Whether an
answer's content may be read is `rules.may_read_answer` (the marking); scope comes first.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.http import Http404

from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON

from .models import (
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
    LawfulBasis,
    RequestStatus,
    SharingAgreement,
)
from .rules import NOT_ASKED_KINDS, may_read_answer, who_may_read
from .timeliness import RequestRow

ANSWERED_SHOWN = 50


def requests_visible_to(actor: Actor) -> QuerySet[InformationRequest]:
    codes = authority_codes_for(actor)
    if actor.role in MASH_ROLES:
        return InformationRequest.objects.filter(contact__local_authority__code__in=codes)
    if actor.role == Role.AGENCY_RESEARCHER and actor.agency_code:
        return InformationRequest.objects.filter(
            agency__code=actor.agency_code, contact__local_authority__code__in=codes
        )
    return InformationRequest.objects.none()


def _with_related(requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    return requests.select_related(
        "contact__local_authority", "agency", "agreement", "rag_rating", "sent_by", "responded_by"
    )


def get_request_for_viewing(actor: Actor, pk: int) -> InformationRequest:
    """The request if the actor may see it (else 404), with the read audited."""
    request = _with_related(requests_visible_to(actor)).filter(pk=pk).first()
    if request is None:
        raise Http404("No such information request")
    record(
        "information_request.viewed",
        by=actor,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={"request": request.pk, "agency": request.agency.code},
    )
    return request


def requests_on_contact(actor: Actor, contact: Contact) -> list[InformationRequest]:
    """The contact's requests the actor may see, oldest first."""
    return list(
        _with_related(requests_visible_to(actor).filter(contact=contact)).order_by("sent_at", "id")
    )


def inbox_queue(actor: Actor) -> QuerySet[InformationRequest]:
    """Requests waiting for the actor's agency's answer, soonest due first."""
    if actor.role != Role.AGENCY_RESEARCHER:
        return InformationRequest.objects.none()
    return (
        _with_related(requests_visible_to(actor).filter(status=RequestStatus.SENT))
        .annotate(people=Count("subjects", distinct=True))
        .order_by("due_at", "id")
    )


def answered_by_agency(actor: Actor) -> list[InformationRequest]:
    """The latest requests the actor's agency answered, newest first."""
    if actor.role != Role.AGENCY_RESEARCHER:
        return []
    answered = requests_visible_to(actor).filter(status=RequestStatus.ANSWERED)
    return list(
        _with_related(answered)
        .annotate(people=Count("subjects", distinct=True))
        .order_by("-responded_at", "-id")[:ANSWERED_SHOWN]
    )


def pending_extensions(requests: list[InformationRequest]) -> list[DeadlineExtension]:
    """Requests for more time waiting for the MASH, on requests still waiting for an answer."""
    waiting = [r.pk for r in requests if r.status == RequestStatus.SENT]
    return list(
        DeadlineExtension.objects.filter(
            request_id__in=waiting, verdict=DeadlineExtension.Verdict.PENDING
        ).select_related("request__agency", "request__contact", "asked_by")
    )


@dataclass(frozen=True)
class AnswerLine:
    """One answer about one person: readable, or only the fact that it exists."""

    agency: str
    person: str
    role: str
    answer: InformationResponse
    readable: bool

    @property
    def who_may_read(self) -> str:
        return who_may_read(self.answer.sensitivity, self.agency)


def _answer_lines(actor: Actor, requests: QuerySet[InformationRequest]) -> list[AnswerLine]:
    responses = (
        InformationResponse.objects.filter(request__in=requests)
        .select_related("request__agency", "subject__person", "answered_by")
        .order_by("request__agency__name", "request_id", "subject_id")
    )
    return [
        AnswerLine(
            agency=response.request.agency.name,
            person=response.subject.person.full_name,
            role=response.subject.get_role_display(),
            answer=response,
            readable=may_read_answer(
                actor,
                sensitivity=response.sensitivity,
                providing_agency_code=response.request.agency.code,
            ),
        )
        for response in responses
    ]


ANSWERS_VIEWED = "information_request.answers_viewed"


def _record_answers_read(actor: Actor, response_ids: list[int], contact: Contact) -> None:
    if response_ids:
        record(
            ANSWERS_VIEWED,
            by=actor,
            target=contact,
            local_authority_code=contact.local_authority.code,
            details={"responses": sorted(response_ids)},
        )


def _audit_answers_read(actor: Actor, lines: list[AnswerLine], target: Contact) -> None:
    _record_answers_read(actor, [line.answer.pk for line in lines if line.readable], target)


def audit_answers_read(
    actor: Actor, answers: Iterable[InformationResponse], *, contact: Contact
) -> None:
    """Record, once, that a page showed the actor the content of these answers about the
    contact: those the marking lets them read (`may_read_answer`); the others a page shows
    only as the fact that they exist. For pages outside this app that show answers (building
    and consenting to a handover package)."""
    _record_answers_read(
        actor,
        [
            answer.pk
            for answer in answers
            if may_read_answer(
                actor,
                sensitivity=answer.sensitivity,
                providing_agency_code=answer.request.agency.code,
            )
        ],
        contact,
    )


def visible_answers(actor: Actor, contact: Contact) -> list[AnswerLine]:
    """Answers on the contact the actor may see; restricted ones only as a line saying they
    exist, unless `may_read_answer` lets the actor read them. Reads are audited."""
    lines = _answer_lines(actor, requests_visible_to(actor).filter(contact=contact))
    _audit_answers_read(actor, lines, contact)
    return lines


def answers_to_request(actor: Actor, request: InformationRequest) -> list[AnswerLine]:
    """The answers to one request, as `visible_answers` shows them."""
    lines = _answer_lines(actor, requests_visible_to(actor).filter(pk=request.pk))
    _audit_answers_read(actor, lines, request.contact)
    return lines


def agencies_to_ask(local_authority: LocalAuthority) -> list[Agency]:
    """The active agencies serving the authority that answer requests, by name."""
    return list(
        Agency.objects.filter(local_authorities=local_authority, is_active=True)
        .exclude(kind_id__in=NOT_ASKED_KINDS)
        .select_related("kind")
        .order_by("name")
    )


def lawful_bases_for(local_authority: LocalAuthority) -> list[tuple[str, str]]:
    """(code, label) of the lawful bases the authority's active agreements name."""
    named: set[str] = set()
    for bases in SharingAgreement.objects.filter(
        is_active=True, local_authorities=local_authority
    ).values_list("lawful_bases", flat=True):
        named.update(bases)
    return [(basis.value, basis.label) for basis in LawfulBasis if basis.value in named]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def timeliness_rows(actor: Actor, *, start: date, end: date) -> list[RequestRow]:
    """Requests sent from `start` to `end` (whole days, UK time) on contacts of the actor's
    authorities, as rows for `timeliness.timeliness_by_agency`."""
    requests = InformationRequest.objects.filter(
        contact__local_authority__code__in=authority_codes_for(actor),
        sent_at__gte=_start_of(start),
        sent_at__lt=_start_of(end + timedelta(days=1)),
    ).values_list("agency__name", "sent_at", "due_at", "responded_at", "status")
    return [RequestRow(*values) for values in requests]
