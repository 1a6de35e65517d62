"""Building the export: every contact of the officer's authorities naming the person, in a
fixed number of queries, and the audit events about any of those records. A read; the
views record the export (`record_export`) before they return it."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Q
from django.utils import timezone

from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactStatusChange, ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationRequest, InformationResponse
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover
from frontdoor.people.models import Person, PersonMerge
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision

from .contacts import (
    Held,
    contact_sections,
    decision_items,
    recommendation_items,
    screening_items,
    status_items,
)
from .enquiry import answer_items, discussion_items, handover_items, request_items
from .items import ContactRecord, Field, Item, Section, SubjectAccessExport, staff_name
from .person import about_person

EXPORTED = "subject_access.exported"
VIEWED = "subject_access.viewed"


def _held(ids: list[int], codes: list[str]) -> dict[int, Held]:
    """Each contact of these authorities naming the person, oldest first."""
    mine = (
        ContactSubject.objects.filter(person_id__in=ids, contact__local_authority__code__in=codes)
        .select_related(
            "contact__local_authority", "contact__referral_source", "contact__allocated_to"
        )
        .prefetch_related("contact__categories")
    )
    held: dict[int, Held] = {}
    for subject in mine.order_by("contact__received_at", "contact_id", "id"):
        entry = held.setdefault(subject.contact_id, Held(subject.contact, [], [], []))
        entry.roles.append(subject.get_role_display())
        entry.subject_ids.append(subject.pk)
    others = ContactSubject.objects.filter(contact_id__in=held).exclude(person_id__in=ids)
    for other in others.select_related("person").order_by("id"):
        held[other.contact_id].others.append(other)
    return held


def _by_contact[T](
    rows: Iterable[T], contact_of: Callable[[Any], int] = attrgetter("contact_id")
) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[contact_of(row)].append(row)
    return grouped


@dataclass(frozen=True)
class _Rows:
    """The rows of every contact naming the person, grouped by contact: one query each."""

    changes: dict[int, list[ContactStatusChange]]
    screenings: dict[int, list[ScreeningDecision]]
    recommendations: dict[int, list[Recommendation]]
    decisions: dict[int, list[ManagerDecision]]
    requests: dict[int, list[InformationRequest]]
    answers: dict[int, list[InformationResponse]]
    discussions: dict[int, list[StrategyDiscussion]]
    handovers: dict[int, list[Handover]]


def _rows(held: dict[int, Held]) -> _Rows:
    ids = list(held)
    subject_ids = [pk for entry in held.values() for pk in entry.subject_ids]
    return _Rows(
        changes=_by_contact(
            ContactStatusChange.objects.filter(contact_id__in=ids).select_related("changed_by")
        ),
        screenings=_by_contact(
            ScreeningDecision.objects.filter(contact_id__in=ids).select_related(
                "rag_rating", "screened_by"
            )
        ),
        recommendations=_by_contact(
            Recommendation.objects.filter(contact_id__in=ids).select_related(
                "transfer_to", "recommended_by"
            )
        ),
        decisions=_by_contact(
            ManagerDecision.objects.filter(recommendation__contact_id__in=ids)
            .select_related("decided_by", "recommendation")
            .order_by("decided_at", "id"),
            attrgetter("recommendation.contact_id"),
        ),
        requests=_by_contact(
            InformationRequest.objects.filter(contact_id__in=ids, subjects__in=subject_ids)
            .distinct()
            .select_related("agency", "sent_by", "contact")
            .order_by("sent_at", "id")
        ),
        answers=_by_contact(
            InformationResponse.objects.filter(subject_id__in=subject_ids)
            .select_related("request__agency", "request__contact", "answered_by", "subject")
            .order_by("answered_at", "id"),
            attrgetter("subject.contact_id"),
        ),
        discussions=_by_contact(
            StrategyDiscussion.objects.filter(contact_id__in=ids)
            .select_related("convened_by", "contact")
            .prefetch_related("invitees__agency", "actions__owner_agency", "actions__owner_user")
        ),
        handovers=_by_contact(
            Handover.objects.filter(contact_id__in=ids)
            .select_related("receiving_team", "created_by", "acknowledged_by", "contact")
            .prefetch_related("items__response", "responses")
            .order_by("created_at", "id")
        ),
    )


def _contacts(held: dict[int, Held], rows: _Rows) -> tuple[ContactRecord, ...]:
    records = []
    for pk, entry in held.items():
        sections = (
            *contact_sections(entry),
            Section("status_history", "Status history", status_items(entry, rows.changes[pk])),
            Section("screenings", "Screening", screening_items(entry, rows.screenings[pk])),
            Section(
                "recommendations",
                "Recommendations",
                recommendation_items(entry, rows.recommendations[pk]),
            ),
            Section(
                "manager_decisions", "Manager decisions", decision_items(entry, rows.decisions[pk])
            ),
            Section(
                "information_requests",
                "Information requests naming the person",
                request_items(entry, rows.requests[pk]),
            ),
            Section(
                "answers",
                "What agencies said about the person",
                answer_items(entry, rows.answers[pk]),
            ),
            Section(
                "strategy_discussions",
                "Strategy discussions",
                discussion_items(entry, rows.discussions[pk]),
            ),
            Section("handovers", "Handover packages", handover_items(entry, rows.handovers[pk])),
        )
        records.append(ContactRecord(entry.contact.reference, sections))
    return tuple(records)


def _flat[T](grouped: dict[int, list[T]]) -> list[T]:
    return [row for rows in grouped.values() for row in rows]


def _audit(ids: list[int], held: dict[int, Held], rows: _Rows) -> Section:
    """Every audit event about the person's records, a merge of them, or a record naming
    them (contact, request, strategy discussion, package), oldest first."""
    merges = PersonMerge.objects.filter(Q(kept_id__in=ids) | Q(absorbed_id__in=ids))
    targets: dict[str, dict[str, str]] = {
        "people.person": {str(pk): f"Person record {pk}" for pk in ids},
        "people.personmerge": {
            str(m.pk): f"Merge of record {m.absorbed_id} into {m.kept_id}" for m in merges
        },
        "contacts.contact": {str(pk): e.contact.reference for pk, e in held.items()},
        "enquiries.informationrequest": {str(r.pk): r.reference for r in _flat(rows.requests)},
        "meetings.strategydiscussion": {
            str(d.pk): f"Strategy discussion about {d.contact.reference}"
            for d in _flat(rows.discussions)
        },
        "outcomes.handover": {str(h.pk): h.reference for h in _flat(rows.handovers)},
    }
    about = Q(pk__in=[])
    for object_type, names in targets.items():
        if names:
            about |= Q(object_type=object_type, object_id__in=list(names))
    events = AuditEvent.objects.filter(about).select_related("actor").order_by("occurred_at", "id")
    items = tuple(
        Item(
            "Audit event",
            (
                Field("occurred_at", "When", event.occurred_at),
                Field("action", "What", event.action),
                Field("record", "Record", targets[event.object_type][event.object_id]),
                Field("by", "Who", staff_name(event.actor) or event.actor_label),
                Field("role", "Role", _role_label(event.actor_role)),
                Field("agency", "Agency", event.actor_agency),
            ),
        )
        for event in events
    )
    return Section("audit_events", "Who has seen or changed these records", items)


def _role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


# --- The export ------------------------------------------------------------------------


def build_subject_access(*, person: Person, by: Actor) -> SubjectAccessExport:
    """Everything the actor's authorities hold about the person, each item flagged for review
    where it must be. A read: nothing is written (the views record the export)."""
    codes = authority_codes_for(by)
    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    held = _held(ids, codes)
    rows = _rows(held)
    elsewhere = (
        Contact.objects.filter(subjects__person_id__in=ids)
        .exclude(local_authority__code__in=codes)
        .distinct()
        .count()
    )
    return SubjectAccessExport(
        person_id=person.pk,
        person_name=person.full_name,
        generated_at=timezone.now(),
        generated_by=staff_name(by.user) or by.label,
        authorities=tuple(codes),
        about_person=about_person(person, ids),
        contacts=_contacts(held, rows),
        audit=_audit(ids, held, rows),
        contacts_held_elsewhere=elsewhere,
    )


def record_export(*, export: SubjectAccessExport, person: Person, by: Actor) -> None:
    """Audit the export: counts only, never names or what is held."""
    record(EXPORTED, by=by, target=person, details=export.summary.as_audit_details(person.pk))


def record_preview(*, person: Person, by: Actor) -> None:
    record(VIEWED, by=by, target=person, details={"person": person.pk})
