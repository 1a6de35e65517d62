""" "Does the child have a disability?" at intake: the staff pages, the online form and the
service every channel shares, down to the person record (Annex A's disability column)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from .test_referral import answer, dated, public_journey, send, url
from .test_views import CHILD, CONCERN, PARENT, RECEIVED, REFERRER, field_error

SYSTEM = Actor.system("tests")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def received(*subjects) -> Contact:
    return receive_contact(details=contact_details(subjects=list(subjects)), by=SYSTEM)


# --- The service -------------------------------------------------------------------------------


def test_a_childs_disability_is_kept_on_the_person(hub):
    contact = received(child(disability="yes"))

    assert contact.subjects.get().person.disability == "yes"


def test_a_disability_not_given_is_not_known(hub):
    contact = received(child())

    assert contact.subjects.get().person.disability == "unknown"


def test_an_answer_that_is_not_yes_no_or_unknown_is_refused_on_its_field(hub):
    with pytest.raises(ValidationError) as excinfo:
        received(child(disability="maybe"))

    assert excinfo.value.message_dict == {
        "subjects.0.disability": ["Select whether the child has a disability"]
    }
    assert not Contact.objects.exists()


def test_a_disability_is_recorded_only_for_a_child(hub):
    parent = child(given_name="Rita", role="parent_carer", nhs_number="", disability="no")

    with pytest.raises(ValidationError) as excinfo:
        received(child(), parent)

    assert excinfo.value.message_dict == {
        "subjects.1.disability": [
            "Record a disability only for a child (a subject child or a sibling)"
        ]
    }


def test_linking_fills_a_disability_the_record_did_not_know_and_never_overwrites_one(hub):
    first = received(child()).subjects.get().person
    linked = child(existing_person_id=first.pk, disability="yes")

    received(linked)
    first.refresh_from_db()
    assert first.disability == "yes"

    received(child(existing_person_id=first.pk, disability="no"))
    received(child(existing_person_id=first.pk))
    first.refresh_from_db()
    assert first.disability == "yes"


# --- The staff pages ----------------------------------------------------------------------------


def record_with(client: Client, person: dict[str, str]) -> None:
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)
    assert client.post("/contacts/new/person", person)["Location"] == "/contacts/new/people"
    client.post("/contacts/new/people", {"add_another": "no"})
    client.post("/contacts/new/concern", CONCERN)


def test_staff_record_a_childs_disability_and_see_it_on_the_contact(practitioner, sign_in):
    client = sign_in(practitioner)
    form = client.get("/contacts/new/person").content.decode()
    assert "Does the child have a disability?" in form

    record_with(client, {**CHILD, "disability": "yes"})
    check = client.get("/contacts/new/check").content.decode()
    assert "Disability" in check
    response = client.post("/contacts/new/check")

    person = Person.objects.get()
    assert person.disability == "yes"
    page = client.get(response["Location"]).content.decode()
    assert '<dt class="govuk-summary-list__key">Disability</dt>' in page
    person_page = client.get(f"/people/{person.pk}/").content.decode()
    assert '<dt class="govuk-summary-list__key">Disability</dt>' in person_page


def test_the_contact_page_shows_a_disability_not_known_for_a_child_only(practitioner, sign_in):
    contact = received(child(), child(given_name="Rita", role="parent_carer", nhs_number=""))

    page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert page.count('<dt class="govuk-summary-list__key">Disability</dt>') == 1


def test_staff_asked_about_an_adults_disability_are_told_on_the_field(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)

    response = client.post("/contacts/new/person", {**PARENT, "disability": "yes"})

    assert response.status_code == 400
    assert field_error(
        response.content.decode(),
        "disability",
        "Record a disability only for a child (a subject child or a sibling)",
    )


# --- The online form ----------------------------------------------------------------------------


@pytest.fixture
def referrer(hub):
    cache.clear()
    yield Client()
    cache.clear()


def test_a_referrer_can_say_the_child_has_a_disability(referrer):
    public_journey(referrer)
    assert "Does the child have a disability?" in referrer.get(url("person")).content.decode()
    answer(
        referrer,
        "person",
        {
            "given_name": "Ruby",
            "family_name": "Example",
            **dated("date_of_birth", "4", "5", "2018"),
            "disability": "no",
        },
        change=True,
    )
    assert "Disability" in referrer.get(url("check")).content.decode()

    send(referrer)

    assert Contact.objects.get().subjects.get().person.disability == "no"


def test_the_online_form_does_not_ask_about_an_adults_disability(referrer):
    public_journey(referrer)
    answer(referrer, "cohort", {"cohort": "adult_at_risk"}, change=True)

    page = referrer.get(url("person", change=True)).content.decode()

    assert "disability" not in page
