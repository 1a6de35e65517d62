"""Finding the person a subject access request is about: /governance/subject-access, for
information governance officers, among the people named in their authorities' contacts.

The people: William Example (a Staffordshire subject child, with his mother Jade) and Harry
Fenton, named only in a Stoke-on-Trent contact. Ida is Staffordshire's IG officer.
"""

import html
import json
import re
from datetime import date

import pytest
from django.urls import reverse

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import find_candidates, new_record
from frontdoor.people.models import Person

SYSTEM = Actor.system("tests")
URL = "/governance/subject-access"
WILLIAM = {
    "given_name": "William",
    "family_name": "Example",
    "date_of_birth": date(2015, 6, 12),
    "postcode": "ST4 1AA",
    "nhs_number": "943 476 5919",
}


def text_of(response) -> str:
    page = re.sub(r"</?(a|span|strong)\b[^>]*>", "", response.content.decode())
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def search(client, *, born: date | None = None, **fields: str):
    data = dict(fields)
    if born is not None:
        data |= {
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
        }
    return client.post(URL, data)


@pytest.fixture
def staffordshire_contact(hub) -> Contact:
    william = child(**WILLIAM)
    mother = child(
        given_name="Jade",
        family_name="Example",
        role="parent_carer",
        date_of_birth=date(1990, 1, 20),
        nhs_number="",
    )
    return receive_contact(details=contact_details(subjects=[william, mother]), by=SYSTEM)


@pytest.fixture
def william(staffordshire_contact) -> Person:
    person: Person = staffordshire_contact.subjects.get(role="subject_child").person
    return person


@pytest.fixture
def harry(hub) -> Person:
    """Named only in a Stoke-on-Trent contact."""
    harry = child(
        given_name="Harry",
        family_name="Fenton",
        date_of_birth=date(2016, 2, 3),
        postcode="ST1 1AA",
        nhs_number="",
    )
    details = contact_details(local_authority_code="861", subjects=[harry])
    return receive_contact(details=details, by=SYSTEM).subjects.get().person


@pytest.fixture
def officer(ig_officer, sign_in):
    return sign_in(ig_officer)


class TestFindingThePerson:
    def test_the_officer_finds_the_person_with_the_reasons_and_both_links(self, officer, william):
        response = search(
            officer, born=date(2015, 6, 12), given_name="William", family_name="Example"
        )

        assert response.status_code == 200
        page = text_of(response)
        assert "William Example" in page
        assert "Very likely the same person" in page
        assert "Points to the same person" in page
        html = response.content.decode()
        assert reverse("governance:subject_access", args=[william.pk]) in html
        assert reverse("governance:person_access", args=[william.pk]) in html
        # His mother shares his family name but not his birthday: not offered.
        jade = Person.objects.get(given_name="Jade")
        assert reverse("governance:subject_access", args=[jade.pk]) not in html

    def test_a_nickname_and_a_mistyped_family_name_still_find_him(self, officer, william):
        response = search(officer, born=date(2015, 6, 12), given_name="Bill", family_name="Exampel")

        page = text_of(response)
        assert "Known nickname (Bill / William)" in page
        assert reverse("governance:subject_access", args=[william.pk]) in response.content.decode()

    def test_the_nhs_number_alone_with_the_family_name_finds_him(self, officer, william):
        response = search(officer, family_name="Example", nhs_number="9434765919")

        assert response.status_code == 200
        assert reverse("governance:subject_access", args=[william.pk]) in response.content.decode()

    def test_a_person_named_only_in_another_authoritys_contacts_is_not_offered(
        self, officer, william, harry
    ):
        wanted = {"given_name": "Harry", "family_name": "Fenton", "postcode": "ST1 1AA"}
        # The index holds Harry, and would offer him to anyone searching every record...
        everywhere = find_candidates(new_record(date_of_birth=date(2016, 2, 3), **wanted))
        assert [candidate.person.pk for candidate in everywhere] == [harry.pk]

        response = search(officer, born=date(2016, 2, 3), **wanted)

        # ...but not to Staffordshire's IG officer.
        assert response.status_code == 200
        assert "No record of a person named in your authorities’ contacts" in text_of(response)
        assert "Harry" not in text_of(response)  # the form keeps his name in its box only
        assert f"/governance/people/{harry.pk}/" not in response.content.decode()


class TestMistakes:
    def test_an_empty_form_shows_what_to_enter_and_changes_nothing(self, officer, william):
        events = AuditEvent.objects.count()

        response = search(officer)

        assert response.status_code == 400
        page = text_of(response)
        assert "There is a problem" in page
        assert "Enter the person's last name" in page
        assert "Enter the date of birth, or an NHS number" in page
        assert "William" not in page
        assert AuditEvent.objects.count() == events

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"family_name": "Example", "nhs_number": "123"}, "Enter a 10-digit NHS number"),
            (
                {"family_name": "Example", "nhs_number": "9434765918"},
                "The NHS number is not valid",
            ),
            (
                {"family_name": "Example", "postcode": "NOT A CODE", "nhs_number": "9434765919"},
                "Enter a full UK postcode",
            ),
            (
                {"family_name": "Example", "date_of_birth_day": "12", "date_of_birth_year": "2015"},
                "The date of birth must include a month",
            ),
            (
                {
                    "family_name": "Example",
                    "date_of_birth_day": "31",
                    "date_of_birth_month": "2",
                    "date_of_birth_year": "2015",
                },
                "The date of birth must be a real date",
            ),
            (
                {
                    "family_name": "Example",
                    "date_of_birth_day": "1",
                    "date_of_birth_month": "1",
                    "date_of_birth_year": "2999",
                },
                "The date of birth must be today or in the past",
            ),
            ({"family_name": "x" * 101, "nhs_number": "9434765919"}, "no more than 100"),
        ],
    )
    def test_a_bad_answer_gets_an_error_on_its_field_and_no_search(
        self, officer, william, fields, message
    ):
        response = officer.post(URL, fields)

        assert response.status_code == 400
        assert message in text_of(response)
        assert not AuditEvent.objects.filter(action="person.searched").exists()
        assert reverse("governance:subject_access", args=[william.pk]) not in (
            response.content.decode()
        )


class TestAudit:
    def test_each_search_is_audited_by_where_and_how_many_never_by_what(
        self, officer, ig_officer, william
    ):
        search(officer, born=date(2015, 6, 12), given_name="William", family_name="Example")
        search(officer, born=date(2001, 1, 1), given_name="Nobody", family_name="Known")

        searched = AuditEvent.objects.filter(action="person.searched").order_by("pk")
        assert [event.details for event in searched] == [
            {"where": "subject_access", "candidates": 1},
            {"where": "subject_access", "candidates": 0},
        ]
        assert {event.actor_id for event in searched} == {ig_officer.user.pk}
        shown = AuditEvent.objects.get(action="person.candidates_shown")
        assert shown.details == {"person_ids": [william.pk], "where": "subject_access"}
        everything = json.dumps(list(AuditEvent.objects.values_list("details", flat=True)))
        for word in ("William", "Example", "Nobody", "Known", "2015-06-12", "2001"):
            assert word not in everything

    def test_showing_the_form_is_not_a_search(self, officer, william):
        response = officer.get(URL)

        assert response.status_code == 200
        assert "Find the person the request is about" in text_of(response)
        assert not AuditEvent.objects.filter(action="person.searched").exists()


class TestWhoMay:
    @pytest.mark.parametrize("who", ["practitioner", "manager", "analyst", "outsider"])
    def test_anyone_but_an_ig_officer_is_refused(self, who, request, sign_in, william):
        client = sign_in(request.getfixturevalue(who))

        assert client.get(URL).status_code == 403
        refused = search(client, born=date(2015, 6, 12), family_name="Example")
        assert refused.status_code == 403
        assert not AuditEvent.objects.filter(action="person.searched").exists()

    def test_the_ig_home_page_links_the_search(self, officer):
        page = officer.get("/").content.decode()

        assert f'href="{URL}"' in page


class TestContactAccessListsItsPeople:
    def test_the_contacts_access_page_links_each_person_by_record_number_and_role(
        self, officer, staffordshire_contact, william
    ):
        jade = Person.objects.get(given_name="Jade")

        response = officer.get(
            reverse("governance:contact_access", args=[staffordshire_contact.pk])
        )

        page = text_of(response)
        assert f"Who has seen person record {william.pk} (subject child)" in page
        assert f"Who has seen person record {jade.pk} (parent or carer)" in page
        html = response.content.decode()
        assert reverse("governance:person_access", args=[william.pk]) in html
        assert "William" not in page
