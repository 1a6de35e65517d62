"""Answering, asking for more time, deciding on it and withdrawing: rules, clocks, audit.

Every refusal changes nothing: no answer, no extension, no status change, no audit event.
"""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import change_status
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.models import (
    DeadlineExtension,
    InformationRequest,
    InformationResponse,
    RequestStatus,
)
from frontdoor.enquiries.services import (
    AnswerDetails,
    answer_information_request,
    ask_for_more_time,
    decide_extension,
    withdraw_information_request,
)

from .factories import (
    TUESDAY,
    actor,
    answered,
    answers_for,
    screened_contact,
    sent_request,
)

pytestmark = pytest.mark.usefixtures("frozen_on_a_tuesday")


# --- Answering --------------------------------------------------------------------------------


def test_the_agency_answers_about_everyone_and_the_request_is_answered(contact, alice, pat):
    request = sent_request(contact, by=alice)
    ruby, jade = request.subjects.order_by("pk")

    with time_machine.travel(TUESDAY + timedelta(minutes=40), tick=False):
        answer_information_request(
            request=request,
            answers=[
                AnswerDetails(ruby.pk, "found", "Domestic incident in 2025", "Niche", "restricted"),
                AnswerDetails(jade.pk, "nothing_known", "", "Niche, PNC", "shareable"),
            ],
            by=pat,
        )

    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.responded_at == request.sent_at + timedelta(minutes=40)
    assert request.responded_by_id == pat.user.pk
    assert InformationResponse.objects.filter(request=request).count() == 2
    event = AuditEvent.objects.get(action="information_request.answered")
    assert event.details == {
        "request": request.pk,
        "agency": "staffs-police",
        "found": 1,
        "shareable": 1,
        "hub_only": 0,
        "restricted": 1,
    }


def answer_errors(request, answers, by):
    status = InformationRequest.objects.get(pk=request.pk).status
    with pytest.raises(ValidationError) as raised:
        answer_information_request(request=request, answers=answers, by=by)
    assert not InformationResponse.objects.exists()
    request.refresh_from_db()
    assert request.status == status
    assert not AuditEvent.objects.filter(action="information_request.answered").exists()
    return raised.value.message_dict


def test_each_person_needs_a_complete_answer(contact, alice, pat):
    request = sent_request(contact, by=alice)
    ruby, jade = request.subjects.order_by("pk")

    errors = answer_errors(
        request,
        [AnswerDetails(ruby.pk, "found", " ", "", "")],
        pat,
    )

    assert errors == {
        f"subject-{ruby.pk}-summary": ["Say what your agency knows about Ruby"],
        f"subject-{ruby.pk}-systems_checked": ["List the systems you checked for Ruby"],
        f"subject-{ruby.pk}-sensitivity": ["Select how far the answer about Ruby may be shared"],
        f"subject-{jade.pk}-finding": ["Select whether your agency knows anything about Jade"],
    }


def test_an_answer_about_someone_outside_the_request_is_refused(contact, alice, pat):
    ruby = contact.subjects.get(person__given_name="Ruby")
    jade = contact.subjects.get(person__given_name="Jade")
    request = sent_request(contact, by=alice, subject_ids=[ruby.pk])

    errors = answer_errors(
        request,
        [
            AnswerDetails(ruby.pk, "nothing_known", "", "Niche", "shareable"),
            AnswerDetails(jade.pk, "nothing_known", "", "Niche", "shareable"),
        ],
        pat,
    )

    assert errors == {"answers": ["Answer once about each person in this request, and no one else"]}


def test_another_agencys_researcher_cannot_answer(contact, alice, hari):
    request = sent_request(contact, by=alice)

    with pytest.raises(PermissionDenied, match="This request is for another agency"):
        answered(request, by=hari)

    assert not InformationResponse.objects.exists()


def test_a_practitioner_cannot_answer_for_an_agency(contact, alice):
    request = sent_request(contact, by=alice)

    with pytest.raises(PermissionDenied):
        answered(request, by=alice)


def test_an_answered_request_cannot_be_answered_again(contact, alice, pat, police_lead):
    request = sent_request(contact, by=alice)
    with time_machine.travel(datetime(2026, 3, 10, 10, 30, tzinfo=LONDON), tick=False):
        answered(request, by=pat)

    with pytest.raises(ValidationError) as raised:
        answered(request, by=actor(police_lead))

    assert raised.value.message_dict == {
        "request": ["This request is closed: it was answered on 10 March 2026, 10:30"]
    }
    assert InformationResponse.objects.count() == 2


def test_a_withdrawn_request_cannot_be_answered(contact, alice, pat):
    request = sent_request(contact, by=alice)
    withdraw_information_request(request=request, reason="Sent in error", by=alice)

    errors = answer_errors(request, answers_for(request), pat)

    assert errors == {"request": ["This request is closed: it was withdrawn by the MASH"]}


def test_a_request_on_a_closed_contact_needs_no_answer(contact, alice, pat):
    request = sent_request(contact, by=alice)
    change_status(contact, to=ContactStatus.CLOSED, by=alice)

    with pytest.raises(ValidationError) as raised:
        answered(request, by=pat)

    assert raised.value.message_dict == {
        "request": ["The MASH has closed this contact; it needs no answer now"]
    }
    assert not InformationResponse.objects.exists()


# --- More time --------------------------------------------------------------------------------


def test_the_agency_asks_for_more_time_and_a_grant_moves_the_due_time_in_working_hours(
    contact, alice, pat
):
    request = sent_request(contact, by=alice)  # due 12:00 Tuesday
    extension = ask_for_more_time(request=request, hours=7, reason="Records offline", by=pat)

    decide_extension(extension=extension, grant=True, by=alice)

    request.refresh_from_db()
    extension.refresh_from_db()
    assert extension.verdict == DeadlineExtension.Verdict.GRANTED
    assert extension.previous_due_at == TUESDAY + timedelta(hours=2)
    # 12:00 + 7 working hours: 5 hours to 17:00, then 2 from Wednesday's 08:30 opening.
    assert request.due_at == datetime(2026, 3, 11, 10, 30, tzinfo=LONDON)
    actions = list(
        AuditEvent.objects.filter(action__startswith="information_request.e").values_list(
            "action", flat=True
        )
    )
    assert actions == ["information_request.extension_granted"]


def test_a_refused_extension_leaves_the_due_time_alone(contact, alice, pat):
    request = sent_request(contact, by=alice)
    extension = ask_for_more_time(request=request, hours=4, reason="Records offline", by=pat)

    decide_extension(extension=extension, grant=False, by=alice)

    request.refresh_from_db()
    assert request.due_at == TUESDAY + timedelta(hours=2)
    assert DeadlineExtension.objects.get().verdict == DeadlineExtension.Verdict.REFUSED


@pytest.mark.parametrize(
    ("hours", "reason", "field", "message"),
    [
        (0, "Busy", "hours", "Enter a number of hours from 1 to 72"),
        (73, "Busy", "hours", "Enter a number of hours from 1 to 72"),
        (None, "Busy", "hours", "Enter a number of hours from 1 to 72"),
        (4, " ", "reason", "Explain why you need more time"),
    ],
)
def test_more_time_needs_1_to_72_hours_and_a_reason(
    contact, alice, pat, hours, reason, field, message
):
    request = sent_request(contact, by=alice)

    with pytest.raises(ValidationError) as raised:
        ask_for_more_time(request=request, hours=hours, reason=reason, by=pat)

    assert raised.value.message_dict[field] == [message]
    assert not DeadlineExtension.objects.exists()


def test_one_request_for_more_time_at_a_time(contact, alice, pat):
    request = sent_request(contact, by=alice)
    ask_for_more_time(request=request, hours=4, reason="Records offline", by=pat)

    with pytest.raises(ValidationError) as raised:
        ask_for_more_time(request=request, hours=2, reason="Still offline", by=pat)

    assert raised.value.message_dict["request"] == [
        "You have already asked for more time. Wait for the MASH to decide"
    ]
    assert DeadlineExtension.objects.count() == 1


def test_only_the_agency_asks_and_only_the_mash_decides(contact, alice, pat, hari, other_la_worker):
    request = sent_request(contact, by=alice)
    with pytest.raises(PermissionDenied):
        ask_for_more_time(request=request, hours=4, reason="Busy", by=hari)
    extension = ask_for_more_time(request=request, hours=4, reason="Busy", by=pat)

    for someone in (pat, actor(other_la_worker)):
        with pytest.raises(PermissionDenied):
            decide_extension(extension=extension, grant=True, by=someone)

    extension.refresh_from_db()
    assert extension.verdict == DeadlineExtension.Verdict.PENDING
    request.refresh_from_db()
    assert request.due_at == TUESDAY + timedelta(hours=2)


def test_an_extension_is_decided_once(contact, alice, mo, pat):
    request = sent_request(contact, by=alice)
    extension = ask_for_more_time(request=request, hours=4, reason="Busy", by=pat)
    decide_extension(extension=extension, grant=False, by=alice)

    with pytest.raises(ValidationError):
        decide_extension(extension=extension, grant=True, by=mo)

    request.refresh_from_db()
    assert request.due_at == TUESDAY + timedelta(hours=2)


# --- Withdrawing ------------------------------------------------------------------------------


def test_the_mash_withdraws_a_request_with_a_reason(contact, alice):
    request = sent_request(contact, by=alice)

    withdraw_information_request(request=request, reason="Sent in error", by=alice)

    request.refresh_from_db()
    assert (request.status, request.withdrawn_reason) == ("withdrawn", "Sent in error")
    assert AuditEvent.objects.get(action="information_request.withdrawn").details == {
        "request": request.pk,
        "agency": "staffs-police",
    }


def test_withdrawal_needs_a_reason_an_open_request_and_the_mash(contact, alice, pat):
    request = sent_request(contact, by=alice)
    with pytest.raises(ValidationError) as raised:
        withdraw_information_request(request=request, reason=" ", by=alice)
    assert raised.value.message_dict == {"reason": ["Explain why you are withdrawing this request"]}
    with pytest.raises(PermissionDenied):
        withdraw_information_request(request=request, reason="No", by=pat)
    answered(request, by=pat)

    with pytest.raises(ValidationError):
        withdraw_information_request(request=request, reason="Too late", by=alice)

    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


# --- Two answers at once (PostgreSQL only: SQLite has no row locks) ---------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_two_researchers_answering_at_once_land_one_answer(
    transactional_db,
    restore_reference_data_after_module,
    practitioner,
    police_researcher,
    police_lead,
):
    alice = actor(practitioner)
    contact = screened_contact(by=alice)
    request = sent_request(contact, by=alice)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(person) -> None:
        try:
            barrier.wait(timeout=10)
            answered(request, by=actor(person))
            outcomes.append("answered")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(p,)) for p in (police_researcher, police_lead)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [
        "This request is closed: it was answered on 10 March 2026, 10:00",
        "answered",
    ]
    assert InformationResponse.objects.count() == 2
    assert AuditEvent.objects.filter(action="information_request.answered").count() == 1
