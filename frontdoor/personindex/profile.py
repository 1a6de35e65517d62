"""What the person page shows besides the chronology: relationships and households.

Relatives and household members are named, as the contact page's "Other children known to us"
names them; a link to their own page appears only when the viewer may see them
(`people_visible_to`). Merged-away records are left out.
"""

from dataclasses import dataclass, field
from datetime import date

from frontdoor.core.actors import Actor
from frontdoor.people.models import (
    Household,
    HouseholdMember,
    Person,
    Relationship,
    RelationshipKind,
)

from .access import people_visible_to
from .siblings import household_label


@dataclass(frozen=True)
class Relative:
    label: str  # "Parent or carer", "Child cared for", "Sibling"
    person: Person
    visible: bool


@dataclass(frozen=True)
class Member:
    person: Person
    first_seen: date | None
    last_seen: date | None
    visible: bool


@dataclass
class HouseholdView:
    household: Household
    first_seen: date | None
    last_seen: date | None
    members: list[Member] = field(default_factory=list)

    @property
    def label(self) -> str:
        return household_label(self.household)


def relatives_of(actor: Actor, person: Person) -> list[Relative]:
    """Everyone recorded in a relationship with the person, from the person's side."""
    found: list[tuple[str, Person]] = []
    for relationship in Relationship.objects.filter(person=person).select_related("relative"):
        label = (
            "Child cared for"
            if relationship.kind == RelationshipKind.PARENT_CARER
            else relationship.get_kind_display()
        )
        found.append((label, relationship.relative))
    for relationship in Relationship.objects.filter(relative=person).select_related("person"):
        found.append((relationship.get_kind_display(), relationship.person))
    found = [(label, other) for label, other in found if other.merged_into_id is None]
    visible = _visible_ids(actor, [other.pk for _, other in found])
    return sorted(
        (Relative(label, other, other.pk in visible) for label, other in found),
        key=lambda relative: (relative.label, relative.person.family_name, relative.person.pk),
    )


def households_of(actor: Actor, person: Person) -> list[HouseholdView]:
    """The addresses the person is recorded at, most recent first, with who else lives there."""
    views = {
        membership.household_id: HouseholdView(
            membership.household, membership.first_seen, membership.last_seen
        )
        for membership in HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .order_by("-last_seen", "-id")
    }
    others = list(
        HouseholdMember.objects.filter(household_id__in=views, person__merged_into__isnull=True)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person_id")
    )
    visible = _visible_ids(actor, [member.person_id for member in others])
    for member in others:
        views[member.household_id].members.append(
            Member(member.person, member.first_seen, member.last_seen, member.person_id in visible)
        )
    return list(views.values())


def _visible_ids(actor: Actor, person_ids: list[int]) -> set[int]:
    if not person_ids:
        return set()
    return set(people_visible_to(actor).filter(pk__in=person_ids).values_list("pk", flat=True))
