"""Chasing: a reminder when a quarter of a request's time is left, an escalation when it is
overdue and another when it is overdue by its whole allowance again, each exactly once.

The request below is sent to the police at 10:00 on a Tuesday with 4 hours to answer: the
reminder is due at 13:00, the escalation at 14:00 and the second escalation at 18:00.
"""

import threading
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections

from frontdoor.agencies.models import Membership
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import change_status
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.chasing import ChaseSummary, chase_information_requests
from frontdoor.enquiries.models import Chase, ChaseThreshold, RequestStatus
from frontdoor.notifications.models import Notification

from .chasing_builders import a_contact, a_request

SENT = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
REMINDER = SENT + timedelta(hours=3)
DUE = SENT + timedelta(hours=4)
LONG_OVERDUE = SENT + timedelta(hours=8)
JOB = Actor.system("chase_information_requests")
COMMAND = "frontdoor.enquiries.management.commands.chase_information_requests"


@pytest.fixture
def contact(hub):
    with time_machine.travel(SENT - timedelta(minutes=20), tick=False):
        return a_contact()


@pytest.fixture
def police_request(contact, practitioner):
    return a_request(
        contact=contact, agency_code="staffs-police", sent_by=practitioner, sent_at=SENT, hours=4
    )


@pytest.fixture
def everyone(
    practitioner, manager, police_researcher, police_lead, health_researcher, education_researcher
):
    """The whole cast that could hear about a police request."""


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job at a frozen time, sending the emails its transactions queue on commit."""

    def run_at(moment: datetime) -> ChaseSummary:
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return chase_information_requests(by=JOB)

    return run_at


def told(person) -> list[str]:
    return list(
        Notification.objects.filter(user=person.user)
        .order_by("created_at", "id")
        .values_list("subject", flat=True)
    )


def thresholds(request) -> list[str]:
    return sorted(request.chases.values_list("threshold", flat=True))


def emailed(mailoutbox) -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mailoutbox)


# --- The reminder ---------------------------------------------------------------------------


def test_nothing_happens_before_a_quarter_of_the_time_is_left(
    run, police_request, everyone, mailoutbox
):
    summary = run(REMINDER - timedelta(minutes=1))

    assert summary == ChaseSummary(requests_checked=1, reminders=0, escalations=0)
    assert not Chase.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_at_the_reminder_point_each_researcher_of_the_agency_is_reminded_once(
    run, police_request, police_researcher, police_lead, health_researcher, manager, mailoutbox
):
    summary = run(REMINDER)

    assert summary == ChaseSummary(requests_checked=1, reminders=1, escalations=0)
    assert thresholds(police_request) == [ChaseThreshold.DUE_SOON]
    subject = f"Information request {police_request.reference} is due soon"
    assert told(police_researcher) == [subject]
    assert told(police_lead) == [subject]
    assert told(health_researcher) == told(manager) == []
    reminder = Notification.objects.filter(user=police_researcher.user).get()
    assert reminder.link == f"/information-requests/{police_request.pk}"
    assert reminder.body == (
        f"The answer from Staffordshire Police to information request {police_request.reference} "
        "is due by 10 March 2026, 14:00, in 1 hour."
    )
    assert emailed(mailoutbox) == sorted(
        [(police_researcher.email, subject), (police_lead.email, subject)]
    )


def test_running_the_job_again_after_the_reminder_changes_nothing(
    run, police_request, everyone, mailoutbox
):
    run(REMINDER)
    again = run(REMINDER + timedelta(minutes=5))

    assert again == ChaseSummary(requests_checked=1, reminders=0, escalations=0)
    assert Chase.objects.count() == 1
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


def test_each_chase_is_audited_with_the_request_and_the_threshold(run, police_request, everyone):
    run(REMINDER)

    event = AuditEvent.objects.get(action="information_request.chased")
    assert event.actor_label == "system:chase_information_requests"
    assert event.local_authority == "860"
    assert event.object_id == str(police_request.pk)
    assert event.details == {"request": police_request.pk, "threshold": "due_soon"}


def test_a_researcher_who_has_left_the_agency_is_not_reminded(
    run, police_request, police_researcher, police_lead
):
    Membership.objects.filter(user=police_researcher.user).update(ends_on=date(2026, 3, 9))

    run(REMINDER)

    assert told(police_researcher) == []
    assert len(told(police_lead)) == 1


# --- Escalation -------------------------------------------------------------------------------


def test_an_overdue_request_is_escalated_once_to_the_agency_lead_the_manager_and_the_sender(
    run,
    police_request,
    practitioner,
    manager,
    police_researcher,
    police_lead,
    health_researcher,
    education_researcher,
    mailoutbox,
):
    run(REMINDER)
    mailoutbox.clear()
    summary = run(DUE)

    assert summary == ChaseSummary(requests_checked=1, reminders=0, escalations=1)
    overdue = f"Information request {police_request.reference} is overdue"
    assert told(police_lead)[-1] == overdue
    assert told(manager) == [overdue]
    assert told(practitioner) == [overdue]
    assert overdue not in told(police_researcher)
    assert told(health_researcher) == told(education_researcher) == []
    assert emailed(mailoutbox) == sorted(
        (person.email, overdue) for person in (police_lead, manager, practitioner)
    )
    contact_link = f"/contacts/{police_request.contact_id}"
    assert Notification.objects.get(user=manager.user).link == contact_link
    assert Notification.objects.get(user=practitioner.user).link == contact_link
    lead_escalation = Notification.objects.get(user=police_lead.user, subject=overdue)
    assert lead_escalation.link == f"/information-requests/{police_request.pk}"
    assert lead_escalation.body == (
        f"Staffordshire Police has not answered information request {police_request.reference}. "
        "It was sent on 10 March 2026, 10:00 and was due by 10 March 2026, 14:00: "
        "it is overdue by less than a minute."
    )

    assert run(DUE + timedelta(minutes=5)).escalations == 0
    assert run(DUE + timedelta(hours=3)).escalations == 0
    assert len(mailoutbox) == 3
    assert thresholds(police_request) == [ChaseThreshold.DUE_SOON, ChaseThreshold.OVERDUE]


def test_overdue_by_its_whole_allowance_again_it_is_escalated_a_second_time(
    run, police_request, practitioner, manager, police_lead, police_researcher, mailoutbox
):
    run(REMINDER)
    run(DUE)
    mailoutbox.clear()
    summary = run(LONG_OVERDUE)

    assert summary == ChaseSummary(requests_checked=1, reminders=0, escalations=1)
    still = f"Information request {police_request.reference} is still overdue"
    assert told(manager)[-1] == told(practitioner)[-1] == told(police_lead)[-1] == still
    assert len(mailoutbox) == 3
    assert Chase.objects.count() == 3
    assert run(LONG_OVERDUE + timedelta(days=2)) == ChaseSummary(requests_checked=1)
    assert Chase.objects.count() == 3
    assert len(mailoutbox) == 3


def test_a_job_that_did_not_run_for_long_records_each_threshold_once_but_tells_only_the_last(
    run, police_request, practitioner, manager, police_lead, police_researcher, mailoutbox
):
    summary = run(LONG_OVERDUE + timedelta(minutes=10))

    assert summary == ChaseSummary(requests_checked=1, reminders=0, escalations=1)
    assert thresholds(police_request) == sorted(ChaseThreshold.values)
    assert AuditEvent.objects.filter(action="information_request.chased").count() == 3
    still = f"Information request {police_request.reference} is still overdue"
    assert told(police_lead) == told(manager) == told(practitioner) == [still]
    assert told(police_researcher) == []
    assert {message.subject for message in mailoutbox} == {still}
    assert len(mailoutbox) == 3


def test_a_granted_extension_moves_later_thresholds_but_nothing_is_sent_twice(
    run, police_request, manager, mailoutbox
):
    run(DUE)  # reminder and escalation recorded, the escalation sent
    police_request.due_at = DUE + timedelta(hours=4)  # a granted extension: allowance 8 hours
    police_request.save(update_fields=["due_at"])

    assert run(police_request.due_at + timedelta(minutes=1)).escalations == 0
    assert run(police_request.due_at + timedelta(hours=7)).escalations == 0
    assert run(police_request.due_at + timedelta(hours=8)).escalations == 1
    assert len(told(manager)) == 2
    assert Chase.objects.count() == 3


# --- What is not chased, and what is never said ----------------------------------------------


@pytest.mark.parametrize("status", [RequestStatus.ANSWERED, RequestStatus.WITHDRAWN])
def test_answered_and_withdrawn_requests_are_not_chased(
    run, contact, practitioner, everyone, status, mailoutbox
):
    a_request(
        contact=contact,
        agency_code="staffs-police",
        sent_by=practitioner,
        sent_at=SENT,
        hours=4,
        status=status,
    )

    assert run(LONG_OVERDUE) == ChaseSummary()
    assert not Chase.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("status", [ContactStatus.DECIDED, ContactStatus.CLOSED])
def test_requests_on_a_decided_or_closed_contact_are_not_chased(
    run, police_request, everyone, status, mailoutbox
):
    change_status(police_request.contact, to=status, by=JOB)

    assert run(LONG_OVERDUE) == ChaseSummary()
    assert not Chase.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_requests_to_other_agencies_are_chased_separately(
    run, contact, police_request, practitioner, police_researcher, health_researcher
):
    health = a_request(
        contact=contact, agency_code="staffs-health", sent_by=practitioner, sent_at=SENT, hours=1
    )

    summary = run(SENT + timedelta(minutes=50))

    assert summary == ChaseSummary(requests_checked=2, reminders=1, escalations=0)
    assert told(health_researcher) == [f"Information request {health.reference} is due soon"]
    assert told(police_researcher) == []


def test_no_message_names_a_person_or_repeats_the_concern(
    run, police_request, everyone, mailoutbox
):
    run(REMINDER)
    run(DUE)
    run(LONG_OVERDUE)

    texts = [f"{n.subject} {n.body}" for n in Notification.objects.all()]
    texts += [f"{message.subject} {message.body}" for message in mailoutbox]
    assert len(texts) == 2 * (2 + 3 + 3)
    for text in texts:
        for words in ("Ruby", "Example", "bruising", "scared", "Sam Teacher", "Alice", "Lee"):
            assert words not in text, (words, text)


# --- The command ------------------------------------------------------------------------------


def test_the_command_runs_once_and_prints_its_counts(police_request, everyone):
    out = StringIO()
    with time_machine.travel(REMINDER, tick=False):
        call_command("chase_information_requests", stdout=out)

    assert out.getvalue() == "Checked 1 request: 1 reminder, 0 escalations.\n"
    assert Chase.objects.count() == 1


def test_the_command_keeps_running_with_every_until_it_is_interrupted(
    police_request, everyone, monkeypatch
):
    naps: list[int] = []

    def interrupted(seconds: int) -> None:
        naps.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(f"{COMMAND}.sleep", interrupted)
    out = StringIO()
    with time_machine.travel(DUE, tick=False):
        call_command("chase_information_requests", "--every", "300", stdout=out)

    assert naps == [300]
    assert out.getvalue().splitlines() == [
        "Checked 1 request: 0 reminders, 1 escalation.",
        "Stopped chasing information requests.",
    ]


# --- Two runs at once (PostgreSQL only: SQLite has no row locks) -----------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_two_runs_at_once_chase_each_threshold_once_and_tell_each_person_once(
    transactional_db,
    restore_reference_data_after_module,
    police_request,
    practitioner,
    manager,
    police_researcher,
    police_lead,
    mailoutbox,
):
    a_request(
        contact=police_request.contact,
        agency_code="staffs-health",
        sent_by=practitioner,
        sent_at=SENT,
        hours=4,
    )
    barrier = threading.Barrier(2)
    summaries: list[ChaseSummary] = []
    errors: list[BaseException] = []

    def job() -> None:
        try:
            barrier.wait(timeout=10)
            summaries.append(chase_information_requests(by=JOB, now=LONG_OVERDUE))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(summary.escalations for summary in summaries) == 2
    assert Chase.objects.count() == 6
    still = f"Information request {police_request.reference} is still overdue"
    assert told(police_lead) == [still]
    assert len(told(manager)) == len(told(practitioner)) == 2  # one per request
    assert told(police_researcher) == []
    assert len(mailoutbox) == 5  # police: lead, manager, sender; health: manager, sender
    assert AuditEvent.objects.filter(action="information_request.chased").count() == 6
