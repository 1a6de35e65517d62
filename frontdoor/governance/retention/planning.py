"""Planning: which settled contacts are past their retention period, and which of those a
legal hold keeps. Reads only: this is the dry run."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from frontdoor.contacts.models import Contact, ContactStatusChange, ContactSubject
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.people.models import Person, PersonMerge
from frontdoor.screening.models import ManagerDecision, Recommendation

from ..models import LegalHold
from .rules import (
    OUTCOMES,
    S47_DECISIONS,
    SETTLED,
    RecordType,
    RetentionRule,
    cutoff,
    retention_rules,
)


def merge_family(person_ids: Iterable[int]) -> set[int]:
    """These records and every record linked to them by a merge, in force or undone."""
    family = set(person_ids)
    frontier = set(family)
    while frontier:
        linked: set[int] = set()
        linked.update(
            Person.objects.filter(pk__in=frontier, merged_into__isnull=False).values_list(
                "merged_into_id", flat=True
            )
        )
        linked.update(
            Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
        )
        merges = PersonMerge.objects.filter(Q(kept_id__in=frontier) | Q(absorbed_id__in=frontier))
        for kept, absorbed in merges.values_list("kept_id", "absorbed_id"):
            linked.update((kept, absorbed))
        frontier = linked - family
        family |= frontier
    return family


def held_person_ids() -> set[int]:
    """People under an active hold, with the records merged with them (their contacts may
    sit on either)."""
    held = LegalHold.objects.filter(lifted_at__isnull=True, person__isnull=False)
    return merge_family(held.values_list("person_id", flat=True))


def _classified(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Settled contacts with `closed_at` (when last settled) and `record_type` ("" if none)."""
    settled_at = (
        ContactStatusChange.objects.filter(contact=OuterRef("pk"), to_status__in=SETTLED)
        .order_by("-changed_at", "-id")
        .values("changed_at")[:1]
    )
    approved = (
        Recommendation.objects.filter(
            contact=OuterRef("pk"), manager_decision__verdict=ManagerDecision.Verdict.APPROVED
        )
        .order_by("-recommended_at", "-id")
        .values("outcome")[:1]
    )
    s47 = StrategyDiscussion.objects.filter(contact=OuterRef("pk"), decision__in=S47_DECISIONS)
    kinds = [
        When(outcome__in=list(outcomes), then=Value(kind.value))
        for kind, outcomes in OUTCOMES.items()
    ]
    return (
        contacts.filter(status__in=SETTLED)
        .annotate(closed_at=Subquery(settled_at), outcome=Subquery(approved))
        .annotate(
            record_type=Case(
                When(Exists(s47), then=Value(RecordType.REFERRED.value)),
                *kinds,
                default=Value(""),
                output_field=CharField(),
            )
        )
    )


@dataclass(frozen=True)
class DueContact:
    """A contact past its retention period (`held`: kept anyway)."""

    pk: int
    reference: str
    local_authority_code: str
    closed_at: datetime
    rule: RetentionRule
    held: bool


def past_their_period(
    contacts: QuerySet[Contact], as_of: date, rules: list[RetentionRule]
) -> list[DueContact]:
    by_kind = {rule.record_type.value: rule for rule in rules}
    past = Q(pk__in=[])
    for rule in rules:
        past |= Q(record_type=rule.record_type.value, closed_at__lt=cutoff(as_of, rule.years))
    held_people = held_person_ids()
    rows = (
        _classified(contacts)  # type: ignore[misc]  # annotations the stubs cannot see
        .filter(past)
        .annotate(
            held_itself=Exists(
                LegalHold.objects.filter(contact=OuterRef("pk"), lifted_at__isnull=True)
            ),
            names_held=Exists(
                ContactSubject.objects.filter(contact=OuterRef("pk"), person_id__in=held_people)
            ),
        )
        .order_by("closed_at", "pk")
        .values_list(
            "pk",
            "received_at",
            "local_authority__code",
            "closed_at",
            "record_type",
            "held_itself",
            "names_held",
        )
    )
    return [
        DueContact(
            pk=pk,
            reference=Contact(pk=pk, received_at=received_at).reference,
            local_authority_code=code,
            closed_at=closed_at,
            rule=by_kind[kind],
            held=held_itself or names_held,
        )
        for pk, received_at, code, closed_at, kind, held_itself, names_held in rows
    ]


@dataclass(frozen=True)
class RuleReport:
    rule: RetentionRule
    due: int
    held: int


@dataclass(frozen=True)
class RetentionPlan:
    """What a purge on `as_of` would do: per rule, how many contacts are due and how many of
    those a legal hold keeps; `due` lists the ones it would delete."""

    as_of: date
    reports: list[RuleReport]
    due: list[DueContact]
    unclassified: int

    @property
    def held(self) -> int:
        return sum(report.held for report in self.reports)


def plan_retention(
    *, as_of: date | None = None, local_authority_codes: Collection[str] | None = None
) -> RetentionPlan:
    """The dry run: reads only. `local_authority_codes` limits it to those authorities."""
    as_of = as_of or timezone.localdate()
    contacts = Contact.objects.all()
    if local_authority_codes is not None:
        contacts = contacts.filter(local_authority__code__in=list(local_authority_codes))
    rules = retention_rules()
    past = past_their_period(contacts, as_of, rules)
    reports = [
        RuleReport(
            rule=rule,
            due=sum(1 for c in past if c.rule == rule and not c.held),
            held=sum(1 for c in past if c.rule == rule and c.held),
        )
        for rule in rules
    ]
    return RetentionPlan(
        as_of=as_of,
        reports=reports,
        due=[c for c in past if not c.held],
        unclassified=_classified(contacts).filter(record_type="").count(),  # type: ignore[misc]
    )
