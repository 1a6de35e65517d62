"""Recording a contact through the staff pages, and taking one from the team queue.

The journey keeps its answers in the session; nothing is saved until the last step, and every
error the service finds is shown on the field it belongs to.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.forms import SESSION_KEY
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)  # a Tuesday

RECEIVED = {
    "received_date_day": "10",
    "received_date_month": "3",
    "received_date_year": "2026",
    "received_time": "09:15",
    "channel": "phone",
    "referral_source": "2A",
}
REFERRER = {
    "kind": "professional",
    "name": "Sam Teacher",
    "role": "Designated safeguarding lead",
    "organisation": "Example Primary School",
    "phone": "01782 000000",
    "email": "dsl@school.example",
}
CHILD = {
    "given_name": "Ruby",
    "family_name": "Example",
    "role": "subject_child",
    "date_of_birth_day": "4",
    "date_of_birth_month": "5",
    "date_of_birth_year": "2018",
    "sex": "F",
    "ethnicity": "",
    "address": "1 Example Street\nStoke-on-Trent",
    "postcode": "st4 1aa",
    "nhs_number": "943 476 5919",
    "upn": "",
}
PARENT = {
    "given_name": "Rita",
    "family_name": "Example",
    "role": "parent_carer",
    "sex": "F",
}
CONCERN = {
    "cohort": "child",
    "concern": "Ruby arrived at school with bruising and said she was scared to go home.",
    "categories_abuse": ["18C"],
    "action_taken": "Spoke to Ruby with the class teacher present.",
    "family_aware": "no",
    "consent": "not_sought",
    "consent_reason": "Seeking consent could place the child at greater risk.",
    "referrer_urgency": "immediate",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def record_up_to_the_check_page(client: Client) -> None:
    assert client.post("/contacts/new", RECEIVED)["Location"] == "/contacts/new/referrer"
    assert client.post("/contacts/new/referrer", REFERRER)["Location"] == "/contacts/new/person"
    assert client.post("/contacts/new/person", CHILD)["Location"] == "/contacts/new/people"
    assert client.post("/contacts/new/people", {"add_another": "no"})["Location"] == (
        "/contacts/new/concern"
    )
    assert client.post("/contacts/new/concern", CONCERN)["Location"] == "/contacts/new/check"


def field_error(page: str, field: str, message: str) -> bool:
    """The message is shown against the field (not only in the summary)."""
    return (
        f'<p id="id_{field}-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    ) in page


# --- The journey ---------------------------------------------------------------------------


def test_a_contact_officer_records_a_contact_and_sees_its_reference(contact_officer, sign_in):
    client = sign_in(contact_officer)
    first = client.get("/contacts/new")
    assert first.status_code == 200
    assert "How and when the contact was received" in first.content.decode()
    # Today's date and time are filled in already.
    assert 'name="received_time" type="text" value="10:00"' in first.content.decode()

    record_up_to_the_check_page(client)
    check = client.get("/contacts/new/check").content.decode()
    assert "Check your answers before recording the contact" in check
    for answer in (
        "10 March 2026 at 09:15",
        "Phone",
        "2A – Schools",
        "Sam Teacher",
        "Ruby Example (Subject child)",
        "4 May 2018",
        "943 476 5919",
        "Abuse or neglect – physical abuse (adult on child) (18C)",
        "Needs action today",
    ):
        assert answer in check, answer
    assert 'href="/contacts/new/people/0"' in check
    assert Contact.objects.count() == 0

    response = client.post("/contacts/new/check")

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}"
    assert contact.received_at == datetime(2026, 3, 10, 9, 15, tzinfo=LONDON)
    assert contact.referrer_name == "Sam Teacher"
    assert list(contact.categories.values_list("code", flat=True)) == ["18C"]
    [subject] = contact.subjects.select_related("person")
    assert (subject.person.nhs_number, subject.person.postcode) == ("9434765919", "ST4 1AA")
    assert contact.recorded_by_id == contact_officer.user.pk
    page = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in page
    assert f"Contact recorded. Its reference is {contact.reference}" in page
    assert SESSION_KEY not in client.session


def test_adding_another_person_loops_back_and_both_are_recorded(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)
    client.post("/contacts/new/person", CHILD)

    assert client.post("/contacts/new/people", {"add_another": "yes"})["Location"] == (
        "/contacts/new/person"
    )
    assert client.post("/contacts/new/person", PARENT)["Location"] == "/contacts/new/people"
    people = client.get("/contacts/new/people").content.decode()
    assert "You have added 2 people" in people
    assert "Rita Example (Parent or carer)" in people
    client.post("/contacts/new/people", {"add_another": "no"})
    client.post("/contacts/new/concern", CONCERN)
    client.post("/contacts/new/check")

    contact = Contact.objects.get()
    roles = sorted(contact.subjects.values_list("role", flat=True))
    assert roles == ["parent_carer", "subject_child"]


def test_a_person_can_be_changed_and_removed_before_recording(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new/person", CHILD)
    client.post("/contacts/new/person", PARENT)

    changed = client.post("/contacts/new/people/1", {**PARENT, "given_name": "Rose"})
    assert changed["Location"] == "/contacts/new/people"
    assert "Rose Example" in client.get("/contacts/new/people").content.decode()

    client.post("/contacts/new/people/0/remove")

    page = client.get("/contacts/new/people").content.decode()
    assert "You have added 1 person" in page
    assert "Ruby Example" not in page


def test_the_people_question_needs_an_answer(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new/person", CHILD)

    response = client.post("/contacts/new/people", {})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: People in this contact" in page
    assert "Select yes if you need to add another person" in page


def test_the_check_page_sends_an_unfinished_draft_to_its_first_missing_step(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new", RECEIVED)

    assert client.get("/contacts/new/check")["Location"] == "/contacts/new/referrer"
    assert client.post("/contacts/new/check")["Location"] == "/contacts/new/referrer"
    assert Contact.objects.count() == 0


def test_a_draft_can_be_deleted(practitioner, sign_in):
    client = sign_in(practitioner)
    record_up_to_the_check_page(client)

    response = client.post("/contacts/new/cancel", follow=True)

    assert "The contact you were recording has been deleted" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert Contact.objects.count() == 0


# --- Field-level errors, and nothing saved ---------------------------------------------------


def test_a_bad_nhs_number_is_shown_on_its_field_and_nothing_is_saved(practitioner, sign_in):
    client = sign_in(practitioner)
    client.post("/contacts/new", RECEIVED)
    client.post("/contacts/new/referrer", REFERRER)

    response = client.post("/contacts/new/person", {**CHILD, "nhs_number": "943 476 5918"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Add a person" in page
    assert 'href="#id_nhs_number"' in page  # the error summary links to the field
    assert field_error(
        page, "nhs_number", "The NHS number is not valid. Check it and enter it again"
    )
    assert 'value="943 476 5918"' in page  # what was typed is kept
    assert client.session[SESSION_KEY]["people"] == []
    assert (Contact.objects.count(), Person.objects.count()) == (0, 0)


def test_a_child_with_no_date_of_birth_is_refused_on_that_field(practitioner, sign_in):
    client = sign_in(practitioner)
    child = {**CHILD, "date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""}

    response = client.post("/contacts/new/person", child)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_date_of_birth_0"' in page  # the day box
    assert field_error(
        page,
        "date_of_birth",
        "Enter the date of birth, or the expected date if the child is not born yet",
    )
    assert (Contact.objects.count(), Person.objects.count()) == (0, 0)


def test_an_unborn_child_needs_only_the_expected_date(practitioner, sign_in):
    client = sign_in(practitioner)
    unborn = {
        **CHILD,
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "expected_date_of_birth_day": "14",
        "expected_date_of_birth_month": "9",
        "expected_date_of_birth_year": "2026",
        "nhs_number": "",
    }

    assert client.post("/contacts/new/person", unborn)["Location"] == "/contacts/new/people"
    assert "Expected date of birth" in client.get("/contacts/new/people").content.decode()


def test_a_half_typed_date_says_what_is_missing(practitioner, sign_in):
    client = sign_in(practitioner)

    response = client.post("/contacts/new/person", {**CHILD, "date_of_birth_year": ""})

    assert response.status_code == 400
    assert field_error(
        response.content.decode(), "date_of_birth", "The date of birth must include a year"
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_time": "25:00"}, "received_time", "in the 24-hour clock, like 14:30"),
        ({"channel": ""}, "channel", "Select how the contact was received"),
        ({"referral_source": "99"}, "referral_source", "Select the referral source from the list"),
        (
            {"received_date_day": "11"},
            "received_date",
            "The time received cannot be in the future",
        ),
        (
            {"received_date_year": "1066"},
            "received_date",
            "The date the contact was received must be in the last 12 months",
        ),
        ({"received_date_month": "13"}, "received_date", "must be a real date"),
    ],
)
def test_the_first_step_shows_each_problem_on_its_field(
    practitioner, sign_in, changes, field, message
):
    response = sign_in(practitioner).post("/contacts/new", {**RECEIVED, **changes})

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert Contact.objects.count() == 0


def test_a_professional_cannot_be_anonymous(practitioner, sign_in):
    response = sign_in(practitioner).post("/contacts/new/referrer", {**REFERRER, "anonymous": "on"})

    assert response.status_code == 400
    assert field_error(
        response.content.decode(), "anonymous", "A professional referral cannot be anonymous"
    )


def test_an_anonymous_member_of_the_public_needs_no_name(practitioner, sign_in):
    response = sign_in(practitioner).post(
        "/contacts/new/referrer", {"kind": "public", "anonymous": "on"}
    )

    assert response.status_code == 302


def test_consent_not_sought_needs_a_reason(practitioner, sign_in):
    response = sign_in(practitioner).post(
        "/contacts/new/concern", {**CONCERN, "consent_reason": ""}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: The concern" in page
    assert field_error(page, "consent_reason", "Explain why consent was not sought")


def test_categories_are_grouped_checkboxes_and_an_unknown_one_is_refused(practitioner, sign_in):
    client = sign_in(practitioner)
    form = client.get("/contacts/new/concern").content.decode()
    assert "Categories of concern" in form
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Abuse or neglect' in form
    )
    assert 'type="checkbox" value="18C"' in form

    response = client.post("/contacts/new/concern", {**CONCERN, "categories_abuse": ["XX"]})

    assert response.status_code == 400
    assert field_error(
        response.content.decode(), "categories_abuse", "Select categories from the list"
    )


def test_a_refusal_at_submission_is_put_back_on_the_step_and_field_it_belongs_to(
    practitioner, sign_in
):
    """If the service refuses the whole contact, the user lands on the field to fix."""
    client = sign_in(practitioner)
    record_up_to_the_check_page(client)
    session = client.session
    session[SESSION_KEY]["people"][0]["nhs_number"] = ["123"]  # changed behind the pages' back
    session.save()

    response = client.post("/contacts/new/check")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Change a person&#x27;s details" in page
    assert 'action="/contacts/new/people/0"' in page
    assert field_error(page, "nhs_number", "Enter a 10-digit NHS number, like 943 476 5919")
    assert (Contact.objects.count(), Person.objects.count()) == (0, 0)


# --- Who may record ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contact_officer", "practitioner", "manager"])
def test_mash_staff_may_record_contacts(request, sign_in, persona):
    assert sign_in(request.getfixturevalue(persona)).get("/contacts/new").status_code == 200


@pytest.mark.parametrize("persona", ["police_researcher", "analyst", "area_worker", "outsider"])
def test_anyone_else_is_refused_and_nothing_is_saved(request, sign_in, persona):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get("/contacts/new").status_code == 403
    assert client.post("/contacts/new", RECEIVED).status_code == 403
    assert client.post("/contacts/new/check").status_code == 403
    assert SESSION_KEY not in client.session
    assert Contact.objects.count() == 0


def test_someone_signed_out_is_sent_to_sign_in(db):
    response = Client().get("/contacts/new")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=")


# --- Taking a contact from the team queue ------------------------------------------------------


@pytest.fixture
def contact(hub):
    return receive_contact(details=contact_details(), by=Actor.system("tests"))


def test_a_practitioner_takes_a_contact_and_starts_screening_it(practitioner, sign_in, contact):
    response = sign_in(practitioner).post(f"/contacts/{contact.pk}/take")

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}"
    contact.refresh_from_db()
    assert (contact.allocated_to_id, contact.status) == (
        practitioner.user.pk,
        ContactStatus.SCREENING,
    )
    actions = AuditEvent.objects.filter(object_id=str(contact.pk), actor_id=practitioner.user.pk)
    assert {"contact.viewed", "contact.taken"} <= set(actions.values_list("action", flat=True))


def test_a_contact_someone_else_has_taken_cannot_be_taken_again(
    practitioner, manager, sign_in, contact
):
    sign_in(manager).post(f"/contacts/{contact.pk}/take")

    response = sign_in(practitioner).post(f"/contacts/{contact.pk}/take", follow=True)

    assert "Someone else has already taken this contact" in response.content.decode()
    contact.refresh_from_db()
    assert contact.allocated_to_id == manager.user.pk


def test_a_contact_officer_may_not_take_a_contact(contact_officer, sign_in, contact):
    assert sign_in(contact_officer).post(f"/contacts/{contact.pk}/take").status_code == 403
    contact.refresh_from_db()
    assert contact.allocated_to_id is None


@pytest.mark.parametrize("persona", ["police_researcher", "other_la_worker", "outsider"])
def test_out_of_scope_take_is_not_found(request, sign_in, contact, persona):
    response = sign_in(request.getfixturevalue(persona)).post(f"/contacts/{contact.pk}/take")
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.allocated_to_id is None


def test_taking_needs_a_post(practitioner, sign_in, contact):
    assert sign_in(practitioner).get(f"/contacts/{contact.pk}/take").status_code == 405
