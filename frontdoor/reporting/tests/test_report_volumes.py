"""The Walsall table: registration, shape, averages and filters."""

from datetime import date

import pytest
import time_machine

from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import ReportScope, scope_for_authorities

from .event_log import at, decided, received

pytestmark = pytest.mark.django_db

NOW = at("2025-10-01", "12:00")


def volumes(scope: ReportScope):
    with time_machine.travel(NOW, tick=False):
        [table] = REPORTS["volumes"].build(scope, False).tables
    return table


def test_every_report_is_registered_under_its_name():
    assert {"volumes", "enquiries", "timeliness", "funnel", "referral-quality"} <= set(REPORTS)
    for name in ("volumes", "enquiries", "timeliness", "funnel", "referral-quality"):
        assert REPORTS[name].name == name
        assert REPORTS[name].title
        assert REPORTS[name].summary


def test_an_empty_period_shows_zeros(hub):
    table = volumes(scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 7)))

    assert [row[1:] for row in table.rows] == [(0, 0.0)] * 6
    assert table.chart is not None
    assert table.chart.value == "total"


def test_the_average_per_week_divides_by_days_over_seven(hub):
    for day in ("2025-09-01", "2025-09-02", "2025-09-10"):
        received(at(day, "10:00"))

    table = volumes(scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 10)))

    assert table.rows[0] == ("Contacts", 3, 3 / (10 / 7))
    assert table.rows[0][2] == pytest.approx(2.1)


def test_a_referring_agency_group_restricts_every_figure(hub, practitioner, manager):
    for source, outcome in (("6", "s47_strategy"), ("2A", "nfa"), ("2A", "early_help")):
        decided(
            received(at("2025-09-01", "10:00"), source=source),
            outcome=outcome,
            screened_at=at("2025-09-01", "11:00"),
            recommended_at=at("2025-09-01", "12:00"),
            approved_at=at("2025-09-01", "13:00"),
            practitioner=practitioner,
            manager=manager,
        )
    start, end = date(2025, 9, 1), date(2025, 9, 7)

    police = volumes(ReportScope(("860",), start, end, source_group="Police"))
    schools = volumes(ReportScope(("860",), start, end, source_group="Schools"))

    assert [row[1] for row in police.rows] == [1, 1, 0, 0, 0, 0]
    assert [row[1] for row in schools.rows] == [2, 1, 1, 0, 0, 0]
