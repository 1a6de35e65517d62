"""A small synthetic hub in which every piece of free text is a unique marker, for the tests
that follow data to every place it can leave (pages, PDF, JSON, the API) and the audit trail.

Staffordshire, a Tuesday morning. The cast is the shared one (frontdoor/conftest.py).

- **C1**, sent by Staffordshire Police's case system through the API: answered by police
  (shareable), health (restricted) and education (hub only); a strategy discussion with an
  action for police and one for children's social care; decided and handed over to the north
  area team (the area worker's) with the restricted health answer, by a second manager's
  consent. The hub-only education answer stays in the hub.
- **C2**: decided and handed over to the south area team.
- **C3**: decided; its package to the north area team waits for a manager's consent.
- **C4**: a restricted health answer and a discussion with an action for children's social
  care; decided, no package yet.
- **C5** and **C6** name the same child twice; the two records were merged. C2's and C3's
  children are an open pair of possible duplicates.

`World.texts[key]` holds each contact's free text (concern, names, answers, reasons, notes);
`World.package_texts` what the north area team's package carries.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Model
from django.test import Client
from django.utils import timezone

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.models import Agency, Team
from frontdoor.agencies.tokens import IssuedToken, issue_api_token
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details, professional
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import (
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
    LawfulBasis,
)
from frontdoor.enquiries.services import (
    AnswerDetails,
    answer_information_request,
    ask_for_more_time,
    send_information_requests,
)
from frontdoor.meetings.models import Action, StrategyDiscussion
from frontdoor.meetings.services import (
    Attendance,
    add_action,
    convene_strategy_discussion,
    record_strategy_discussion,
)
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover
from frontdoor.outcomes.services import Inclusion, build_handover, decide_handover_consent
from frontdoor.people.models import DuplicateProposal, Person, PersonMerge
from frontdoor.personindex.merging import merge_people
from frontdoor.screening.services import (
    approve_recommendation,
    recommend_outcome,
    screen_contact,
)

SYSTEM = Actor.system("tests")

# The one answer the police researcher must never reach: health's, marked restricted.
RESTRICTED_HEALTH = "RESTRICTED-HEALTH-7f3a the health visitor records a disclosure"
RESTRICTED_HEALTH_SYSTEMS = "RESTRICTED-SYSTEMS-HEALTH-2c9e"
RESTRICTED_HEALTH_C4 = "RESTRICTED-HEALTH-C4-5e8b a second restricted health answer"


@dataclass
class World:
    contacts: dict[str, Contact]
    requests: dict[str, InformationRequest]
    answers: dict[str, InformationResponse]
    discussions: dict[str, StrategyDiscussion]
    actions: dict[str, Action]
    handovers: dict[str, Handover]
    proposal: DuplicateProposal
    merge: PersonMerge
    extension: DeadlineExtension
    police_system: IssuedToken
    texts: dict[str, list[str]] = field(default_factory=dict)
    package_texts: list[str] = field(default_factory=list)

    @property
    def restricted_health(self) -> list[str]:
        return [RESTRICTED_HEALTH, RESTRICTED_HEALTH_SYSTEMS, RESTRICTED_HEALTH_C4]

    def all_texts(self) -> list[str]:
        return [text for texts in self.texts.values() for text in texts]

    def ids(self) -> dict[type[Model], list[int]]:
        """Every object's id, by model: what URL parameters are filled with."""
        subjects = ContactSubject.objects.filter(contact__in=self.contacts.values())
        return {
            Contact: [c.pk for c in self.contacts.values()],
            ContactSubject: list(subjects.values_list("pk", flat=True)),
            InformationRequest: [r.pk for r in self.requests.values()],
            DeadlineExtension: [self.extension.pk],
            StrategyDiscussion: [d.pk for d in self.discussions.values()],
            Action: [a.pk for a in self.actions.values()],
            Handover: [h.pk for h in self.handovers.values()],
            Person: list(Person.objects.values_list("pk", flat=True)),
            DuplicateProposal: [self.proposal.pk],
            PersonMerge: [self.merge.pk],
            Notification: list(Notification.objects.values_list("pk", flat=True)),
        }


def _actor(person: Any) -> Actor:
    return actor_for_user(person.user)


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _person(given: str, family: str, postcode: str, **overrides: object) -> Any:
    values: dict[str, object] = {
        "given_name": given,
        "family_name": family,
        "nhs_number": "",
        "postcode": postcode,
        "address": f"{postcode[-3:]} Marker Road\nStafford",
    }
    values.update(overrides)
    return child(**values)


def _screen(contact: Contact, by: Actor, rationale: str) -> None:
    screen_contact(
        contact=contact,
        threshold_level=4,
        rag_rating="red",
        owning_cohort="childrens_services",
        next_step="information_gathering",
        rationale=rationale,
        by=by,
    )


def _ask(contact: Contact, agencies: tuple[str, ...], by: Actor) -> dict[str, InformationRequest]:
    sent = send_information_requests(
        contact=contact,
        agencies=[_agency(code) for code in agencies],
        subject_ids=list(contact.subjects.values_list("pk", flat=True)),
        questions="What do you know about the family?",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        by=by,
    )
    return {request.agency.code: request for request in sent}


def _answer(
    request: InformationRequest, by: Actor, *, summary: str, marking: str, systems: str = ""
) -> InformationResponse:
    answer_information_request(
        request=request,
        answers=[
            AnswerDetails(
                subject_id=subject.pk,
                finding="found",
                summary=summary,
                systems_checked=systems or "Case records",
                sensitivity=marking,
            )
            for subject in request.subjects.order_by("pk")
        ],
        by=by,
    )
    return InformationResponse.objects.filter(request=request).order_by("pk").first()  # type: ignore[return-value]


def _discussion(contact: Contact, by: Actor, *, reason: str, shared: str) -> StrategyDiscussion:
    discussion = convene_strategy_discussion(
        contact=contact, reason=reason, extra_agencies=[], by=by
    )
    return record_strategy_discussion(
        discussion=discussion,
        held_at=timezone.now(),
        attendance={
            invitee.agency_id: Attendance(attended=True, attendee_name="Attended")
            for invitee in discussion.invitees.all()
        },
        information_shared=shared,
        decision="joint_s47",
        decision_reason="",
        by=by,
    )


def _action(discussion: StrategyDiscussion, by: Actor, *, agency: str, text: str) -> Action:
    return add_action(
        discussion=discussion,
        description=text,
        owner_agency=_agency(agency),
        due_on=timezone.localdate() + timedelta(days=3),
        by=by,
    )


def _decide(contact: Contact, *, practitioner: Actor, manager: Actor, reasons: str) -> None:
    recommendation = recommend_outcome(
        contact=contact, outcome="s17_assessment", rationale=reasons, by=practitioner
    )
    approve_recommendation(recommendation=recommendation, by=manager)
    contact.refresh_from_db()


def _api_contact(token: str, texts: dict[str, str]) -> Contact:
    body = {
        "local_authority_code": "860",
        "referral_source": "5A",
        "referrer": {
            "kind": "professional",
            "name": texts["referrer"],
            "role": "Police constable",
            "organisation": "Staffordshire Police",
            "phone": "01785 000000",
            "email": "officer@police.example",
        },
        "subjects": [
            {
                "given_name": texts["given"],
                "family_name": texts["family"],
                "role": "subject_child",
                "date_of_birth": "2018-05-04",
                "sex": "F",
                "postcode": "ST16 1AA",
            }
        ],
        "cohort": "child",
        "concern": texts["concern"],
        "categories": ["18C"],
        "family_aware": "yes",
        "consent": "not_sought",
        "consent_reason": "A police notification; consent is not sought.",
        "referrer_urgency": "soon",
    }
    response = Client(headers={"Authorization": f"Bearer {token}"}).post(
        "/api/v1/contacts", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return Contact.objects.get(pk=response.json()["id"])


def build_world(cast: dict[str, Any], hub: dict[str, Team]) -> World:
    """The world described above. `cast` holds the shared personas by fixture name, including
    `second_manager` (another Staffordshire MASH manager, who consents to packages)."""
    alice = _actor(cast["practitioner"])
    mo = _actor(cast["manager"])
    meg = _actor(cast["second_manager"])
    pat = _actor(cast["police_researcher"])
    hari = _actor(cast["health_researcher"])
    eddie = _actor(cast["education_researcher"])
    texts: dict[str, list[str]] = {}

    # C1: from the police system's API, handed to the north area team.
    police_system = issue_api_token(
        agency=_agency("staffs-police"), name="Police case system", by=SYSTEM
    )
    c1_words = {
        "given": "Ottoline",
        "family": "Zorquendel",
        "referrer": "Constable Wrenfield Abbotsley",
        "concern": "CONCERN-C1-4b2e officers found the child alone at night",
    }
    c1 = _api_contact(police_system.token, c1_words)
    _screen(c1, alice, "RATIONALE-C1-11aa")
    c1_requests = _ask(c1, ("staffs-police", "staffs-health", "staffs-education"), alice)
    police_c1 = _answer(
        c1_requests["staffs-police"], pat, summary="SHAREABLE-POLICE-C1-c1a0", marking="shareable"
    )
    health_c1 = _answer(
        c1_requests["staffs-health"],
        hari,
        summary=RESTRICTED_HEALTH,
        marking="restricted",
        systems=RESTRICTED_HEALTH_SYSTEMS,
    )
    education_c1 = _answer(
        c1_requests["staffs-education"],
        eddie,
        summary="HUBONLY-EDUCATION-C1-9d1c",
        marking="hub_only",
    )
    d1 = _discussion(c1, alice, reason="DISCUSSION-REASON-C1-3e3e", shared="SHARED-C1-0f0f")
    police_action = _action(d1, alice, agency="staffs-police", text="ACTION-POLICE-C1-6a6a")
    csc_action_c1 = _action(d1, alice, agency="staffs-csc", text="ACTION-CSC-C1-7b7b")
    _decide(c1, practitioner=alice, manager=mo, reasons="OUTCOME-REASONS-C1-8c8c")
    p1 = build_handover(
        contact=c1,
        receiving_team=hub["staffs-north-area"],
        summary="PACKAGE-NOTE-C1-2d2d",
        include=[
            Inclusion(police_c1.pk),
            Inclusion(health_c1.pk, "CONSENT-REASON-C1-1f1f"),
        ],
        by=alice,
    )
    p1 = decide_handover_consent(handover=p1, consent=True, by=meg)
    package_texts = [
        c1_words["given"],
        c1_words["family"],
        c1_words["referrer"],
        c1_words["concern"],
        "SHAREABLE-POLICE-C1-c1a0",
        RESTRICTED_HEALTH,
        RESTRICTED_HEALTH_SYSTEMS,
        "CONSENT-REASON-C1-1f1f",
        "OUTCOME-REASONS-C1-8c8c",
        "PACKAGE-NOTE-C1-2d2d",
    ]
    texts["c1"] = [
        *package_texts,
        "RATIONALE-C1-11aa",
        "HUBONLY-EDUCATION-C1-9d1c",
        "DISCUSSION-REASON-C1-3e3e",
        "SHARED-C1-0f0f",
        "ACTION-POLICE-C1-6a6a",
        "ACTION-CSC-C1-7b7b",
    ]

    # C2: handed over to the south area team.
    c2 = receive_contact(
        details=contact_details(
            subjects=[_person("Bartholomew", "Vexlamber", "ST17 2BB")],
            referrer=professional(name="Wilhelmina Osgoodby"),
            concern="CONCERN-C2-5c5c the child has not been seen for a week",
        ),
        by=SYSTEM,
    )
    _screen(c2, alice, "RATIONALE-C2-22bb")
    c2_requests = _ask(c2, ("staffs-education",), alice)
    education_c2 = _answer(
        c2_requests["staffs-education"], eddie, summary="SHAREABLE-EDU-C2-a2a2", marking="shareable"
    )
    _decide(c2, practitioner=alice, manager=mo, reasons="OUTCOME-REASONS-C2-b2b2")
    p2 = build_handover(
        contact=c2,
        receiving_team=hub["staffs-south-area"],
        summary="PACKAGE-NOTE-C2-c2c2",
        include=[Inclusion(education_c2.pk)],
        by=alice,
    )
    texts["c2"] = [
        "Bartholomew",
        "Vexlamber",
        "Wilhelmina Osgoodby",
        "CONCERN-C2-5c5c",
        "RATIONALE-C2-22bb",
        "SHAREABLE-EDU-C2-a2a2",
        "OUTCOME-REASONS-C2-b2b2",
        "PACKAGE-NOTE-C2-c2c2",
    ]

    # C3: a package to the north area team, waiting for a manager's consent.
    c3 = receive_contact(
        details=contact_details(
            subjects=[_person("Clementine", "Ashquiller", "ST18 3AB")],
            referrer=professional(name="Thaddeus Pennyworth"),
            concern="CONCERN-C3-6d6d the child disclosed being hit",
        ),
        by=SYSTEM,
    )
    _screen(c3, alice, "RATIONALE-C3-33cc")
    c3_requests = _ask(c3, ("staffs-health",), alice)
    health_c3 = _answer(
        c3_requests["staffs-health"], hari, summary="HUBONLY-HEALTH-C3-d3d3", marking="hub_only"
    )
    _decide(c3, practitioner=alice, manager=mo, reasons="OUTCOME-REASONS-C3-e3e3")
    p3 = build_handover(
        contact=c3,
        receiving_team=hub["staffs-north-area"],
        summary="PACKAGE-NOTE-C3-f3f3",
        include=[Inclusion(health_c3.pk, "CONSENT-REASON-C3-0303")],
        by=alice,
    )
    texts["c3"] = [
        "Clementine",
        "Ashquiller",
        "Thaddeus Pennyworth",
        "CONCERN-C3-6d6d",
        "RATIONALE-C3-33cc",
        "HUBONLY-HEALTH-C3-d3d3",
        "OUTCOME-REASONS-C3-e3e3",
        "PACKAGE-NOTE-C3-f3f3",
        "CONSENT-REASON-C3-0303",
    ]

    # C4: a restricted health answer, a discussion, an action for children's social care, an
    # answer from police still waited for (police asked for more time); decided, no package.
    c4 = receive_contact(
        details=contact_details(
            subjects=[_person("Peregrine", "Thistlewaine", "ST19 4DD")],
            referrer=professional(name="Araminta Fulbrook"),
            concern="CONCERN-C4-7e7e the child was found with unexplained burns",
        ),
        by=SYSTEM,
    )
    _screen(c4, alice, "RATIONALE-C4-44dd")
    c4_requests = _ask(c4, ("staffs-health", "staffs-police"), alice)
    health_c4 = _answer(
        c4_requests["staffs-health"], hari, summary=RESTRICTED_HEALTH_C4, marking="restricted"
    )
    extension = ask_for_more_time(
        request=c4_requests["staffs-police"], hours=4, reason="EXTENSION-REASON-C4-1414", by=pat
    )
    d4 = _discussion(c4, alice, reason="DISCUSSION-REASON-C4-4545", shared="SHARED-C4-5656")
    csc_action_c4 = _action(d4, alice, agency="staffs-csc", text="ACTION-CSC-C4-6767")
    _decide(c4, practitioner=alice, manager=mo, reasons="OUTCOME-REASONS-C4-7878")
    texts["c4"] = [
        "Peregrine",
        "Thistlewaine",
        "Araminta Fulbrook",
        "CONCERN-C4-7e7e",
        "RATIONALE-C4-44dd",
        RESTRICTED_HEALTH_C4,
        "DISCUSSION-REASON-C4-4545",
        "SHARED-C4-5656",
        "ACTION-CSC-C4-6767",
        "OUTCOME-REASONS-C4-7878",
        "EXTENSION-REASON-C4-1414",
    ]

    # C5 and C6: one child recorded twice, merged; C2's and C3's children: an open pair.
    twins = [
        receive_contact(
            details=contact_details(
                subjects=[
                    _person("Marchetta", "Duplowe", "ST20 5EE", date_of_birth=date(2017, 1, 9))
                ],
                referrer=professional(name="Cressida Hollinshead"),
                concern=f"CONCERN-{key}-8f8f the child is often late and hungry",
            ),
            by=SYSTEM,
        )
        for key in ("C5", "C6")
    ]
    kept, absorbed = (contact.subjects.get().person for contact in twins)
    merge = merge_people(
        kept=kept, absorbed=absorbed, choices={}, by=mo, reason="MERGE-REASON-9090"
    )
    texts["c5"] = [
        "Marchetta",
        "Duplowe",
        "Cressida Hollinshead",
        "CONCERN-C5-8f8f",
        "CONCERN-C6-8f8f",
        "MERGE-REASON-9090",
    ]
    first, second = sorted([c2.subjects.get().person_id, c3.subjects.get().person_id])
    proposal = DuplicateProposal.objects.create(
        first_id=first, second_id=second, match_weight=3.0, probability=0.9, explanation=[]
    )

    for contact in (c1, c2, c3, c4):
        contact.refresh_from_db()
    return World(
        contacts={"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": twins[0], "c6": twins[1]},
        requests={
            **{f"c1-{code}": request for code, request in c1_requests.items()},
            "c2-staffs-education": c2_requests["staffs-education"],
            "c3-staffs-health": c3_requests["staffs-health"],
            **{f"c4-{code}": request for code, request in c4_requests.items()},
        },
        answers={
            "c1-police": police_c1,
            "c1-health": health_c1,
            "c1-education": education_c1,
            "c2-education": education_c2,
            "c3-health": health_c3,
            "c4-health": health_c4,
        },
        discussions={"c1": d1, "c4": d4},
        actions={"c1-police": police_action, "c1-csc": csc_action_c1, "c4-csc": csc_action_c4},
        handovers={"p1": p1, "p2": p2, "p3": p3},
        proposal=proposal,
        merge=merge,
        extension=extension,
        police_system=police_system,
        texts=texts,
        package_texts=package_texts,
    )
