"""Timeliness figures per agency, with exact numbers."""

from datetime import datetime, timedelta

from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.timeliness import (
    AgencyTimeliness,
    RequestRow,
    nearest_rank,
    timeliness_by_agency,
)

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=LONDON)
SENT = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
HOUR = timedelta(hours=1)


def row(agency, *, took=None, due=2, status=None, sent=SENT):
    """A request due `due` hours after sending, answered after `took` hours (or not)."""
    return RequestRow(
        agency=agency,
        sent_at=sent,
        due_at=sent + due * HOUR,
        responded_at=sent + took * HOUR if took is not None else None,
        status=status or ("answered" if took is not None else "sent"),
    )


def test_each_figure_for_an_agency_with_answers_late_answers_and_waiting_requests():
    rows = [
        row("Police", took=1),  # on time
        row("Police", took=2),  # on time: exactly at its due time
        row("Police", took=3),  # late
        row("Police", took=10),  # late
        row("Police"),  # waiting, overdue (sent 10 days ago)
        row("Police", sent=NOW - HOUR, due=2),  # waiting, not yet due
        row("Police", status="withdrawn"),  # counted as sent only
    ]

    [police] = timeliness_by_agency(rows, now=NOW)

    assert police == AgencyTimeliness(
        agency="Police",
        sent=7,
        answered=4,
        answered_on_time=2,
        share_on_time=40.0,  # 2 on time / (4 answered + 1 overdue)
        median_time_to_respond=2 * HOUR,  # nearest rank: ceil(0.5 × 4) = 2nd of 1, 2, 3, 10
        p90_time_to_respond=10 * HOUR,  # ceil(0.9 × 4) = 4th
        still_waiting=2,
        overdue_now=1,
    )


def test_a_granted_extension_counts_because_the_due_time_moved():
    extended = row("Health", took=5, due=6)

    [health] = timeliness_by_agency([extended], now=NOW)

    assert (health.answered_on_time, health.share_on_time) == (1, 100.0)


def test_an_agency_with_nothing_answered_or_due_has_no_share_or_times():
    [education] = timeliness_by_agency([row("Education", sent=NOW, due=2)], now=NOW)

    assert education.share_on_time is None
    assert education.median_time_to_respond is None
    assert education.p90_time_to_respond is None
    assert (education.sent, education.still_waiting, education.overdue_now) == (1, 1, 0)


def test_agencies_come_in_name_order_each_with_its_own_figures():
    rows = [row("Police", took=1), row("Health", took=3), row("Health", took=1)]

    figures = timeliness_by_agency(rows, now=NOW)

    assert [f.agency for f in figures] == ["Health", "Police"]
    assert [f.sent for f in figures] == [2, 1]
    assert figures[0].share_on_time == 50.0


def test_nearest_rank_percentiles_are_times_that_were_taken():
    times = [timedelta(minutes=m) for m in range(1, 11)]  # 1..10 minutes

    assert nearest_rank(times, 50) == timedelta(minutes=5)
    assert nearest_rank(times, 90) == timedelta(minutes=9)
    assert nearest_rank(times[:1], 90) == timedelta(minutes=1)
    assert nearest_rank([], 50) is None
