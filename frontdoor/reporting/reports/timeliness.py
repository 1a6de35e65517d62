"""Timeliness: decisions within one working day, RAG clocks met, strategy discussions within
target and handovers acknowledged in time, per authority and for all of them.

Every clock is judged against the due time stored when it started (`Contact.decision_due_at`
already counts working days and bank holidays), so nothing is recalculated here. Each count
is a plain join, semi-join or anti-join (no per-row subqueries), so five years of a large
authority stay quick on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from frontdoor.contacts.models import Contact
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover
from frontdoor.screening.models import ManagerDecision, ScreeningDecision

from .. import definitions as d
from ..registry import ReportDefinition, register
from ..scope import ReportScope
from ..tables import Cell, Chart, Column, Report, Table
from .common import (
    Authority,
    Measure,
    authorities_of,
    authority_columns,
    during,
    in_scope,
    percent,
    several,
    total_columns,
)

NAME = "timeliness"
TITLE = "Timeliness"
SUMMARY = (
    "Decisions within one working day, RAG clocks met, strategy discussions within target "
    "and handovers acknowledged in time."
)

DECISIONS = "Decisions within one working day"
RAG_CLOCKS = "RAG clocks met"
STRATEGY_DISCUSSIONS = "Strategy discussions within target"
HANDOVERS = "Handovers acknowledged in time"

MEASURES = (
    Measure("due", "Due"),
    Measure("met", "Met"),
    Measure("missed", "Missed"),
    Measure("open", "Still open, not yet late"),
    Measure("percent_met", "Percent met", "percent"),
)

# {authority id: (due, met, missed)}
ClockCounts = dict[int, tuple[int, int, int]]
Grouped = dict[int, dict[str, int]]


def grouped(queryset: QuerySet[Any], authority: str, **counts: Count) -> Grouped:
    rows = queryset.values(authority).annotate(**counts).order_by()
    return {
        row[authority]: {name: row[name] for name in counts}
        for row in cast(Iterable[Mapping[str, Any]], rows)
    }


def clock_counts(
    queryset: QuerySet[Any], *, authority: str, done: str, due: str, now: datetime
) -> ClockCounts:
    """Due, met (done at or before due) and missed (done after due, or not done and already
    late) for rows holding both times, grouped by `authority`: one query."""
    rows = grouped(
        queryset,
        authority,
        due=Count("pk"),
        met=Count("pk", filter=Q(**{f"{done}__lte": F(due)})),
        missed=Count(
            "pk",
            filter=Q(**{f"{done}__gt": F(due)}) | Q(**{f"{done}__isnull": True, f"{due}__lt": now}),
        ),
    )
    return {key: (row["due"], row["met"], row["missed"]) for key, row in rows.items()}


def combined(due: Grouped, met: Grouped, done: Grouped) -> ClockCounts:
    """Clocks from the counts of what was due (due, past: already late if not done), `met`,
    and `done` (done, done_past), which one query or several may have counted."""
    counts = {}
    for key, row in due.items():
        finished = done.get(key, {})
        met_n = met.get(key, {}).get("met", 0)
        late = finished.get("done", 0) - met_n
        not_done_and_late = row["past"] - finished.get("done_past", 0)
        counts[key] = (row["due"], met_n, late + not_done_and_late)
    return counts


def decisions(scope: ReportScope, authorities: tuple[Authority, ...], now: datetime) -> ClockCounts:
    """Contacts due a decision in the period. Approved decisions are final (a contact has at
    most one), so the met and done counts come from the decisions joined to their contacts."""
    contacts = Contact.objects.filter(
        in_scope(scope, authorities), during(scope, "decision_due_at")
    )
    due = grouped(
        contacts,
        "local_authority_id",
        due=Count("pk"),
        past=Count("pk", filter=Q(decision_due_at__lt=now)),
    )
    contact = "recommendation__contact__"
    approved = ManagerDecision.objects.filter(
        in_scope(scope, authorities, contact),
        during(scope, f"{contact}decision_due_at"),
        verdict=ManagerDecision.Verdict.APPROVED,
    )
    done = grouped(
        approved,
        f"{contact}local_authority_id",
        met=Count("pk", filter=Q(decided_at__lte=F(f"{contact}decision_due_at"))),
        done=Count("pk"),
        done_past=Count("pk", filter=Q(**{f"{contact}decision_due_at__lt": now})),
    )
    return combined(due, done, done)


def rag_clocks(
    scope: ReportScope, authorities: tuple[Authority, ...], now: datetime
) -> ClockCounts:
    """Contacts whose first screening's RAG clock ran out in the period; met when a
    recommendation (so the first) was made at or before it. One query: the first screenings
    (an anti-join on earlier ones) joined to their contacts' recommendations, each screening
    counted once whatever the number of recommendations."""
    earlier = ScreeningDecision.objects.filter(contact=OuterRef("contact")).filter(
        Q(screened_at__lt=OuterRef("screened_at"))
        | Q(screened_at=OuterRef("screened_at"), pk__lt=OuterRef("pk"))
    )
    first = ScreeningDecision.objects.filter(
        in_scope(scope, authorities, "contact__"), during(scope, "rag_due_at")
    ).exclude(Exists(earlier))
    recommended = Q(contact__recommendations__isnull=False)
    past = Q(rag_due_at__lt=now)
    rows = grouped(
        first,
        "contact__local_authority_id",
        due=Count("pk", distinct=True),
        past=Count("pk", distinct=True, filter=past),
        met=Count(
            "pk",
            distinct=True,
            filter=Q(contact__recommendations__recommended_at__lte=F("rag_due_at")),
        ),
        done=Count("pk", distinct=True, filter=recommended),
        done_past=Count("pk", distinct=True, filter=recommended & past),
    )
    return combined(rows, rows, rows)


def strategy_discussions(
    scope: ReportScope, authorities: tuple[Authority, ...], now: datetime
) -> ClockCounts:
    discussions = StrategyDiscussion.objects.filter(
        in_scope(scope, authorities, "contact__"), during(scope, "target_at")
    )
    return clock_counts(
        discussions,
        authority="contact__local_authority_id",
        done="held_at",
        due="target_at",
        now=now,
    )


def handovers(scope: ReportScope, authorities: tuple[Authority, ...], now: datetime) -> ClockCounts:
    sent = Handover.objects.filter(
        in_scope(scope, authorities, "contact__"), during(scope, "acknowledge_due_at")
    )
    return clock_counts(
        sent,
        authority="contact__local_authority_id",
        done="acknowledged_at",
        due="acknowledge_due_at",
        now=now,
    )


def _cells(counts: list[tuple[int, int, int]]) -> list[Cell]:
    due = sum(c[0] for c in counts)
    met = sum(c[1] for c in counts)
    missed = sum(c[2] for c in counts)
    return [due, met, missed, due - met - missed, percent(met, met + missed)]


def timeliness_table(scope: ReportScope) -> Table:
    authorities = authorities_of(scope)
    now = timezone.now()
    clocks = {
        DECISIONS: decisions(scope, authorities, now),
        RAG_CLOCKS: rag_clocks(scope, authorities, now),
        STRATEGY_DISCUSSIONS: strategy_discussions(scope, authorities, now),
        HANDOVERS: handovers(scope, authorities, now),
    }
    rows = []
    for label, counts in clocks.items():
        cells: list[Cell] = [label]
        if several(authorities):
            for authority in authorities:
                cells += _cells([counts.get(authority.id, (0, 0, 0))])
        cells += _cells(list(counts.values()))
        rows.append(tuple(cells))
    return Table(
        key="timeliness",
        title=TITLE,
        columns=(
            Column("measure", "Measure", "text"),
            *authority_columns(authorities, MEASURES),
            *total_columns(authorities, MEASURES),
        ),
        rows=tuple(rows),
        definitions=(
            d.DECISION_IN_ONE_WORKING_DAY,
            d.RAG_CLOCK,
            d.STRATEGY_IN_TARGET,
            d.HANDOVER_IN_TIME,
            d.CLOCKS,
            d.PER_AUTHORITY,
        ),
        chart=Chart("bar", label="measure", value="percent_met"),
    )


def build(scope: ReportScope, show_references: bool = False) -> Report:
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=(timeliness_table(scope),))


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
