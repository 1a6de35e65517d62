"""The person page at /people/<pk>/: details, address history, relationships, households and
chronology, for MASH staff of an authority whose contact names the person."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from frontdoor.audit.models import AuditEvent
from frontdoor.enquiries.tests.factories import actor, answered, screened_contact, sent_request
from frontdoor.people.models import NameKind, Person, PersonName

from .family import ELM_STREET, Family, a_family, at, mother, received, subject

ELM = "ST3 2BB"


@pytest.fixture
def family(hub) -> Family:
    return a_family()


def page_of(person, client_for, pk: int):
    return client_for(person).get(reverse("personindex:person", args=[pk]))


def text_of(response) -> str:
    """The page's text as read: inline tags (links) removed, block tags as spaces."""
    html = re.sub(r"</?(a|span|strong)\b[^>]*>", "", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class TestWhoMaySee:
    def test_a_practitioner_sees_the_person_and_the_view_is_audited(
        self, family, practitioner, sign_in
    ):
        response = page_of(practitioner, sign_in, family.ruby.pk)
        assert response.status_code == 200
        assert '<h1 class="govuk-heading-l">Ruby Example</h1>' in response.content.decode()
        event = AuditEvent.objects.get(action="person.viewed")
        assert event.actor_id == practitioner.user.pk
        assert event.object_id == str(family.ruby.pk)

    @pytest.mark.parametrize("who", ["police_researcher", "outsider", "area_worker"])
    def test_people_outside_the_mash_get_not_found(self, family, who, request, sign_in):
        response = page_of(request.getfixturevalue(who), sign_in, family.ruby.pk)
        assert response.status_code == 404
        assert "Ruby" not in response.content.decode()
        assert not AuditEvent.objects.filter(action="person.viewed").exists()

    def test_another_authoritys_practitioner_gets_not_found_for_a_person_only_we_hold(
        self, family, other_la_worker, sign_in
    ):
        assert page_of(other_la_worker, sign_in, family.ruby.pk).status_code == 404
        # Tom is named in a Stoke-on-Trent contact too: they may see him.
        assert page_of(other_la_worker, sign_in, family.tom.pk).status_code == 200

    def test_an_unknown_person_is_not_found(self, hub, practitioner, sign_in):
        assert page_of(practitioner, sign_in, 999_999).status_code == 404


class TestWhatItShows:
    def test_details_with_other_names_and_formatted_identifiers(
        self, family, practitioner, sign_in
    ):
        ruby = family.ruby
        PersonName.objects.create(
            person=ruby, kind=NameKind.PREVIOUS, given_name="Ruby", family_name="Smith"
        )
        Person.objects.filter(pk=ruby.pk).update(pnc_id="2020/0000009N", la_child_id="LA12345")
        text = text_of(page_of(practitioner, sign_in, ruby.pk))
        assert "Other names Ruby Smith (previous name)" in text
        assert "Date of birth 4 May 2018" in text
        assert "NHS number 943 476 5919" in text
        assert "PNC ID 2020/0000009N" in text
        assert "LA child ID LA12345" in text

    def test_address_history_after_a_move(self, family, practitioner, sign_in):
        received(
            subject(
                "Sam", existing_person_id=family.sam.pk, address=ELM_STREET, postcode="ST3 2BB"
            ),
            mother(existing_person_id=family.jade.pk, address=ELM_STREET, postcode="ST3 2BB"),
            when=at(2026, 4, 1),
        )
        text = text_of(page_of(practitioner, sign_in, family.jade.pk))
        assert (
            "Address history Address From To "
            "3 Elm Street Longton ST3 2BB 1 April 2026 Now "
            "12 Oak Road Hanley Stoke-on-Trent ST4 1AA 9 March 2026 1 April 2026"
        ) in text
        # Both addresses are households she was recorded at, newest first.
        households = text[text.index("Households") :]
        assert households.index("3 Elm Street ST3 2BB") < households.index("12 Oak Road ST4 1AA")

    def test_relationships_and_household_members_link_only_to_people_the_viewer_may_see(
        self, family, other_la_worker, sign_in
    ):
        # The Stoke practitioner may see Tom, named in their contact, but not Ruby or Jade.
        response = page_of(other_la_worker, sign_in, family.tom.pk)
        html = response.content.decode()
        text = text_of(response)
        assert "12 Oak Road ST4 1AA" in text
        assert "Ruby Example" in text
        assert reverse("personindex:person", args=[family.ruby.pk]) not in html
        assert "No relationships recorded" in text

    def test_the_mother_page_lists_her_children_with_links(self, family, practitioner, sign_in):
        response = page_of(practitioner, sign_in, family.jade.pk)
        html = response.content.decode()
        text = text_of(response)
        assert "Child cared for Ruby Example, born 4 May 2018" in text
        assert "Child cared for Sam Example, born 7 July 2012" in text
        assert reverse("personindex:person", args=[family.sam.pk]) in html

    def test_the_chronology_links_to_each_contact(self, family, practitioner, sign_in):
        response = page_of(practitioner, sign_in, family.tom.pk)
        html = response.content.decode()
        link = reverse("contacts:detail", args=[family.tom_contact.pk])
        assert f'href="{link}">{family.tom_contact.reference}</a>' in html
        assert family.tom_in_stoke.reference not in html
        assert "Contact received from Example Primary School" in text_of(response)

    def test_a_restricted_answer_is_read_by_the_manager_only(
        self, hub, practitioner, manager, police_researcher, sign_in
    ):
        contact = screened_contact(by=actor(practitioner))
        request = sent_request(contact, "staffs-police", by=actor(practitioner))
        summary = "Intelligence links an adult at the address to a violent offence."
        answered(request, by=actor(police_researcher), sensitivity="restricted", summary=summary)
        ruby = contact.subjects.get(role="subject_child").person
        as_practitioner = text_of(page_of(practitioner, sign_in, ruby.pk))
        assert "Staffordshire Police answered (restricted)" in as_practitioner
        assert "Only MASH managers and Staffordshire Police can read it" in as_practitioner
        assert summary not in as_practitioner
        as_manager = text_of(page_of(manager, sign_in, ruby.pk))
        assert summary in as_manager

    def test_a_merged_record_says_where_it_went(self, family, practitioner, sign_in):
        Person.objects.filter(pk=family.tom.pk).update(merged_into=family.ruby)
        response = page_of(practitioner, sign_in, family.tom.pk)
        assert "This record was merged into" in text_of(response)
        link = reverse("personindex:person", args=[family.ruby.pk])
        assert f'href="{link}"' in response.content.decode()

    def test_a_merged_record_does_not_link_to_a_record_the_viewer_may_not_see(
        self, family, other_la_worker, sign_in
    ):
        Person.objects.filter(pk=family.tom.pk).update(merged_into=family.ruby)
        response = page_of(other_la_worker, sign_in, family.tom.pk)
        assert "merged into another record, which you cannot open" in text_of(response)
        assert reverse("personindex:person", args=[family.ruby.pk]) not in (
            response.content.decode()
        )


class TestPersonCardLink:
    def test_the_card_links_to_the_person_page_only_when_asked(self, family):
        ruby = family.ruby
        link = reverse("personindex:person", args=[ruby.pk])
        with_link = render_to_string(
            "people/_person_card.html",
            {"person": ruby, "role": "Subject child", "link_person": True},
        )
        without = render_to_string(
            "people/_person_card.html", {"person": ruby, "role": "Subject child"}
        )
        assert link in with_link
        assert "View person and chronology" in with_link
        assert link not in without

    def test_the_agency_researcher_page_has_no_link_to_the_person(
        self, hub, practitioner, police_researcher, sign_in
    ):
        contact = screened_contact(by=actor(practitioner))
        request = sent_request(contact, "staffs-police", by=actor(practitioner))
        response = sign_in(police_researcher).get(reverse("enquiries:detail", args=[request.pk]))
        assert response.status_code == 200
        assert "/people/" not in response.content.decode()
