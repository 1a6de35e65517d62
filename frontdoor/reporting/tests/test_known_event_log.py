"""A known event log, and every number of the Walsall and Nottinghamshire tables checked
exactly against it (plus timeliness, whose decision clock crosses a bank holiday).

The period is Monday 28 July to Sunday 7 September 2025: 42 days, so 6 weeks. Monday 25
August 2025 is the summer bank holiday, so a contact received on Friday 22 August at 15:00 is
due a decision by Tuesday 26 August at 15:00. The reports are built on 10 September 2025.

Staffordshire (860), as UK times:

    contact  received            source  cohort / channel          decision approved
    S0       Fri 25 Jul 10:00    2A      child                     s17 Mon 28 Jul 10:00
    X0       Sun 27 Jul 23:30    6       child (before the period) none
    C1       Mon 28 Jul 00:30    6       child                     s47 Mon 28 Jul 16:00
    C2       Fri  1 Aug 00:30    3A      child                     nfa Fri  1 Aug 12:00
    C3       Tue  5 Aug 11:00    2A      child                     information and advice
    C4       Tue 12 Aug 09:00    1A      child                     early help Wed 13 Aug 11:00
    C5       Fri 22 Aug 15:00    6       domestic abuse, police    police only Tue 26 Aug 10:00
    C6       Fri 22 Aug 14:00    3B      child                     s17 Wed 27 Aug 10:00
    C7       Tue 26 Aug 10:00    6       domestic abuse, police    none
    C8       Wed  3 Sep 10:00    2A      child                     signpost Mon 8 Sep (after)
    C9       Sun  7 Sep 23:30    4       adult at risk             none
    X1       Mon  8 Sep 00:30    6       child (after the period)  none

C1 (00:30 UK on 28 July) is 23:30 UTC on 27 July, and C2 (00:30 UK on 1 August) is in July in
UTC: both must be counted by UK time. Stoke-on-Trent (861) has two contacts in the period
(K1 decided s17 with a strategy discussion and an assessment; K2 domestic abuse, undecided),
which a Staffordshire report must not count.
"""

from datetime import date

import pytest
import time_machine

from frontdoor.outcomes.models import ResponseKind
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.scope import ReportScope, scope_for_authorities
from frontdoor.reporting.tables import Report, Table

from .event_log import (
    at,
    decided,
    discussed,
    handed_over,
    received,
    requested,
    responded,
)

pytestmark = pytest.mark.django_db

START, END = date(2025, 7, 28), date(2025, 9, 7)
NOW = at("2025-09-10", "12:00")
WEEKS = 6.0
DAYS = 42
DAYS_PER_MONTH = 365.25 / 12
HEALTH = "Staffordshire and Stoke-on-Trent health safeguarding"
POLICE = "Staffordshire Police"


@pytest.fixture
def event_log(hub, practitioner, manager, area_worker, police_researcher):
    p, m = practitioner, manager
    north = hub["staffs-north-area"]

    s0 = received(at("2025-07-25", "10:00"), source="2A")
    decided(
        s0,
        outcome="s17_assessment",
        screened_at=at("2025-07-28", "08:00"),
        recommended_at=at("2025-07-28", "09:00"),
        approved_at=at("2025-07-28", "10:00"),
        practitioner=p,
        manager=m,
    )
    requested(
        s0,
        agency="staffs-police",
        sent_at=at("2025-07-25", "11:00"),
        due_at=at("2025-07-25", "13:00"),
        answered_at=at("2025-07-25", "12:00"),
        by=p,
    )
    discussed(
        s0,
        convened_at=at("2025-07-25", "11:00"),
        target_at=at("2025-07-25", "13:00"),
        held_at=at("2025-07-25", "12:00"),
        by=m,
    )
    s0_handover = handed_over(
        s0,
        team=north,
        sent_at=at("2025-07-28", "11:00"),
        due_at=at("2025-07-29", "11:00"),
        acknowledged_at=at("2025-07-29", "10:00"),
        by=area_worker,
    )
    responded(
        s0_handover,
        kind=ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
        started_on="2025-07-30",
        by=area_worker,
    )

    received(at("2025-07-27", "23:30"), source="6")  # X0

    c1 = received(at("2025-07-28", "00:30"), source="6", organisation="Staffordshire Police")
    decided(
        c1,
        outcome="s47_strategy",
        screened_at=at("2025-07-28", "14:00"),
        recommended_at=at("2025-07-28", "15:00"),
        approved_at=at("2025-07-28", "16:00"),
        practitioner=p,
        manager=m,
    )
    requested(
        c1,
        agency="staffs-police",
        sent_at=at("2025-07-28", "14:30"),
        due_at=at("2025-07-28", "16:30"),
        answered_at=at("2025-07-28", "15:30"),
        by=p,
    )
    requested(
        c1,
        agency="staffs-health",
        sent_at=at("2025-07-28", "14:30"),
        due_at=at("2025-07-28", "15:30"),
        answered_at=at("2025-07-28", "17:30"),
        by=p,
    )
    discussed(
        c1,
        convened_at=at("2025-07-28", "16:30"),
        target_at=at("2025-07-28", "18:30"),
        held_at=at("2025-07-28", "18:00"),
        by=m,
    )
    c1_handover = handed_over(
        c1,
        team=north,
        sent_at=at("2025-07-28", "17:00"),
        due_at=at("2025-07-29", "17:00"),
        acknowledged_at=at("2025-07-29", "18:00"),
        by=area_worker,
    )
    responded(
        c1_handover, kind=ResponseKind.SECTION_47_ENQUIRY, started_on="2025-07-29", by=area_worker
    )
    responded(
        c1_handover,
        kind=ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
        started_on="2025-09-08",
        by=area_worker,
    )

    c2 = received(at("2025-08-01", "00:30"), source="3A", organisation="Example Surgery")
    decided(
        c2,
        outcome="nfa",
        screened_at=at("2025-08-01", "10:00"),
        recommended_at=at("2025-08-01", "11:00"),
        approved_at=at("2025-08-01", "12:00"),
        practitioner=p,
        manager=m,
    )

    c3 = received(at("2025-08-05", "11:00"), source="2A", organisation="  example   PRIMARY school")
    decided(
        c3,
        outcome="information_and_advice",
        screened_at=at("2025-08-05", "13:00"),
        recommended_at=at("2025-08-05", "14:00"),
        approved_at=at("2025-08-05", "15:00"),
        practitioner=p,
        manager=m,
    )

    c4 = received(at("2025-08-12", "09:00"), source="1A", organisation="")
    decided(
        c4,
        outcome="early_help",
        screened_at=at("2025-08-12", "10:00"),
        recommended_at=at("2025-08-13", "10:00"),  # RAG clock missed
        approved_at=at("2025-08-13", "11:00"),  # due 09:00: missed
        practitioner=p,
        manager=m,
    )

    c5 = received(
        at("2025-08-22", "15:00"),
        source="6",
        cohort="domestic_abuse",
        channel="police_notification",
        organisation="Staffordshire Police",
    )
    decided(
        c5,
        outcome="police_only",
        screened_at=at("2025-08-26", "08:00"),
        recommended_at=at("2025-08-26", "09:00"),
        approved_at=at("2025-08-26", "10:00"),  # due Tue 26 Aug 15:00 (bank holiday Monday)
        practitioner=p,
        manager=m,
    )

    c6 = received(at("2025-08-22", "14:00"), source="3B", organisation="Health visiting")
    decided(
        c6,
        outcome="s17_assessment",
        screened_at=at("2025-08-26", "09:00"),
        recommended_at=at("2025-08-27", "09:00"),  # RAG clock missed
        approved_at=at("2025-08-27", "10:00"),  # due Tue 26 Aug 14:00: missed
        practitioner=p,
        manager=m,
    )
    requested(
        c6,
        agency="staffs-health",
        sent_at=at("2025-08-26", "09:30"),
        due_at=at("2025-08-26", "10:30"),
        answered_at=None,
        by=p,
    )
    discussed(
        c6,
        convened_at=at("2025-08-27", "10:30"),
        target_at=at("2025-08-27", "12:30"),
        held_at=None,
        by=m,
    )
    c6_handover = handed_over(
        c6,
        team=north,
        sent_at=at("2025-08-27", "11:00"),
        due_at=at("2025-08-28", "11:00"),
        acknowledged_at=None,
        by=area_worker,
    )
    responded(
        c6_handover,
        kind=ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
        started_on="2025-09-01",
        by=area_worker,
    )

    received(  # C7
        at("2025-08-26", "10:00"),
        source="6",
        cohort="domestic_abuse",
        channel="police_notification",
        organisation="Staffordshire Police",
    )

    c8 = received(at("2025-09-03", "10:00"), source="2A")
    decided(
        c8,
        outcome="signpost",
        screened_at=at("2025-09-03", "11:00"),
        recommended_at=at("2025-09-03", "12:00"),
        approved_at=at("2025-09-08", "10:00"),  # after the period
        practitioner=p,
        manager=m,
    )

    received(at("2025-09-07", "23:30"), source="4", cohort="adult_at_risk", organisation="Housing")
    received(at("2025-09-08", "00:30"), source="6")  # X1

    # Stoke-on-Trent
    k1 = received(at("2025-08-04", "10:00"), la="861", source="6")
    decided(
        k1,
        outcome="s17_assessment",
        screened_at=at("2025-08-04", "11:00"),
        recommended_at=at("2025-08-04", "12:00"),
        approved_at=at("2025-08-04", "13:00"),
        practitioner=p,
        manager=m,
    )
    requested(
        k1,
        agency="staffs-police",
        sent_at=at("2025-08-04", "11:00"),
        due_at=at("2025-08-04", "13:00"),
        answered_at=at("2025-08-04", "12:00"),
        by=p,
    )
    discussed(
        k1,
        convened_at=at("2025-08-04", "14:00"),
        target_at=at("2025-08-04", "16:00"),
        held_at=at("2025-08-04", "15:00"),
        by=m,
    )
    k1_handover = handed_over(
        k1,
        team=hub["stoke-assessment"],
        sent_at=at("2025-08-04", "14:00"),
        due_at=at("2025-08-05", "14:00"),
        acknowledged_at=at("2025-08-04", "15:00"),
        by=area_worker,
    )
    responded(
        k1_handover,
        kind=ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
        started_on="2025-08-06",
        by=area_worker,
    )
    received(
        at("2025-08-20", "09:00"),
        la="861",
        source="6",
        cohort="domestic_abuse",
        channel="police_notification",
    )


def build(name: str, scope: ReportScope) -> Report:
    with time_machine.travel(NOW, tick=False):
        return REPORTS[name].build(scope, False)


def table(report: Report, key: str) -> Table:
    return next(t for t in report.tables if t.key == key)


def staffordshire(cohort: str = "") -> ReportScope:
    return scope_for_authorities(["860"], start=START, end=END, cohort=cohort)


def both() -> ReportScope:
    return scope_for_authorities(["860", "861"], start=START, end=END)


def test_the_walsall_table_counts_each_event_by_its_own_uk_date(event_log):
    volumes = table(build("volumes", staffordshire()), "volumes")

    assert [c.key for c in volumes.columns] == ["measure", "total", "per_week"]
    assert volumes.rows == (
        ("Contacts", 9, 9 / WEEKS),
        ("Referrals", 4, 4 / WEEKS),
        ("Advice and guidance", 3, 3 / WEEKS),
        ("Strategy discussions", 1, 1 / WEEKS),
        ("Contacts converted to child and family assessment on MASH decision", 2, 2 / WEEKS),
        ("Assessments by receiving teams", 2, 2 / WEEKS),
    )
    assert volumes.rows[0][2] == 1.5
    assert volumes.rows[2][2] == 0.5


def test_the_nottinghamshire_tables_for_one_authority(event_log):
    report = build("enquiries", staffordshire())

    assert table(report, "summary").as_dicts() == [
        {
            "authority": "Staffordshire",
            "enquiries": 9,
            "per_month": 9 / (DAYS / DAYS_PER_MONTH),
            "peak_month": "August 2025",
            "peak_month_enquiries": 6,
            "domestic_abuse": 2,
            "domestic_abuse_per_day": 2 / DAYS,
        }
    ]
    per_month = table(report, "enquiries_per_month")
    assert [c.key for c in per_month.columns] == ["month", "enquiries"]
    assert per_month.rows == (("July 2025", 1), ("August 2025", 6), ("September 2025", 2))
    assert table(report, "sources").rows == (
        ("Police", 3, 100 * 3 / 9),
        ("Health", 2, 100 * 2 / 9),
        ("Schools and colleges", 2, 100 * 2 / 9),
        ("Education services", 0, 0.0),
        ("Family", 1, 100 * 1 / 9),
        ("Other individuals", 0, 0.0),
        ("Housing", 1, 100 * 1 / 9),
        ("LA services", 0, 0.0),
        ("Other legal agency", 0, 0.0),
        ("Other", 0, 0.0),
        ("Anonymous", 0, 0.0),
        ("Unknown", 0, 0.0),
    )
    assert table(report, "partner_timeliness").as_dicts() == [
        {
            "agency": HEALTH,
            "sent": 2,
            "answered": 1,
            "answered_on_time": 0,
            "share_on_time": 0.0,
            "median_hours": 3.0,
            "p90_hours": 3.0,
            "still_waiting": 1,
            "overdue_now": 1,
        },
        {
            "agency": POLICE,
            "sent": 1,
            "answered": 1,
            "answered_on_time": 1,
            "share_on_time": 100.0,
            "median_hours": 1.0,
            "p90_hours": 1.0,
            "still_waiting": 0,
            "overdue_now": 0,
        },
    ]
    assert table(report, "assessments_per_month").rows == (
        ("July 2025", 1),
        ("August 2025", 0),
        ("September 2025", 1),
    )


def test_decisions_within_one_working_day_skip_the_bank_holiday(event_log):
    timeliness = table(build("timeliness", staffordshire()), "timeliness")

    # Due in the period: S0 (decided exactly at its due time), C1, C2, C3 and C5 (received
    # Friday 15:00, decided Tuesday 10:00 after the bank holiday) met; C4, C6 (decided the
    # Wednesday), C8 (decided after its due time) and the undecided C7 and X0 missed.
    assert timeliness.as_dicts()[0] == {
        "measure": "Decisions within one working day",
        "due": 10,
        "met": 5,
        "missed": 5,
        "open": 0,
        "percent_met": 50.0,
    }
    assert [row[:6] for row in timeliness.rows[1:]] == [
        ("RAG clocks met", 8, 6, 2, 0, 75.0),
        ("Strategy discussions within target", 2, 1, 1, 0, 50.0),
        ("Handovers acknowledged in time", 3, 1, 2, 0, 100 * 1 / 3),
    ]


def test_two_authorities_have_a_column_each_and_a_total(event_log):
    volumes = table(build("volumes", both()), "volumes")

    assert [c.key for c in volumes.columns] == [
        "measure",
        "total_860",
        "per_week_860",
        "total_861",
        "per_week_861",
        "total",
        "per_week",
    ]
    assert [c.heading for c in volumes.columns][1:3] == [
        "Staffordshire: total",
        "Staffordshire: average per week",
    ]
    assert volumes.columns[5].heading == "All authorities: total"
    assert [(row[0], row[1], row[3], row[5]) for row in volumes.rows] == [
        ("Contacts", 9, 2, 11),
        ("Referrals", 4, 1, 5),
        ("Advice and guidance", 3, 0, 3),
        ("Strategy discussions", 1, 1, 2),
        ("Contacts converted to child and family assessment on MASH decision", 2, 1, 3),
        ("Assessments by receiving teams", 2, 1, 3),
    ]
    assert volumes.rows[0][6] == 11 / WEEKS

    report = build("enquiries", both())
    assert [row[:2] + row[3:6] for row in table(report, "summary").rows] == [
        ("Staffordshire", 9, "August 2025", 6, 2),
        ("Stoke-on-Trent", 2, "August 2025", 2, 1),
        ("All authorities", 11, "August 2025", 8, 3),
    ]
    assert table(report, "enquiries_per_month").rows == (
        ("July 2025", 1, 0, 1),
        ("August 2025", 6, 2, 8),
        ("September 2025", 2, 0, 2),
    )
    assert table(report, "sources").rows[0] == ("Police", 3, 100 * 3 / 9, 2, 100.0, 5, 100 * 5 / 11)
    police = table(report, "partner_timeliness").as_dicts()[1]
    assert (police["agency"], police["sent_860"], police["sent_861"], police["sent"]) == (
        POLICE,
        1,
        1,
        2,
    )


def test_one_authoritys_report_leaves_out_the_other_authority(event_log):
    stoke = scope_for_authorities(["861"], start=START, end=END)

    volumes = table(build("volumes", stoke), "volumes")
    assert [row[1] for row in volumes.rows] == [2, 1, 0, 1, 1, 1]
    report = build("enquiries", stoke)
    assert table(report, "summary").rows[0][:2] == ("Stoke-on-Trent", 2)
    assert [
        (row["agency"], row["sent"]) for row in table(report, "partner_timeliness").as_dicts()
    ] == [(POLICE, 1)]


def test_a_cohort_restricts_every_figure(event_log):
    volumes = table(build("volumes", staffordshire("domestic_abuse")), "volumes")
    assert [row[1] for row in volumes.rows] == [2, 0, 1, 0, 0, 0]

    children = table(build("volumes", staffordshire("child")), "volumes")
    assert [row[1] for row in children.rows] == [6, 4, 2, 1, 2, 2]

    report = build("enquiries", staffordshire("domestic_abuse"))
    assert table(report, "summary").rows[0] == (
        "Staffordshire",
        2,
        2 / (DAYS / DAYS_PER_MONTH),
        "August 2025",
        2,
        2,
        2 / DAYS,
    )
    assert table(report, "sources").rows[0] == ("Police", 2, 100.0)
    assert table(report, "partner_timeliness").rows == ()
    child_report = build("enquiries", staffordshire("child"))
    assert table(child_report, "summary").rows[0][5:] == (0, 0.0)


def test_every_table_says_what_its_figures_mean(event_log):
    for name in ("volumes", "enquiries"):
        for each in build(name, staffordshire()).tables:
            assert each.definitions, each.key
