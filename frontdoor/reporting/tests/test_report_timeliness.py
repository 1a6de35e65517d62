"""Timeliness: a clock still running and not yet late counts neither way."""

from datetime import date

import pytest
import time_machine

from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import scope_for_authorities

from .event_log import at, discussed, received

pytestmark = pytest.mark.django_db


def test_a_clock_not_yet_late_is_open_and_counts_neither_way(hub, manager):
    contact = received(at("2025-09-04", "14:00"))  # decision due Friday 5 September 14:00
    discussed(
        contact,
        convened_at=at("2025-09-05", "11:00"),
        target_at=at("2025-09-05", "13:00"),
        held_at=None,
        by=manager,
    )
    scope = scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 7))

    with time_machine.travel(at("2025-09-05", "12:00"), tick=False):
        [table] = REPORTS["timeliness"].build(scope, False).tables

    assert [c.key for c in table.columns] == [
        "measure",
        "due",
        "met",
        "missed",
        "open",
        "percent_met",
    ]
    assert table.rows == (
        ("Decisions within one working day", 1, 0, 0, 1, None),
        ("RAG clocks met", 0, 0, 0, 0, None),
        ("Strategy discussions within target", 1, 0, 0, 1, None),
        ("Handovers acknowledged in time", 0, 0, 0, 0, None),
    )

    with time_machine.travel(at("2025-09-05", "14:01"), tick=False):
        [late] = REPORTS["timeliness"].build(scope, False).tables

    assert late.rows[0] == ("Decisions within one working day", 1, 0, 1, 0, 0.0)
    assert late.rows[2] == ("Strategy discussions within target", 1, 0, 1, 0, 0.0)


def test_two_authorities_have_their_own_columns(hub):
    received(at("2025-09-02", "10:00"))
    received(at("2025-09-02", "10:00"), la="861")
    scope = scope_for_authorities(["860", "861"], start=date(2025, 9, 1), end=date(2025, 9, 7))

    with time_machine.travel(at("2025-09-10", "12:00"), tick=False):
        [table] = REPORTS["timeliness"].build(scope, False).tables

    decisions = table.as_dicts()[0]
    assert (decisions["due_860"], decisions["missed_861"], decisions["due"]) == (1, 1, 2)
    assert decisions["percent_met"] == 0.0
