"""Partner response timeliness, summed in the database with the definitions of
`frontdoor.enquiries.timeliness` (see its docstring), so a five-year report reads a row per
agency rather than every request. The figures come back as that module's `AgencyTimeliness`.

The median and 90th percentile use its nearest-rank method: the time at rank ⌈p/100 × n⌉ of
the agency's sorted times, with the same floating-point product as `nearest_rank`. On
PostgreSQL that is `percentile_disc`, in the same query as the counts; elsewhere (SQLite) a
window function numbers the times and keeps the row at that rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Expression,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Ceil, RowNumber

from frontdoor.enquiries.models import InformationRequest
from frontdoor.enquiries.timeliness import ANSWERED, SENT, AgencyTimeliness

from ..scope import ReportScope
from .common import Authority, during, in_scope, several

PERCENTILES = {"median": 50, "p90": 90}
ANSWERED_REQUEST = Q(status=ANSWERED, responded_at__isnull=False)


class PercentileDisc(Aggregate):
    """PostgreSQL's `percentile_disc(fraction) WITHIN GROUP (ORDER BY …)`: the value at rank
    ⌈fraction × n⌉ (a float8 product, as Python's)."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = DurationField()


def time_to_respond() -> Expression:
    return ExpressionWrapper(F("responded_at") - F("sent_at"), output_field=DurationField())


def counts(now: datetime) -> dict[str, Aggregate]:
    return {
        "sent": Count("pk"),
        "answered": Count("pk", filter=ANSWERED_REQUEST),
        "on_time": Count("pk", filter=Q(status=ANSWERED, responded_at__lte=F("due_at"))),
        "waiting": Count("pk", filter=Q(status=SENT)),
        "overdue": Count("pk", filter=Q(status=SENT, due_at__lt=now)),
    }


def nearest_rank_times(
    requests: QuerySet[InformationRequest], percentile: int
) -> dict[str, timedelta]:
    """{agency name: the nearest-rank `percentile` of its answered requests' times}, with a
    window function (for databases without `percentile_disc`)."""
    agency = F("agency__name")
    ranked = (
        requests.filter(ANSWERED_REQUEST)
        .annotate(took=time_to_respond())
        .annotate(
            position=Window(RowNumber(), partition_by=agency, order_by=[F("took"), F("pk")]),
            answered=Window(Count("pk"), partition_by=agency),
        )
        .filter(position=Ceil(F("answered") * (percentile / 100)))
    )
    return dict(ranked.values_list("agency__name", "took"))


def figures(agency: str, row: Mapping[str, Any]) -> AgencyTimeliness:
    counted = row["answered"] + row["overdue"]
    return AgencyTimeliness(
        agency=agency,
        sent=row["sent"],
        answered=row["answered"],
        answered_on_time=row["on_time"],
        share_on_time=100 * row["on_time"] / counted if counted else None,
        median_time_to_respond=row.get("median"),
        p90_time_to_respond=row.get("p90"),
        still_waiting=row["waiting"],
        overdue_now=row["overdue"],
    )


def partner_timeliness(
    scope: ReportScope, authorities: tuple[Authority, ...], *, now: datetime
) -> tuple[list[AgencyTimeliness], dict[tuple[int, str], AgencyTimeliness]]:
    """Each agency's figures over the whole scope (in name order, ignoring case) and, when
    the scope has several authorities, each (authority id, agency name)'s counts."""
    requests = InformationRequest.objects.filter(
        in_scope(scope, authorities, "contact__"), during(scope, "sent_at")
    ).order_by()
    on_postgres = connection.vendor == "postgresql"
    aggregates: dict[str, Aggregate] = counts(now)
    if on_postgres:
        aggregates |= {
            name: PercentileDisc(time_to_respond(), fraction=p / 100, filter=ANSWERED_REQUEST)
            for name, p in PERCENTILES.items()
        }
    rows = {
        row["agency__name"]: dict(row)
        for row in cast(
            Iterable[Mapping[str, Any]], requests.values("agency__name").annotate(**aggregates)
        )
    }
    if not on_postgres:
        for name, p in PERCENTILES.items():
            for agency, took in nearest_rank_times(requests, p).items():
                rows[agency][name] = took
    everyone = [figures(agency, rows[agency]) for agency in sorted(rows, key=str.casefold)]
    each: dict[tuple[int, str], AgencyTimeliness] = {}
    if several(authorities):
        per_authority = requests.values("contact__local_authority_id", "agency__name").annotate(
            **counts(now)
        )
        for row in cast(Iterable[Mapping[str, Any]], per_authority):
            key = (row["contact__local_authority_id"], row["agency__name"])
            each[key] = figures(row["agency__name"], row)
    return everyone, each
