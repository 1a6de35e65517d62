"""Every read of a person, contact, information request, answer, strategy discussion or package,
every search and every export is an audit event: one per thing read, naming who (role, agency),
what, and from where (the address the request came from).

One row per page or API operation: the persona who may open it, the action and the target the
event must name. Each request is checked for exactly one event of that action about that
target, and no read audited twice.
"""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client

from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent

from .marked_world import World

ADDRESS = "198.51.100.23"
# Each persona's role and agency, as the events must copy them.
CAPACITY = {
    "practitioner": (Role.PRACTITIONER, "staffs-csc"),
    "manager": (Role.MANAGER, "staffs-csc"),
    "police_researcher": (Role.AGENCY_RESEARCHER, "staffs-police"),
    "health_researcher": (Role.AGENCY_RESEARCHER, "staffs-health"),
    "area_worker": (Role.RECEIVING_WORKER, "staffs-csc"),
    "analyst": (Role.ANALYST, "staffs-csc"),
    "police_system": ("partner_system", "staffs-police"),
}

# The intake pages, up to the person: someone already known from C2 (same name, date of
# birth and address).
RECEIVED = {
    "received_date_day": "10",
    "received_date_month": "3",
    "received_date_year": "2026",
    "received_time": "09:15",
    "channel": "phone",
    "referral_source": "2A",
}
REFERRER = {
    "kind": "professional",
    "name": "Sam Teacher",
    "role": "Designated safeguarding lead",
    "organisation": "Example Primary School",
    "phone": "01782 000000",
    "email": "dsl@school.example",
}
KNOWN_CHILD = {
    "given_name": "Bartholomew",
    "family_name": "Vexlamber",
    "role": "subject_child",
    "date_of_birth_day": "4",
    "date_of_birth_month": "5",
    "date_of_birth_year": "2018",
    "sex": "F",
    "ethnicity": "",
    "address": "2BB Marker Road\nStafford",
    "postcode": "ST17 2BB",
    "nhs_number": "",
    "upn": "",
}


def _start_a_contact(client: Client) -> None:
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)


def _enter_the_known_child(client: Client) -> None:
    _start_a_contact(client)
    assert client.post("/contacts/new/person", KNOWN_CHILD).status_code == 302


@dataclass(frozen=True)
class Row:
    id: str
    persona: str
    path: Callable[[World], str]
    action: str
    target: Callable[[World], Model | None] = lambda world: None
    details: Callable[[World], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Client], None] | None = None


def _pk(model: Model) -> int:
    return int(model.pk)


def _child(world: World, key: str) -> Model:
    return world.contacts[key].subjects.get().person


ROWS = [
    # Contacts and what the contact page shows.
    Row(
        "contact page",
        "practitioner",
        lambda w: f"/contacts/{_pk(w.contacts['c1'])}",
        "contact.viewed",
        lambda w: w.contacts["c1"],
    ),
    Row(
        "contact page: the answers a manager reads",
        "manager",
        lambda w: f"/contacts/{_pk(w.contacts['c1'])}",
        "information_request.answers_viewed",
        lambda w: w.contacts["c1"],
        lambda w: {
            "responses": sorted(
                _pk(w.answers[k]) for k in ("c1-police", "c1-health", "c1-education")
            )
        },
    ),
    Row(
        "contact page: the strategy discussion",
        "practitioner",
        lambda w: f"/contacts/{_pk(w.contacts['c1'])}",
        "strategy_discussion.viewed",
        lambda w: w.discussions["c1"],
    ),
    Row(
        "screening a contact",
        "practitioner",
        lambda w: f"/contacts/{_pk(w.contacts['c4'])}/screen",
        "contact.viewed",
        lambda w: w.contacts["c4"],
    ),
    Row(
        "sending information requests",
        "practitioner",
        lambda w: f"/contacts/{_pk(w.contacts['c1'])}/information-requests/new",
        "contact.viewed",
        lambda w: w.contacts["c1"],
    ),
    Row(
        "holding a strategy discussion",
        "practitioner",
        lambda w: f"/contacts/{_pk(w.contacts['c4'])}/strategy-discussions/new",
        "contact.viewed",
        lambda w: w.contacts["c4"],
    ),
    Row(
        "building a package",
        "manager",
        lambda w: f"/contacts/{_pk(w.contacts['c4'])}/handover/new",
        "contact.viewed",
        lambda w: w.contacts["c4"],
    ),
    Row(
        "building a package: the answers on it",
        "manager",
        lambda w: f"/contacts/{_pk(w.contacts['c4'])}/handover/new",
        "information_request.answers_viewed",
        lambda w: w.contacts["c4"],
        lambda w: {"responses": [_pk(w.answers["c4-health"])]},
    ),
    # Information requests and answers.
    Row(
        "an information request",
        "health_researcher",
        lambda w: f"/information-requests/{_pk(w.requests['c1-staffs-health'])}",
        "information_request.viewed",
        lambda w: w.requests["c1-staffs-health"],
        lambda w: {"request": _pk(w.requests["c1-staffs-health"]), "agency": "staffs-health"},
    ),
    Row(
        "an information request: its answers",
        "health_researcher",
        lambda w: f"/information-requests/{_pk(w.requests['c1-staffs-health'])}",
        "information_request.answers_viewed",
        lambda w: w.contacts["c1"],
        lambda w: {"responses": [_pk(w.answers["c1-health"])]},
    ),
    Row(
        "answering",
        "police_researcher",
        lambda w: f"/information-requests/{_pk(w.requests['c4-staffs-police'])}/answer",
        "information_request.viewed",
        lambda w: w.requests["c4-staffs-police"],
    ),
    Row(
        "asking for more time",
        "police_researcher",
        lambda w: f"/information-requests/{_pk(w.requests['c1-staffs-police'])}/more-time",
        "information_request.viewed",
        lambda w: w.requests["c1-staffs-police"],
    ),
    Row(
        "withdrawing a request",
        "practitioner",
        lambda w: f"/information-requests/{_pk(w.requests['c4-staffs-police'])}/withdraw",
        "information_request.viewed",
        lambda w: w.requests["c4-staffs-police"],
    ),
    Row(
        "the agency inbox",
        "police_researcher",
        lambda w: "/information-requests/",
        "information_request.inbox_viewed",
    ),
    Row(
        "timeliness",
        "analyst",
        lambda w: "/information-requests/timeliness",
        "information_request.timeliness_viewed",
    ),
    # Strategy discussions and actions.
    Row(
        "a strategy discussion",
        "practitioner",
        lambda w: f"/strategy-discussions/{_pk(w.discussions['c1'])}",
        "strategy_discussion.viewed",
        lambda w: w.discussions["c1"],
        lambda w: {"contact": _pk(w.contacts["c1"])},
    ),
    Row(
        "recording a strategy discussion",
        "practitioner",
        lambda w: f"/strategy-discussions/{_pk(w.discussions['c4'])}/record",
        "strategy_discussion.viewed",
        lambda w: w.discussions["c4"],
    ),
    Row(
        "adding an action",
        "manager",
        lambda w: f"/strategy-discussions/{_pk(w.discussions['c4'])}/actions/new",
        "strategy_discussion.viewed",
        lambda w: w.discussions["c4"],
    ),
    Row("the actions queue", "police_researcher", lambda w: "/actions/", "work.actions_viewed"),
    Row(
        "an action",
        "police_researcher",
        lambda w: f"/actions/{_pk(w.actions['c1-police'])}/complete",
        "strategy_discussion.action_viewed",
        lambda w: w.actions["c1-police"],
    ),
    # Packages: the page, the two exports, and consent.
    Row("the handovers inbox", "area_worker", lambda w: "/handovers/", "handover.inbox_viewed"),
    Row(
        "a package",
        "area_worker",
        lambda w: f"/handovers/{_pk(w.handovers['p1'])}",
        "package.viewed",
        lambda w: w.handovers["p1"],
    ),
    Row(
        "a package as PDF",
        "area_worker",
        lambda w: f"/handovers/{_pk(w.handovers['p1'])}/package.pdf",
        "package.exported",
        lambda w: w.handovers["p1"],
        lambda w: {"format": "pdf"},
    ),
    Row(
        "a package as JSON",
        "area_worker",
        lambda w: f"/handovers/{_pk(w.handovers['p1'])}/package.json",
        "package.exported",
        lambda w: w.handovers["p1"],
        lambda w: {"format": "json"},
    ),
    Row(
        "consenting to a package",
        "manager",
        lambda w: f"/handovers/{_pk(w.handovers['p3'])}/consent",
        "package.viewed",
        lambda w: w.handovers["p3"],
    ),
    Row(
        "consenting to a package: the answers it would carry",
        "manager",
        lambda w: f"/handovers/{_pk(w.handovers['p3'])}/consent",
        "information_request.answers_viewed",
        lambda w: w.contacts["c3"],
        lambda w: {"responses": [_pk(w.answers["c3-health"])]},
    ),
    # People and searches.
    Row(
        "a person",
        "practitioner",
        lambda w: f"/people/{_pk(_child(w, 'c1'))}/",
        "person.viewed",
        lambda w: _child(w, "c1"),
    ),
    Row(
        "possible duplicates",
        "manager",
        lambda w: "/people/duplicates/",
        "duplicates.queue_viewed",
        details=lambda w: {
            "page": 1,
            "person_ids": [w.proposal.first_id, w.proposal.second_id],
        },
    ),
    Row(
        "a pair of possible duplicates",
        "manager",
        lambda w: f"/people/duplicates/{_pk(w.proposal)}/",
        "duplicate.viewed",
        lambda w: w.proposal,
        lambda w: {"person_ids": [w.proposal.first_id, w.proposal.second_id]},
    ),
    Row(
        "a merge",
        "manager",
        lambda w: f"/people/merges/{_pk(w.merge)}/",
        "merge.viewed",
        lambda w: w.merge,
        lambda w: {"person_ids": sorted([w.merge.kept_id, w.merge.absorbed_id])},
    ),
    Row(
        "intake: is this someone we already know? (the search)",
        "practitioner",
        lambda w: "/contacts/new/person",
        "person.searched",
        details=lambda w: {"candidates": 1, "where": "intake"},
        method="post",
        data=KNOWN_CHILD,
        prepare=_start_a_contact,
    ),
    Row(
        "intake: the records offered (the search again)",
        "practitioner",
        lambda w: "/contacts/new/people/0/record",
        "person.searched",
        details=lambda w: {"candidates": 1, "where": "intake"},
        prepare=_enter_the_known_child,
    ),
    Row(
        "intake: the records offered (each record shown)",
        "practitioner",
        lambda w: "/contacts/new/people/0/record",
        "person.candidates_shown",
        details=lambda w: {"person_ids": [_pk(_child(w, "c2"))], "where": "intake"},
        prepare=_enter_the_known_child,
    ),
    Row("a home page", "practitioner", lambda w: "/", "home.viewed"),
    # The partner API.
    Row(
        "API: a contact",
        "police_system",
        lambda w: f"/api/v1/contacts/{_pk(w.contacts['c1'])}",
        "contact.viewed",
        lambda w: w.contacts["c1"],
    ),
    Row("API: the list", "police_system", lambda w: "/api/v1/contacts", "api.contacts_listed"),
]


def _client(request: pytest.FixtureRequest, world: World, persona: str, sign_in) -> Client:
    if persona == "police_system":
        return Client(headers={"Authorization": f"Bearer {world.police_system.token}"})
    client: Client = sign_in(request.getfixturevalue(persona))
    return client


def test_each_read_is_audited_once_with_who_what_and_where(request, world, sign_in, subtests):
    for row in ROWS:
        with subtests.test(row.id):
            _check(row, world, _client(request, world, row.persona, sign_in))


def _check(row: Row, world: World, client: Client) -> None:
    if row.prepare is not None:
        row.prepare(client)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    send = client.post if row.method == "post" else client.get
    response = send(row.path(world), row.data, REMOTE_ADDR=ADDRESS)

    assert response.status_code in (200, 302), response.content[:400]
    events = list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))
    target = row.target(world)
    [event] = [
        e
        for e in events
        if e.action == row.action and e.object_id == (str(target.pk) if target is not None else "")
    ]
    assert event.object_type == (target._meta.label_lower if target is not None else "")
    role, agency = CAPACITY[row.persona]
    assert (event.actor_role, event.actor_agency, event.ip_address) == (role, agency, ADDRESS)
    if target is not None:
        assert event.local_authority == "860"  # Staffordshire's, whoever read it
    if row.details is not None:
        assert event.details == row.details(world)
    # Nothing read in this request is audited twice.
    twice = [
        key
        for key, count in Counter((e.action, e.object_type, e.object_id) for e in events).items()
        if count > 1
    ]
    assert twice == []


def test_a_search_is_audited_without_what_was_searched_for(world, practitioner, sign_in):
    client = sign_in(practitioner)
    _start_a_contact(client)

    client.post("/contacts/new/person", KNOWN_CHILD)

    [event] = AuditEvent.objects.filter(action="person.searched")
    recorded = json.dumps([event.details, event.object_id, event.object_type, event.actor_label])
    for searched in ("Bartholomew", "Vexlamber", "ST17", "2018"):
        assert searched not in recorded


def test_a_search_that_finds_nobody_is_audited_too(world, practitioner, sign_in):
    client = sign_in(practitioner)
    _start_a_contact(client)

    response = client.post(
        "/contacts/new/person",
        {
            **KNOWN_CHILD,
            "given_name": "Quintessa",
            "family_name": "Nobody",
            "date_of_birth_year": "2011",
            "address": "9 Elsewhere Lane\nLeek",
            "postcode": "ST13 5AB",
        },
    )

    assert response["Location"] == "/contacts/new/people"
    [event] = AuditEvent.objects.filter(action="person.searched")
    assert event.details == {"candidates": 0, "where": "intake"}


def test_a_page_refused_to_a_persona_audits_no_read(world, police_researcher, sign_in):
    """Out of scope is a 404 and nothing was read: no event claims a read happened."""
    client = sign_in(police_researcher)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    responses = [
        client.get(f"/information-requests/{world.requests['c1-staffs-health'].pk}"),
        client.get(f"/handovers/{world.handovers['p1'].pk}/package.pdf"),
        client.get(f"/contacts/{world.contacts['c1'].pk}"),
    ]

    assert all(r.status_code in (403, 404) for r in responses)
    assert not AuditEvent.objects.filter(pk__gt=before, action__endswith="viewed").exists()
    assert not AuditEvent.objects.filter(pk__gt=before, action="package.exported").exists()
