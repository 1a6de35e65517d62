"""The funnel from contact to outcome, the decided outcomes, and re-referrals within 12 months,
for the contacts received in the period.

Every count is an aggregate grouped by authority, over a plain scan, join or semi-join (an
IN (subquery) in the WHERE clause, which PostgreSQL runs as a hash or merge semi-join), not a
subquery evaluated for each contact received. Re-referrals take one window over the subject
children named in the period and the 365 days before it, in date order per child.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    ValueRange,
    Window,
    WindowFrameExclusion,
)
from django.db.models.functions import Coalesce

from frontdoor.contacts.models import Cohort, Contact, ContactSubject, SubjectRole
from frontdoor.enquiries.models import InformationRequest
from frontdoor.outcomes.models import Handover
from frontdoor.people.models import Person
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
LOOK_BACK = timedelta(days=d.RE_REFERRAL_DAYS)

STAGES = (
    ("received", "Received"),
    ("screened", "Screened"),
    ("information_requested", "Information requested from partners"),
    ("recommended", "Outcome recommended"),
    ("decided", "Decision approved"),
    ("handed_over", "Handed over"),
    ("acknowledged", "Acknowledged by the receiving team"),
)

ByAuthority = dict[int, int]


def _received(scope: ReportScope, authorities: tuple[Authority, ...]) -> QuerySet[Contact]:
    return Contact.objects.filter(in_scope(scope, authorities), during(scope, "received_at"))


def _per_authority(contacts: QuerySet[Contact]) -> ByAuthority:
    rows = contacts.values("local_authority_id").annotate(n=Count("pk")).order_by()
    return {row["local_authority_id"]: row["n"] for row in rows}


def _rows(
    labels: list[tuple[str, ByAuthority]],
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


# ---- what the contacts received in the period became ---------------------------------------


def received_counts(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> tuple[ByAuthority, ByAuthority]:
    """Contacts received, and child contacts received, per authority: one scan."""
    rows = (
        _received(scope, authorities)
        .values("local_authority_id")
        .annotate(n=Count("pk"), children=Count("pk", filter=Q(cohort=Cohort.CHILD)))
        .order_by()
    )
    received, children = {}, {}
    for row in rows:
        received[row["local_authority_id"]] = row["n"]
        children[row["local_authority_id"]] = row["children"]
    return received, children


def stage_reached() -> dict[str, Q]:
    """Whether a contact has reached a stage after "received" that the decisions query does
    not count, as a filter on contacts: an IN (subquery), run as a semi-join."""
    return {
        "screened": Q(pk__in=ScreeningDecision.objects.values("contact_id")),
        "information_requested": Q(pk__in=InformationRequest.objects.values("contact_id")),
        "recommended": Q(pk__in=Recommendation.objects.values("contact_id")),
    }


def handover_counts(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> tuple[ByAuthority, ByAuthority]:
    """Contacts handed over (a handover sent) and acknowledged (a handover acknowledged), per
    authority: one pass over the handovers of the contacts received, each contact once."""
    contact = "contact__"
    rows = (
        Handover.objects.filter(
            in_scope(scope, authorities, contact),
            during(scope, f"{contact}received_at"),
            Q(sent_at__isnull=False) | Q(acknowledged_at__isnull=False),
        )
        .values(f"{contact}local_authority_id")
        .annotate(
            sent=Count("contact_id", distinct=True, filter=Q(sent_at__isnull=False)),
            acknowledged=Count(
                "contact_id", distinct=True, filter=Q(acknowledged_at__isnull=False)
            ),
        )
        .order_by()
    )
    sent, acknowledged = {}, {}
    for row in cast(Iterable[Mapping[str, Any]], rows):
        authority = row[f"{contact}local_authority_id"]
        sent[authority], acknowledged[authority] = row["sent"], row["acknowledged"]
    return sent, acknowledged


def decisions_by_outcome(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> dict[str, ByAuthority]:
    """{outcome: {authority id: contacts}} for the contacts received in the period whose
    decision was approved. Approved decisions are final (a contact has at most one: once
    approved, the contact is decided and takes no new recommendation), so the decisions are
    counted joined to their contacts, and their sum is the contacts decided."""
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
    by_outcome: dict[str, ByAuthority] = {outcome: {} for outcome in Outcome.values}
    for row in cast(Iterable[Mapping[str, Any]], rows):
        outcome, authority = row["recommendation__outcome"], row[f"{contact}local_authority_id"]
        by_outcome[outcome][authority] = row["n"]
    return by_outcome


def _decided(by_outcome: dict[str, ByAuthority]) -> ByAuthority:
    decided: ByAuthority = {}
    for counts in by_outcome.values():
        for authority, n in counts.items():
            decided[authority] = decided.get(authority, 0) + n
    return decided


def funnel_table(
    scope: ReportScope,
    authorities: tuple[Authority, ...],
    received: ByAuthority,
    by_outcome: dict[str, ByAuthority],
) -> Table:
    # One count per stage, the stage's semi-join in the WHERE clause: far quicker than six
    # EXISTS evaluated per contact inside one query.
    contacts = _received(scope, authorities)
    by_stage = {"received": received, "decided": _decided(by_outcome)}
    for key, reached in stage_reached().items():
        by_stage[key] = _per_authority(contacts.filter(reached))
    by_stage["handed_over"], by_stage["acknowledged"] = handover_counts(scope, authorities)
    return Table(
        key="funnel",
        title="From contact to outcome",
        columns=(
            Column("stage", "Stage", "text"),
            *authority_columns(authorities, [CONTACTS]),
            *total_columns(authorities, [CONTACTS]),
            Column("percent", "Percent of contacts received", "percent"),
        ),
        rows=_rows(
            [(label, by_stage[key]) for key, label in STAGES],
            authorities,
            sum(received.values()),
        ),
        definitions=(d.FUNNEL, d.PERIOD, d.PER_AUTHORITY),
        chart=Chart("bar", label="stage", value="contacts"),
    )


def outcomes_table(authorities: tuple[Authority, ...], by_outcome: dict[str, ByAuthority]) -> Table:
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


# ---- re-referrals ----------------------------------------------------------------------------


def _subject_children(
    scope: ReportScope, authorities: tuple[Authority, ...], since: datetime
) -> QuerySet[ContactSubject]:
    """Subject children of contacts of the scope's authorities received from `since` to the
    end of the period, of every cohort and referrer (an earlier contact counts whatever it
    was about)."""
    return ContactSubject.objects.filter(
        role=SubjectRole.SUBJECT_CHILD,
        contact__local_authority_id__in=[a.id for a in authorities],
        contact__received_at__gte=since,
        contact__received_at__lt=scope.end_before,
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


def _previous_naming() -> Window:
    """The latest time before a subject row's contact that the same record was a subject
    child of a contact of the same authority (rows named at the very same time left out)."""
    return Window(
        Max("contact__received_at"),
        partition_by=[F("contact__local_authority_id"), F("person_id")],
        order_by=F("contact__received_at").asc(),
        frame=ValueRange(start=None, end=0, exclusion=WindowFrameExclusion.GROUP),
    )


def _names_a_merged_record() -> Exists:
    """The contact (outer) names as subject child a record merged into another, or one that
    others were merged into."""
    merged = Person.objects.filter(merged_into__isnull=False)
    family = merged.values("pk").union(merged.values("merged_into_id"))
    return Exists(
        ContactSubject.objects.filter(
            contact=OuterRef("pk"), role=SubjectRole.SUBJECT_CHILD, person_id__in=family
        )
    )


def re_referred(scope: ReportScope, authorities: tuple[Authority, ...]) -> ByAuthority:
    """Child contacts received in the period naming a subject child who was a subject child
    of another contact of the same authority in the 365 days before, per authority.

    A merge moves the absorbed record's places in contacts to the kept record, so nearly
    every contact names only records never merged: for those, one window over the subject
    children named from 365 days before the start, in date order per authority and record,
    finds each row's previous naming (one sort, no lookup per row). The few contacts naming a
    record in a merge are looked up one by one through the kept record instead."""
    children = _received(scope, authorities).filter(cohort=Cohort.CHILD)
    # A day more than 365 before the start, so that a change of clocks cannot leave one out.
    since = scope.start_at - LOOK_BACK - timedelta(days=1)
    named_again = (
        _subject_children(scope, authorities, since)
        .annotate(previous=_previous_naming())
        .filter(previous__gte=F("contact__received_at") - LOOK_BACK)
        .values("contact_id")
    )
    unmerged = children.exclude(_names_a_merged_record()).filter(pk__in=named_again)
    through_kept = ContactSubject.objects.filter(
        contact=OuterRef("pk"), role=SubjectRole.SUBJECT_CHILD
    ).annotate(
        kept=Coalesce("person__merged_into_id", "person_id"),
        window_start=F("contact__received_at") - LOOK_BACK,
    )
    # The same child is the kept record, named directly or through a record merged into it.
    merged = children.filter(_names_a_merged_record()).filter(
        Exists(
            through_kept.filter(
                named_earlier(Q(person_id=OuterRef("kept")))
                | named_earlier(Q(person__merged_into_id=OuterRef("kept")))
            )
        )
    )
    counts = _per_authority(unmerged)
    for authority, n in _per_authority(merged).items():
        counts[authority] = counts.get(authority, 0) + n
    return counts


def re_referrals_table(
    scope: ReportScope, authorities: tuple[Authority, ...], children: ByAuthority
) -> Table:
    again = re_referred(scope, authorities)
    groups = [(a.name, [a.id]) for a in authorities]
    if several(authorities):
        groups.append((d.ALL_AUTHORITIES, [a.id for a in authorities]))
    table_rows = []
    for name, ids in groups:
        contacts = sum(children.get(id_, 0) for id_ in ids)
        re_referred_n = sum(again.get(id_, 0) for id_ in ids)
        table_rows.append((name, contacts, re_referred_n, percent(re_referred_n, contacts)))
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
    received, children = received_counts(scope, authorities)
    by_outcome = decisions_by_outcome(scope, authorities)
    tables = (
        funnel_table(scope, authorities, received, by_outcome),
        outcomes_table(authorities, by_outcome),
        re_referrals_table(scope, authorities, children),
    )
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=tables)


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
