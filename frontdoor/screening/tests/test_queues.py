"""Work queues: scoped to the authority, sorted by due time, overdue computed from the clock."""

from datetime import datetime, timedelta

import time_machine

from frontdoor.agencies.actors import actor_for_user
from frontdoor.contacts.services import receive_contact, take_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.screening.selectors import my_queue, overdue, pending_approvals, team_unallocated
from frontdoor.screening.services import recommend_outcome, screen_contact

MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)


def test_queues_are_sorted_by_due_time_and_overdue_is_computed(practitioner, other_la_worker):
    alice = actor_for_user(practitioner.user)
    with time_machine.travel(MONDAY, tick=False):
        thursday = MONDAY - timedelta(days=4)  # due Friday 10:00, so overdue on Monday
        older = receive_contact(details=contact_details(received_at=thursday), by=alice)
        newer = receive_contact(details=contact_details(), by=alice)
        stoke = receive_contact(details=contact_details(local_authority_code="861"), by=alice)
        assert [c.pk for c in team_unallocated(alice)] == [older.pk, newer.pk]
        assert [c.pk for c in overdue(alice)] == [older.pk]
        assert [c.pk for c in team_unallocated(actor_for_user(other_la_worker.user))] == [stoke.pk]
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        assert {c.pk for c in overdue(alice)} == {older.pk, newer.pk}


def test_a_red_screening_puts_the_contact_ahead_on_its_rag_clock(practitioner):
    alice = actor_for_user(practitioner.user)
    with time_machine.travel(MONDAY, tick=False):
        first = receive_contact(details=contact_details(), by=alice)
        second = receive_contact(details=contact_details(), by=alice)
        for contact in (first, second):
            take_contact(contact=contact, by=alice)
        screen_contact(
            contact=second,
            threshold_level=4,
            rag_rating="red",
            owning_cohort="childrens_services",
            next_step="information_gathering",
            rationale="Injury",
            by=alice,
        )
        queue = list(my_queue(alice))
    assert [c.pk for c in queue] == [second.pk, first.pk]
    assert queue[0].due_at == MONDAY + timedelta(hours=2)  # type: ignore[attr-defined]
    assert queue[0].rag_code == "red"  # type: ignore[attr-defined]


def test_pending_approvals_lists_what_waits_for_a_manager(practitioner, manager):
    alice = actor_for_user(practitioner.user)
    contact = receive_contact(details=contact_details(), by=alice)
    screen_contact(
        contact=contact,
        threshold_level=2,
        rag_rating="green",
        owning_cohort="childrens_services",
        next_step="recommend",
        rationale="Low level",
        by=alice,
    )
    assert not pending_approvals(actor_for_user(manager.user)).exists()
    recommend_outcome(
        contact=contact, outcome="information_and_advice", rationale="Advice given", by=alice
    )
    assert [c.pk for c in pending_approvals(actor_for_user(manager.user))] == [contact.pk]


def test_people_outside_the_mash_see_no_queue(police_researcher, practitioner):
    receive_contact(details=contact_details(), by=actor_for_user(practitioner.user))
    assert not team_unallocated(actor_for_user(police_researcher.user)).exists()
