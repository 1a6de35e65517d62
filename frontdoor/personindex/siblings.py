"""Other children known at the same address or sharing a parent or carer with a contact's
people: the contact page's "Other children known to us" section.

Sibling groups are often not known at referral. Each child is shown with how they are
connected and their other contacts; those the viewer may open are listed, the rest only
counted (another authority's, for example). Merged-away records are left out: their rows
live on in the record they were merged into.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from frontdoor.agencies.roles import MASH_ROLES
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.selectors import contacts_visible_to
from frontdoor.core.actors import Actor
from frontdoor.people.models import (
    Household,
    HouseholdMember,
    Person,
    Relationship,
    RelationshipKind,
)

ADULT_AGE = 18


@dataclass(frozen=True)
class Connection:
    """How a child is connected to the contact's people: "Same address", "12 Oak Road ST4 1AA"."""

    label: str
    detail: str
    last_seen: date | None = None

    def __str__(self) -> str:
        return f"{self.label}: {self.detail}"


@dataclass
class OtherChild:
    person: Person
    connections: list[Connection] = field(default_factory=list)
    visible_contacts: list[Contact] = field(default_factory=list)
    hidden_count: int = 0

    @property
    def may_open_person(self) -> bool:
        """A person is visible when a contact the viewer may open names them."""
        return bool(self.visible_contacts)

    @property
    def contact_count(self) -> int:
        return len(self.visible_contacts) + self.hidden_count


def is_child_on(person: Person, day: date) -> bool:
    """Under 18 on `day`, or not born yet. Someone with no date of birth is not known to be
    a child, so is not shown."""
    if person.date_of_birth is None:
        return person.expected_date_of_birth is not None
    born = person.date_of_birth
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return age < ADULT_AGE


def household_label(household: Household) -> str:
    """ "12 Oak Road ST4 1AA": the first line of the address and the postcode."""
    lines = [line.strip(" ,") for line in household.address.splitlines() if line.strip(" ,")]
    first = lines[0] if lines else ""
    return " ".join(part for part in (first, household.postcode) if part) or "an address"


def siblings_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    """The section's context, for MASH staff only."""
    if actor.role not in MASH_ROLES:
        return None
    children = other_children(actor, contact)
    if children:
        record(
            "person.listed_as_related",
            by=actor,
            target=contact,
            local_authority_code=contact.local_authority.code,
            details={"person_ids": sorted(child.person.pk for child in children)},
        )
    return {"contact": contact, "children": children}


def other_children(actor: Actor, contact: Contact) -> list[OtherChild]:
    """Children connected to the contact's people, other than the contact's own, oldest
    first, each with their other contacts split into those the viewer may open and the rest."""
    subject_ids = set(contact.subjects.values_list("person_id", flat=True))
    connections = _connections(subject_ids)
    on = timezone.localdate(contact.received_at)
    people = Person.objects.current().filter(pk__in=connections).select_related("sex")
    children = {
        person.pk: OtherChild(person=person, connections=connections[person.pk])
        for person in people
        if is_child_on(person, on)
    }
    _add_contacts(actor, contact, children)
    return sorted(
        children.values(),
        key=lambda child: (
            child.person.date_of_birth or child.person.expected_date_of_birth or date.max,
            child.person.family_name,
            child.person.given_name,
        ),
    )


def _connections(subject_ids: set[int]) -> dict[int, list[Connection]]:
    found: dict[int, list[Connection]] = defaultdict(list)
    households = HouseholdMember.objects.filter(person_id__in=subject_ids).values("household_id")
    for member in (
        HouseholdMember.objects.filter(household_id__in=households)
        .exclude(person_id__in=subject_ids)
        .select_related("household")
        .order_by("household_id")
    ):
        found[member.person_id].append(
            Connection("Same address", household_label(member.household), member.last_seen)
        )
    # The carers of the contact's children, and the contact's people themselves (an adult
    # named here may be recorded elsewhere as another child's parent or carer).
    carer_ids = subject_ids | set(
        Relationship.objects.filter(
            kind=RelationshipKind.PARENT_CARER, relative_id__in=subject_ids
        ).values_list("person_id", flat=True)
    )
    for relationship in (
        Relationship.objects.filter(kind=RelationshipKind.PARENT_CARER, person_id__in=carer_ids)
        .exclude(relative_id__in=subject_ids)
        .filter(person__merged_into__isnull=True)
        .select_related("person")
    ):
        found[relationship.relative_id].append(
            Connection("Same parent or carer", relationship.person.full_name)
        )
    for relationship in (
        Relationship.objects.filter(kind=RelationshipKind.SIBLING)
        .filter(Q(person_id__in=subject_ids) | Q(relative_id__in=subject_ids))
        .select_related("person", "relative")
    ):
        if relationship.person_id in subject_ids and relationship.relative_id in subject_ids:
            continue
        other, named = (
            (relationship.relative_id, relationship.person)
            if relationship.person_id in subject_ids
            else (relationship.person_id, relationship.relative)
        )
        found[other].append(Connection("Recorded as a sibling of", named.full_name))
    return {pk: list(dict.fromkeys(found_for)) for pk, found_for in found.items()}


def _add_contacts(actor: Actor, contact: Contact, children: dict[int, OtherChild]) -> None:
    roles = (
        ContactSubject.objects.filter(person_id__in=children)
        .exclude(contact=contact)
        .select_related("contact")
        .order_by("-contact__received_at", "-contact_id")
    )
    rows = [(role.person_id, role.contact) for role in roles]
    visible = set(
        contacts_visible_to(actor)
        .filter(pk__in={other.pk for _, other in rows})
        .values_list("pk", flat=True)
    )
    for person_id, other in rows:
        child = children[person_id]
        if other.pk in visible:
            child.visible_contacts.append(other)
        else:
            child.hidden_count += 1
