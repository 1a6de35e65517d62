"""What every report shares: the authorities in scope, the filter every figure applies to its
contacts, the per-authority columns, calendar months, averages and percentages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, Q, Subquery

from frontdoor.agencies.models import LocalAuthority
from frontdoor.core.calendar import LONDON
from frontdoor.screening.models import ManagerDecision, Recommendation

from ..definitions import ALL_AUTHORITIES
from ..scope import ReportScope
from ..tables import Column, ColumnKind

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Authority:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Measure:
    """A figure shown for each authority and for all of them: `key`, `key_<code>`…"""

    key: str
    heading: str  # sentence case, e.g. "Average per week"
    kind: ColumnKind = "count"


def authorities_of(scope: ReportScope) -> tuple[Authority, ...]:
    """The scope's authorities, in code order (one small query)."""
    rows = (
        LocalAuthority.objects.filter(code__in=scope.authority_codes)
        .order_by("code")
        .values_list("id", "code", "name")
    )
    return tuple(Authority(*row) for row in rows)


def in_scope(scope: ReportScope, authorities: Iterable[Authority], path: str = "") -> Q:
    """Contacts (at `path`, e.g. "contact__") of the scope's authorities, cohort and referring
    agency group. Every figure of every report passes through this filter."""
    condition = Q(**{f"{path}local_authority_id__in": [authority.id for authority in authorities]})
    if scope.cohort:
        condition &= Q(**{f"{path}cohort": scope.cohort})
    if scope.source_group:
        condition &= Q(**{f"{path}referral_source__group": scope.source_group})
    return condition


def during(scope: ReportScope, field: str) -> Q:
    """`field` (a time) in the period: [start_at, end_before), UK midnights."""
    return Q(**{f"{field}__gte": scope.start_at, f"{field}__lt": scope.end_before})


def on_days_of(scope: ReportScope, field: str) -> Q:
    """`field` (a date) on a day of the period."""
    return Q(**{f"{field}__gte": scope.start, f"{field}__lte": scope.end})


def latest_approved_outcome() -> Subquery:
    """The outcome of a contact's latest approved recommendation, or None while undecided
    (annotate it on contacts). Approved decisions are final, so there is normally one."""
    approved = Recommendation.objects.filter(
        contact=OuterRef("pk"), manager_decision__verdict=ManagerDecision.Verdict.APPROVED
    ).order_by("-manager_decision__decided_at", "-pk")
    return Subquery(approved.values("outcome")[:1])


def per_week(total: int, scope: ReportScope) -> float:
    return total / scope.weeks


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`; None when there is nothing to divide by."""
    return 100 * part / whole if whole else None


def several(authorities: tuple[Authority, ...]) -> bool:
    return len(authorities) > 1


def authority_columns(
    authorities: tuple[Authority, ...], measures: Iterable[Measure]
) -> list[Column]:
    """`<key>_<code>` columns per authority, only when the scope has several."""
    if not several(authorities):
        return []
    measures = list(measures)
    return [
        Column(
            f"{measure.key}_{authority.code}",
            f"{authority.name}: {_lower(measure.heading)}",
            measure.kind,
        )
        for authority in authorities
        for measure in measures
    ]


def total_columns(authorities: tuple[Authority, ...], measures: Iterable[Measure]) -> list[Column]:
    """The `<key>` columns: the whole scope ("All authorities: …" when it has several)."""
    if not several(authorities):
        return [Column(measure.key, measure.heading, measure.kind) for measure in measures]
    return [
        Column(measure.key, f"{ALL_AUTHORITIES}: {_lower(measure.heading)}", measure.kind)
        for measure in measures
    ]


def _lower(heading: str) -> str:
    return heading[:1].lower() + heading[1:]


def counts_by_authority(
    rows: Iterable[Mapping[str, object]], key: str, field: str
) -> dict[int, int]:
    """{authority id: count} from `.values(<authority path>).annotate(<field>=Count…)` rows."""
    return {int(row[key]): int(row[field]) for row in rows}  # type: ignore[call-overload]


def months_of(scope: ReportScope) -> list[date]:
    """The first day of every calendar month the period touches, in order."""
    months = []
    month = scope.start.replace(day=1)
    while month <= scope.end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def month_of(value: date | datetime) -> date:
    """The month a `TruncMonth` value stands for (times are read in UK time)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LONDON)
        return value.date().replace(day=1)
    return value.replace(day=1)


def month_label(month: date) -> str:
    """ "August 2025"."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
