"""Households and relationships recorded at intake. (Intake itself, through
`contacts.services.receive_contact`, is tested in personindex, which may import contacts.)"""

from datetime import date

import pytest

from frontdoor.people.households import (
    HouseholdMemberDetails,
    address_key,
    first_line,
    record_household,
)
from frontdoor.people.models import (
    Household,
    HouseholdMember,
    Person,
    Relationship,
    RelationshipKind,
)

OAK_ROAD = "12 Oak Road\nHanley\nStoke-on-Trent"
MONDAY = date(2026, 3, 9)


# --------------------------------------------------------------------------
# The address key (pure)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "postcode"),
    [
        ("12 Oak Road\nHanley", "ST4 1AA"),
        ("12, Oak Road, Hanley", "st41aa"),
        ("  12  OAK ROAD.\nHanley", " st4 1aa "),
        ("12 Oak Road", "ST4 1AA"),
    ],
)
def test_one_address_written_differently_is_one_key(address, postcode):
    assert address_key(address, postcode) == "st41aa|12 oak road"


def test_a_flat_number_on_its_own_line_is_joined_to_the_street():
    one = address_key("Flat 2, 12 Oak Road, Hanley", "ST4 1AA")
    assert one == address_key("Flat 2\n12 Oak Road", "ST4 1AA")
    assert one == "st41aa|flat 2 12 oak road"
    assert one != address_key("Flat 3, 12 Oak Road", "ST4 1AA")
    assert first_line("2, Oak Road") == "2 oak road"


def test_punctuation_is_stripped():
    assert first_line("St. John's Court") == first_line("St Johns Court") == "st johns court"


@pytest.mark.parametrize(
    ("address", "postcode"),
    [
        ("", ""),
        ("", "ST4 1AA"),  # a postcode is about fifteen homes, not one
        ("1 High Street", ""),  # in every town
        (" , \n", "ST4 1AA"),
    ],
)
def test_no_household_without_a_first_line_and_a_postcode(address, postcode):
    assert address_key(address, postcode) == ""


# --------------------------------------------------------------------------
# Recording (the database)
# --------------------------------------------------------------------------


def a_person(given: str, family: str = "Example", born: date | None = None) -> Person:
    return Person.objects.create(given_name=given, family_name=family, date_of_birth=born)


def member(person: Person, **flags: object) -> HouseholdMemberDetails:
    values: dict[str, object] = {
        "is_child": False,
        "is_parent_carer": False,
        "address": OAK_ROAD,
        "postcode": "ST4 1AA",
    }
    values.update(flags)
    return HouseholdMemberDetails(person=person, **values)  # type: ignore[arg-type]


@pytest.mark.django_db
class TestRecordHousehold:
    def test_people_at_one_address_join_one_household_and_carers_care_for_the_children(self):
        ruby, tom = a_person("Ruby", born=date(2018, 5, 4)), a_person("Tom", born=date(2020, 1, 2))
        jade = a_person("Jade")
        record_household(
            [
                member(ruby, is_child=True),
                member(tom, is_child=True),
                member(jade, is_parent_carer=True),
            ],
            on=MONDAY,
        )
        household = Household.objects.get()
        assert household.address_key == "st41aa|12 oak road"
        assert household.address == OAK_ROAD
        assert set(household.members.values_list("person__given_name", flat=True)) == {
            "Ruby",
            "Tom",
            "Jade",
        }
        cares = Relationship.objects.filter(kind=RelationshipKind.PARENT_CARER)
        assert set(cares.values_list("person__given_name", "relative__given_name")) == {
            ("Jade", "Ruby"),
            ("Jade", "Tom"),
        }

    def test_children_at_one_address_are_not_recorded_as_siblings(self):
        # Two children at one address may be cousins, lodgers' children or a friend staying.
        ruby, sam = a_person("Ruby"), a_person("Sam", "Other")
        record_household([member(ruby, is_child=True), member(sam, is_child=True)], on=MONDAY)
        assert HouseholdMember.objects.count() == 2
        assert not Relationship.objects.exists()

    def test_a_person_named_as_a_sibling_is_a_sibling_of_each_subject_child(self):
        ruby, amy, tom = a_person("Ruby"), a_person("Amy"), a_person("Tom")
        members = [
            member(tom, is_child=True, named_as_sibling=True),
            member(ruby, is_child=True),
            member(amy, is_child=True),
        ]
        record_household(members, on=MONDAY)
        record_household(members, on=MONDAY)
        siblings = Relationship.objects.filter(kind=RelationshipKind.SIBLING)
        # Stored once per pair, lower id first.
        assert set(siblings.values_list("person_id", "relative_id")) == {
            (ruby.pk, tom.pk),
            (amy.pk, tom.pk),
        }

    def test_recording_the_same_contact_twice_changes_nothing(self):
        ruby, jade = a_person("Ruby"), a_person("Jade")
        members = [member(ruby, is_child=True), member(jade, is_parent_carer=True)]
        record_household(members, on=MONDAY)
        record_household(members, on=MONDAY)
        assert Household.objects.count() == 1
        assert HouseholdMember.objects.count() == 2
        assert Relationship.objects.count() == 1

    def test_first_and_last_seen_span_every_contact_whatever_order_they_arrive_in(self):
        ruby = a_person("Ruby")
        for day in (date(2026, 3, 9), date(2026, 5, 1), date(2025, 11, 20)):
            record_household([member(ruby, is_child=True, address="12, Oak Road")], on=day)
        membership = HouseholdMember.objects.get()
        assert (membership.first_seen, membership.last_seen) == (
            date(2025, 11, 20),
            date(2026, 5, 1),
        )

    def test_no_address_means_no_household_but_the_carer_is_still_recorded(self):
        ruby, jade = a_person("Ruby"), a_person("Jade")
        record_household(
            [
                member(ruby, is_child=True, address="", postcode="ST4 1AA"),
                member(jade, is_parent_carer=True, address="", postcode=""),
            ],
            on=MONDAY,
        )
        assert not Household.objects.exists()
        assert Relationship.objects.filter(person=jade, relative=ruby).exists()

    def test_different_addresses_are_different_households(self):
        ruby, jade = a_person("Ruby"), a_person("Jade")
        record_household(
            [
                member(ruby, is_child=True),
                member(jade, is_parent_carer=True, address="3 Elm Street", postcode="ST5 2BB"),
            ],
            on=MONDAY,
        )
        assert Household.objects.count() == 2
