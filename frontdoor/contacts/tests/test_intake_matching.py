"""Matching at intake: after a person is entered on the staff pages, records the hub may
already hold are shown with the reasons, and the practitioner links one or makes a new record.
Nothing is linked without that choice; the API and the online form never show candidates."""

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from frontdoor.agencies.models import Agency
from frontdoor.agencies.tokens import issue_api_token
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from .test_referral import public_journey, send, url
from .test_views import CHILD, CONCERN, RECEIVED, REFERRER

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
SYSTEM = Actor.system("tests")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def known_ruby(hub) -> Person:
    """Ruby, already known from an earlier Staffordshire contact (no NHS number then)."""
    contact = receive_contact(
        details=contact_details(
            subjects=[child(nhs_number="", address="1 Example Street\nStoke-on-Trent")]
        ),
        by=SYSTEM,
    )
    return contact.subjects.get().person


def enter_the_child(client: Client, child: dict[str, str] = CHILD):
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)
    return client.post("/contacts/new/person", child)


def finish(client: Client) -> Contact:
    client.post("/contacts/new/people", {"add_another": "no"})
    client.post("/contacts/new/concern", CONCERN)
    response = client.post("/contacts/new/check")
    assert response.status_code == 302, response.content.decode()
    return Contact.objects.latest("pk")


def test_a_known_child_is_offered_with_the_reasons(practitioner, sign_in, known_ruby):
    client = sign_in(practitioner)

    response = enter_the_child(client)

    assert response["Location"] == "/contacts/new/people/0/record"
    page = client.get(response["Location"]).content.decode()
    assert "Is this someone we already know?" in page
    assert "Very likely the same person (" in page
    assert "Given name" in page
    assert "Date of birth" in page
    assert "Points to the same person" in page
    assert "No evidence either way" in page  # the NHS number: the record has none
    assert f'value="{known_ruby.pk}"' in page
    assert "Yes, this is Ruby Example" in page
    assert "No, none of these: this is a new person" in page
    shown = AuditEvent.objects.get(action="person.candidates_shown")
    assert shown.details == {"person_ids": [known_ruby.pk], "where": "intake"}


def test_choosing_the_known_child_links_the_contact_to_that_record(
    practitioner, sign_in, known_ruby
):
    client = sign_in(practitioner)
    enter_the_child(client)

    chosen = client.post("/contacts/new/people/0/record", {"person": str(known_ruby.pk)})

    assert chosen["Location"] == "/contacts/new/people"
    client.post("/contacts/new/people", {"add_another": "no"})
    client.post("/contacts/new/concern", CONCERN)
    check = client.get("/contacts/new/check").content.decode()
    assert "Linked to existing record: Ruby Example, born 4 May 2018" in check
    contact = finish(client)
    subject = contact.subjects.get()
    assert subject.person_id == known_ruby.pk
    assert subject.identity_checked
    assert Person.objects.count() == 1
    assert known_ruby.contact_roles.count() == 2
    known_ruby.refresh_from_db()
    assert known_ruby.nhs_number == "9434765919"  # filled in from the new contact


def test_choosing_a_new_person_makes_a_second_record(practitioner, sign_in, known_ruby):
    client = sign_in(practitioner)
    enter_the_child(client)

    client.post("/contacts/new/people/0/record", {"person": "new"})

    assert "New record" in client.get("/contacts/new/people").content.decode()
    contact = finish(client)
    subject = contact.subjects.get()
    assert subject.person_id != known_ruby.pk
    assert subject.identity_checked
    assert Person.objects.count() == 2


def test_the_choice_is_needed_and_must_be_one_of_the_records_shown(
    practitioner, sign_in, known_ruby
):
    client = sign_in(practitioner)
    enter_the_child(client)
    stranger = Person.objects.create(given_name="Sam", family_name="Stranger")

    for answer in ({}, {"person": str(stranger.pk)}, {"person": "x"}):
        response = client.post("/contacts/new/people/0/record", answer)
        assert response.status_code == 400
        assert "Select the record that is this person, or that this is a new person" in (
            response.content.decode()
        )
    assert client.session["contact_draft"]["people"][0].get("_existing_person_id") is None


def test_changing_the_person_forgets_the_choice_and_asks_again(practitioner, sign_in, known_ruby):
    client = sign_in(practitioner)
    enter_the_child(client)
    client.post("/contacts/new/people/0/record", {"person": str(known_ruby.pk)})

    changed = client.post("/contacts/new/people/0", {**CHILD, "given_name": "Rubie"})

    assert changed["Location"] == "/contacts/new/people/0/record"
    assert "New record" in client.get("/contacts/new/people").content.decode()
    contact = finish(client)
    assert contact.subjects.get().person_id != known_ruby.pk


def test_a_choice_cannot_be_smuggled_in_with_the_persons_details(practitioner, sign_in, known_ruby):
    client = sign_in(practitioner)
    other = {**CHILD, "given_name": "Tom", "family_name": "Different", "postcode": "ST5 9ZZ"}
    enter_the_child(client, {**other, "_existing_person_id": str(known_ruby.pk)})
    contact = finish(client)
    assert contact.subjects.get().person_id != known_ruby.pk


def test_no_candidates_means_no_extra_step_and_a_new_record(practitioner, sign_in, hub):
    client = sign_in(practitioner)

    assert enter_the_child(client)["Location"] == "/contacts/new/people"
    assert client.get("/contacts/new/people/0/record")["Location"] == "/contacts/new/people"
    contact = finish(client)
    assert not contact.subjects.get().identity_checked


def test_records_known_only_to_another_authority_are_not_shown(practitioner, sign_in, hub):
    receive_contact(
        details=contact_details(local_authority_code="861", subjects=[child(nhs_number="")]),
        by=SYSTEM,
    )
    assert enter_the_child(sign_in(practitioner))["Location"] == "/contacts/new/people"


def test_the_partner_api_never_links_and_never_shows_candidates(known_ruby):
    token = issue_api_token(
        agency=Agency.objects.get(code="staffs-police"), name="Police case system", by=SYSTEM
    )
    api = Client(headers={"Authorization": f"Bearer {token.token}"})
    body = {
        "local_authority_code": "860",
        "referral_source": "5A",
        "referrer": {
            "kind": "professional",
            "name": "PC Sam",
            "organisation": "Police",
            "phone": "01785 000000",
        },
        "subjects": [
            {
                "given_name": "Ruby",
                "family_name": "Example",
                "role": "subject_child",
                "date_of_birth": "2018-05-04",
                "sex": "F",
                "postcode": "st4 1aa",
            }
        ],
        "cohort": "child",
        "concern": "Officers attended a domestic incident at Ruby's home.",
        "family_aware": "yes",
        "consent": "not_sought",
        "consent_reason": "A police notification; consent is not sought.",
        "referrer_urgency": "soon",
    }

    response = client_post(api, body)

    assert response.status_code == 201, response.content.decode()
    subject = Contact.objects.latest("pk").subjects.get()
    assert subject.person_id != known_ruby.pk
    assert not subject.identity_checked
    assert Person.objects.count() == 2
    assert set(response.json()) == {
        "reference",
        "id",
        "status",
        "received_at",
        "decision_due_at",
        "local_authority_code",
    }
    assert "Example" not in response.content.decode()


def client_post(client: Client, body: Mapping[str, object]):
    return client.post("/api/v1/contacts", body, content_type="application/json")


def test_the_online_form_never_shows_candidates_and_makes_a_new_record(known_ruby):
    cache.clear()  # the form's rate limits
    public = Client()
    public_journey(public)  # the same Ruby, at the same address
    assert "already know" not in public.get(url("check")).content.decode()

    send(public)

    subject = Contact.objects.latest("pk").subjects.get()
    assert subject.person_id != known_ruby.pk
    assert not subject.identity_checked
