"""Builders for the report tests: contacts received, screened, recommended and approved at
known times through the real services (time-machine sets the clock), and the later facts
(information requests, strategy discussions, handovers, team responses) written directly with
the times a test names."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine

from frontdoor.agencies.models import Agency, Team
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details, professional
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.models import InformationRequest, LawfulBasis, SharingAgreement
from frontdoor.meetings.models import DiscussionDecision, StrategyDiscussion
from frontdoor.outcomes.models import Handover, HandoverStatus, TeamResponse
from frontdoor.outcomes.tests.builders import actor_for
from frontdoor.screening.models import ManagerDecision, Recommendation
from frontdoor.screening.services import approve_recommendation, recommend_outcome, screen_contact

SYSTEM = Actor.system("tests")
HOUR = timedelta(hours=1)


def at(day: date | str, clock: str = "00:00") -> datetime:
    """A UK time: at("2025-08-22", "15:00")."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=LONDON)


def received(
    when: datetime,
    *,
    la: str = "860",
    source: str = "2A",
    cohort: str = "child",
    channel: str = "phone",
    organisation: str = "Example Primary School",
    consent: str = "given",
    family_aware: str = "yes",
    action_taken: str = "Spoke to the child's class teacher.",
    postcode: str = "st4 1aa",
    existing_person_id: int | None = None,
) -> Contact:
    """A contact received at `when`, through `receive_contact`."""
    referrer = (
        professional(organisation=organisation)
        if organisation
        else professional(kind="public", organisation="")
    )
    details = contact_details(
        local_authority_code=la,
        channel=channel,
        referral_source=source,
        cohort=cohort,
        referrer=referrer,
        subjects=[child(postcode=postcode, existing_person_id=existing_person_id)],
        consent=consent,
        consent_reason="" if consent != "not_sought" else "It would put the child at risk.",
        family_aware=family_aware,
        action_taken=action_taken,
        received_at=when,
    )
    with time_machine.travel(when, tick=False):
        return receive_contact(details=details, by=SYSTEM)


def screened(contact: Contact, when: datetime, practitioner, rag: str = "red") -> None:
    with time_machine.travel(when, tick=False):
        screen_contact(
            contact=contact,
            threshold_level=3,
            rag_rating=rag,
            owning_cohort="childrens_services",
            next_step="recommend",
            rationale="Screened for the report tests.",
            by=actor_for(practitioner),
        )


def recommended(contact: Contact, when: datetime, practitioner, outcome: str) -> Recommendation:
    with time_machine.travel(when, tick=False):
        return recommend_outcome(
            contact=contact,
            outcome=outcome,
            rationale="Recommended for the report tests.",
            by=actor_for(practitioner),
        )


def approved(recommendation: Recommendation, when: datetime, manager) -> ManagerDecision:
    with time_machine.travel(when, tick=False):
        return approve_recommendation(recommendation=recommendation, by=actor_for(manager))


def decided(
    contact: Contact,
    *,
    outcome: str,
    screened_at: datetime,
    recommended_at: datetime,
    approved_at: datetime,
    practitioner,
    manager,
) -> Contact:
    """Screened (red), recommended and approved at the times given."""
    screened(contact, screened_at, practitioner)
    approved(recommended(contact, recommended_at, practitioner, outcome), approved_at, manager)
    contact.refresh_from_db()
    return contact


def requested(
    contact: Contact,
    *,
    agency: str,
    sent_at: datetime,
    due_at: datetime,
    answered_at: datetime | None,
    by,
) -> InformationRequest:
    """An information request to the agency (by code), answered at `answered_at` or waiting."""
    return InformationRequest.objects.create(
        contact=contact,
        agency=Agency.objects.get(code=agency),
        agreement=SharingAgreement.objects.get(),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        questions="What do you know about this family?",
        rag_rating_id="red",
        sent_at=sent_at,
        sent_by=by.user,
        due_at=due_at,
        status="answered" if answered_at else "sent",
        responded_at=answered_at,
    )


def discussed(
    contact: Contact,
    *,
    convened_at: datetime,
    target_at: datetime,
    held_at: datetime | None,
    by,
) -> StrategyDiscussion:
    return StrategyDiscussion.objects.create(
        contact=contact,
        convened_at=convened_at,
        convened_by=by.user,
        reason="Reasonable cause to suspect significant harm.",
        target_at=target_at,
        held_at=held_at,
        decision=DiscussionDecision.SINGLE_AGENCY_S47 if held_at else "",
        recorded_at=held_at,
        recorded_by=by.user if held_at else None,
    )


def handed_over(
    contact: Contact,
    *,
    team: Team,
    sent_at: datetime,
    due_at: datetime,
    acknowledged_at: datetime | None,
    by,
) -> Handover:
    return Handover.objects.create(
        contact=contact,
        recommendation=contact.recommendations.latest(),
        receiving_team=team,
        summary="Please start the assessment.",
        status=HandoverStatus.ACKNOWLEDGED if acknowledged_at else HandoverStatus.SENT,
        created_by=by.user,
        created_at=sent_at,
        sent_at=sent_at,
        acknowledge_due_at=due_at,
        acknowledged_at=acknowledged_at,
        acknowledged_by=by.user if acknowledged_at else None,
    )


def responded(handover: Handover, *, kind: str, started_on: date | str, by) -> TeamResponse:
    """What the receiving team did for the contact's first subject."""
    if isinstance(started_on, str):
        started_on = date.fromisoformat(started_on)
    return TeamResponse.objects.create(
        handover=handover,
        person=handover.contact.subjects.order_by("pk").first().person,
        kind=kind,
        started_on=started_on,
        recorded_by=by.user,
    )
