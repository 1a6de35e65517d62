"""What a handover package holds: the one place that decides what leaves the hub.

The page, the PDF and the JSON all render a `Package`, so they cannot disagree. A package holds
the approved outcome, the practitioner's note, the concern, the people and the agency answers
that may go: every shareable one included, and a hub-only or restricted one only once a manager
has consented (with the reason shown). It never holds the screening rationale, other answers,
the audit trail, or the identity of a referrer who is a member of the public (standards.md
§7.4: their identity stays confidential by default).
"""

from dataclasses import dataclass
from datetime import date, datetime

from frontdoor.contacts.models import ReferrerKind
from frontdoor.enquiries.models import Sensitivity
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.people.identifiers import InvalidIdentifier, format_nhs_number

from .models import Handover, HandoverItem
from .rules import leaves_the_hub_freely

CONSENT_NOTE = "Included with a manager's consent: {reason}"


@dataclass(frozen=True)
class Referrer:
    """A professional referrer. A member of the public is never named in a package."""

    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class ApprovedOutcome:
    code: str
    label: str
    transfer_to: str
    reasons: str
    recommended_by: str
    recommended_at: datetime
    approved_by: str
    approved_at: datetime


@dataclass(frozen=True)
class Category:
    code: str
    description: str


@dataclass(frozen=True)
class PackagePerson:
    name: str
    role: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    ethnicity: str
    address: str
    postcode: str
    nhs_number: str
    upn: str


@dataclass(frozen=True)
class PackageAnswer:
    agency: str
    about: str
    finding: str
    summary: str
    systems_checked: str
    marking: str
    marking_code: str
    consent_note: str


@dataclass(frozen=True)
class DiscussionDecision:
    decision: str
    decision_code: str
    held_at: datetime


@dataclass(frozen=True)
class Package:
    reference: str
    authority: str
    authority_code: str
    receiving_team: str
    receiving_team_code: str
    sent_at: datetime | None
    acknowledge_due_at: datetime | None
    outcome: ApprovedOutcome
    summary: str
    concern: str
    categories: tuple[Category, ...]
    referrer: Referrer | None
    people: tuple[PackagePerson, ...]
    answers: tuple[PackageAnswer, ...]
    strategy_discussions: tuple[DiscussionDecision, ...]


def _name(user: object) -> str:
    return str(getattr(user, "full_name", "") or user)


def _nhs(number: str) -> str:
    try:
        return format_nhs_number(number) if number else ""
    except InvalidIdentifier:
        return number


def goes_in_the_package(item: HandoverItem) -> bool:
    """A shareable answer goes; a hub-only or restricted one only with a manager's consent."""
    return leaves_the_hub_freely(item.response.sensitivity) or item.consented_at is not None


def _answer(item: HandoverItem) -> PackageAnswer:
    response = item.response
    shareable = leaves_the_hub_freely(response.sensitivity)
    return PackageAnswer(
        agency=response.request.agency.name,
        about=response.subject.person.full_name,
        finding=response.get_finding_display(),
        summary=response.summary,
        systems_checked=response.systems_checked,
        marking=Sensitivity(response.sensitivity).label,
        marking_code=response.sensitivity,
        consent_note="" if shareable else CONSENT_NOTE.format(reason=item.inclusion_reason),
    )


def _outcome(handover: Handover) -> ApprovedOutcome:
    recommendation = handover.recommendation
    decision = recommendation.manager_decision
    return ApprovedOutcome(
        code=recommendation.outcome,
        label=recommendation.get_outcome_display(),
        transfer_to=recommendation.transfer_to.name if recommendation.transfer_to else "",
        reasons=recommendation.rationale,
        recommended_by=_name(recommendation.recommended_by),
        recommended_at=recommendation.recommended_at,
        approved_by=_name(decision.decided_by),
        approved_at=decision.decided_at,
    )


def _referrer(handover: Handover) -> Referrer | None:
    contact = handover.contact
    if contact.referrer_kind != ReferrerKind.PROFESSIONAL or contact.referrer_anonymous:
        return None
    return Referrer(
        name=contact.referrer_name,
        role=contact.referrer_role,
        organisation=contact.referrer_organisation,
    )


def _people(handover: Handover) -> tuple[PackagePerson, ...]:
    subjects = handover.contact.subjects.select_related(
        "person", "person__sex", "person__ethnicity"
    ).order_by("id")
    return tuple(
        PackagePerson(
            name=subject.person.full_name,
            role=subject.get_role_display(),
            date_of_birth=subject.person.date_of_birth,
            expected_date_of_birth=subject.person.expected_date_of_birth,
            sex=subject.person.sex.description if subject.person.sex else "",
            ethnicity=subject.person.ethnicity.description if subject.person.ethnicity else "",
            address=subject.person.address,
            postcode=subject.person.postcode,
            nhs_number=_nhs(subject.person.nhs_number),
            upn=subject.person.upn,
        )
        for subject in subjects
    )


def _discussions(handover: Handover) -> tuple[DiscussionDecision, ...]:
    recorded = StrategyDiscussion.objects.filter(
        contact_id=handover.contact_id, recorded_at__isnull=False
    ).order_by("held_at", "id")
    return tuple(
        DiscussionDecision(
            decision=discussion.get_decision_display(),
            decision_code=discussion.decision,
            held_at=discussion.held_at,
        )
        for discussion in recorded
        if discussion.held_at is not None
    )


def build_package(handover: Handover) -> Package:
    """The package as it stands: what the receiving team sees, downloads and keeps."""
    contact = handover.contact
    items = sorted(
        handover.items.select_related("response__request__agency", "response__subject__person"),
        key=lambda i: (i.response.request.agency.name.casefold(), i.response.subject_id, i.pk),
    )
    return Package(
        reference=handover.reference,
        authority=contact.local_authority.name,
        authority_code=contact.local_authority.code,
        receiving_team=handover.receiving_team.name,
        receiving_team_code=handover.receiving_team.code,
        sent_at=handover.sent_at,
        acknowledge_due_at=handover.acknowledge_due_at,
        outcome=_outcome(handover),
        summary=handover.summary,
        concern=contact.concern,
        categories=tuple(
            Category(code=category.code, description=category.description)
            for category in contact.categories.order_by("code")
        ),
        referrer=_referrer(handover),
        people=_people(handover),
        answers=tuple(_answer(item) for item in items if goes_in_the_package(item)),
        strategy_discussions=_discussions(handover),
    )
