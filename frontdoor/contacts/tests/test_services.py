"""Receiving contacts: one set of rules for every channel, field-level errors, no half-saves."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.services import receive_contact, take_contact
from frontdoor.contacts.tests.factories import child, contact_details, professional
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.people.models import Person


@pytest.fixture
def officer(contact_officer):
    return actor_for_user(contact_officer.user)


def errors_for(details, by) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        receive_contact(details=details, by=by)
    return raised.value.message_dict


def test_a_contact_is_recorded_with_its_people_history_clock_and_audit(officer):
    contact = receive_contact(details=contact_details(), by=officer)
    assert contact.reference == f"FD-{contact.received_at.astimezone(LONDON).year}-{contact.pk:06d}"
    assert contact.status == ContactStatus.RECEIVED
    assert contact.team.code == "staffs-mash"
    [subject] = contact.subjects.select_related("person")
    assert subject.person.nhs_number == "9434765919"
    assert subject.person.postcode == "ST4 1AA"
    assert [c.to_status for c in contact.status_changes.all()] == ["received"]
    [event] = AuditEvent.objects.filter(action="contact.received")
    assert event.object_id == str(contact.pk)
    assert event.local_authority == "860"
    assert "Ruby" not in str(event.details)
    assert list(contact.categories.values_list("code", flat=True)) == ["18C"]


def test_middle_names_pnc_id_and_la_child_id_are_stored_normalised(officer):
    details = contact_details(
        subjects=[child(middle_names=" Jane  Ann ", pnc_id="99/123456x", la_child_id="ST 000123")]
    )
    person = receive_contact(details=details, by=officer).subjects.get().person
    assert person.middle_names == "Jane Ann"
    assert person.pnc_id == "1999/0123456X"
    assert person.la_child_id == "ST000123"


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        (
            contact_details(subjects=[child(date_of_birth=None)]),
            "subjects.0.date_of_birth",
            "Enter the date of birth, or the expected date if the child is not born yet",
        ),
        (
            contact_details(subjects=[child(nhs_number="943 476 5918")]),
            "subjects.0.nhs_number",
            "The NHS number is not valid. Check it and enter it again",
        ),
        (
            contact_details(subjects=[child(pnc_id="99/123456Y")]),
            "subjects.0.pnc_id",
            "The PNC ID is not valid. Check it and enter it again",
        ),
        (
            contact_details(subjects=[child(la_child_id="CHILD-42")]),
            "subjects.0.la_child_id",
            "The LA child ID must only include letters a to z and numbers 0 to 9",
        ),
        (contact_details(referral_source="11"), "referral_source", None),
        (contact_details(local_authority_code="335"), "local_authority", None),
        (contact_details(consent="not_sought", consent_reason=" "), "consent_reason", None),
        (contact_details(subjects=[]), "subjects", None),
        (contact_details(subjects=[child(postcode="Q1 1AA")]), "subjects.0.postcode", None),
        (contact_details(referrer=professional(organisation="")), "referrer.organisation", None),
        (contact_details(referrer=professional(anonymous=True)), "referrer.anonymous", None),
        (contact_details(concern="x" * 20_001), "concern", "Enter no more than 20,000 characters"),
        (contact_details(categories=["99Z"]), "categories", None),
        (contact_details(channel="pigeon"), "channel", None),
        (
            contact_details(
                subjects=[
                    child(date_of_birth=date(2020, 1, 1), expected_date_of_birth=date(2027, 1, 1))
                ]
            ),
            "subjects.0.expected_date_of_birth",
            None,
        ),
    ],
)
def test_bad_details_name_the_field_and_store_nothing(officer, details, field, message):
    errors = errors_for(details, officer)
    assert field in errors
    if message:
        assert message in errors[field]
    assert Contact.objects.count() == 0
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action="contact.received").exists()


def test_every_bad_field_is_reported_at_once(officer):
    details = contact_details(
        referral_source="99", subjects=[child(date_of_birth=None, nhs_number="123")]
    )
    assert {"referral_source", "subjects.0.date_of_birth", "subjects.0.nhs_number"} <= set(
        errors_for(details, officer)
    )


def test_an_unborn_child_needs_only_an_expected_date(officer):
    unborn = child(
        date_of_birth=None, expected_date_of_birth=date.today() + timedelta(days=60), nhs_number=""
    )
    contact = receive_contact(details=contact_details(subjects=[unborn]), by=officer)
    assert contact.subjects.get().person.is_unborn


def test_a_parent_needs_no_date_of_birth(officer):
    parent = child(given_name="Dan", role="parent_carer", date_of_birth=None, nhs_number="")
    contact = receive_contact(details=contact_details(subjects=[child(), parent]), by=officer)
    assert contact.subjects.count() == 2


def test_an_anonymous_member_of_the_public_gives_no_name(officer):
    anonymous = professional(
        kind="public", anonymous=True, name="", organisation="", phone="", email=""
    )
    contact = receive_contact(
        details=contact_details(referrer=anonymous, referral_source="9"), by=officer
    )
    assert contact.referrer_anonymous


def test_the_same_child_given_again_is_a_new_record_unless_the_practitioner_chose_the_first(
    officer,
):
    ruby = receive_contact(details=contact_details(), by=officer).subjects.get().person
    again = receive_contact(details=contact_details(subjects=[child()]), by=officer)
    [unchecked] = again.subjects.all()
    assert unchecked.person_id != ruby.pk
    assert not unchecked.identity_checked

    chosen = receive_contact(
        details=contact_details(subjects=[child(existing_person_id=ruby.pk)]), by=officer
    )

    [linked] = chosen.subjects.all()
    assert linked.person_id == ruby.pk
    assert linked.identity_checked
    assert Person.objects.count() == 2


def test_a_contact_received_on_friday_afternoon_is_due_on_monday(officer):
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
    with time_machine.travel(friday + timedelta(hours=1), tick=False):
        contact = receive_contact(details=contact_details(received_at=friday), by=officer)
    assert contact.decision_due_at == datetime(2026, 11, 23, 15, 0, tzinfo=LONDON)


def test_a_contact_before_easter_is_due_after_the_bank_holidays(officer):
    thursday = datetime(2026, 4, 2, 11, 0, tzinfo=LONDON)
    with time_machine.travel(thursday, tick=False):
        contact = receive_contact(details=contact_details(received_at=thursday), by=officer)
    assert contact.decision_due_at == datetime(2026, 4, 7, 11, 0, tzinfo=LONDON)


def test_a_received_time_in_the_future_is_refused(officer):
    later = datetime.now(tz=LONDON) + timedelta(days=1)
    assert "received_at" in errors_for(contact_details(received_at=later), officer)


def test_taking_a_contact_allocates_it_and_starts_screening(practitioner, hub):
    actor = actor_for_user(practitioner.user)
    contact = receive_contact(details=contact_details(), by=actor)
    take_contact(contact=contact, by=actor)
    contact.refresh_from_db()
    assert contact.allocated_to_id == practitioner.user.pk
    assert contact.status == ContactStatus.SCREENING
    assert contact.status_changes.last().changed_by_id == practitioner.user.pk


def test_a_contact_someone_else_took_cannot_be_taken(practitioner, manager):
    mine = actor_for_user(practitioner.user)
    contact = receive_contact(details=contact_details(), by=mine)
    take_contact(contact=contact, by=mine)
    with pytest.raises(ValidationError, match="Someone else has already taken this contact"):
        take_contact(contact=contact, by=actor_for_user(manager.user))


def test_a_partner_or_the_public_can_send_a_contact_with_no_user(hub):
    contact = receive_contact(
        details=contact_details(channel="online_form"), by=Actor.anonymous("192.0.2.1")
    )
    assert contact.recorded_by_id is None
    assert contact.status_changes.get().changed_by_label == "anonymous"
