"""The optional `disability` of a subject child or sibling on POST /api/v1/contacts."""

import pytest

from frontdoor.contacts.models import Contact

from .conftest import contact_body, post_contact, subject


def fields(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize("answer", ["yes", "no", "unknown"])
def test_a_partner_says_whether_the_child_has_a_disability(police, answer):
    response = post_contact(police, contact_body(subjects=[subject(disability=answer)]))

    assert response.status_code == 201
    assert Contact.objects.get().subjects.get().person.disability == answer


def test_a_disability_left_out_or_null_is_not_known(police):
    response = post_contact(police, contact_body(subjects=[subject(disability=None)]))

    assert response.status_code == 201
    assert Contact.objects.get().subjects.get().person.disability == "unknown"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sometimes", "Select whether the child has a disability"),
        (True, None),  # not a string: the schema refuses it
    ],
)
def test_anything_else_is_refused_naming_the_field(police, value, message):
    response = post_contact(police, contact_body(subjects=[subject(disability=value)]))

    assert response.status_code == 422
    assert fields(response) == ["subjects.0.disability"]
    if message:
        assert response.json()["errors"][0]["message"] == message
    assert not Contact.objects.exists()


def test_an_adults_disability_is_refused(police):
    parent = subject(
        given_name="Rita",
        role="parent_carer",
        nhs_number=None,
        date_of_birth=None,
        disability="yes",
    )

    response = post_contact(police, contact_body(subjects=[subject(), parent]))

    assert response.status_code == 422
    assert fields(response) == ["subjects.1.disability"]


def test_the_openapi_document_describes_the_field(police):
    schema = police.get("/api/v1/openapi.json").json()["components"]["schemas"]["SubjectIn"]

    assert "yes, no or unknown" in schema["properties"]["disability"]["description"]
