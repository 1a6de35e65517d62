"""Who sees which requests and answers: scope first, then the answer's marking."""

import pytest
from django.http import Http404

from frontdoor.audit.models import AuditEvent
from frontdoor.enquiries.selectors import (
    get_request_for_viewing,
    inbox_queue,
    requests_visible_to,
    visible_answers,
)

from .factories import actor, answered, screened_contact, sent_requests

pytestmark = pytest.mark.usefixtures("frozen_on_a_tuesday")


@pytest.fixture
def requests(alice):
    contact = screened_contact(by=alice)
    police, health, education = sent_requests(contact, by=alice)
    return {"police": police, "health": health, "education": education}


def visible(person):
    return sorted(requests_visible_to(actor(person)).values_list("agency__code", flat=True))


def test_the_mash_sees_every_request_on_its_authoritys_contacts(
    requests, practitioner, manager, contact_officer
):
    for person in (practitioner, manager, contact_officer):
        assert visible(person) == ["staffs-education", "staffs-health", "staffs-police"]


def test_each_researcher_sees_only_their_own_agencys_requests(
    requests, police_researcher, health_researcher, education_researcher
):
    assert visible(police_researcher) == ["staffs-police"]
    assert visible(health_researcher) == ["staffs-health"]
    assert visible(education_researcher) == ["staffs-education"]


def test_nobody_else_sees_any(
    requests, other_la_worker, analyst, area_worker, ig_officer, administrator, outsider
):
    for person in (other_la_worker, analyst, area_worker, ig_officer, administrator, outsider):
        assert visible(person) == [], person.email


def test_another_agencys_request_is_not_found_and_a_read_is_audited(
    requests, police_researcher, health_researcher
):
    police = requests["police"]

    with pytest.raises(Http404):
        get_request_for_viewing(actor(health_researcher), police.pk)
    assert get_request_for_viewing(actor(police_researcher), police.pk) == police

    event = AuditEvent.objects.get(action="information_request.viewed")
    assert (event.actor_id, event.object_id) == (police_researcher.user.pk, str(police.pk))


def test_the_inbox_lists_waiting_requests_soonest_due_first(requests, alice, health_researcher):
    later = screened_contact(by=alice, rag="amber")
    [amber] = sent_requests(later, ("staffs-health",), by=alice)

    queue = list(inbox_queue(actor(health_researcher)))

    assert queue == [requests["health"], amber]
    assert [r.people for r in queue] == [2, 2]  # type: ignore[attr-defined]


def test_a_restricted_answer_is_a_line_for_a_practitioner_and_readable_for_a_manager(
    requests, practitioner, manager, police_researcher, health_researcher
):
    answered(requests["police"], by=actor(police_researcher), sensitivity="restricted")
    answered(requests["health"], by=actor(health_researcher), sensitivity="hub_only")
    contact = requests["police"].contact

    for_alice = visible_answers(actor(practitioner), contact)
    for_mo = visible_answers(actor(manager), contact)

    readable = {(line.agency, line.answer.sensitivity, line.readable) for line in for_alice}
    assert readable == {
        ("Staffordshire Police", "restricted", False),
        ("Staffordshire and Stoke-on-Trent health safeguarding", "hub_only", True),
    }
    assert all(line.readable for line in for_mo)
    police_line = next(line for line in for_alice if line.agency == "Staffordshire Police")
    assert police_line.who_may_read == ("Only MASH managers and Staffordshire Police can read it.")
