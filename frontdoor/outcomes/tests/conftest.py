"""Handover fixtures: a decided contact with three answers, one of each marking."""

from datetime import datetime

import pytest
import time_machine

from frontdoor.agencies.roles import Role
from frontdoor.core.calendar import LONDON
from frontdoor.outcomes.services import Inclusion

from .builders import (
    HUB_ONLY,
    REASON,
    RESTRICTED,
    SHAREABLE,
    Said,
    answered,
    decided_contact,
    make_person,
    package_for,
)

TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def contact(practitioner, manager):
    return decided_contact(practitioner, manager)


@pytest.fixture
def answers(contact, police_researcher, health_researcher, education_researcher):
    """One answer of each marking: education shareable, health hub only, police restricted."""
    return {
        "shareable": answered(
            contact,
            agency_code="staffs-education",
            researcher=education_researcher,
            said=Said("shareable", SHAREABLE),
        ),
        "hub_only": answered(
            contact,
            agency_code="staffs-health",
            researcher=health_researcher,
            said=Said("hub_only", HUB_ONLY),
        ),
        "restricted": answered(
            contact,
            agency_code="staffs-police",
            researcher=police_researcher,
            said=Said("restricted", RESTRICTED, systems_checked="Police intelligence systems"),
        ),
    }


@pytest.fixture
def south_worker(hub):
    """A receiving worker in another Staffordshire area team."""
    return make_person(
        "south.worker@test.frontdoor.invalid",
        role=Role.RECEIVING_WORKER,
        team=hub["staffs-south-area"],
        name="Sid South",
    )


@pytest.fixture
def second_manager(hub):
    return make_person(
        "second.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["staffs-mash"],
        name="Meg Manager",
    )


@pytest.fixture
def sent(contact, answers, practitioner, hub):
    """A package of the shareable answer, sent to the north area team."""
    return package_for(
        contact, practitioner, hub["staffs-north-area"], [Inclusion(answers["shareable"].pk)]
    )


@pytest.fixture
def awaiting(contact, answers, practitioner, hub):
    """A practitioner's package asking to include the restricted answer: waits for consent."""
    return package_for(
        contact,
        practitioner,
        hub["staffs-north-area"],
        [Inclusion(answers["shareable"].pk), Inclusion(answers["restricted"].pk, REASON)],
    )
