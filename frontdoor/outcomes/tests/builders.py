"""Builders for handover tests: a decided contact, agency answers (written through the ORM, so
these tests do not depend on the enquiries services), and actors as the pages build them."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.agencies.models import Agency, Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import active_memberships
from frontdoor.agencies.services import add_membership
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import (
    InformationRequest,
    InformationResponse,
    LawfulBasis,
    SharingAgreement,
)
from frontdoor.outcomes.models import Handover
from frontdoor.outcomes.services import Inclusion, build_handover
from frontdoor.screening.models import Recommendation
from frontdoor.screening.services import (
    approve_recommendation,
    recommend_outcome,
    screen_contact,
)

SYSTEM = Actor.system("tests")

# What the agencies say in the fixtures (conftest.answers), one answer of each marking.
SHAREABLE = "School reports Ruby has been withdrawn and tired for a month."
HUB_ONLY = "Health visitor notes a missed appointment at the paediatric clinic."
RESTRICTED = "Intelligence links an adult at the address to a violent offence."
REASON = "The area team must know of the risk."


@dataclass(frozen=True)
class ExtraPerson:
    """Someone beyond the shared cast, shaped like it (for `sign_in`)."""

    user: AbstractBaseUser
    device: TOTPDevice
    email: str


def make_person(email: str, *, role: Role, team: Team, name: str) -> ExtraPerson:
    """A person with an authenticator and one membership (the shared cast's pattern, built
    here because this app may not import the accounts app, even in tests)."""
    user = get_user_model().objects.create_user(email, None, full_name=name)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    add_membership(
        user=user,
        agency=team.agency,
        team=team,
        role=role,
        starts_on=date(2020, 1, 1),
        by=SYSTEM,
    )
    return ExtraPerson(user=user, device=device, email=email)


def actor_for(person) -> Actor:
    """The person acting through their membership, as the pages would build it."""
    [membership] = active_memberships(person.user)
    team = membership.team
    return Actor(
        user=person.user,
        label=person.email,
        role=membership.role,
        agency_code=membership.agency.code,
        local_authority_code=team.local_authority.code if team and team.local_authority else "",
        membership_id=membership.pk,
    )


def decided_contact(
    practitioner,
    manager,
    *,
    outcome: str = "s17_assessment",
    transfer_to=None,
    **details: object,
) -> Contact:
    """A contact screened red at level 4, recommended by the practitioner and approved by the
    manager: ready for its handover package."""
    contact = receive_contact(details=contact_details(**details), by=SYSTEM)
    screen_contact(
        contact=contact,
        threshold_level=4,
        rag_rating="red",
        owning_cohort="childrens_services",
        next_step="information_gathering",
        rationale="Screening rationale that stays in the hub.",
        by=actor_for(practitioner),
    )
    recommendation = recommend_outcome(
        contact=contact,
        outcome=outcome,
        rationale="Needs a child and family assessment.",
        transfer_to=transfer_to,
        by=actor_for(practitioner),
    )
    approve_recommendation(recommendation=recommendation, by=actor_for(manager))
    contact.refresh_from_db()
    return contact


def recommendation_of(contact: Contact) -> Recommendation:
    return contact.recommendations.latest()


@dataclass(frozen=True)
class Said:
    """What an agency says about the contact's first person."""

    sensitivity: str
    summary: str
    finding: str = "found"
    systems_checked: str = "Case management system"


def answered(contact: Contact, *, agency_code: str, researcher, said: Said) -> InformationResponse:
    """A request to the agency, answered about the contact's first person."""
    agency = Agency.objects.get(code=agency_code)
    subject = ContactSubject.objects.filter(contact=contact).order_by("id").first()
    assert subject is not None
    now = timezone.now()
    request = InformationRequest.objects.create(
        contact=contact,
        agency=agency,
        agreement=SharingAgreement.objects.get(),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        questions="What do you know about this family?",
        rag_rating_id="red",
        sent_by=contact.allocated_to or researcher.user,
        due_at=now + timedelta(hours=2),
        status="answered",
        responded_at=now,
        responded_by=researcher.user,
    )
    request.subjects.set([subject])
    return InformationResponse.objects.create(
        request=request,
        subject=subject,
        finding=said.finding,
        summary=said.summary,
        systems_checked=said.systems_checked,
        sensitivity=said.sensitivity,
        answered_by=researcher.user,
    )


def package_for(
    contact: Contact,
    person,
    team: Team,
    include: list[Inclusion],
    summary: str = "Please start the assessment today.",
) -> Handover:
    """Build a package through the service, as `person`."""
    return build_handover(
        contact=contact, receiving_team=team, summary=summary, include=include, by=actor_for(person)
    )


def page_of(response) -> str:
    return str(response.content.decode())


def title_of(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match is not None
    title: str = match.group(1)
    return " ".join(title.split())


def audit_details(action: str, person) -> list[dict[str, object]]:
    """The details of each event of this action by this person."""
    return list(
        AuditEvent.objects.filter(action=action, actor_id=person.user.pk).values_list(
            "details", flat=True
        )
    )
