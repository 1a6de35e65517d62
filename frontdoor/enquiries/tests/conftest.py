"""The cast acting through their memberships, a screened red contact, and a Tuesday to freeze."""

import pytest
import time_machine

from .factories import TUESDAY, actor, screened_contact


@pytest.fixture
def frozen_on_a_tuesday():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def alice(practitioner):
    return actor(practitioner)


@pytest.fixture
def mo(manager):
    return actor(manager)


@pytest.fixture
def pat(police_researcher):
    return actor(police_researcher)


@pytest.fixture
def hari(health_researcher):
    return actor(health_researcher)


@pytest.fixture
def contact(alice):
    """Ruby (subject child) and Jade (her mother), screened red at level 4 by Alice."""
    return screened_contact(by=alice)
