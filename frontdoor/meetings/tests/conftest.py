"""Shared for the meetings tests: a screened red contact in Staffordshire, frozen time, and
helpers that hold and record strategy discussions through the services."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.models import Agency
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.services import (
    Attendance,
    add_action,
    convene_strategy_discussion,
    record_strategy_discussion,
)
from frontdoor.screening.services import screen_contact

# A Friday afternoon: the hub closes at 17:00, the strategy discussion clock does not.
FRIDAY = datetime(2026, 3, 13, 16, 30, tzinfo=LONDON)
SYSTEM = Actor.system("tests")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


def actor_for(person) -> Actor:
    return actor_for_user(person.user)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def received(**overrides):
    return receive_contact(details=contact_details(**overrides), by=SYSTEM)


def screen(contact, person):
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


@pytest.fixture
def contact(hub, practitioner):
    """A screened red, level 4 contact about a Staffordshire child."""
    return screen(received(), practitioner)


def convene(contact, person, *, reason="Bruising disclosed; reasonable cause to suspect", **kw):
    return convene_strategy_discussion(
        contact=contact,
        reason=reason,
        extra_agencies=kw.pop("extra_agencies", []),
        by=actor_for(person),
        **kw,
    )


@pytest.fixture
def discussion(contact, practitioner):
    return convene(contact, practitioner)


def everyone_attended() -> dict[int, Attendance]:
    return {
        agency("staffs-csc").pk: Attendance(attended=True, attendee_name="Alice Practitioner"),
        agency("staffs-police").pk: Attendance(attended=True, attendee_name="DC Jordan Reed"),
        agency("staffs-health").pk: Attendance(attended=True, attendee_name="Nurse Kim Lowe"),
    }


def record(discussion, person, **overrides):
    values: dict[str, Any] = {
        "held_at": FRIDAY + timedelta(hours=1),
        "attendance": everyone_attended(),
        "information_shared": "Police hold two call-outs to the address this year.",
        "decision": "joint_s47",
        "decision_reason": "",
    }
    values.update(overrides)
    return record_strategy_discussion(discussion=discussion, by=actor_for(person), **values)


def action_for_agency(discussion, person, code="staffs-police", **overrides):
    values: dict[str, Any] = {
        "description": "Check the police systems for the mother's partner",
        "owner_agency": agency(code),
        "due_on": date(2026, 3, 16),
    }
    values.update(overrides)
    return add_action(discussion=discussion, by=actor_for(person), **values)


def action_for_person(discussion, person, owner, **overrides):
    values: dict[str, Any] = {
        "description": "Arrange a visit to the child at school",
        "owner_user": owner.user,
        "due_on": date(2026, 3, 14),
    }
    values.update(overrides)
    return add_action(discussion=discussion, by=actor_for(person), **values)
