"""POST /api/v1/contacts: a valid contact is recorded once, from the partner, and audited;
an invalid one is refused with problem+json naming each bad field, and nothing is stored."""

import json

import pytest

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactStatusChange
from frontdoor.people.models import Person

from .conftest import contact_body, post_contact, subject


def test_a_valid_contact_is_recorded_from_the_partner_system(police, police_system):
    response = post_contact(police, contact_body())
    assert response.status_code == 201
    contact = Contact.objects.get()
    body = response.json()
    assert body == {
        "reference": contact.reference,
        "id": contact.pk,
        "status": "received",
        "received_at": body["received_at"],
        "decision_due_at": body["decision_due_at"],
        "local_authority_code": "860",
    }
    assert response["Location"] == f"/api/v1/contacts/{contact.pk}"
    assert contact.channel == "partner_api"
    assert contact.partner_system == police_system.system
    assert contact.recorded_by is None
    assert contact.referral_source_id == "5A"
    assert contact.subjects.get().person.nhs_number == "9434765919"
    [change] = ContactStatusChange.objects.all()
    assert change.changed_by_label == "partner:staffs-police/Police case system"


def test_the_contact_is_audited_as_the_partner_system(police):
    post_contact(police, contact_body(), REMOTE_ADDR="192.0.2.7")
    [event] = AuditEvent.objects.filter(action="contact.received")
    assert event.actor is None
    assert event.actor_label == "partner:staffs-police/Police case system"
    assert event.actor_role == "partner_system"
    assert event.actor_agency == "staffs-police"
    assert event.local_authority == "860"
    assert event.details == {"channel": "partner_api", "source": "5A", "subjects": 1}
    assert "Ruby" not in json.dumps(event.details)


def test_optional_fields_may_be_left_out_or_null(police):
    body = contact_body(action_taken=None, categories=[])
    body["referrer"]["role"] = None
    body["subjects"] = [{k: v for k, v in subject().items() if k not in {"sex", "postcode"}}]
    assert post_contact(police, body).status_code == 201


def test_an_unborn_child_needs_only_an_expected_date(police):
    unborn = subject(date_of_birth=None, expected_date_of_birth="2099-01-01", nhs_number=None)
    response = post_contact(police, contact_body(subjects=[unborn]))
    # A date so far ahead is accepted: the service only refuses expected dates in the past.
    assert response.status_code == 201


def test_a_channel_cannot_be_chosen_by_the_partner(police):
    response = post_contact(police, contact_body(channel="phone"))
    assert response.status_code == 422
    assert fields(response) == ["channel"]


def fields(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


# (body, the field named) — every one must be refused and store nothing.
INVALID = {
    "no date of birth or expected date": (
        contact_body(subjects=[subject(date_of_birth=None)]),
        "subjects.0.date_of_birth",
    ),
    "a bad NHS number check digit": (
        contact_body(subjects=[subject(nhs_number="943 476 5918")]),
        "subjects.0.nhs_number",
    ),
    "an unknown source code": (contact_body(referral_source="11"), "referral_source"),
    "an authority the hub does not serve": (
        contact_body(local_authority_code="335"),
        "local_authority_code",
    ),
    "subjects as a string": (contact_body(subjects="Ruby Example"), "subjects"),
    "a date of birth as a number": (
        contact_body(subjects=[subject(date_of_birth=12)]),
        "subjects.0.date_of_birth",
    ),
    "a date of birth in words": (
        contact_body(subjects=[subject(date_of_birth="4 May 2018")]),
        "subjects.0.date_of_birth",
    ),
    "an impossible date": (
        contact_body(subjects=[subject(date_of_birth="2018-02-30")]),
        "subjects.0.date_of_birth",
    ),
    "a date of birth in the future": (
        contact_body(subjects=[subject(date_of_birth="2999-01-01")]),
        "subjects.0.date_of_birth",
    ),
    "a name as a number": (
        contact_body(subjects=[subject(given_name=42)]),
        "subjects.0.given_name",
    ),
    "a flag as a string": (
        contact_body(referrer={**contact_body()["referrer"], "anonymous": "false"}),
        "referrer.anonymous",
    ),
    "a time without a zone": (
        contact_body(received_at="2026-03-02T09:30:00"),
        "received_at",
    ),
    "a missing concern": (
        {k: v for k, v in contact_body().items() if k != "concern"},
        "concern",
    ),
    "a blank concern": (contact_body(concern="   "), "concern"),
    "an over-long concern": (contact_body(concern="x" * 20_001), "concern"),
    "an over-long name": (
        contact_body(subjects=[subject(family_name="x" * 101)]),
        "subjects.0.family_name",
    ),
    "too many people": (contact_body(subjects=[subject()] * 21), "subjects"),
    "an unknown category": (contact_body(categories=["99Z"]), "categories"),
    "an unknown field": (contact_body(date_of_brith="2018-05-04"), "date_of_brith"),
    "no reason consent was not sought": (contact_body(consent_reason=""), "consent_reason"),
    "an unknown cohort": (contact_body(cohort="children"), "cohort"),
    "a list for a body": ([contact_body()], "body"),
}


@pytest.mark.parametrize(("body", "field"), list(INVALID.values()), ids=list(INVALID))
def test_an_invalid_contact_is_refused_naming_the_field(police, body, field):
    people = Person.objects.count()
    response = post_contact(police, body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert problem["title"] == "Some fields are not valid"
    assert field in fields(response)
    assert all(error["message"] for error in problem["errors"])
    assert Contact.objects.count() == 0
    assert Person.objects.count() == people
    assert not AuditEvent.objects.filter(action="contact.received").exists()


def test_errors_from_the_schema_do_not_echo_the_input(police):
    response = post_contact(police, contact_body(subjects=[subject(date_of_birth=19780101)]))
    assert "19780101" not in response.content.decode()


def test_a_one_megabyte_string_is_refused_as_too_large(police):
    response = post_contact(police, contact_body(concern="x" * 1_000_000))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "body", "message": "Send no more than 256 KB"}]
    assert Contact.objects.count() == 0


def test_a_body_just_under_the_limit_is_read_and_its_long_field_named(police):
    response = post_contact(police, contact_body(action_taken="x" * 200_000))
    assert response.status_code == 422
    assert fields(response) == ["action_taken"]
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("raw", ['{"concern": ', "not json", b"\xff\xfe{}"])
def test_malformed_json_is_a_400_problem_naming_the_body(police, raw):
    response = police.post("/api/v1/contacts", raw, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/malformed-json")
    assert fields(response) == ["body"]
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("raw", ["", "null", "[]", "12"])
def test_a_body_that_is_not_an_object_is_a_422_naming_the_body(police, raw):
    response = police.post("/api/v1/contacts", raw, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert fields(response) == ["body"]
    assert Contact.objects.count() == 0


def test_truncated_json_names_the_body(police):
    response = police.post("/api/v1/contacts", '{"concern": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "body", "message": "Send valid JSON, encoded in UTF-8"}
    ]


def test_an_over_long_idempotency_key_is_refused(police):
    response = post_contact(police, contact_body(), **{"Idempotency-Key": "k" * 256})
    assert response.status_code == 422
    assert fields(response) == ["Idempotency-Key"]
    assert Contact.objects.count() == 0
