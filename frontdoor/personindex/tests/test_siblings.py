"""The contact page's "Other children known to us", from households and relationships that
intake recorded."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.people.models import (
    Household,
    HouseholdMember,
    Person,
    Relationship,
    RelationshipKind,
)
from frontdoor.personindex.siblings import other_children, siblings_section

from .family import Family, a_family, at, mother, received, subject


@pytest.fixture
def family(hub) -> Family:
    return a_family()


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def section_of(response) -> str:
    """The HTML of the "Other children known to us" section, up to the next section."""
    html: str = response.content.decode()
    start = html.index('id="other-children"')
    end = html.find('<h2 class="govuk-heading-m"', start)
    return html[start : end if end != -1 else None]


def test_intake_recorded_the_households_and_the_mother(family):
    oak_road = Household.objects.get(address_key="st41aa|12 oak road")
    assert set(oak_road.members.values_list("person__given_name", flat=True)) == {
        "Ruby",
        "Jade",
        "Lee",
        "Tom",
    }
    assert set(
        Relationship.objects.filter(
            person=family.jade, kind=RelationshipKind.PARENT_CARER
        ).values_list("relative__given_name", flat=True)
    ) == {"Ruby", "Sam"}
    # Jade was named at Sam's contact with no address: she did not join Elm Street.
    assert not HouseholdMember.objects.filter(
        person=family.jade, household__postcode="ST3 2BB"
    ).exists()


class TestContactPage:
    def test_listing_the_other_children_is_audited_as_a_read_of_them(
        self, family, practitioner, sign_in
    ):
        sign_in(practitioner).get(reverse("contacts:detail", args=[family.ruby_contact.pk]))

        event = AuditEvent.objects.get(action="person.listed_as_related")
        assert event.details == {"person_ids": sorted([family.tom.pk, family.sam.pk])}

    def test_a_child_at_the_same_address_is_shown_with_the_contact_the_viewer_may_open(
        self, family, practitioner, sign_in
    ):
        response = sign_in(practitioner).get(
            reverse("contacts:detail", args=[family.ruby_contact.pk])
        )
        assert response.status_code == 200
        section = section_of(response)
        assert "Tom Example" in section
        assert "1 February 2015" in section
        assert "Same address: 12 Oak Road ST4 1AA" in section
        link = reverse("contacts:detail", args=[family.tom_contact.pk])
        assert f'href="{link}">{family.tom_contact.reference}</a>' in section

    def test_another_authoritys_contact_is_counted_but_not_linked(
        self, family, practitioner, sign_in
    ):
        response = sign_in(practitioner).get(
            reverse("contacts:detail", args=[family.ruby_contact.pk])
        )
        section = section_of(response)
        assert "1 contact you cannot open" in " ".join(section.split())
        assert family.tom_in_stoke.reference not in response.content.decode()
        assert reverse("contacts:detail", args=[family.tom_in_stoke.pk]) not in section

    def test_a_child_sharing_a_parent_at_another_address_is_shown(
        self, family, practitioner, sign_in
    ):
        response = sign_in(practitioner).get(
            reverse("contacts:detail", args=[family.ruby_contact.pk])
        )
        section = section_of(response)
        assert "Sam Example" in section
        assert "Same parent or carer: Jade Example" in section
        assert family.sam_contact.reference in section

    def test_the_contacts_own_people_and_adults_are_not_listed(self, family, practitioner, sign_in):
        response = sign_in(practitioner).get(
            reverse("contacts:detail", args=[family.tom_contact.pk])
        )
        section = section_of(response)
        assert "Ruby Example" in section  # a child at Tom's address
        assert "Jade Example" not in section  # her mother, an adult
        assert "Lee Lodger" not in section
        assert "Tom Example" not in section  # the contact's own child

    def test_the_stoke_practitioner_sees_the_staffordshire_contact_only_counted(
        self, family, other_la_worker, sign_in
    ):
        response = sign_in(other_la_worker).get(
            reverse("contacts:detail", args=[family.tom_in_stoke.pk])
        )
        section = section_of(response)
        assert "Ruby Example" in section
        assert family.ruby_contact.reference not in response.content.decode()
        assert "1 contact you cannot open" in " ".join(section.split())

    def test_no_other_children_says_so(self, hub, practitioner, sign_in):
        from_nowhere = received(subject("Ava", address="", postcode=""), when=at(2026, 1, 5))
        response = sign_in(practitioner).get(reverse("contacts:detail", args=[from_nowhere.pk]))
        assert "No other children are recorded at the same address" in text_of(response)


class TestSection:
    def test_only_mash_staff_get_the_section(self, family, police_researcher, practitioner):
        assert siblings_section(actor_for_user(police_researcher.user), family.ruby_contact) is None
        assert siblings_section(actor_for_user(practitioner.user), family.ruby_contact) is not None

    def test_a_merged_away_record_is_left_out(self, family, practitioner):
        Person.objects.filter(pk=family.tom.pk).update(merged_into=family.sam)
        names = [
            child.person.given_name
            for child in other_children(actor_for_user(practitioner.user), family.ruby_contact)
        ]
        assert names == ["Sam"]

    def test_children_are_listed_oldest_first_with_every_connection(self, family, practitioner):
        # Tom is also recorded as Ruby's sibling: both connections show.
        Relationship.objects.create(
            person=family.ruby, relative=family.tom, kind=RelationshipKind.SIBLING
        )
        children = other_children(actor_for_user(practitioner.user), family.ruby_contact)
        assert [child.person.given_name for child in children] == ["Sam", "Tom"]
        tom = children[1]
        assert [str(connection) for connection in tom.connections] == [
            "Same address: 12 Oak Road ST4 1AA",
            "Recorded as a sibling of: Ruby Example",
        ]
        assert (len(tom.visible_contacts), tom.hidden_count) == (1, 1)

    def test_an_unborn_child_sharing_the_mother_is_shown_last(self, family, practitioner):
        expected = timezone.localdate() + timedelta(days=60)
        received(
            subject("Baby", date_of_birth=None, expected_date_of_birth=expected),
            mother(existing_person_id=family.jade.pk),
            when=at(2026, 3, 11),
        )
        children = other_children(actor_for_user(practitioner.user), family.ruby_contact)
        assert [child.person.given_name for child in children] == ["Sam", "Tom", "Baby"]
        assert [str(connection) for connection in children[-1].connections] == [
            "Same address: 12 Oak Road ST4 1AA",
            "Same parent or carer: Jade Example",
        ]
