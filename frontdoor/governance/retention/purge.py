"""The purge: each due contact and everything hanging off it, in its own transaction, then
the people no contact names any more. Metadata stays behind; audit events are never deleted."""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationRequest, InformationResponse
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover, HandoverItem
from frontdoor.people.models import Household, HouseholdMember, Person, PersonMerge
from frontdoor.screening.models import Recommendation, ScreeningDecision

from ..models import LegalHold, PurgedRecord, PurgedRecordType
from .planning import DueContact, RetentionPlan, merge_family, past_their_period, plan_retention
from .rules import PERSON_RULE, RetentionAction
from .snapshots import repair_merge_snapshots


@dataclass
class PurgeResult:
    plan: RetentionPlan
    contacts: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    people: int = 0
    people_kept: Counter[str] = field(default_factory=Counter)
    snapshots_repaired: int = 0


def purge_expired_records(*, as_of: date | None = None, by: Actor) -> PurgeResult:
    """Delete every contact past its retention period and not held, each in its own
    transaction (a failure keeps that contact whole and is reported), then the people those
    contacts named who are no longer named anywhere. Each deletion leaves a `PurgedRecord` and
    an audit event; the run ends with one `retention.purged` event. Audit events are never
    deleted."""
    result = PurgeResult(plan=plan_retention(as_of=as_of))
    named: dict[int, str] = {}
    for due in result.plan.due:
        try:
            with transaction.atomic():
                people = _purge_contact(due, as_of=result.plan.as_of, by=by)
        except Exception as error:  # a failure keeps this contact whole; the run goes on
            result.failed.append((due.reference, type(error).__name__))
            continue
        if people is None:
            result.skipped += 1
            continue
        result.contacts.append(due.reference)
        for person_id in people:
            named.setdefault(person_id, due.local_authority_code)
    _purge_people(named, result, by=by)
    if result.contacts or result.people:
        result.snapshots_repaired = repair_merge_snapshots()
    with transaction.atomic():
        record(
            RetentionAction.PURGED,
            by=by,
            details={
                "as_of": result.plan.as_of.isoformat(),
                "contacts": len(result.contacts),
                "contacts_failed": len(result.failed),
                "contacts_skipped": result.skipped,
                "contacts_held": result.plan.held,
                "people": result.people,
                "people_kept": dict(result.people_kept),
                "merge_snapshots_repaired": result.snapshots_repaired,
            },
        )
    return result


def _purge_contact(due: DueContact, *, as_of: date, by: Actor) -> list[int] | None:
    """Delete one contact if it is still due and not held (checked again under lock); returns
    the people it named, or None if it was left alone."""
    contact = Contact.objects.select_for_update().filter(pk=due.pk).first()
    if contact is None:
        return None
    person_ids = list(contact.subjects.values_list("person_id", flat=True))
    # Holds on these people are placed under the same lock, so none can slip in now.
    list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk"))
    still_due = past_their_period(Contact.objects.filter(pk=contact.pk), as_of, [due.rule])
    if not still_due or still_due[0].held:
        return None
    again = still_due[0]
    record(
        RetentionAction.RECORD_PURGED,
        by=by,
        target=contact,
        local_authority_code=due.local_authority_code,
        details={"rule": due.rule.record_type.value, "retention_years": due.rule.years},
    )
    _delete_contact(contact, due.reference)
    PurgedRecord.objects.create(
        record_type=PurgedRecordType.CONTACT,
        record_id=due.pk,
        reference=due.reference,
        local_authority_code=due.local_authority_code,
        closed_at=again.closed_at,
        rule=due.rule.record_type.value,
        retention_years=due.rule.years,
        purged_by_label=by.label,
    )
    return person_ids


def _delete_contact(contact: Contact, reference: str) -> None:
    """The contact and everything hanging off it, rows that protect others first."""
    handovers = Handover.objects.filter(contact=contact)
    requests = InformationRequest.objects.filter(contact=contact)
    discussions = StrategyDiscussion.objects.filter(contact=contact)
    _forget_notifications(contact, reference, requests, handovers, discussions)
    HandoverItem.objects.filter(handover__contact=contact).delete()  # protect answers
    handovers.delete()  # protect the recommendation
    InformationResponse.objects.filter(request__contact=contact).delete()  # protect subjects
    requests.delete()  # extensions, chases, the people each asked about
    discussions.delete()  # invitees, actions
    Recommendation.objects.filter(contact=contact).delete()  # manager decisions
    ScreeningDecision.objects.filter(contact=contact).delete()
    LegalHold.objects.filter(contact=contact).delete()  # lifted holds: history of this contact
    contact.delete()  # subjects, status history, break-glass grants, categories


def _forget_notifications(
    contact: Contact,
    reference: str,
    requests: QuerySet[InformationRequest],
    handovers: QuerySet[Handover],
    discussions: QuerySet[StrategyDiscussion],
) -> None:
    """Notifications that link to the contact or its parts, or name its reference."""
    paths = [reverse("contacts:detail", args=[contact.pk])]
    paths += [
        reverse("enquiries:detail", args=[pk]) for pk in requests.values_list("pk", flat=True)
    ]
    for pk in handovers.values_list("pk", flat=True):
        paths += [reverse("outcomes:detail", args=[pk]), reverse("outcomes:consent", args=[pk])]
    paths += [
        reverse("meetings:detail", args=[pk]) for pk in discussions.values_list("pk", flat=True)
    ]
    links = Q(link__in=paths)
    for path in paths:
        links |= Q(link__startswith=f"{path}/")
    naming = Q(subject__contains=reference) | Q(body__contains=reference)
    # FD-2020-100000 is inside FD-2020-1000000: a reference counts only if no digit follows.
    exact = re.compile(rf"{re.escape(reference)}(?!\d)")
    candidates = Notification.objects.filter(created_at__gte=contact.received_at).filter(
        links | naming
    )
    doomed = [
        pk
        for pk, link, subject, body in candidates.values_list("pk", "link", "subject", "body")
        if link in paths
        or any(link.startswith(f"{path}/") for path in paths)
        or exact.search(subject)
        or exact.search(body)
    ]
    Notification.objects.filter(pk__in=doomed).delete()


def _purge_people(named: dict[int, str], result: PurgeResult, *, by: Actor) -> None:
    """People the purged contacts named, with the records merged with them, deleted when no
    contact names any of them and none is held. Anything else keeps them, and is counted."""
    seen: set[int] = set()
    for person_id, code in named.items():
        if person_id in seen:
            continue
        family = merge_family({person_id})
        seen |= family
        try:
            with transaction.atomic():
                outcome = _purge_family(person_id, family, code, by=by)
        except Exception:  # keep them; counted as failed
            outcome = "failed"
        if outcome == "purged":
            result.people += len(family)
        elif outcome != "still_named":
            result.people_kept[outcome] += 1


def _purge_family(person_id: int, family: set[int], code: str, *, by: Actor) -> str:
    people = list(Person.objects.select_for_update().filter(pk__in=family).order_by("pk"))
    if not people:
        return "gone"
    named = set(
        ContactSubject.objects.filter(person_id__in=family).values_list("person_id", flat=True)
    )
    if person_id in named:
        return "still_named"
    if named:
        return "merged_with_a_named_record"
    if LegalHold.objects.filter(person_id__in=family, lifted_at__isnull=True).exists():
        return "held"
    for person in people:
        record(
            RetentionAction.RECORD_PURGED,
            by=by,
            target=person,
            local_authority_code=code,
            details={"rule": PERSON_RULE},
        )
    households = list(
        HouseholdMember.objects.filter(person_id__in=family).values_list("household_id", flat=True)
    )
    PersonMerge.objects.filter(Q(kept_id__in=family) | Q(absorbed_id__in=family)).delete()
    LegalHold.objects.filter(person_id__in=family).delete()  # lifted ones
    Person.objects.filter(pk__in=family).update(merged_into=None)
    Person.objects.filter(pk__in=family).delete()  # names, addresses, links, keys, proposals
    Household.objects.filter(pk__in=households, members__isnull=True).delete()
    PurgedRecord.objects.bulk_create(
        PurgedRecord(
            record_type=PurgedRecordType.PERSON,
            record_id=person.pk,
            local_authority_code=code,
            rule=PERSON_RULE,
            purged_by_label=by.label,
        )
        for person in people
    )
    return "purged"
