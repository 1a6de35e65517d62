"""The Walsall table: contacts, referrals, advice and guidance, strategy discussions,
conversions to child and family assessment, and assessments by receiving teams, each as a
total and an average per week, per authority and for all of them.

Four aggregate queries, each grouped by authority: contacts by time received, approved
decisions by time approved, strategy discussions by time held, team responses by start date.
"""

from __future__ import annotations

from django.db.models import Count, Q

from frontdoor.contacts.models import Contact
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import TeamResponse
from frontdoor.screening.models import ManagerDecision

from .. import definitions as d
from ..registry import ReportDefinition, register
from ..scope import ReportScope
from ..tables import Chart, Column, Report, Table
from .common import (
    Authority,
    Measure,
    authorities_of,
    authority_columns,
    counts_by_authority,
    during,
    in_scope,
    on_days_of,
    per_week,
    several,
    total_columns,
)

NAME = "volumes"
TITLE = "Contacts, referrals and assessments"
SUMMARY = (
    "Contacts received, decisions approved, strategy discussions held and assessments started, "
    "with the average per week."
)

TOTAL = Measure("total", "Total")
PER_WEEK = Measure("per_week", "Average per week", "average")

CONTACTS = "Contacts"
REFERRALS = "Referrals"
ADVICE = "Advice and guidance"
STRATEGY_DISCUSSIONS = "Strategy discussions"
CONVERTED = "Contacts converted to child and family assessment on MASH decision"
ASSESSMENTS = "Assessments by receiving teams"


def volume_counts(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> dict[str, dict[int, int]]:
    """{measure label: {authority id: count}}."""
    authority = "local_authority_id"
    contacts = (
        Contact.objects.filter(in_scope(scope, authorities), during(scope, "received_at"))
        .values(authority)
        .annotate(n=Count("pk"))
        .order_by()
    )
    decided = "recommendation__contact__local_authority_id"
    decisions = (
        ManagerDecision.objects.filter(
            in_scope(scope, authorities, "recommendation__contact__"),
            during(scope, "decided_at"),
            verdict=ManagerDecision.Verdict.APPROVED,
        )
        .values(decided)
        .annotate(
            referrals=Count("pk", filter=Q(recommendation__outcome__in=d.REFERRAL)),
            advice=Count("pk", filter=Q(recommendation__outcome__in=d.ADVICE_AND_GUIDANCE)),
            converted=Count("pk", filter=Q(recommendation__outcome=d.CONVERTED_TO_ASSESSMENT)),
        )
        .order_by()
    )
    held = "contact__local_authority_id"
    discussions = (
        StrategyDiscussion.objects.filter(
            in_scope(scope, authorities, "contact__"), during(scope, "held_at")
        )
        .values(held)
        .annotate(n=Count("pk"))
        .order_by()
    )
    started = "handover__contact__local_authority_id"
    assessments = (
        TeamResponse.objects.filter(
            in_scope(scope, authorities, "handover__contact__"),
            on_days_of(scope, "started_on"),
            kind=d.ASSESSMENT,
        )
        .values(started)
        .annotate(n=Count("pk"))
        .order_by()
    )
    decision_rows = list(decisions)
    return {
        CONTACTS: counts_by_authority(contacts, authority, "n"),
        REFERRALS: counts_by_authority(decision_rows, decided, "referrals"),
        ADVICE: counts_by_authority(decision_rows, decided, "advice"),
        STRATEGY_DISCUSSIONS: counts_by_authority(discussions, held, "n"),
        CONVERTED: counts_by_authority(decision_rows, decided, "converted"),
        ASSESSMENTS: counts_by_authority(assessments, started, "n"),
    }


def volumes_table(scope: ReportScope) -> Table:
    authorities = authorities_of(scope)
    counts = volume_counts(scope, authorities)
    measures = (TOTAL, PER_WEEK)
    columns = (
        Column("measure", "Measure", "text"),
        *authority_columns(authorities, measures),
        *total_columns(authorities, measures),
    )
    rows = []
    for label, by_authority in counts.items():
        cells: list[str | int | float] = [label]
        if several(authorities):
            for authority in authorities:
                count = by_authority.get(authority.id, 0)
                cells += [count, per_week(count, scope)]
        total = sum(by_authority.values())
        cells += [total, per_week(total, scope)]
        rows.append(tuple(cells))
    return Table(
        key="volumes",
        title=TITLE,
        columns=columns,
        rows=tuple(rows),
        definitions=(
            d.PERIOD,
            d.CONTACTS,
            d.REFERRALS,
            d.ADVICE,
            d.DECISION_DAY,
            d.STRATEGY_DISCUSSIONS,
            d.CONVERTED,
            d.ASSESSMENTS,
            d.AVERAGE_PER_WEEK,
            d.PER_AUTHORITY,
        ),
        chart=Chart("bar", label="measure", value="total"),
    )


def build(scope: ReportScope, show_references: bool = False) -> Report:
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=(volumes_table(scope),))


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
