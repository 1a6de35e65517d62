"""The funnel, decided outcomes and re-referrals within 12 months."""

from datetime import date

import pytest
import time_machine

from frontdoor.people.models import Person
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import scope_for_authorities
from frontdoor.reporting.tables import Table

from .event_log import at, decided, handed_over, received, requested, screened

pytestmark = pytest.mark.django_db

START, END = date(2025, 9, 1), date(2025, 9, 30)


def tables(codes=("860",)) -> dict[str, Table]:
    with time_machine.travel(at("2025-10-01", "12:00"), tick=False):
        report = REPORTS["funnel"].build(
            scope_for_authorities(list(codes), start=START, end=END), False
        )
    return {table.key: table for table in report.tables}


def test_the_funnel_follows_contacts_received_in_the_period(hub, practitioner, manager):
    received(at("2025-09-01", "09:00"))  # received only
    screened(received(at("2025-09-01", "09:00")), at("2025-09-01", "10:00"), practitioner)
    asked = received(at("2025-09-02", "09:00"))
    decided(
        asked,
        outcome="nfa",
        screened_at=at("2025-09-02", "10:00"),
        recommended_at=at("2025-09-02", "11:00"),
        approved_at=at("2025-09-02", "12:00"),
        practitioner=practitioner,
        manager=manager,
    )
    requested(
        asked,
        agency="staffs-police",
        sent_at=at("2025-09-02", "10:30"),
        due_at=at("2025-09-02", "12:30"),
        answered_at=None,
        by=practitioner,
    )
    sent = decided(
        received(at("2025-09-03", "09:00")),
        outcome="s17_assessment",
        screened_at=at("2025-09-03", "10:00"),
        recommended_at=at("2025-09-03", "11:00"),
        approved_at=at("2025-09-03", "12:00"),
        practitioner=practitioner,
        manager=manager,
    )
    handed_over(
        sent,
        team=hub["staffs-north-area"],
        sent_at=at("2025-09-03", "13:00"),
        due_at=at("2025-09-04", "13:00"),
        acknowledged_at=at("2025-09-03", "15:00"),
        by=manager,
    )
    received(at("2025-08-31", "23:00"))  # before the period

    report = tables()

    assert report["funnel"].rows == (
        ("Received", 4, 100.0),
        ("Screened", 3, 75.0),
        ("Information requested from partners", 1, 25.0),
        ("Outcome recommended", 2, 50.0),
        ("Decision approved", 2, 50.0),
        ("Handed over", 1, 25.0),
        ("Acknowledged by the receiving team", 1, 25.0),
    )
    outcomes = {row[0]: row[1:] for row in report["outcomes"].rows}
    assert outcomes["No further action"] == (1, 50.0)
    assert outcomes["Child and family assessment (section 17)"] == (1, 50.0)
    assert outcomes["Early help"] == (0, 0.0)


def test_a_child_named_again_within_12_months_is_a_re_referral(hub):
    ruby = received(at("2025-03-01", "10:00")).subjects.get().person
    received(at("2025-09-01", "10:00"), existing_person_id=ruby.pk)  # re-referral

    old = received(at("2024-08-01", "10:00")).subjects.get().person
    received(at("2025-09-02", "10:00"), existing_person_id=old.pk)  # 13 months: not

    elsewhere = received(at("2025-05-01", "10:00"), la="861").subjects.get().person
    received(at("2025-09-03", "10:00"), existing_person_id=elsewhere.pk)  # other authority: not

    # A duplicate record of the same child, merged into the kept one but still named.
    kept = received(at("2025-06-01", "10:00")).subjects.get().person
    duplicate = received(at("2025-09-04", "10:00")).subjects.get().person
    Person.objects.filter(pk=duplicate.pk).update(merged_into=kept)

    received(at("2025-09-05", "10:00"), cohort="adult_at_risk")  # not a child contact

    [row] = tables()["re_referrals"].rows

    assert row == ("Staffordshire", 4, 2, 50.0)


def test_the_re_referral_table_has_a_row_per_authority_and_a_total(hub):
    received(at("2025-09-01", "10:00"))
    received(at("2025-09-01", "10:00"), la="861")

    assert tables(("860", "861"))["re_referrals"].rows == (
        ("Staffordshire", 1, 0, 0.0),
        ("Stoke-on-Trent", 1, 0, 0.0),
        ("All authorities", 2, 0, 0.0),
    )
