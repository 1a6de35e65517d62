"""The funnel from contact to outcome, the decided outcomes, and re-referrals within 12 months,
for the contacts received in the period. Every count is an aggregate over a plain join,
semi-join or anti-join (an EXISTS in the WHERE clause), grouped by authority."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from frontdoor.contacts.models import Cohort, Contact, ContactSubject, SubjectRole
from frontdoor.enquiries.models import InformationRequest
from frontdoor.outcomes.models import Handover
from frontdoor.screening.models import ManagerDecision, Outcome, Recommendation, ScreeningDecision

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

NAME = "funnel"
TITLE = "From contact to outcome"
SUMMARY = (
    "How far the contacts received in the period have gone, their decided outcomes, and how "
    "many children were referred again within 12 months."
)

CONTACTS = Measure("contacts", "Contacts")
APPROVED = ManagerDecision.Verdict.APPROVED


STAGES = (
    ("received", "Received"),
    ("screened", "Screened"),
    ("information_requested", "Information requested from partners"),
    ("recommended", "Outcome recommended"),
    ("decided", "Decision approved"),
    ("handed_over", "Handed over"),
    ("acknowledged", "Acknowledged by the receiving team"),
)


def stage_reached() -> dict[str, Exists]:
    """Whether a contact (annotated on contacts) has reached each stage after "received"."""
    contact = OuterRef("pk")
    return {
        "screened": Exists(ScreeningDecision.objects.filter(contact=contact)),
        "information_requested": Exists(InformationRequest.objects.filter(contact=contact)),
        "recommended": Exists(Recommendation.objects.filter(contact=contact)),
        "decided": Exists(
            ManagerDecision.objects.filter(recommendation__contact=contact, verdict=APPROVED)
        ),
        "handed_over": Exists(Handover.objects.filter(contact=contact, sent_at__isnull=False)),
        "acknowledged": Exists(
            Handover.objects.filter(contact=contact, acknowledged_at__isnull=False)
        ),
    }


def _received(scope: ReportScope, authorities: tuple[Authority, ...]) -> QuerySet[Contact]:
    return Contact.objects.filter(in_scope(scope, authorities), during(scope, "received_at"))


def _per_authority(contacts: QuerySet[Contact]) -> dict[int, int]:
    rows = contacts.values("local_authority_id").annotate(n=Count("pk")).order_by()
    return {row["local_authority_id"]: row["n"] for row in rows}


def _rows(
    labels: list[tuple[str, dict[int, int]]],
    authorities: tuple[Authority, ...],
    whole: int,
) -> tuple[tuple[Cell, ...], ...]:
    rows = []
    for label, counts in labels:
        cells: list[Cell] = [label]
        if several(authorities):
            cells += [counts.get(a.id, 0) for a in authorities]
        total = sum(counts.values())
        cells += [total, percent(total, whole)]
        rows.append(tuple(cells))
    return tuple(rows)


def funnel_table(scope: ReportScope, authorities: tuple[Authority, ...]) -> Table:
    # One count per stage, the stage's EXISTS in the WHERE clause (a semi-join): far quicker
    # than six EXISTS evaluated per contact inside one query.
    contacts = _received(scope, authorities)
    by_stage = {"received": _per_authority(contacts)}
    for key, reached in stage_reached().items():
        by_stage[key] = _per_authority(contacts.filter(reached))
    received = sum(by_stage["received"].values())
    return Table(
        key="funnel",
        title="From contact to outcome",
        columns=(
            Column("stage", "Stage", "text"),
            *authority_columns(authorities, [CONTACTS]),
            *total_columns(authorities, [CONTACTS]),
            Column("percent", "Percent of contacts received", "percent"),
        ),
        rows=_rows([(label, by_stage[key]) for key, label in STAGES], authorities, received),
        definitions=(d.FUNNEL, d.PERIOD, d.PER_AUTHORITY),
        chart=Chart("bar", label="stage", value="contacts"),
    )


def outcomes_table(scope: ReportScope, authorities: tuple[Authority, ...]) -> Table:
    # Approved decisions are final (a contact has at most one): count them joined to their
    # contacts rather than looking up each contact's decision.
    contact = "recommendation__contact__"
    rows = (
        ManagerDecision.objects.filter(
            in_scope(scope, authorities, contact),
            during(scope, f"{contact}received_at"),
            verdict=APPROVED,
        )
        .values(f"{contact}local_authority_id", "recommendation__outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_outcome: dict[str, dict[int, int]] = {outcome: {} for outcome in Outcome.values}
    for row in cast(Iterable[Mapping[str, Any]], rows):
        outcome, authority = row["recommendation__outcome"], row[f"{contact}local_authority_id"]
        by_outcome[outcome][authority] = row["n"]
    decided = sum(sum(counts.values()) for counts in by_outcome.values())
    return Table(
        key="outcomes",
        title="Decided outcomes",
        columns=(
            Column("outcome", "Outcome", "text"),
            *authority_columns(authorities, [CONTACTS]),
            *total_columns(authorities, [CONTACTS]),
            Column("percent", "Percent of decided contacts", "percent"),
        ),
        rows=_rows(
            [(Outcome(value).label, by_outcome[value]) for value in Outcome.values],
            authorities,
            decided,
        ),
        definitions=(d.OUTCOMES, d.PER_AUTHORITY),
        chart=Chart("bar", label="outcome", value="contacts"),
    )


def named_earlier(same_child: Q) -> Exists:
    """A subject child of another contact of the same authority in the 365 days before the
    outer subject's contact; `same_child` matches the outer subject's kept record."""
    return Exists(
        ContactSubject.objects.filter(
            same_child,
            role=SubjectRole.SUBJECT_CHILD,
            contact__local_authority_id=OuterRef("contact__local_authority_id"),
            contact__received_at__lt=OuterRef("contact__received_at"),
            contact__received_at__gte=OuterRef("window_start"),
        ).exclude(contact_id=OuterRef("contact_id"))
    )


def re_referrals_table(scope: ReportScope, authorities: tuple[Authority, ...]) -> Table:
    # The same child is the kept record, named directly or (rows normally move on a merge)
    # through a record since merged into it: two indexed lookups rather than one OR.
    referred_again = (
        ContactSubject.objects.filter(contact=OuterRef("pk"), role=SubjectRole.SUBJECT_CHILD)
        .annotate(
            kept=Coalesce("person__merged_into_id", "person_id"),
            window_start=F("contact__received_at") - timedelta(days=d.RE_REFERRAL_DAYS),
        )
        .filter(
            named_earlier(Q(person_id=OuterRef("kept")))
            | named_earlier(Q(person__merged_into_id=OuterRef("kept")))
        )
    )
    children = _received(scope, authorities).filter(cohort=Cohort.CHILD)
    contacts = _per_authority(children)
    again = _per_authority(children.filter(Exists(referred_again)))
    groups = [(a.name, [a.id]) for a in authorities]
    if several(authorities):
        groups.append((d.ALL_AUTHORITIES, [a.id for a in authorities]))
    table_rows = []
    for name, ids in groups:
        child_contacts = sum(contacts.get(id_, 0) for id_ in ids)
        re_referred = sum(again.get(id_, 0) for id_ in ids)
        table_rows.append((name, child_contacts, re_referred, percent(re_referred, child_contacts)))
    return Table(
        key="re_referrals",
        title="Re-referrals within 12 months",
        columns=(
            Column("authority", "Local authority", "text"),
            Column("child_contacts", "Child contacts"),
            Column("re_referrals", "Re-referrals within 12 months"),
            Column("percent", "Percent re-referred", "percent"),
        ),
        rows=tuple(table_rows),
        definitions=(d.RE_REFERRALS,),
    )


def build(scope: ReportScope, show_references: bool = False) -> Report:
    authorities = authorities_of(scope)
    tables = (
        funnel_table(scope, authorities),
        outcomes_table(scope, authorities),
        re_referrals_table(scope, authorities),
    )
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=tables)


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
