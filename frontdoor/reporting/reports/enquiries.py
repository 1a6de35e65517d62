"""The Nottinghamshire tables: enquiries (contacts) per month with the peak month, sources as
percentages, domestic-abuse notifications per day, partner response timeliness per agency,
and child and family assessments per month.

Contacts are counted in one aggregate query (per month, authority and source code, with the
domestic-abuse notifications), assessments in another; partner
timeliness (`partners.py`) sums the requests sent in the period in one or two more, with the
definitions of `frontdoor.enquiries.timeliness`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from frontdoor.contacts.models import Contact
from frontdoor.core.calendar import LONDON
from frontdoor.outcomes.models import TeamResponse

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
    month_label,
    month_of,
    months_of,
    on_days_of,
    percent,
    several,
    total_columns,
)
from .partners import partner_timeliness

NAME = "enquiries"
TITLE = "Enquiries, sources and partner timeliness"
SUMMARY = (
    "Enquiries per month and the peak month, where they come from, domestic-abuse "
    "notifications per day, how quickly partner agencies answer, and assessments per month."
)
DAYS_PER_MONTH = 365.25 / 12

PARTNER_MEASURES = (
    Measure("sent", "Sent"),
    Measure("answered", "Answered"),
    Measure("answered_on_time", "Answered on time"),
    Measure("share_on_time", "Share on time", "percent"),
    Measure("median_hours", "Median time to respond (hours)", "hours"),
    Measure("p90_hours", "90th percentile time to respond (hours)", "hours"),
    Measure("still_waiting", "Still waiting"),
    Measure("overdue_now", "Overdue now"),
)

# {(month, authority id): count}
MonthCounts = dict[tuple[date, int], int]


def assessments_by_month(scope: ReportScope, authorities: tuple[Authority, ...]) -> MonthCounts:
    rows = (
        TeamResponse.objects.filter(
            in_scope(scope, authorities, "handover__contact__"),
            on_days_of(scope, "started_on"),
            kind=d.ASSESSMENT,
        )
        .annotate(month=TruncMonth("started_on"))
        .values("month", "handover__contact__local_authority_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _by_month(rows, "handover__contact__local_authority_id")


def _by_month(rows: Iterable[Mapping[str, Any]], authority: str) -> MonthCounts:
    counts: MonthCounts = defaultdict(int)
    for row in rows:
        counts[(month_of(row["month"]), row[authority])] += row["n"]
    return counts


def peak(counts: Sequence[tuple[date, int]]) -> tuple[date | None, int]:
    """The month with the most (the earliest on a tie); (None, 0) when there are none."""
    best: tuple[date | None, int] = (None, 0)
    for month, count in counts:
        if count > best[1]:
            best = (month, count)
    return best


def monthly_table(
    key: str,
    title: str,
    measure: Measure,
    counts: MonthCounts,
    scope: ReportScope,
    authorities: tuple[Authority, ...],
    definitions: tuple[str, ...],
) -> Table:
    rows = []
    for month in months_of(scope):
        cells: list[Cell] = [month_label(month)]
        if several(authorities):
            cells += [counts.get((month, authority.id), 0) for authority in authorities]
        cells.append(sum(counts.get((month, authority.id), 0) for authority in authorities))
        rows.append(tuple(cells))
    return Table(
        key=key,
        title=title,
        columns=(
            Column("month", "Month", "text"),
            *authority_columns(authorities, [measure]),
            *total_columns(authorities, [measure]),
        ),
        rows=tuple(rows),
        definitions=definitions,
        chart=Chart("line", label="month", value=measure.key),
    )


def contact_counts(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> tuple[MonthCounts, dict[int, Counter[str]]]:
    """Enquiries per (month, authority), and per authority the counts by source family
    ("family_<i>") and of domestic-abuse notifications: one scan of the contacts, grouped by
    month, authority and source code (a few thousand rows at most), summed here."""
    family_of = {
        code: f"family_{i}" for i, (_, codes) in enumerate(d.SOURCE_FAMILIES) for code in codes
    }
    rows = (
        Contact.objects.filter(in_scope(scope, authorities), during(scope, "received_at"))
        .annotate(month=TruncMonth("received_at", tzinfo=LONDON))
        .values("month", "local_authority_id", "referral_source_id")
        .annotate(
            n=Count("pk"),
            domestic_abuse=Count(
                "pk", filter=Q(cohort=d.DOMESTIC_ABUSE_COHORT, channel=d.POLICE_NOTIFICATION)
            ),
        )
        .order_by()
    )
    months: MonthCounts = defaultdict(int)
    sources: dict[int, Counter[str]] = defaultdict(Counter)
    for row in cast(Iterable[Mapping[str, Any]], rows):
        authority, n = row["local_authority_id"], row["n"]
        months[(month_of(row["month"]), authority)] += n
        counts = sources[authority]
        counts["contacts"] += n
        counts[family_of.get(row["referral_source_id"], "other")] += n
        counts["domestic_abuse"] += row["domestic_abuse"]
    return months, sources


def summary_table(
    scope: ReportScope,
    authorities: tuple[Authority, ...],
    months: MonthCounts,
    sources: dict[int, Counter[str]],
) -> Table:
    groups: list[tuple[str, list[int]]] = [(a.name, [a.id]) for a in authorities]
    if several(authorities):
        groups.append((d.ALL_AUTHORITIES, [a.id for a in authorities]))
    rows = []
    for name, ids in groups:
        per_month = [
            (month, sum(months.get((month, id_), 0) for id_ in ids)) for month in months_of(scope)
        ]
        enquiries = sum(count for _, count in per_month)
        peak_month, peak_count = peak(per_month)
        domestic_abuse = sum(sources.get(id_, Counter())["domestic_abuse"] for id_ in ids)
        rows.append(
            (
                name,
                enquiries,
                enquiries / (scope.days / DAYS_PER_MONTH),
                month_label(peak_month) if peak_month else None,
                peak_count,
                domestic_abuse,
                domestic_abuse / scope.days,
            )
        )
    return Table(
        key="summary",
        title="Enquiries and domestic-abuse notifications",
        columns=(
            Column("authority", "Local authority", "text"),
            Column("enquiries", "Enquiries"),
            Column("per_month", "Average per month", "average"),
            Column("peak_month", "Peak month", "text"),
            Column("peak_month_enquiries", "Enquiries in the peak month"),
            Column("domestic_abuse", "Domestic-abuse notifications"),
            Column("domestic_abuse_per_day", "Domestic-abuse notifications per day", "average"),
        ),
        rows=tuple(rows),
        definitions=(d.PERIOD, d.ENQUIRIES, d.AVERAGE_PER_MONTH, d.PEAK_MONTH, d.DOMESTIC_ABUSE),
    )


def sources_table(authorities: tuple[Authority, ...], sources: dict[int, Counter[str]]) -> Table:
    measures = (Measure("contacts", "Contacts"), Measure("percent", "Percent", "percent"))
    everyone = [a.id for a in authorities]
    rows = []
    for i, (family, _) in enumerate(d.SOURCE_FAMILIES):
        cells: list[Cell] = [family]
        groups = [[a.id] for a in authorities] if several(authorities) else []
        for ids in [*groups, everyone]:
            count = sum(sources.get(id_, Counter())[f"family_{i}"] for id_ in ids)
            whole = sum(sources.get(id_, Counter())["contacts"] for id_ in ids)
            cells += [count, percent(count, whole)]
        rows.append(tuple(cells))
    return Table(
        key="sources",
        title="Where enquiries come from",
        columns=(
            Column("source", "Source", "text"),
            *authority_columns(authorities, measures),
            *total_columns(authorities, measures),
        ),
        rows=tuple(rows),
        definitions=(d.SOURCES, d.PER_AUTHORITY),
        chart=Chart("bar", label="source", value="percent"),
    )


def _hours(duration: timedelta | None) -> float | None:
    return duration.total_seconds() / 3600 if duration is not None else None


def partner_table(scope: ReportScope, authorities: tuple[Authority, ...]) -> Table:
    everyone, each = partner_timeliness(scope, authorities, now=timezone.now())
    per_authority = (Measure("sent", "Sent"), Measure("share_on_time", "Share on time", "percent"))
    rows = []
    for figures in everyone:
        cells: list[Cell] = [figures.agency]
        if several(authorities):
            for authority in authorities:
                mine = each.get((authority.id, figures.agency))
                cells += [mine.sent if mine else 0, mine.share_on_time if mine else None]
        cells += [
            figures.sent,
            figures.answered,
            figures.answered_on_time,
            figures.share_on_time,
            _hours(figures.median_time_to_respond),
            _hours(figures.p90_time_to_respond),
            figures.still_waiting,
            figures.overdue_now,
        ]
        rows.append(tuple(cells))
    return Table(
        key="partner_timeliness",
        title="Partner response timeliness",
        columns=(
            Column("agency", "Agency", "text"),
            *authority_columns(authorities, per_authority),
            *total_columns(authorities, PARTNER_MEASURES),
        ),
        rows=tuple(rows),
        definitions=(d.PARTNER_TIMELINESS, d.SHARE_ON_TIME, d.TIME_TO_RESPOND),
        chart=Chart("bar", label="agency", value="share_on_time"),
    )


def build(scope: ReportScope, show_references: bool = False) -> Report:
    authorities = authorities_of(scope)
    months, sources = contact_counts(scope, authorities)
    enquiries = Measure("enquiries", "Enquiries")
    assessments = Measure("assessments", "Assessments")
    tables = (
        summary_table(scope, authorities, months, sources),
        monthly_table(
            "enquiries_per_month",
            "Enquiries per month",
            enquiries,
            months,
            scope,
            authorities,
            (d.ENQUIRIES_PER_MONTH, d.PEAK_MONTH, d.PER_AUTHORITY),
        ),
        sources_table(authorities, sources),
        partner_table(scope, authorities),
        monthly_table(
            "assessments_per_month",
            "Child and family assessments per month",
            assessments,
            assessments_by_month(scope, authorities),
            scope,
            authorities,
            (d.ASSESSMENTS_PER_MONTH, d.PER_AUTHORITY),
        ),
    )
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=tables)


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
