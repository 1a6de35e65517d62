"""A subject access export holds the person's disability and what the receiving team did for
them, and nothing the team recorded about another child of the contact."""

import json
from datetime import date, datetime
from typing import Any

import pytest
import time_machine

from frontdoor.contacts.tests.factories import child
from frontdoor.core.calendar import LONDON
from frontdoor.governance.subject_access import build_subject_access, export_json
from frontdoor.outcomes.responses import record_team_response
from frontdoor.outcomes.services import acknowledge_handover
from frontdoor.outcomes.tests.builders import actor_for, decided_contact, package_for


@pytest.fixture(autouse=True)
def _on_a_tuesday():
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=LONDON), tick=False):
        yield


def exported(person, officer) -> dict[str, Any]:
    export = build_subject_access(person=person, by=actor_for(officer))
    data: dict[str, Any] = json.loads(json.dumps(export_json(export)))
    return data


def test_the_export_holds_the_disability_and_the_teams_work_for_the_person(
    practitioner, manager, area_worker, ig_officer, hub
):
    contact = decided_contact(
        practitioner,
        manager,
        received_at=datetime(2026, 3, 2, 9, 0, tzinfo=LONDON),
        subjects=[
            child(disability="yes"),
            child(given_name="Leo", role="sibling", date_of_birth=date(2020, 1, 9), nhs_number=""),
        ],
    )
    handover = package_for(contact, practitioner, hub["staffs-north-area"], [])
    worker = actor_for(area_worker)
    acknowledge_handover(handover=handover, by=worker)
    ruby, leo = (contact.subjects.get(person__given_name=name).person for name in ("Ruby", "Leo"))
    for person, kind in ((ruby, "child_and_family_assessment"), (leo, "no_further_action")):
        record_team_response(
            handover=handover, person=person, kind=kind, started_on=date(2026, 3, 4), by=worker
        )

    data = exported(ruby, ig_officer)

    assert data["person"]["disability"] == "Yes"
    [package] = next(c for c in data["contacts"] if c["reference"] == contact.reference)[
        "handovers"
    ]
    assert package["team_responses"] == ["Child and family assessment: started 4 March 2026"]
