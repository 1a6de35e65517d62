"""The person record and what hangs off it: other names, addresses, relationships,
households and the records merged into it. Anything naming someone else is flagged."""

from django.db.models import Q

from frontdoor.people.identifiers import InvalidIdentifier, format_nhs_number
from frontdoor.people.models import (
    HouseholdMember,
    Person,
    PersonAddress,
    PersonMerge,
    PersonName,
    Relationship,
    RelationshipKind,
)

from .items import Field, Flag, Item, Section, staff_name


def _nhs(number: str) -> str:
    try:
        return format_nhs_number(number) if number else ""
    except InvalidIdentifier:
        return number


def _person_item(person: Person, heading: str) -> Item:
    return Item(
        heading,
        (
            Field("id", "Record number", person.pk),
            Field("given_name", "Given name", person.given_name),
            Field("middle_names", "Middle names", person.middle_names),
            Field("family_name", "Family name", person.family_name),
            Field("date_of_birth", "Date of birth", person.date_of_birth),
            Field(
                "expected_date_of_birth", "Expected date of birth", person.expected_date_of_birth
            ),
            Field("sex", "Sex", person.sex.description if person.sex else ""),
            Field(
                "ethnicity", "Ethnicity", person.ethnicity.description if person.ethnicity else ""
            ),
            Field("disability", "Disability", person.get_disability_display()),
            Field("address", "Current address", person.address),
            Field("postcode", "Postcode", person.postcode),
            Field("nhs_number", "NHS number", _nhs(person.nhs_number)),
            Field("upn", "Unique pupil number", person.upn),
            Field("pnc_id", "PNC ID", person.pnc_id),
            Field("la_child_id", "LA child ID", person.la_child_id),
            Field("recorded_at", "Recorded", person.created_at),
        ),
    )


def about_person(person: Person, ids: list[int]) -> tuple[Section, ...]:
    """The person record and its satellites; `ids` are the person and the records merged in."""
    names = [
        Item(
            name.get_kind_display(),
            (
                Field("kind", "Kind", name.kind),
                Field("given_name", "Given name", name.given_name),
                Field("family_name", "Family name", name.family_name),
                Field("recorded_at", "Recorded", name.recorded_at),
            ),
        )
        for name in PersonName.objects.filter(person_id__in=ids).order_by("recorded_at", "id")
    ]
    addresses = [
        Item(
            "Address",
            (
                Field("address", "Address", address.address),
                Field("postcode", "Postcode", address.postcode),
                Field("lived_from", "From", address.lived_from),
                Field("lived_to", "To", address.lived_to),
                Field("recorded_at", "Recorded", address.recorded_at),
            ),
        )
        for address in PersonAddress.objects.filter(person_id__in=ids).order_by(
            "-lived_from", "-id"
        )
    ]
    return (
        Section("person", "The person record", (_person_item(person, "Person record"),), True),
        Section("other_names", "Other names", tuple(names)),
        Section("addresses", "Address history", tuple(addresses)),
        Section("relationships", "Relationships", _relationships(ids)),
        Section("households", "Households", _households(ids)),
        Section("merged_records", "Records merged into this one", _merged(person)),
    )


def _relationships(ids: list[int]) -> tuple[Item, ...]:
    found = Relationship.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids))
    items = []
    for relationship in found.select_related("person", "relative").order_by("recorded_at", "id"):
        mine = relationship.person_id in ids
        other = relationship.relative if mine else relationship.person
        label = relationship.get_kind_display()
        if relationship.kind == RelationshipKind.PARENT_CARER:
            label = "Child cared for" if mine else "Parent or carer"
        items.append(
            Item(
                f"{label}: {other.full_name}",
                (
                    Field("relationship", "Relationship", label),
                    Field("name", "Name", other.full_name),
                    Field("date_of_birth", "Their date of birth", other.date_of_birth),
                    Field("recorded_at", "Recorded", relationship.recorded_at),
                ),
                (Flag.THIRD_PARTY,),
            )
        )
    return tuple(items)


def _households(ids: list[int]) -> tuple[Item, ...]:
    memberships = HouseholdMember.objects.filter(person_id__in=ids).select_related("household")
    items = []
    for membership in memberships.order_by("-last_seen", "id"):
        household = membership.household
        others = [
            other.person.full_name
            for other in household.members.exclude(person_id__in=ids).select_related("person")
        ]
        items.append(
            Item(
                "Household",
                (
                    Field("address", "Address", household.address),
                    Field("postcode", "Postcode", household.postcode),
                    Field("first_seen", "First recorded here", membership.first_seen),
                    Field("last_seen", "Last recorded here", membership.last_seen),
                    Field("others_recorded_here", "Others recorded here", others),
                ),
                (Flag.THIRD_PARTY,) if others else (),
            )
        )
    return tuple(items)


def _merged(person: Person) -> tuple[Item, ...]:
    merges = PersonMerge.objects.filter(kept=person, unmerged_at__isnull=True).select_related(
        "absorbed__sex", "absorbed__ethnicity", "merged_by"
    )
    items = []
    for merge in merges.order_by("merged_at", "id"):
        record_item = _person_item(merge.absorbed, "")
        items.append(
            Item(
                f"Record {merge.absorbed_id}, merged in",
                (
                    *record_item.fields,
                    Field("merged_at", "Merged", merge.merged_at),
                    Field("merged_by", "Merged by", staff_name(merge.merged_by)),
                    Field("reason", "Why", merge.reason),
                    Field("nhs_override_reason", "NHS number override", merge.nhs_override_reason),
                ),
            )
        )
    return tuple(items)
