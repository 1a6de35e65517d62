"""The marked world (every free text a unique marker), at a fixed Tuesday morning, shared by
the audit-coverage and markings tests."""

from datetime import datetime

import pytest
import time_machine

from frontdoor.agencies.roles import Role
from frontdoor.core.calendar import LONDON
from frontdoor.outcomes.tests.builders import make_person

from .marked_world import World, build_world

TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def second_manager(hub):
    return make_person(
        "second.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["staffs-mash"],
        name="Meg Manager",
    )


@pytest.fixture
def world(
    hub,
    practitioner,
    manager,
    second_manager,
    police_researcher,
    health_researcher,
    education_researcher,
    area_worker,
    analyst,
) -> World:
    """The marked world; the area worker and analyst exist before it is built, as the
    packages and pages expect."""
    cast = {
        "practitioner": practitioner,
        "manager": manager,
        "second_manager": second_manager,
        "police_researcher": police_researcher,
        "health_researcher": health_researcher,
        "education_researcher": education_researcher,
    }
    return build_world(cast, hub)
