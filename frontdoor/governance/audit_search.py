"""Reading the audit trail for information governance: the IG search and "who has seen this".

Who may read what:

- The search is for information governance officers only. An officer sees the events of their
  own authorities (`authority_codes_for`): every event stamped with one of those authorities,
  and events stamped with no authority (sign-ins, pages that belong to no case) performed by
  someone with a membership, past or present, in one of those authorities, that is a team of
  the authority or, for a team serving no single authority, an agency that serves it.
- "Who has seen this record" is for IG officers and MASH managers, about records of their
  authorities: a contact of the authority, or a person named in one (or merged into one who
  is). It lists every event about the record, whoever performed it, because the question is
  who has touched this child's record, not who in my authority has.

Every query here starts from an index: `audit_object_idx` (object type, object id) for one
record, `local_authority` and `actor` for the search scope, `occurred_at` for the order and
the period. The search never counts its results (a COUNT over millions of rows costs more than
the page); it fetches one row more than a page to know whether there is a next one.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from frontdoor.agencies.models import Agency, LocalAuthority, Membership
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.selectors import contacts_of_authorities, people_named_in
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.models import InformationRequest
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.models import Handover
from frontdoor.people.models import Person, PersonMerge

PAGE_SIZE = 50
MAX_PAGE = 2000


class AuditAction:
    SEARCHED = "audit.searched"
    EXPORTED = "audit.exported"
    RECORD_ACCESS_VIEWED = "audit.record_access_viewed"


# --- Who may ------------------------------------------------------------------------------


def may_search_audit(actor: Actor) -> bool:
    return actor.role == Role.IG_OFFICER


def may_review_record_access(actor: Actor) -> bool:
    return actor.role in (Role.IG_OFFICER, Role.MANAGER)


# --- Record types and action areas ---------------------------------------------------------


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    object_type: str  # AuditEvent.object_type: the model's label_lower


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("contact", "Contact", Contact._meta.label_lower),
    RecordType("person", "Person", Person._meta.label_lower),
    RecordType("information_request", "Information request", InformationRequest._meta.label_lower),
    RecordType("package", "Package", Handover._meta.label_lower),
    RecordType("strategy_discussion", "Strategy discussion", StrategyDiscussion._meta.label_lower),
)
RECORD_TYPE_BY_KEY = {record_type.key: record_type for record_type in RECORD_TYPES}
RECORD_TYPE_BY_OBJECT = {record_type.object_type: record_type for record_type in RECORD_TYPES}

# Areas of the audit trail, by the first part of the action name.
ACTION_AREAS: tuple[tuple[str, str], ...] = (
    ("auth", "Signing in and out"),
    ("contact", "Contacts"),
    ("person", "People"),
    ("duplicate", "Possible duplicates"),
    ("merge", "Merges"),
    ("information_request", "Information requests"),
    ("strategy_discussion", "Strategy discussions"),
    ("handover", "Handovers and packages"),
    ("work", "Work queues"),
    ("notification", "Notifications"),
    ("sharing", "Sharing agreements"),
    ("hub", "Hub set-up"),
    ("api", "Partner API"),
    ("breakglass", "Break-glass"),
    ("audit", "Audit searches and exports"),
)

READABLE_ACTIONS = {
    "auth.login": "Signed in",
    "auth.login_failed": "Failed to sign in",
    "auth.locked_out": "Locked out",
    "auth.logout": "Signed out",
    "auth.mfa_enrolled": "Set up two-factor authentication",
    "home.viewed": "Home page viewed",
    "api.contacts_listed": "Contacts listed through the API",
    "information_request.answers_viewed": "Agency answers viewed",
    "person.listed_as_related": "Other children at the address listed",
    "person.candidates_shown": "Possible matches shown",
    "breakglass.opened": "Break-glass access opened",
    "breakglass.refused": "Break-glass access refused",
    "breakglass.reviewed": "Break-glass access reviewed",
    AuditAction.SEARCHED: "Audit trail searched",
    AuditAction.EXPORTED: "Audit trail exported",
    AuditAction.RECORD_ACCESS_VIEWED: "Who has seen this record viewed",
}

# An event in which someone saw a record's contents: the action name ends with one of these.
SEEING_SUFFIXES = ("viewed", "shown", "listed_as_related", "downloaded", "exported")
EXPORTING_SUFFIXES = ("downloaded", "exported")


def readable_action(action: str) -> str:
    """'contact.viewed' → 'Contact viewed'; a few names have their own words."""
    if action in READABLE_ACTIONS:
        return READABLE_ACTIONS[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def kind_of(action: str) -> str:
    """What an event did to the record: viewed, exported, changed, or read its access log."""
    if action.startswith("audit."):
        return "access log"
    if action.endswith(EXPORTING_SUFFIXES):
        return "exported"
    if action.endswith(SEEING_SUFFIXES):
        return "viewed"
    return "changed"


def _seeing() -> Q:
    """The database form of `kind_of(...) in {viewed, exported}`."""
    suffixes = Q()
    for suffix in SEEING_SUFFIXES:
        suffixes |= Q(action__endswith=suffix)
    return suffixes & ~Q(action__startswith="audit.")


# --- The search ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    """A validated search. Dates are days in Europe/London, both ends included."""

    user_id: int | None = None
    record_type: RecordType | None = None
    record_id: int | None = None
    action_area: str = ""
    start: date | None = None
    end: date | None = None

    def used(self) -> list[str]:
        names = [
            ("user", self.user_id is not None),
            ("record_type", self.record_type is not None),
            ("record", self.record_id is not None),
            ("action", bool(self.action_area)),
            ("from", self.start is not None),
            ("to", self.end is not None),
        ]
        return [name for name, given in names if given]

    def audit_details(self) -> dict[str, Any]:
        """For the audit event: which filters, the account's id (not its email), codes, days."""
        details: dict[str, Any] = {"filters": self.used()}
        if self.user_id is not None:
            details["user"] = self.user_id
        if self.record_type is not None:
            details["record_type"] = self.record_type.key
        if self.record_id is not None:
            details["record_id"] = self.record_id
        if self.action_area:
            details["action"] = self.action_area
        if self.start is not None:
            details["from"] = self.start.isoformat()
        if self.end is not None:
            details["to"] = self.end.isoformat()
        return details


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def members_of(codes: Sequence[str]) -> QuerySet[Membership]:
    """Memberships, past or present, that work for one of the authorities."""
    return Membership.objects.filter(
        Q(team__local_authority__code__in=codes)
        | Q(team__local_authority__isnull=True, agency__local_authorities__code__in=codes)
    )


def events_in_scope(actor: Actor) -> QuerySet[AuditEvent]:
    """The events an IG officer may search (see the module docstring)."""
    codes = authority_codes_for(actor)
    if not codes:
        return AuditEvent.objects.none()
    members = members_of(codes).values("user_id")
    return AuditEvent.objects.filter(
        Q(local_authority__in=codes) | Q(local_authority="", actor_id__in=members)
    )


def search_events(actor: Actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The officer's events matching the filters, newest first."""
    events = events_in_scope(actor)
    if filters.user_id is not None:
        events = events.filter(actor_id=filters.user_id)
    if filters.record_type is not None:
        events = events.filter(object_type=filters.record_type.object_type)
        if filters.record_id is not None:
            events = events.filter(object_id=str(filters.record_id))
    if filters.action_area:
        events = events.filter(action__startswith=f"{filters.action_area}.")
    if filters.start is not None:
        events = events.filter(occurred_at__gte=_start_of(filters.start))
    if filters.end is not None and filters.end < date.max:
        events = events.filter(occurred_at__lt=_start_of(filters.end + timedelta(days=1)))
    # A user's events come newest first from the (actor, occurred_at) index, an authority's
    # from (local_authority, occurred_at): without them PostgreSQL walked the whole time index
    # looking for a rare user's rows (20 s in 2 million).
    return events.order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class ResultPage:
    """One page of results, without a total count (see the module docstring)."""

    number: int
    events: list[AuditEvent]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_position(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last_position(self) -> int:
        return self.first_position + len(self.events) - 1


def page_number(value: str | None) -> int:
    """The page asked for; anything that is not a positive number is the first page. Pages
    stop at `MAX_PAGE` (100,000 events): an offset costs its length, and the export has all."""
    if value and value.isdigit() and len(value) <= 6:
        return min(max(int(value), 1), MAX_PAGE)
    return 1


def result_page(events: QuerySet[AuditEvent], number: int) -> ResultPage:
    offset = (number - 1) * PAGE_SIZE
    rows = list(events[offset : offset + PAGE_SIZE + 1])
    return ResultPage(number=number, events=rows[:PAGE_SIZE], has_next=len(rows) > PAGE_SIZE)


# --- One record ----------------------------------------------------------------------------


def people_of_authorities(actor: Actor) -> QuerySet[Person]:
    """People named in a contact of the actor's authorities, or merged into one who is."""
    return people_named_in(contacts_of_authorities(actor))


def get_contact_for_access_review(actor: Actor, pk: int) -> Contact:
    """The contact if it belongs to one of the actor's authorities, else 404. Not audited as
    a view of the contact: the caller audits the access-page read."""
    contact = contacts_of_authorities(actor).select_related("local_authority").filter(pk=pk)
    found = contact.first()
    if found is None:
        raise Http404("No such contact")
    return found


def get_person_for_access_review(actor: Actor, pk: int) -> Person:
    """The person if named in a contact of one of the actor's authorities, else 404."""
    found = people_of_authorities(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such person")
    return found


def _about(model: type[Any], ids: Iterable[Any]) -> Q:
    object_ids = [str(pk) for pk in ids]
    if not object_ids:
        return Q(pk__in=[])
    return Q(object_type=model._meta.label_lower, object_id__in=object_ids)


def contact_events(contact: Contact) -> QuerySet[AuditEvent]:
    """Every event about the contact: the contact itself, and its information requests,
    strategy discussions and packages (each looked up through the object index)."""
    about = (
        _about(Contact, [contact.pk])
        | _about(InformationRequest, contact.information_requests.values_list("pk", flat=True))
        | _about(StrategyDiscussion, contact.strategy_discussions.values_list("pk", flat=True))
        | _about(Handover, contact.handovers.values_list("pk", flat=True))
    )
    return AuditEvent.objects.filter(about).order_by("-occurred_at", "-id")


def person_events(person: Person) -> QuerySet[AuditEvent]:
    """Every event about the person: their record, the records merged into it, and the merges
    that involved it. Views of contacts naming the person are on each contact's own page."""
    absorbed = list(person.absorbed_records.values_list("pk", flat=True))
    merges = PersonMerge.objects.filter(Q(kept=person) | Q(absorbed=person))
    about = _about(Person, [person.pk, *absorbed]) | _about(
        PersonMerge, merges.values_list("pk", flat=True)
    )
    return AuditEvent.objects.filter(about).order_by("-occurred_at", "-id")


def contacts_naming(actor: Actor, person: Person) -> list[Contact]:
    """The contacts of the actor's authorities that name the person, newest first."""
    named = ContactSubject.objects.filter(person=person).values("contact_id")
    return list(contacts_of_authorities(actor).filter(pk__in=named).order_by("-received_at"))


@dataclass(frozen=True)
class AccessSummary:
    people: int
    views: int
    since: datetime | None


def access_summary(events: QuerySet[AuditEvent]) -> AccessSummary:
    """How many people saw the record, in how many views or exports, since when."""
    figures = events.filter(_seeing()).aggregate(
        people=Count("actor", distinct=True), views=Count("id"), since=Min("occurred_at")
    )
    return AccessSummary(people=figures["people"], views=figures["views"], since=figures["since"])


# --- Showing events ------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    """One event as the pages and the CSV show it: codes made readable, no personal data."""

    event: AuditEvent
    who: str
    role: str
    agency: str
    authority: str
    action: str
    kind: str
    record_type: str
    record: str
    record_link: tuple[str, int] | None = None

    @property
    def record_url(self) -> str:
        """Who has seen the record, for a contact or a person (built only when shown)."""
        if self.record_link is None:
            return ""
        return reverse(self.record_link[0], args=[self.record_link[1]])

    @property
    def break_glass(self) -> bool:
        """Read under a break-glass grant: the event's details name the grant."""
        details = self.event.details
        return isinstance(details, dict) and bool(details.get("break_glass"))

    @property
    def break_glass_grant(self) -> int | None:
        """The grant's id, whose review page holds the reason the user gave."""
        grant = self.event.details.get("break_glass") if self.break_glass else None
        return grant if isinstance(grant, int) and not isinstance(grant, bool) else None


ROLE_LABELS = dict(Role.choices) | {"system": "System"}


def _record_words(
    event: AuditEvent, references: dict[int, str]
) -> tuple[str, str, tuple[str, int] | None]:
    """(type, record, link): a contact by its reference, the rest by type and number; contacts
    and people link to who has seen them."""
    record_type = RECORD_TYPE_BY_OBJECT.get(event.object_type)
    if record_type is None:
        return event.object_type, event.object_id, None
    if not event.object_id.isdigit() or len(event.object_id) > 18:
        return record_type.label, event.object_id, None
    pk = int(event.object_id)
    if record_type.key == "contact":
        reference = references.get(pk, event.object_id)
        return record_type.label, reference, ("governance:contact_access", pk)
    if record_type.key == "person":
        return record_type.label, event.object_id, ("governance:person_access", pk)
    return record_type.label, event.object_id, None


def rows_for(events: Sequence[AuditEvent]) -> list[EventRow]:
    """Readable rows for a batch of events, with one query each for names and references."""
    contact_type = RECORD_TYPE_BY_KEY["contact"].object_type
    contact_ids = {
        int(e.object_id)
        for e in events
        if e.object_type == contact_type and e.object_id.isdigit() and len(e.object_id) <= 18
    }
    references = {
        contact.pk: contact.reference
        for contact in Contact.objects.filter(pk__in=contact_ids).only("pk", "received_at")
    }
    agencies = dict(
        Agency.objects.filter(code__in={e.actor_agency for e in events}).values_list("code", "name")
    )
    authorities = dict(
        LocalAuthority.objects.filter(code__in={e.local_authority for e in events}).values_list(
            "code", "name"
        )
    )
    rows = []
    for event in events:
        record_type, record, link = _record_words(event, references)
        rows.append(
            EventRow(
                event=event,
                who=event.actor_label,
                role=ROLE_LABELS.get(event.actor_role, event.actor_role),
                agency=agencies.get(event.actor_agency, event.actor_agency),
                authority=authorities.get(event.local_authority, event.local_authority),
                action=readable_action(event.action),
                kind=kind_of(event.action),
                record_type=record_type,
                record=record,
                record_link=link,
            )
        )
    return rows
