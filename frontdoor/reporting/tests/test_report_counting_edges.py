"""The cases the quick queries of the funnel, timeliness and referral-quality reports must
still count right: a contact with several rows of one kind counted once, a recommendation
returned before another was approved, a contact screened twice, a child named twice at the
very same time, an earlier contact before the period or of another cohort or referrer, and
the share of contacts with any concern when the concerns overlap."""

from datetime import date

import pytest
import time_machine

from frontdoor.outcomes.tests.builders import actor_for
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import ReportScope, scope_for_authorities
from frontdoor.reporting.tables import Table
from frontdoor.screening.services import return_recommendation

from .event_log import (
    approved,
    at,
    decided,
    handed_over,
    received,
    recommended,
    requested,
    screened,
)

pytestmark = pytest.mark.django_db

START, END = date(2025, 9, 1), date(2025, 9, 30)


def tables(name: str, scope: ReportScope | None = None) -> dict[str, Table]:
    scope = scope or scope_for_authorities(["860"], start=START, end=END)
    with time_machine.travel(at("2025-10-01", "12:00"), tick=False):
        report = REPORTS[name].build(scope, False)
    return {table.key: table for table in report.tables}


def returned_then_approved(
    contact, *, first: str, then: str, practitioner, manager, screen_again: bool = False
):
    """Screened, recommended `first`, returned by the manager, (screened again,) recommended
    `then`, approved."""
    screened(contact, at("2025-09-10", "09:00"), practitioner)
    sent_back = recommended(contact, at("2025-09-10", "10:00"), practitioner, first)
    with time_machine.travel(at("2025-09-10", "11:00"), tick=False):
        return_recommendation(
            recommendation=sent_back, reason="Speak to the school first.", by=actor_for(manager)
        )
    if screen_again:
        screened(contact, at("2025-09-10", "11:30"), practitioner)
    again = recommended(contact, at("2025-09-10", "12:00"), practitioner, then)
    approved(again, at("2025-09-10", "13:00"), manager)


def test_a_contact_with_several_requests_handovers_and_recommendations_counts_once(
    hub, practitioner, manager
):
    contact = received(at("2025-09-02", "09:00"))
    returned_then_approved(
        contact, first="nfa", then="s17_assessment", practitioner=practitioner, manager=manager
    )
    for agency in ("staffs-police", "staffs-health"):
        requested(
            contact,
            agency=agency,
            sent_at=at("2025-09-10", "09:30"),
            due_at=at("2025-09-10", "11:30"),
            answered_at=None,
            by=practitioner,
        )
    for acknowledged_at in (None, at("2025-09-11", "10:00")):
        handed_over(
            contact,
            team=hub["staffs-north-area"],
            sent_at=at("2025-09-10", "14:00"),
            due_at=at("2025-09-11", "14:00"),
            acknowledged_at=acknowledged_at,
            by=manager,
        )

    report = tables("funnel")

    assert [row[1] for row in report["funnel"].rows] == [1, 1, 1, 1, 1, 1, 1]
    outcomes = {row[0]: row[1] for row in report["outcomes"].rows}
    assert outcomes["Child and family assessment (section 17)"] == 1
    assert outcomes["No further action"] == 0


def test_a_child_named_twice_at_the_same_time_is_not_a_re_referral(hub):
    first = received(at("2025-09-02", "10:00")).subjects.get().person
    received(at("2025-09-02", "10:00"), existing_person_id=first.pk)

    assert tables("funnel")["re_referrals"].rows == (("Staffordshire", 2, 0, 0.0),)


def test_an_earlier_contact_before_the_period_of_any_cohort_makes_a_re_referral(hub):
    # Named as the subject child of an adult-at-risk contact 40 days before the period.
    earlier = received(at("2025-07-23", "10:00"), cohort="adult_at_risk").subjects.get().person
    received(at("2025-09-01", "10:00"), existing_person_id=earlier.pk)
    received(at("2025-09-03", "10:00"))  # a child named for the first time

    assert tables("funnel")["re_referrals"].rows == (("Staffordshire", 2, 1, 50.0),)


def test_the_earlier_contact_may_come_from_another_referrer_than_the_one_reported(hub):
    police = received(at("2025-06-01", "10:00"), source="6").subjects.get().person
    received(at("2025-09-01", "10:00"), source="2A", existing_person_id=police.pk)
    schools = ReportScope(("860",), START, END, source_group="Schools")

    assert tables("funnel", schools)["re_referrals"].rows == (("Staffordshire", 1, 1, 100.0),)


def test_the_rag_clock_runs_from_the_first_screening_to_the_first_recommendation(
    hub, practitioner, manager
):
    twice = received(at("2025-09-09", "09:00"))
    returned_then_approved(
        twice,
        first="nfa",
        then="early_help",
        practitioner=practitioner,
        manager=manager,
        screen_again=True,
    )
    never = received(at("2025-09-09", "09:00"))
    screened(never, at("2025-09-10", "09:00"), practitioner)  # never recommended

    [table] = tables("timeliness").values()

    rag = table.rows[1]
    assert rag[0] == "RAG clocks met"
    assert rag[1:] == (2, 1, 1, 0, 50.0)


def test_overlapping_concerns_are_each_counted_once(hub, practitioner, manager):
    def decide(contact, outcome):
        decided(
            contact,
            outcome=outcome,
            screened_at=at("2025-09-20", "10:00"),
            recommended_at=at("2025-09-20", "11:00"),
            approved_at=at("2025-09-20", "12:00"),
            practitioner=practitioner,
            manager=manager,
        )

    school = "Combo School"
    received(at("2025-09-01", "10:00"), organisation=school)  # no concern
    received(at("2025-09-02", "10:00"), organisation=school, postcode="")
    decide(received(at("2025-09-03", "10:00"), organisation=school, postcode=""), "nfa")
    received(at("2025-09-04", "10:00"), organisation=school, postcode="", consent="refused")
    decide(received(at("2025-09-05", "10:00"), organisation=school), "signpost")
    received(at("2025-09-06", "10:00"), organisation=school, family_aware="not_known")
    received(at("2025-09-07", "10:00"), organisation=school, postcode="", action_taken="")
    # No further action recommended, returned, then an assessment approved: not ended in NFA.
    returned_then_approved(
        received(at("2025-09-08", "10:00"), organisation=school, postcode=""),
        first="nfa",
        then="s17_assessment",
        practitioner=practitioner,
        manager=manager,
    )

    [row] = tables("referral-quality")["referral_quality"].rows

    assert row == (
        "2A Schools and colleges",
        "Combo School",
        8,
        100 * 2 / 8,
        100 * 1 / 8,
        100 * 6 / 8,
        100 * 7 / 8,
    )
