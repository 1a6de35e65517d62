"""Households and relationships recorded at intake (stub until the households work lands)."""

from dataclasses import dataclass
from datetime import date

from .models import Person


@dataclass(frozen=True)
class HouseholdMemberDetails:
    """One person named in a contact, with what the contact says of their place in it."""

    person: Person
    is_child: bool
    is_parent_carer: bool
    address: str = ""
    postcode: str = ""


def record_household(members: list[HouseholdMemberDetails], *, on: date) -> None:
    """Record who lives together and who cares for whom, as one contact tells it."""
