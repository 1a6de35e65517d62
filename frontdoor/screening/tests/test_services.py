"""Screening, recommending and deciding: the consent rule, RAG clocks and four eyes."""

from datetime import datetime, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.models import ClockBasis, LocalAuthority, RagTimescale
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.screening.models import ManagerDecision
from frontdoor.screening.services import (
    approve_recommendation,
    recommend_outcome,
    return_recommendation,
    screen_contact,
)


@pytest.fixture
def alice(practitioner):
    return actor_for_user(practitioner.user)


@pytest.fixture
def mo(manager):
    return actor_for_user(manager.user)


def screen(contact, by, *, level=4, rag="red", next_step="information_gathering"):
    return screen_contact(
        contact=contact,
        threshold_level=level,
        rag_rating=rag,
        owning_cohort="childrens_services",
        next_step=next_step,
        rationale="Bruising and fear of going home",
        by=by,
    )


def screened_and_recommended(alice, outcome="s47_strategy"):
    contact = receive_contact(details=contact_details(), by=alice)
    screen(contact, alice)
    return contact, recommend_outcome(
        contact=contact, outcome=outcome, rationale="Significant harm", by=alice
    )


def test_below_child_protection_refused_consent_stops_information_gathering(alice):
    contact = receive_contact(
        details=contact_details(consent="refused", consent_reason=""), by=alice
    )
    with pytest.raises(ValidationError) as raised:
        screen(contact, alice, level=3, rag="amber")
    assert "refused consent" in raised.value.message_dict["next_step"][0]
    assert not contact.screenings.exists()


def test_a_child_protection_concern_goes_ahead_without_consent(alice):
    contact = receive_contact(
        details=contact_details(consent="refused", consent_reason=""), by=alice
    )
    screen(contact, alice, level=4)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.INFORMATION_GATHERING


def test_refused_consent_can_still_be_screened_to_a_recommendation(alice):
    contact = receive_contact(
        details=contact_details(consent="refused", consent_reason=""), by=alice
    )
    screen(contact, alice, level=2, rag="green", next_step="recommend")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING


def test_a_red_rating_on_friday_afternoon_is_due_on_monday_morning(alice):
    contact = receive_contact(details=contact_details(), by=alice)
    with time_machine.travel(datetime(2026, 11, 20, 16, 30, tzinfo=LONDON), tick=False):
        decision = screen(contact, alice)
    # Staffordshire's demo hub opens 08:30-17:00: 30 minutes on Friday, 90 on Monday.
    assert decision.rag_due_at == datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def test_the_rag_clock_crosses_the_end_of_british_summer_time(alice):
    contact = receive_contact(details=contact_details(), by=alice)
    with time_machine.travel(datetime(2026, 10, 23, 16, 0, tzinfo=LONDON), tick=False):
        decision = screen(contact, alice, level=3, rag="amber")
    # Friday 16:00 BST: 1 hour, then 5 hours from Monday 08:30 GMT.
    assert decision.rag_due_at == datetime(2026, 10, 26, 13, 30, tzinfo=LONDON)
    assert decision.rag_due_at.astimezone(LONDON).utcoffset().total_seconds() == 0


def test_an_authority_can_run_its_clocks_around_the_clock_with_its_own_hours(alice):
    staffordshire = LocalAuthority.objects.get(code="860")
    LocalAuthority.objects.filter(pk=staffordshire.pk).update(
        rag_clock_basis=ClockBasis.CLOCK_HOURS
    )
    RagTimescale.objects.create(local_authority=staffordshire, rating_id="red", hours=4)
    contact = receive_contact(details=contact_details(), by=alice)
    with time_machine.travel(datetime(2026, 3, 28, 23, 0, tzinfo=LONDON), tick=False):
        decision = screen(contact, alice)
    # Saturday 23:00 GMT + 4 real hours crosses the spring change: 04:00 BST on Sunday.
    assert decision.rag_due_at == datetime(2026, 3, 29, 4, 0, tzinfo=LONDON)


def test_the_recommender_can_never_approve_their_own_recommendation(alice, mo, manager):
    _, recommendation = screened_and_recommended(mo)  # the manager recommended it
    with pytest.raises(PermissionDenied, match="your own recommendation"):
        approve_recommendation(recommendation=recommendation, by=mo)
    assert not ManagerDecision.objects.exists()


def test_a_practitioner_cannot_approve(alice):
    _, recommendation = screened_and_recommended(alice)
    with pytest.raises(PermissionDenied):
        approve_recommendation(recommendation=recommendation, by=alice)


def test_a_manager_approves_and_the_contact_is_decided_with_its_history(alice, mo):
    contact, recommendation = screened_and_recommended(alice)
    approve_recommendation(recommendation=recommendation, by=mo)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert [c.to_status for c in contact.status_changes.all()] == [
        "received",
        "information_gathering",
        "awaiting_decision",
        "decided",
    ]
    assert AuditEvent.objects.filter(action="contact.decision_approved", actor=mo.user).count() == 1


def test_an_approved_decision_cannot_be_decided_again(alice, mo):
    _, recommendation = screened_and_recommended(alice)
    approve_recommendation(recommendation=recommendation, by=mo)
    with pytest.raises(ValidationError, match="already been decided"):
        return_recommendation(recommendation=recommendation, reason="Changed my mind", by=mo)


def test_a_return_needs_a_reason_and_sends_the_contact_back_to_screening(alice, mo):
    contact, recommendation = screened_and_recommended(alice)
    with pytest.raises(ValidationError):
        return_recommendation(recommendation=recommendation, reason="  ", by=mo)
    return_recommendation(recommendation=recommendation, reason="Check with health first", by=mo)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING
    assert contact.status_changes.last().reason == "Returned: Check with health first"
    second = recommend_outcome(
        contact=contact, outcome="s17_assessment", rationale="After health", by=alice
    )
    approve_recommendation(recommendation=second, by=mo)
    assert contact.recommendations.count() == 2


def test_a_recommendation_needs_a_screening_first(alice):
    contact = receive_contact(details=contact_details(), by=alice)
    with pytest.raises(ValidationError, match="Screen the contact"):
        recommend_outcome(contact=contact, outcome="nfa", rationale="Nothing to do", by=alice)


def test_a_transfer_names_another_authority(alice):
    contact = receive_contact(details=contact_details(), by=alice)
    screen(contact, alice)
    with pytest.raises(ValidationError) as raised:
        recommend_outcome(contact=contact, outcome="transfer", rationale="Moved", by=alice)
    assert "transfer_to" in raised.value.message_dict
    walsall = LocalAuthority.objects.get(code="335")
    recommendation = recommend_outcome(
        contact=contact, outcome="transfer", rationale="Moved", transfer_to=walsall, by=alice
    )
    assert recommendation.transfer_to == walsall


def test_only_mash_practitioners_and_managers_screen(police_researcher, alice):
    contact = receive_contact(details=contact_details(), by=alice)
    with pytest.raises(PermissionDenied):
        screen(contact, actor_for_user(police_researcher.user))


def test_hub_hours_are_per_authority(alice):
    stoke = LocalAuthority.objects.get(code="861")
    assert (stoke.hub_opens_at, stoke.hub_closes_at) == (time(8, 30), time(17, 0))
