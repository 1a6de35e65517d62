"""Referral quality by referring organisation, and the pseudonymised contacts behind it."""

import re
from datetime import date

import pytest
import time_machine

from frontdoor.reporting.pseudonyms import contact_pseudonym, contact_reference
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import scope_for_authorities
from frontdoor.reporting.tables import Table

from .event_log import at, decided, received

pytestmark = pytest.mark.django_db

START, END = date(2025, 9, 1), date(2025, 9, 30)


def tables(show_references: bool = False) -> dict[str, Table]:
    with time_machine.travel(at("2025-10-01", "12:00"), tick=False):
        report = REPORTS["referral-quality"].build(
            scope_for_authorities(["860"], start=START, end=END), show_references
        )
    return {table.key: table for table in report.tables}


@pytest.fixture
def referrals(hub, practitioner, manager):
    def decide(contact, outcome):
        return decided(
            contact,
            outcome=outcome,
            screened_at=at("2025-09-20", "10:00"),
            recommended_at=at("2025-09-20", "11:00"),
            approved_at=at("2025-09-20", "12:00"),
            practitioner=practitioner,
            manager=manager,
        )

    example = [
        received(at("2025-09-01", "10:00"), organisation="Example Primary School"),
        received(
            at("2025-09-02", "10:00"), organisation="example primary school", consent="refused"
        ),
        received(
            at("2025-09-03", "10:00"),
            organisation="Example  Primary School ",
            consent="refused",
            postcode="",
        ),
        received(
            at("2025-09-04", "10:00"),
            organisation="Example Primary School",
            family_aware="not_known",
        ),
        received(
            at("2025-09-05", "10:00"), organisation="Example  Primary School", action_taken=""
        ),
        received(at("2025-09-06", "10:00"), organisation="Example Primary School"),
    ]
    for contact, outcome in zip(
        example, ("nfa", "nfa", "signpost", "s17_assessment"), strict=False
    ):
        decide(contact, outcome)
    for day in range(1, 6):
        received(at(f"2025-09-{day:02d}", "11:00"), organisation="Good Academy")
    decide(received(at("2025-09-07", "10:00"), organisation="Tiny School"), "nfa")
    received(at("2025-09-08", "10:00"), organisation="Tiny School")
    received(at("2025-09-09", "10:00"), source="1A", organisation="")
    received(at("2025-08-31", "10:00"), organisation="Example Primary School", consent="refused")
    return example


def test_organisations_are_compared_ignoring_case_and_spaces(referrals):
    table = tables()["referral_quality"]

    assert [c.key for c in table.columns] == [
        "source",
        "organisation",
        "contacts",
        "nfa_percent",
        "no_consent_percent",
        "missing_facts_percent",
        "any_concern_percent",
    ]
    assert table.rows == (
        (
            "2A Schools and colleges",
            "Example Primary School",
            6,
            50.0,
            100 * 2 / 6,
            50.0,
            100 * 5 / 6,
        ),
        ("2A Schools and colleges", "Good Academy", 5, 0.0, 0.0, 0.0, 0.0),
        ("1A Family", "(not given)", 1, 0.0, 0.0, 0.0, 0.0),
        (
            "2A Schools and colleges",
            "Other organisations (fewer than 5 each)",
            2,
            50.0,
            0.0,
            0.0,
            50.0,
        ),
    )
    assert table.chart is not None
    assert table.chart.label == "organisation"


def test_the_contacts_behind_the_worst_organisation_are_listed_by_pseudonym(referrals):
    listed = tables()["referral_quality_contacts"]

    assert listed.pseudonymised
    assert [c.key for c in listed.columns] == [
        "pseudonym",
        "received_on",
        "source",
        "organisation",
        "outcome",
        "consent",
        "missing_facts",
    ]
    assert [row[0] for row in listed.rows] == [contact_pseudonym(c.pk) for c in referrals[:5]]
    assert [row[1:] for row in listed.rows] == [
        (
            date(2025, 9, 1),
            "2A Schools and colleges",
            "Example Primary School",
            "No further action",
            "Given",
            "",
        ),
        (
            date(2025, 9, 2),
            "2A Schools and colleges",
            "Example Primary School",
            "No further action",
            "Refused",
            "",
        ),
        (
            date(2025, 9, 3),
            "2A Schools and colleges",
            "Example Primary School",
            "Signpost to another service",
            "Refused",
            "Postcode",
        ),
        (
            date(2025, 9, 4),
            "2A Schools and colleges",
            "Example Primary School",
            "Child and family assessment (section 17)",
            "Given",
            "Whether the family knows",
        ),
        (
            date(2025, 9, 5),
            "2A Schools and colleges",
            "Example Primary School",
            "Not decided yet",
            "Given",
            "Action taken",
        ),
    ]
    cells = " ".join(str(cell) for row in listed.rows for cell in row)
    for personal in ("Ruby", "FD-", "2018"):
        assert personal not in cells


def test_managers_also_see_the_contact_reference(referrals):
    listed = tables(show_references=True)["referral_quality_contacts"]

    assert listed.columns[1].key == "reference"
    first = referrals[0]
    assert listed.rows[0][1] == contact_reference(first.pk, first.received_at) == first.reference


def test_a_pseudonym_is_stable_and_reveals_nothing(settings):
    assert re.fullmatch(r"P-[0-9a-f]{10}", contact_pseudonym(42))
    assert contact_pseudonym(42) == contact_pseudonym(42)
    assert contact_pseudonym(42) != contact_pseudonym(43)
    before = contact_pseudonym(42)
    settings.SECRET_KEY = "another secret key for this test only, long enough to be valid"
    assert contact_pseudonym(42) != before
