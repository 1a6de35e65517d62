"""Households and relationships recorded at intake, from what one contact says.

A household is an address, found by its key (`address_key`): the postcode without spaces and
the first line of the address, lower-cased with punctuation stripped. Both are needed: a
postcode alone covers about fifteen homes, and "1 High Street" without a postcode is in every
town, so either alone would put neighbours' or strangers' children in one household.

What a contact proves, and so what is recorded:

- everyone it names at an address lives there (a `HouseholdMember`, with the first and last
  dates a contact said so);
- each parent or carer it names cares for each child it names (`parent_carer`);
- a person the referrer named as a sibling is a sibling of each subject child (`sibling`).

It does not prove that two children at one address are siblings, so that is left to the
household. Recording the same contact twice changes nothing.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .models import Household, HouseholdMember, Person, Relationship, RelationshipKind

ADDRESS_KEY_LENGTH = 120  # Household.address_key

# A first line that is only a flat or house number ("Flat 2", "12", "Unit 4b") is joined to
# the next line, so "Flat 2, 12 Oak Road" and "Flat 2\n12 Oak Road" are one key.
_NUMBER_ONLY = re.compile(r"((flat|apartment|apt|unit|room|maisonette|house|no)\s*)?\d+\s*[a-z]?")
_LINE_BREAK = re.compile(r"[\n\r,;]+")


@dataclass(frozen=True)
class HouseholdMemberDetails:
    """One person named in a contact, with what the contact says of their place in it.

    `is_child` is true for the subject children and the siblings named; `named_as_sibling`
    only for a person the referrer named as a sibling of the subject children.
    """

    person: Person
    is_child: bool
    is_parent_carer: bool
    address: str = ""
    postcode: str = ""
    named_as_sibling: bool = False


def _plain(text: str) -> str:
    """Lower case, compatibility forms folded, punctuation removed, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(c for c in folded if not unicodedata.category(c).startswith("P"))
    return " ".join(kept.split())


def first_line(address: str) -> str:
    """The first line of an address as `address_key` compares it: "12 Oak Road" from
    "12, Oak Road\nHanley" is "12 oak road"."""
    lines = [_plain(line) for line in _LINE_BREAK.split(address)]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    if len(lines) > 1 and _NUMBER_ONLY.fullmatch(lines[0]):
        return f"{lines[0]} {lines[1]}"
    return lines[0]


def address_key(address: str, postcode: str) -> str:
    """The household key for an address, or "" when the address is not enough to find a home
    (no postcode, or no first line)."""
    compact = "".join(postcode.split()).casefold()
    line = first_line(address)
    if not compact or not line:
        return ""
    return f"{compact}|{line}"[:ADDRESS_KEY_LENGTH]


def record_household(members: list[HouseholdMemberDetails], *, on: date) -> None:
    """Record who lives together and who cares for whom, as one contact tells it.

    Called inside the transaction that records the contact (audited there); `on` is the day
    the contact was received.
    """
    for member in members:
        key = address_key(member.address, member.postcode)
        if key:
            _join_household(key, member, on)
    children = [m.person for m in members if m.is_child]
    for carer in (m.person for m in members if m.is_parent_carer):
        for child in children:
            if carer.pk != child.pk:
                Relationship.objects.get_or_create(
                    person=carer, relative=child, kind=RelationshipKind.PARENT_CARER
                )
    subject_children = [m.person for m in members if m.is_child and not m.named_as_sibling]
    for sibling in (m.person for m in members if m.is_child and m.named_as_sibling):
        for child in subject_children:
            _record_symmetric(sibling, child, RelationshipKind.SIBLING)


def _join_household(key: str, member: HouseholdMemberDetails, on: date) -> None:
    household, _ = Household.objects.get_or_create(
        address_key=key, defaults={"address": member.address, "postcode": member.postcode}
    )
    membership, created = HouseholdMember.objects.get_or_create(
        household=household, person=member.person, defaults={"first_seen": on, "last_seen": on}
    )
    if created:
        return
    changed = []
    if membership.first_seen is None or on < membership.first_seen:
        membership.first_seen = on
        changed.append("first_seen")
    if membership.last_seen is None or on > membership.last_seen:
        membership.last_seen = on
        changed.append("last_seen")
    if changed:
        membership.save(update_fields=changed)


def _record_symmetric(one: Person, other: Person, kind: RelationshipKind) -> None:
    """A symmetric relationship, stored once with the lower id first."""
    if one.pk == other.pk:
        return
    first, second = sorted((one, other), key=lambda person: person.pk)
    Relationship.objects.get_or_create(person=first, relative=second, kind=kind)
