"""The contact page's "Is this someone we already know?" section: unchecked subjects (from the
online form or the API) with the records they may be, and the link / new person actions."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.people.models import Person

SYSTEM = Actor.system("tests")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
HEADING = "Is this someone we already know?"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def received(la: str = "860", **subject: object) -> Contact:
    values: dict[str, object] = {"nhs_number": "", "address": "1 Example Street"}
    return receive_contact(
        details=contact_details(subjects=[child(**{**values, **subject})], local_authority_code=la),
        by=SYSTEM,
    )


@pytest.fixture
def known(hub) -> Person:
    """Ruby, known from an earlier contact."""
    return received().subjects.get().person


@pytest.fixture
def unchecked(known) -> ContactSubject:
    """Ruby again, from a partner: a new record nobody has checked."""
    return received(given_name="Rubie").subjects.select_related("person").get()


def page(client: Client, contact_id: int) -> str:
    response = client.get(f"/contacts/{contact_id}")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_practitioner_sees_the_possible_record_with_the_reasons(
    practitioner, sign_in, known, unchecked
):
    shown = page(sign_in(practitioner), unchecked.contact_id)

    assert HEADING in shown
    assert "Rubie Example (Subject child), born 4 May 2018" in shown
    assert "Given name" in shown
    assert "(Rubie / Ruby)" in shown
    assert "Points to the same person" in shown
    assert f'value="{known.pk}"' in shown
    assert f'value="{unchecked.person_id}"' not in shown  # never itself
    assert f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/link" in shown
    assert f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/new-person" in shown


def test_linking_makes_the_subject_the_existing_record(practitioner, sign_in, known, unchecked):
    client = sign_in(practitioner)
    url = f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/link"

    response = client.post(url, {"person": str(known.pk)})

    assert response["Location"] == f"/contacts/{unchecked.contact_id}"
    subject = ContactSubject.objects.get(contact_id=unchecked.contact_id)
    assert subject.person_id == known.pk
    assert subject.identity_checked
    assert Person.objects.current().count() == 1
    shown = page(client, unchecked.contact_id)
    assert "is now linked to the existing record" in shown
    assert HEADING not in shown


def test_confirming_a_new_person_keeps_the_record_and_hides_the_section(
    manager, sign_in, known, unchecked
):
    client = sign_in(manager)
    url = f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/new-person"

    response = client.post(url)

    assert response["Location"] == f"/contacts/{unchecked.contact_id}"
    unchecked.refresh_from_db()
    assert unchecked.identity_checked
    assert unchecked.person_id != known.pk
    assert HEADING not in page(client, unchecked.contact_id)


def test_only_a_record_that_was_offered_can_be_linked(practitioner, sign_in, known, unchecked):
    stranger = received(given_name="Sam", family_name="Other", postcode="ST5 9ZZ")
    url = f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/link"
    client = sign_in(practitioner)

    for chosen in (str(stranger.subjects.get().person_id), "", "abc"):
        response = client.post(url, {"person": chosen}, follow=True)
        assert "Select the record that is Rubie Example" in response.content.decode()
    unchecked.refresh_from_db()
    assert not unchecked.identity_checked


def test_a_subject_checked_at_intake_shows_no_section(practitioner, sign_in, known):
    contact = receive_contact(
        details=contact_details(
            subjects=[child(nhs_number="", address="1 Example Street", identity_checked=True)]
        ),
        by=SYSTEM,
    )
    assert HEADING not in page(sign_in(practitioner), contact.pk)


def test_no_candidates_shows_no_section(practitioner, sign_in, hub):
    contact = received()
    assert HEADING not in page(sign_in(practitioner), contact.pk)


def test_a_record_only_another_authority_may_see_is_not_offered(practitioner, sign_in, hub):
    received(la="861")
    contact = received(given_name="Rubie")
    assert HEADING not in page(sign_in(practitioner), contact.pk)


def test_a_contact_officer_does_not_see_the_section(contact_officer, sign_in, unchecked):
    assert HEADING not in page(sign_in(contact_officer), unchecked.contact_id)


@pytest.mark.parametrize("url", ["link", "new-person"])
def test_a_contact_officer_may_not_check_identity(contact_officer, sign_in, known, unchecked, url):
    response = sign_in(contact_officer).post(
        f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/{url}", {"person": known.pk}
    )
    assert response.status_code == 403
    unchecked.refresh_from_db()
    assert not unchecked.identity_checked


@pytest.mark.parametrize("persona", ["other_la_worker", "outsider", "police_researcher"])
@pytest.mark.parametrize("url", ["link", "new-person"])
def test_out_of_scope_is_not_found(request, sign_in, known, unchecked, persona, url):
    response = sign_in(request.getfixturevalue(persona)).post(
        f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/{url}", {"person": known.pk}
    )
    assert response.status_code == 404
    unchecked.refresh_from_db()
    assert not unchecked.identity_checked


def test_a_subject_of_another_contact_is_not_found(practitioner, sign_in, known, unchecked):
    other = received(given_name="Leo")
    response = sign_in(practitioner).post(
        f"/contacts/{other.pk}/subjects/{unchecked.pk}/new-person"
    )
    assert response.status_code == 404


def test_linking_needs_a_post(practitioner, sign_in, unchecked):
    response = sign_in(practitioner).get(
        f"/contacts/{unchecked.contact_id}/subjects/{unchecked.pk}/link"
    )
    assert response.status_code == 405


def test_showing_candidates_is_audited_as_a_read_of_those_records(
    practitioner, sign_in, known, unchecked
):
    page(sign_in(practitioner), unchecked.contact_id)

    event = AuditEvent.objects.get(action="person.candidates_shown")
    assert event.actor_id == practitioner.user.pk
    assert event.details == {"person_ids": [known.pk], "where": f"contact {unchecked.contact_id}"}


def test_people_named_in_the_same_contact_are_never_offered_for_each_other(
    practitioner, sign_in, hub
):
    mother = child(
        role="parent_carer", date_of_birth=None, nhs_number="", address="1 Example Street"
    )
    daughter = child(nhs_number="", address="1 Example Street")
    contact = receive_contact(details=contact_details(subjects=[mother, daughter]), by=SYSTEM)

    shown = page(sign_in(practitioner), contact.pk)

    assert HEADING not in shown
