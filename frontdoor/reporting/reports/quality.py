"""Referral quality by referring organisation: each organisation's contacts, and the share
that ended in no further action, arrived without consent or missed required facts, so the hub
can work with the organisations that send poor referrals; and, for the worst of them, the
contacts behind the figures, by pseudonym.

The figures are counted in the database per (authority, source code, organisation as typed);
the few resulting rows are merged in Python by the organisation's normalised name (case and
spaces ignored).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, cast

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from frontdoor.contacts.models import Consent, Contact, ContactSubject
from frontdoor.core.calendar import LONDON
from frontdoor.screening.models import ManagerDecision, Outcome, Recommendation

from .. import definitions as d
from ..pseudonyms import contact_pseudonym, contact_reference
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
    latest_approved_outcome,
    percent,
    several,
    total_columns,
)

NAME = "referral-quality"
TITLE = "Referral quality by referring organisation"
SUMMARY = (
    "Each referring organisation's contacts and the share that ended in no further action, "
    "arrived without consent or missed required facts."
)

FAMILY_OF = {code: family for family, codes in d.SOURCE_FAMILIES for code in codes}
Row = Mapping[str, Any]

# On contacts annotated by `with_facts`; what the contact's own fields say comes first, so
# that the database asks the subqueries only when it must.
WITHOUT_CONSENT = ~Q(consent=d.CONSENT_GIVEN)
OWN_FACTS_MISSING = Q(family_aware=d.FAMILY_AWARE_NOT_KNOWN) | Q(action_taken="")
OWN_CONCERN = WITHOUT_CONSENT | OWN_FACTS_MISSING
ENDED_IN_NFA = Q(outcome__in=d.ENDED_IN_NO_FURTHER_ACTION)
ANY_CONCERN = OWN_CONCERN | ENDED_IN_NFA | Q(no_postcode=True)


@dataclass
class Group:
    """One row: an organisation (normalised) under one source code."""

    source: str
    key: str  # the normalised name, NOT_GIVEN, or OTHER_ORGANISATIONS
    spellings: Counter[str] = field(default_factory=Counter)  # as typed → contacts
    figures: Counter[str] = field(default_factory=Counter)
    by_authority: Counter[int] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        if self.key in (d.NOT_GIVEN, d.OTHER_ORGANISATIONS):
            return self.key
        # The spelling most contacts used (alphabetical first on a tie), spaces tidied.
        spelling = min(self.spellings, key=lambda s: (-self.spellings[s], s))
        return " ".join(spelling.split())

    @property
    def is_named(self) -> bool:
        return self.key not in (d.NOT_GIVEN, d.OTHER_ORGANISATIONS)

    def share(self, figure: str) -> float | None:
        return percent(self.figures[figure], self.figures["contacts"])

    def absorb(self, other: Group) -> None:
        self.spellings.update(other.spellings)
        self.figures.update(other.figures)
        self.by_authority.update(other.by_authority)


def normalised(organisation: str) -> str:
    return " ".join(organisation.split()).casefold() or d.NOT_GIVEN


def source_label(code: str) -> str:
    return f"{code} {FAMILY_OF.get(code, '')}".strip()


def ended_in_nfa() -> Exists:
    """The contact's approved outcome (approved decisions are final: there is at most one) was
    no further action, information and advice, or signposting."""
    return Exists(
        Recommendation.objects.filter(
            contact=OuterRef("pk"),
            outcome__in=d.ENDED_IN_NO_FURTHER_ACTION,
            manager_decision__verdict=ManagerDecision.Verdict.APPROVED,
        )
    )


def subject_without_postcode() -> Exists:
    return Exists(ContactSubject.objects.filter(contact=OuterRef("pk"), person__postcode=""))


def with_facts(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """`contacts` annotated with what the list shows: subqueries run for each contact, so
    keep `contacts` to a few hundred."""
    return contacts.annotate(
        outcome=latest_approved_outcome(),
        no_postcode=subject_without_postcode(),
        no_action=ExpressionWrapper(Q(action_taken=""), BooleanField()),
    )


KEY = ("local_authority_id", "referral_source_id", "referrer_organisation")
Key = tuple[int, str, str]


def _counted(queryset: QuerySet[Contact], /, **counts: Count) -> dict[Key, Row]:
    rows = queryset.values(*KEY).annotate(**counts).order_by()
    return {
        (row["local_authority_id"], row["referral_source_id"], row["referrer_organisation"]): row
        for row in cast(Iterable[Row], rows)
    }


def figures_by_organisation(
    scope: ReportScope, authorities: tuple[Authority, ...]
) -> dict[Key, Counter[str]]:
    """{(authority id, source code, organisation as typed): {figure: count}}.

    Three queries. A contact's own fields say whether it came without consent (C) or lacks
    whether the family knows or the action taken (F); two facts live elsewhere: ended in no
    further action (A, an approved recommendation) and a person named without a postcode (P,
    few contacts). So: every contact, counting C, F and C or F (a scan); the contacts with A
    (a semi-join); the contacts with P (a semi-join), with and without A. Then
    missing = F + (P and not F), any = (C or F) + (A and not C or F) + (P and not C, F or A).
    """
    received = Contact.objects.filter(in_scope(scope, authorities), during(scope, "received_at"))
    everything = _counted(
        received,
        contacts=Count("pk"),
        no_consent=Count("pk", filter=WITHOUT_CONSENT),
        own_missing=Count("pk", filter=OWN_FACTS_MISSING),
        own_concern=Count("pk", filter=OWN_CONCERN),
    )
    nfa = _counted(
        received.filter(ended_in_nfa()), n=Count("pk"), only=Count("pk", filter=~OWN_CONCERN)
    )
    # Joined to the contact's approved recommendations to tell A apart: each contact once.
    approved_nfa = Q(
        recommendations__outcome__in=d.ENDED_IN_NO_FURTHER_ACTION,
        recommendations__manager_decision__verdict=ManagerDecision.Verdict.APPROVED,
    )
    no_postcode = _counted(
        received.filter(subject_without_postcode()),
        missing=Count("pk", distinct=True, filter=~OWN_FACTS_MISSING),
        concern=Count("pk", distinct=True, filter=~OWN_CONCERN),
        nfa=Count("pk", distinct=True, filter=~OWN_CONCERN & approved_nfa),
    )
    figures: dict[Key, Counter[str]] = {}
    for key, row in everything.items():
        by_nfa = nfa.get(key, {})
        by_postcode = no_postcode.get(key, {})
        figures[key] = Counter(
            contacts=row["contacts"],
            nfa=by_nfa.get("n", 0),
            no_consent=row["no_consent"],
            missing=row["own_missing"] + by_postcode.get("missing", 0),
            any=row["own_concern"]
            + by_nfa.get("only", 0)
            + by_postcode.get("concern", 0)
            - by_postcode.get("nfa", 0),
        )
    return figures


def groups_of(scope: ReportScope, authorities: tuple[Authority, ...]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for (authority, source, typed), counts in figures_by_organisation(scope, authorities).items():
        key = normalised(typed)
        group = groups.setdefault((source, key), Group(source, key))
        group.spellings[typed] += counts["contacts"]
        group.figures.update(counts)
        group.by_authority[authority] += counts["contacts"]
    # Organisations with few contacts: one "other organisations" row per source code.
    kept: list[Group] = []
    others: dict[str, Group] = {}
    for group in groups.values():
        if group.is_named and group.figures["contacts"] < d.SMALL_ORGANISATION:
            other = others.setdefault(group.source, Group(group.source, d.OTHER_ORGANISATIONS))
            other.absorb(group)
        else:
            kept.append(group)
    order = {code: i for i, (code) in enumerate(FAMILY_OF)}

    def by_size(group: Group) -> tuple[int, int, str]:
        return (-group.figures["contacts"], order.get(group.source, 99), group.name.casefold())

    return sorted(kept, key=by_size) + sorted(others.values(), key=by_size)


def quality_table(authorities: tuple[Authority, ...], groups: list[Group]) -> Table:
    contacts = Measure("contacts", "Contacts")
    rows = []
    for group in groups:
        cells: list[Cell] = [source_label(group.source), group.name]
        if several(authorities):
            cells += [group.by_authority.get(a.id, 0) for a in authorities]
        cells += [
            group.figures["contacts"],
            group.share("nfa"),
            group.share("no_consent"),
            group.share("missing"),
            group.share("any"),
        ]
        rows.append(tuple(cells))
    return Table(
        key="referral_quality",
        title=TITLE,
        columns=(
            Column("source", "Source", "text"),
            Column("organisation", "Organisation", "text"),
            *authority_columns(authorities, [contacts]),
            *total_columns(authorities, [contacts]),
            Column("nfa_percent", "Ended in no further action", "percent"),
            Column("no_consent_percent", "Without consent", "percent"),
            Column("missing_facts_percent", "Missing required facts", "percent"),
            Column("any_concern_percent", "Any of these", "percent"),
        ),
        rows=tuple(rows),
        definitions=(d.QUALITY, d.QUALITY_MEASURES, d.QUALITY_GROUPS, d.PER_AUTHORITY),
        chart=Chart("bar", label="organisation", value="nfa_percent"),
    )


def worst(groups: list[Group]) -> list[Group]:
    """The named organisations with 5 or more contacts and the highest share of any concern."""
    candidates = [g for g in groups if g.is_named and g.figures["any"]]
    candidates.sort(key=lambda g: (-(g.share("any") or 0), -g.figures["contacts"], g.name))
    return candidates[: d.WORST_ORGANISATIONS]


def missing_facts(no_postcode: bool, family_aware: str, no_action: bool) -> str:
    missing = []
    if no_postcode:
        missing.append("postcode")
    if family_aware == d.FAMILY_AWARE_NOT_KNOWN:
        missing.append("whether the family knows")
    if no_action:
        missing.append("action taken")
    return ", ".join(missing).capitalize()


LISTED = (
    "pk",
    "received_at",
    "local_authority_id",
    "referral_source_id",
    "referrer_organisation",
    "outcome",
    "consent",
    "no_postcode",
    "family_aware",
    "no_action",
)


def listed(candidates: QuerySet[Contact]) -> list[tuple[Any, ...]]:
    """The first LIST_LIMIT candidates, oldest first, with any concern: their LISTED values.

    A large organisation may have thousands of contacts, so whether each has a concern (two
    of which are subqueries) is asked a slice at a time, in date order, until the list is
    full: the subqueries run for about as many contacts as are listed."""
    ordered = list(candidates.order_by("received_at", "pk").values_list("pk", flat=True))
    rows: list[tuple[Any, ...]] = []
    step = d.LIST_LIMIT
    for start in range(0, len(ordered), step):
        some = Contact.objects.filter(pk__in=ordered[start : start + step])
        rows += (
            with_facts(some).filter(ANY_CONCERN).order_by("received_at", "pk").values_list(*LISTED)
        )
        if len(rows) >= d.LIST_LIMIT:
            break
    return rows[: d.LIST_LIMIT]


def contacts_table(
    scope: ReportScope,
    authorities: tuple[Authority, ...],
    groups: list[Group],
    show_references: bool,
) -> Table:
    chosen = worst(groups)
    names = {(g.source, typed): g.name for g in chosen for typed in g.spellings}
    authority_names = {a.id: a.name for a in authorities}
    rows = []
    if chosen:
        which = reduce(
            or_,
            (
                Q(referral_source_id=g.source, referrer_organisation__in=list(g.spellings))
                for g in chosen
            ),
        )
        candidates = Contact.objects.filter(
            in_scope(scope, authorities), during(scope, "received_at"), which
        )
        values = listed(candidates)
        for pk, received_at, la, source, typed, outcome, consent, *facts in values:
            cells: list[Cell] = [contact_pseudonym(pk)]
            if show_references:
                cells.append(contact_reference(pk, received_at))
            if several(authorities):
                cells.append(authority_names[la])
            cells += [
                received_at.astimezone(LONDON).date(),
                source_label(source),
                names[(source, typed)],
                Outcome(outcome).label if outcome else "Not decided yet",
                Consent(consent).label,
                missing_facts(*facts),
            ]
            rows.append(tuple(cells))
    columns = [Column("pseudonym", "Pseudonym", "text")]
    if show_references:
        columns.append(Column("reference", "Contact reference", "text"))
    if several(authorities):
        columns.append(Column("authority", "Local authority", "text"))
    columns += [
        Column("received_on", "Received", "date"),
        Column("source", "Source", "text"),
        Column("organisation", "Organisation", "text"),
        Column("outcome", "Outcome", "text"),
        Column("consent", "Consent", "text"),
        Column("missing_facts", "Missing required facts", "text"),
    ]
    return Table(
        key="referral_quality_contacts",
        title="Contacts behind the figures",
        columns=tuple(columns),
        rows=tuple(rows),
        definitions=(d.QUALITY_LIST, d.QUALITY_MEASURES, d.PSEUDONYM),
        pseudonymised=True,
    )


def build(scope: ReportScope, show_references: bool = False) -> Report:
    authorities = authorities_of(scope)
    groups = groups_of(scope, authorities)
    tables = (
        quality_table(authorities, groups),
        contacts_table(scope, authorities, groups, show_references),
    )
    return Report(name=NAME, title=TITLE, summary=SUMMARY, tables=tables)


register(ReportDefinition(name=NAME, title=TITLE, summary=SUMMARY, build=build))
