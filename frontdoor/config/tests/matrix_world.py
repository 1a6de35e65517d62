"""A small hub in which every relation of the access policy occurs, for the access matrix.

Two Staffordshire contacts and one Stoke-on-Trent contact, each decided and handed over to a
different receiving team, with information requests to different agencies (one open and one
answered each), a strategy discussion with two actions, a duplicate proposal, a merge, a
notification and (once the Stoke practitioner has stated a reason) a break-glass grant. One more
Staffordshire package is acknowledged, with what the receiving team did for the child.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from frontdoor.agencies.demo import STOKE
from frontdoor.agencies.models import Agency, Membership
from frontdoor.contacts.models import BreakGlassAccess, Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationRequest, LawfulBasis, SharingAgreement
from frontdoor.enquiries.services import ask_for_more_time
from frontdoor.governance.models import LegalHold
from frontdoor.governance.policy import About
from frontdoor.meetings.services import add_action, convene_strategy_discussion
from frontdoor.notifications.services import notify
from frontdoor.outcomes.models import Handover, ResponseKind
from frontdoor.outcomes.responses import record_team_response
from frontdoor.outcomes.services import acknowledge_handover
from frontdoor.outcomes.tests.builders import (
    RESTRICTED,
    Said,
    actor_for,
    answered,
    decided_contact,
    package_for,
)
from frontdoor.people.models import DuplicateProposal, Person
from frontdoor.personindex.merging import merge_people
from frontdoor.screening.services import recommend_outcome, screen_contact

SYSTEM = Actor.system("tests")


@dataclass
class World:
    records: dict[About, list[Any]] = field(default_factory=dict)

    def add(self, kind: About, *records: Any) -> None:
        self.records.setdefault(kind, []).extend(records)


def open_request(contact: Contact, agency_code: str, sender: Any) -> InformationRequest:
    request = InformationRequest.objects.create(
        contact=contact,
        agency=Agency.objects.get(code=agency_code),
        agreement=SharingAgreement.objects.get(),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        questions="What do you know about this family?",
        rag_rating_id="red",
        sent_by=sender.user,
        due_at=timezone.now() + timedelta(hours=4),
        status="sent",
    )
    request.subjects.set(contact.subjects.all())
    return request


def screened_contact(person: Any, **details: object) -> Contact:
    """A contact screened red at level 4, gathering information."""
    contact = receive_contact(details=contact_details(**details), by=SYSTEM)
    screen_contact(
        contact=contact,
        threshold_level=4,
        rag_rating="red",
        owning_cohort="childrens_services",
        next_step="information_gathering",
        rationale="Bruising and fear of going home",
        by=actor_for(person),
    )
    return contact


def responded_package(cast: dict[str, Any], hub: dict[str, Any]) -> Handover:
    """A package the north area team acknowledged, with what it did for the child recorded:
    the receiving team's response pages get their cells."""
    contact = decided_contact(cast["practitioner"], cast["manager"])
    handover = package_for(contact, cast["practitioner"], hub["staffs-north-area"], include=[])
    worker = actor_for(cast["area_worker"])
    acknowledge_handover(handover=handover, by=worker)
    record_team_response(
        handover=handover,
        person=contact.subjects.order_by("id").first().person,
        kind=ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
        started_on=timezone.localdate(),
        by=worker,
    )
    return handover


def build_world(cast: dict[str, Any], hub: dict[str, Any], stoke_manager: Any) -> World:
    world = World()
    practitioner, manager = cast["practitioner"], cast["manager"]
    # The statutory returns need the member's own grant as well as the role (a 403 without).
    Membership.objects.filter(user__in=[manager.user, cast["analyst"].user]).update(
        may_export_child_level=True
    )
    staffs_one = decided_contact(practitioner, manager)
    staffs_two = decided_contact(practitioner, manager)
    stoke = decided_contact(cast["other_la_worker"], stoke_manager, local_authority_code=STOKE)
    world.add(About.CONTACT, staffs_one, staffs_two, stoke)

    answered(
        staffs_one,
        agency_code="staffs-police",
        researcher=cast["police_researcher"],
        said=Said("restricted", RESTRICTED),
    )
    answered(
        staffs_two,
        agency_code="staffs-health",
        researcher=cast["health_researcher"],
        said=Said("hub_only", "Health knows the family."),
    )
    answered(
        stoke,
        agency_code="staffs-police",
        researcher=cast["police_researcher"],
        said=Said("shareable", "Police attended the address once."),
    )
    gathering = screened_contact(practitioner)
    police_open = open_request(gathering, "staffs-police", practitioner)
    open_request(gathering, "staffs-education", practitioner)
    stoke_gathering = screened_contact(cast["other_la_worker"], local_authority_code=STOKE)
    open_request(stoke_gathering, "staffs-police", cast["other_la_worker"])
    awaiting = screened_contact(practitioner)
    recommend_outcome(
        contact=awaiting,
        outcome="s17_assessment",
        rationale="Needs a child and family assessment.",
        transfer_to=None,
        by=actor_for(practitioner),
    )
    world.add(About.CONTACT, gathering, stoke_gathering, awaiting)
    ask_for_more_time(
        request=police_open,
        hours=24,
        reason="Our systems are down until tomorrow.",
        by=actor_for(cast["police_researcher"]),
    )
    world.add(About.REQUEST, *InformationRequest.objects.order_by("id"))

    package_for(staffs_one, practitioner, hub["staffs-north-area"], include=[])
    package_for(staffs_two, practitioner, hub["staffs-south-area"], include=[])
    package_for(stoke, cast["other_la_worker"], hub["stoke-assessment"], include=[])
    world.add(About.PACKAGE, *[c.handovers.get() for c in (staffs_one, staffs_two, stoke)])
    world.add(About.PACKAGE, responded_package(cast, hub))

    for contact, person in ((gathering, practitioner), (stoke_gathering, cast["other_la_worker"])):
        discussion = convene_strategy_discussion(
            contact=contact,
            reason="Bruising disclosed; reasonable cause to suspect",
            extra_agencies=[],
            by=actor_for(person),
        )
        world.add(About.DISCUSSION, discussion)
        world.add(
            About.ACTION,
            add_action(
                discussion=discussion,
                description="Check the school's attendance records",
                owner_agency=Agency.objects.get(code="staffs-police"),
                due_on=date.today() + timedelta(days=3),
                by=actor_for(person),
            ),
            add_action(
                discussion=discussion,
                description="Visit the family",
                owner_user=person.user,
                due_on=date.today() + timedelta(days=3),
                by=actor_for(person),
            ),
        )

    people = [
        contact.subjects.order_by("id").first().person
        for contact in (staffs_one, staffs_two, stoke)
    ]
    world.add(About.PERSON, *people)
    first, second, third = people
    world.add(
        About.DUPLICATE,
        DuplicateProposal.objects.create(
            first=first, second=second, match_weight=12.0, probability=0.99
        ),
        DuplicateProposal.objects.create(
            first=first, second=third, match_weight=12.0, probability=0.99
        ),
    )
    extra = Person.objects.create(given_name="Ruby", family_name="Example")
    staffs_two.subjects.create(person=extra, role="sibling")
    world.add(
        About.MERGE,
        merge_people(
            kept=second, absorbed=extra, choices={}, by=actor_for(manager), reason="Same child"
        ),
    )

    world.add(
        About.NOTIFICATION,
        *notify(users=[practitioner.user], subject="Something to do", body="", link="/", by=SYSTEM),
    )
    world.add(
        About.BREAK_GLASS,
        BreakGlassAccess.objects.create(
            user=cast["other_la_worker"].user,
            contact=staffs_one,
            reason="The child has moved to Stoke and is at our hospital tonight.",
            expires_at=timezone.now() + timedelta(hours=4),
        ),
        BreakGlassAccess.objects.create(
            user=practitioner.user,
            contact=stoke,
            reason="The mother has asked our school nurse for help tonight.",
            granted_at=timezone.now() - timedelta(hours=5),
            expires_at=timezone.now() - timedelta(hours=1),
        ),
    )
    world.add(
        About.LEGAL_HOLD,
        *[
            LegalHold.objects.create(
                contact=contact,
                local_authority=contact.local_authority,
                reason="A court case is pending.",
                placed_by=cast["ig_officer"].user,
            )
            for contact in (staffs_two, stoke)
        ],
    )
    return world
