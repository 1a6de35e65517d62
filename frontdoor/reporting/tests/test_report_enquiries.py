"""The Nottinghamshire tables: partial months, the peak month, sources and notifications."""

from datetime import date, timedelta

import pytest
import time_machine

from frontdoor.enquiries.timeliness import nearest_rank
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import ReportScope, scope_for_authorities
from frontdoor.reporting.tables import Table

from .event_log import at, received, requested

pytestmark = pytest.mark.django_db

NOW = at("2025-10-01", "12:00")


def tables(scope: ReportScope) -> dict[str, Table]:
    with time_machine.travel(NOW, tick=False):
        report = REPORTS["enquiries"].build(scope, False)
    return {table.key: table for table in report.tables}


def test_partial_months_count_only_their_days_in_the_period_and_a_tie_goes_to_the_earliest(hub):
    for day in ("2025-07-14", "2025-07-20", "2025-07-21", "2025-08-10", "2025-08-11"):
        received(at(day, "10:00"))
    received(at("2025-09-11", "10:00"))  # after the period

    report = tables(scope_for_authorities(["860"], start=date(2025, 7, 15), end=date(2025, 9, 10)))

    assert report["enquiries_per_month"].rows == (
        ("July 2025", 2),
        ("August 2025", 2),
        ("September 2025", 0),
    )
    assert report["summary"].as_dicts()[0]["peak_month"] == "July 2025"
    assert report["summary"].as_dicts()[0]["peak_month_enquiries"] == 2
    assert report["enquiries_per_month"].chart is not None
    assert report["enquiries_per_month"].chart.kind == "line"


def test_with_no_enquiries_there_is_no_peak_month_and_no_percentages(hub):
    report = tables(scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 30)))

    assert report["summary"].rows == (("Staffordshire", 0, 0.0, None, 0, 0, 0.0),)
    assert {row[2] for row in report["sources"].rows} == {None}
    assert report["partner_timeliness"].rows == ()


def test_only_police_notifications_of_domestic_abuse_count_as_notifications(hub):
    received(at("2025-09-01", "10:00"), source="6", cohort="domestic_abuse", channel="phone")
    received(
        at("2025-09-01", "11:00"),
        source="6",
        cohort="domestic_abuse",
        channel="police_notification",
    )
    received(at("2025-09-01", "12:00"), source="6", cohort="child", channel="police_notification")

    report = tables(scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 10)))

    assert report["summary"].as_dicts()[0]["domestic_abuse"] == 1
    assert report["summary"].as_dicts()[0]["domestic_abuse_per_day"] == 0.1


def test_a_referring_agency_group_restricts_the_sources(hub):
    received(at("2025-09-01", "10:00"), source="3A")
    received(at("2025-09-01", "10:00"), source="3E")
    received(at("2025-09-01", "10:00"), source="6")

    scope = ReportScope(
        ("860",), date(2025, 9, 1), date(2025, 9, 30), source_group="Health services"
    )
    report = tables(scope)

    assert report["summary"].rows[0][1] == 2
    assert report["sources"].rows[1] == ("Health", 2, 100.0)
    assert report["sources"].rows[0] == ("Police", 0, 0.0)


def test_partner_times_are_the_nearest_rank_of_the_answered_requests(hub, practitioner):
    contact = received(at("2025-09-01", "09:00"))
    minutes = [(7 * i) % 71 + 1 for i in range(70)]  # 70 different times, shuffled
    for taken in minutes:
        requested(
            contact,
            agency="staffs-police",
            sent_at=at("2025-09-01", "10:00"),
            due_at=at("2025-09-01", "11:00"),
            answered_at=at("2025-09-01", "10:00") + timedelta(minutes=taken),
            by=practitioner,
        )
    times = sorted(timedelta(minutes=taken) for taken in minutes)

    report = tables(scope_for_authorities(["860"], start=date(2025, 9, 1), end=date(2025, 9, 30)))

    [police] = report["partner_timeliness"].as_dicts()
    assert police["median_hours"] == nearest_rank(times, 50).total_seconds() / 3600
    assert police["p90_hours"] == nearest_rank(times, 90).total_seconds() / 3600
    assert (police["sent"], police["answered"], police["answered_on_time"]) == (70, 70, 60)
