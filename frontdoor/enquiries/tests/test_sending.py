"""Sending information requests: the rules, the due times and the audit.

Every refusal changes nothing: no request, no status change, no audit event.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.models import Agency, ClockBasis, LocalAuthority
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import change_status
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.agreements import HUB_AGREEMENT_NAME
from frontdoor.enquiries.clocks import request_due_at
from frontdoor.enquiries.models import (
    InformationRequest,
    LawfulBasis,
    RequestStatus,
)

from .factories import (
    TUESDAY,
    actor,
    received_contact,
    screened_contact,
    sent_request,
    sent_requests,
)

# Good Friday is 3 April 2026 and Easter Monday 6 April: the hub is shut from Thursday at 17:00
# until Tuesday at 08:30.
THURSDAY_BEFORE_EASTER = datetime(2026, 4, 2, 16, 30, tzinfo=LONDON)

pytestmark = pytest.mark.usefixtures("frozen_on_a_tuesday")


def nothing_sent(contact, status):
    contact.refresh_from_db()
    return (
        not InformationRequest.objects.exists()
        and contact.status == status
        and not AuditEvent.objects.filter(action="information_request.sent").exists()
    )


# --- Sending ----------------------------------------------------------------------------------


def test_one_request_goes_to_each_agency_under_the_hub_agreement(contact, alice):
    police, health, education = sent_requests(contact, by=alice)

    assert [r.agency.code for r in (police, health, education)] == [
        "staffs-police",
        "staffs-health",
        "staffs-education",
    ]
    for request in (police, health, education):
        assert request.agreement.name == HUB_AGREEMENT_NAME
        assert request.lawful_basis == LawfulBasis.PUBLIC_TASK
        assert request.rag_rating_id == "red"
        assert request.status == RequestStatus.SENT
        assert request.sent_at == TUESDAY
        assert request.subjects.count() == 2
    # The agreement shares the concern with police and health, not with education.
    assert (police.shows_concern, health.shows_concern, education.shows_concern) == (
        True,
        True,
        False,
    )
    # Agreed red times: health 1 working hour, police and education 2.
    assert health.due_at == TUESDAY + timedelta(hours=1)
    assert police.due_at == TUESDAY + timedelta(hours=2)
    assert education.due_at == TUESDAY + timedelta(hours=2)


def test_each_request_sent_is_audited_with_ids_and_codes_only(contact, alice):
    [police] = sent_requests(contact, ("staffs-police",), by=alice)

    event = AuditEvent.objects.get(action="information_request.sent")
    assert event.object_id == str(police.pk)
    assert event.local_authority == "860"
    assert event.details == {
        "request": police.pk,
        "agency": "staffs-police",
        "rag": "red",
        "basis": "uk_gdpr_6_1_e",
        "subjects": 2,
    }
    assert "Ruby" not in str(event.details)


def test_sending_moves_a_contact_in_screening_to_information_gathering(alice):
    contact = screened_contact(by=alice, next_step="recommend")
    assert contact.status == ContactStatus.SCREENING

    sent_request(contact, by=alice)

    contact.refresh_from_db()
    assert contact.status == ContactStatus.INFORMATION_GATHERING
    assert contact.status_changes.last().reason == "Information requests sent to 1 agencies"


def test_a_request_can_cover_only_some_of_the_people(contact, alice):
    ruby = contact.subjects.get(person__given_name="Ruby")

    request = sent_request(contact, by=alice, subject_ids=[ruby.pk])

    assert list(request.subjects.all()) == [ruby]


def test_a_manager_may_send_requests(contact, mo):
    assert sent_request(contact, by=mo).sent_by_id == mo.user.pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"agencies": ()}, "agencies", "Select at least one agency"),
        (
            {"agencies": ("stoke-education",)},
            "agencies",
            "Stoke-on-Trent education safeguarding does not serve Staffordshire",
        ),
        (
            {"agencies": ("staffs-csc",)},
            "agencies",
            "Staffordshire children's social care is the MASH's own service: check its "
            "records directly",
        ),
        ({"subject_ids": []}, "subject_ids", "Select at least one person to ask about"),
        ({"questions": "  "}, "questions", "Enter your questions for the agencies"),
        ({"lawful_basis": ""}, "lawful_basis", "Select the lawful basis for sharing"),
        (
            {"lawful_basis": LawfulBasis.CONSENT},
            "lawful_basis",
            "No active information-sharing agreement with Staffordshire Police names this "
            "lawful basis. Select another basis, or do not ask this agency",
        ),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_sent(contact, alice, change, field, message):
    kwargs = {"agencies": ("staffs-police",), **change}
    agencies = kwargs.pop("agencies")

    with pytest.raises(ValidationError) as raised:
        sent_requests(contact, agencies, by=alice, **kwargs)

    assert message in raised.value.message_dict[field]
    assert nothing_sent(contact, ContactStatus.INFORMATION_GATHERING)


def test_a_person_from_another_contact_is_refused(contact, alice):
    other = received_contact()

    with pytest.raises(ValidationError) as raised:
        sent_requests(
            contact,
            ("staffs-police",),
            by=alice,
            subject_ids=[other.subjects.first().pk],
        )

    assert raised.value.message_dict["subject_ids"] == ["Select people named in this contact"]
    assert nothing_sent(contact, ContactStatus.INFORMATION_GATHERING)


def test_an_agency_with_a_request_still_waiting_cannot_be_asked_again(contact, alice):
    sent_request(contact, by=alice)

    with pytest.raises(ValidationError) as raised:
        sent_requests(contact, ("staffs-police", "staffs-health"), by=alice)

    assert raised.value.message_dict["agencies"] == [
        "Staffordshire Police already has a request about this contact waiting for an answer"
    ]
    assert InformationRequest.objects.count() == 1


def test_an_unscreened_contact_is_refused(alice):
    contact = received_contact()

    with pytest.raises(ValidationError) as raised:
        sent_request(contact, by=alice)

    assert raised.value.message_dict["contact"] == [
        "Screen the contact before sending information requests"
    ]
    assert nothing_sent(contact, ContactStatus.RECEIVED)


def test_a_contact_waiting_for_a_decision_is_refused(contact, alice):
    change_status(contact, to=ContactStatus.AWAITING_DECISION, by=alice)

    with pytest.raises(ValidationError) as raised:
        sent_request(contact, by=alice)

    assert "contact" in raised.value.message_dict
    assert not InformationRequest.objects.exists()


def test_below_child_protection_without_consent_the_consent_rule_refuses(alice):
    contact = screened_contact(
        by=alice, level=3, rag="amber", next_step="recommend", consent="refused", consent_reason=""
    )

    with pytest.raises(ValidationError) as raised:
        sent_request(contact, by=alice)

    assert raised.value.message_dict["contact"][0].startswith("The family refused consent")
    assert nothing_sent(contact, ContactStatus.SCREENING)


@pytest.mark.parametrize("persona", ["contact_officer", "police_researcher", "other_la_worker"])
def test_only_the_authoritys_practitioners_and_managers_send_requests(request, contact, persona):
    someone = actor(request.getfixturevalue(persona))

    with pytest.raises(PermissionDenied):
        sent_request(contact, by=someone)

    assert nothing_sent(contact, ContactStatus.INFORMATION_GATHERING)


# --- Due times --------------------------------------------------------------------------------


def test_due_times_count_hub_working_hours_across_a_bank_holiday_weekend(alice):
    with time_machine.travel(THURSDAY_BEFORE_EASTER, tick=False):
        contact = screened_contact(by=alice)
        police, health = sent_requests(contact, ("staffs-police", "staffs-health"), by=alice)

    # Half an hour on Thursday, then nothing until Tuesday's 08:30 opening.
    assert health.due_at == datetime(2026, 4, 7, 9, 0, tzinfo=LONDON)
    assert police.due_at == datetime(2026, 4, 7, 10, 0, tzinfo=LONDON)


def test_without_agreed_hours_the_authoritys_rag_hours_apply(alice):
    police = Agency.objects.get(code="staffs-police")
    staffordshire = LocalAuthority.objects.get(code="860")

    due = request_due_at(
        local_authority=staffordshire, agency=police, rag_rating="amber", sent_at=TUESDAY
    )

    assert due == TUESDAY + timedelta(hours=6)  # amber: 6 working hours, within the day


def test_a_clock_hours_authority_counts_through_the_night(alice):
    LocalAuthority.objects.filter(code="860").update(rag_clock_basis=ClockBasis.CLOCK_HOURS)
    with time_machine.travel(THURSDAY_BEFORE_EASTER, tick=False):
        contact = screened_contact(by=alice)
        [health] = sent_requests(contact, ("staffs-health",), by=alice)

    assert health.due_at == THURSDAY_BEFORE_EASTER + timedelta(hours=1)
