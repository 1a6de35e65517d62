"""The MASH's pages: the contact page section, sending, deciding on more time, withdrawing and
timeliness. Each: one allowed, one refused (wrong role) and one outsider test at least."""

import re
from datetime import timedelta

import pytest
import time_machine

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.enquiries.models import DeadlineExtension, InformationRequest, RequestStatus
from frontdoor.enquiries.services import ask_for_more_time

from .factories import TUESDAY, actor, answered, screened_contact, sent_request, sent_requests

pytestmark = pytest.mark.usefixtures("frozen_on_a_tuesday")


def send_url(contact):
    return f"/contacts/{contact.pk}/information-requests/new"


def field_error(page: str, field: str, message: str) -> bool:
    pattern = (
        rf'<p id="id_{field}-error" class="govuk-error-message">'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(message)}</p>'
    )
    return re.search(pattern, page) is not None


def checked(page: str, name: str) -> list[str]:
    """Values of the checked inputs named `name`."""
    return re.findall(rf'name="{name}" type="(?:checkbox|radio)" value="([^"]+)" checked', page)


# --- Sending ----------------------------------------------------------------------------------


def test_the_send_page_ticks_the_usual_agencies_and_everyone_and_says_when_answers_are_due(
    practitioner, sign_in, contact
):
    response = sign_in(practitioner).get(send_url(contact))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"<title>Send information requests – {contact.reference} – " in page
    for text in (
        "Which agencies?",
        "About whom?",
        "Your questions",
        "Lawful basis for sharing",
        "Answer due within 1 working hour (red)",  # health's agreed red time
        "Answer due within 2 working hours (red)",
        "Please tell us what your agency knows",
        "UK GDPR Article 6(1)(e) public task",
        "Send the requests",
        "Ruby Example (Subject child)",
        "Jade Example (Parent or carer)",
    ):
        assert text in page, text
    assert "children&#x27;s social care" not in page  # the MASH's own agency is not asked
    assert sorted(checked(page, "agencies")) == [
        "staffs-education",
        "staffs-health",
        "staffs-police",
    ]
    assert len(checked(page, "subject_ids")) == 2
    assert checked(page, "lawful_basis") == []
    assert "UK GDPR Article 6(1)(a) consent" not in page  # not in the hub agreement


def test_sending_three_requests_shows_a_banner_on_the_contact(practitioner, sign_in, contact):
    client = sign_in(practitioner)
    response = client.post(
        send_url(contact),
        {
            "agencies": ["staffs-police", "staffs-health", "staffs-education"],
            "subject_ids": [str(pk) for pk in contact.subjects.values_list("pk", flat=True)],
            "questions": "What do you know?",
            "lawful_basis": "uk_gdpr_6_1_e",
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/contacts/{contact.pk}", 302)]
    page = response.content.decode()
    assert "Sent 3 information requests" in page
    assert InformationRequest.objects.filter(contact=contact).count() == 3
    assert AuditEvent.objects.filter(action="information_request.sent").count() == 3


def test_sending_without_a_lawful_basis_is_refused_on_the_page(practitioner, sign_in, contact):
    response = sign_in(practitioner).post(
        send_url(contact),
        {"agencies": ["staffs-police"], "subject_ids": [], "questions": "Q"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Send information requests" in page
    assert field_error(page, "lawful_basis", "Select the lawful basis for sharing")
    assert field_error(page, "subject_ids", "Select at least one person to ask about")
    assert not InformationRequest.objects.exists()


def test_an_unscreened_contact_has_no_send_form(practitioner, sign_in, alice):
    from .factories import received_contact

    contact = received_contact()

    page = sign_in(practitioner).get(send_url(contact)).content.decode()

    assert "Screen the contact before sending information requests." in page
    assert "Send the requests" not in page


def test_a_contact_officer_may_not_send_requests(contact_officer, sign_in, contact):
    assert sign_in(contact_officer).get(send_url(contact)).status_code == 403


@pytest.mark.parametrize("persona", ["police_researcher", "other_la_worker", "outsider"])
def test_anyone_outside_the_mash_gets_not_found_on_the_send_page(
    request, sign_in, contact, persona
):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get(send_url(contact)).status_code == 404
    assert client.post(send_url(contact), {}).status_code == 404
    assert not InformationRequest.objects.exists()


# --- The contact page section -----------------------------------------------------------------


def test_the_contact_page_lists_requests_with_due_times_and_overdue_tags(
    practitioner, sign_in, contact, alice
):
    sent_requests(contact, by=alice)

    with time_machine.travel(TUESDAY + timedelta(minutes=90), tick=False):
        page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert '<h2 class="govuk-heading-m">Information requests</h2>' in page
    assert "Requests to partner agencies about this contact" in page
    assert "overdue by 30 minutes" in page  # health: due at 11:00
    assert "due in 30 minutes" in page  # police and education: due at 12:00
    assert page.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    assert "Awaiting answer" in page
    assert "Send information requests" in page


def test_a_practitioner_sees_that_a_restricted_answer_exists_but_not_what_it_says(
    practitioner, manager, police_researcher, sign_in, contact, alice
):
    police = sent_request(contact, by=alice)
    answered(
        police,
        by=actor(police_researcher),
        sensitivity="restricted",
        summary="Intelligence: linked to an organised crime group.",
    )

    alice_page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()
    mo_page = sign_in(manager).get(f"/contacts/{contact.pk}").content.decode()

    assert "organised crime group" not in alice_page
    assert (
        "There is a restricted answer from Staffordshire Police about Ruby Example. "
        "Only MASH managers and Staffordshire Police can read it."
    ) in alice_page
    assert "organised crime group" in mo_page
    assert "Restricted" in mo_page
    assert "Answered" in mo_page


def test_shareable_answers_show_the_finding_and_systems_checked(
    contact_officer, health_researcher, sign_in, contact, alice
):
    health = sent_request(contact, "staffs-health", by=alice)
    answered(health, by=actor(health_researcher), finding="nothing_known", systems_checked="EMIS")

    page = sign_in(contact_officer).get(f"/contacts/{contact.pk}").content.decode()

    for text in ("Nothing known", "EMIS", "Shareable", "Ruby Example (Subject child)"):
        assert text in page, text
    assert "Send information requests" not in page  # contact officers do not send


def test_an_answer_after_its_due_time_is_tagged_late_with_its_time_to_respond(
    practitioner, health_researcher, police_researcher, sign_in, contact, alice
):
    health = sent_request(contact, "staffs-health", by=alice)  # due at 11:00
    police = sent_request(contact, "staffs-police", by=alice)  # due at 12:00
    with time_machine.travel(TUESDAY + timedelta(minutes=75), tick=False):
        answered(health, by=actor(health_researcher))
        answered(police, by=actor(police_researcher))
        page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert page.count("1 hour 15 minutes") == 2
    assert page.count('<strong class="govuk-tag govuk-tag--orange">Late</strong>') == 1


def test_the_section_is_only_for_the_mash(area_worker, sign_in, contact):
    assert sign_in(area_worker).get(f"/contacts/{contact.pk}").status_code == 404


# --- More time: the MASH decides --------------------------------------------------------------


@pytest.fixture
def asked(contact, alice, police_researcher):
    police = sent_request(contact, by=alice)
    return ask_for_more_time(
        request=police, hours=3, reason="Records system offline", by=actor(police_researcher)
    )


def decide_url(extension):
    return f"/information-requests/{extension.request_id}/extensions/{extension.pk}"


def test_a_pending_request_for_more_time_shows_grant_and_refuse(
    practitioner, sign_in, contact, asked
):
    page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert "Staffordshire Police asks for 3 more hours" in page
    assert "Records system offline" in page
    assert 'value="grant"' in page
    assert 'value="refuse"' in page


def test_a_practitioner_grants_more_time(practitioner, sign_in, contact, asked):
    response = sign_in(practitioner).post(decide_url(asked), {"verdict": "grant"}, follow=True)

    page = response.content.decode()
    assert (
        "Staffordshire Police has 3 more hours. The answer is now due 10 March 2026, 15:00" in page
    )
    asked.refresh_from_db()
    assert asked.verdict == DeadlineExtension.Verdict.GRANTED
    assert AuditEvent.objects.filter(action="information_request.extension_granted").exists()


def test_a_practitioner_refuses_more_time(practitioner, sign_in, contact, asked):
    response = sign_in(practitioner).post(decide_url(asked), {"verdict": "refuse"}, follow=True)

    assert "You refused Staffordshire Police&#x27;s request for more time" in (
        response.content.decode()
    )
    assert InformationRequest.objects.get().due_at == TUESDAY + timedelta(hours=2)


def test_the_agency_cannot_decide_on_its_own_request_for_more_time(
    police_researcher, sign_in, asked
):
    response = sign_in(police_researcher).post(decide_url(asked), {"verdict": "grant"})

    assert response.status_code == 403
    asked.refresh_from_db()
    assert asked.verdict == DeadlineExtension.Verdict.PENDING


@pytest.mark.parametrize("persona", ["health_researcher", "other_la_worker", "outsider"])
def test_outsiders_get_not_found_deciding_on_more_time(request, sign_in, asked, persona):
    client = sign_in(request.getfixturevalue(persona))

    assert client.post(decide_url(asked), {"verdict": "grant"}).status_code == 404
    asked.refresh_from_db()
    assert asked.verdict == DeadlineExtension.Verdict.PENDING


# --- Withdrawing ------------------------------------------------------------------------------


def test_a_practitioner_withdraws_a_request_with_a_reason(practitioner, sign_in, contact, alice):
    police = sent_request(contact, by=alice)
    url = f"/information-requests/{police.pk}/withdraw"
    client = sign_in(practitioner)

    page = client.get(url).content.decode()
    assert f"<title>Withdraw the request – {police.reference} – " in page
    assert "Why are you withdrawing this request?" in page
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    response = client.post(url, {"reason": "Sent in error"}, follow=True)

    assert "You withdrew the request to Staffordshire Police" in response.content.decode()
    police.refresh_from_db()
    assert police.status == RequestStatus.WITHDRAWN


def test_researchers_cannot_withdraw_and_outsiders_get_not_found(
    police_researcher, outsider, sign_in, contact, alice
):
    police = sent_request(contact, by=alice)
    url = f"/information-requests/{police.pk}/withdraw"

    assert sign_in(police_researcher).post(url, {"reason": "x"}).status_code == 403
    assert sign_in(outsider).post(url, {"reason": "x"}).status_code == 404
    police.refresh_from_db()
    assert police.status == RequestStatus.SENT


# --- Timeliness -------------------------------------------------------------------------------


def test_a_manager_sees_timeliness_per_agency_for_the_last_28_days(
    manager, sign_in, contact, alice, police_researcher, health_researcher
):
    police, health, _ = sent_requests(contact, by=alice)
    with time_machine.travel(TUESDAY + timedelta(minutes=30), tick=False):
        answered(health, by=actor(health_researcher))
    with time_machine.travel(TUESDAY + timedelta(hours=3), tick=False):
        answered(police, by=actor(police_researcher))

    with time_machine.travel(TUESDAY + timedelta(hours=4), tick=False):
        response = sign_in(manager).get("/information-requests/timeliness")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Information request timeliness – " in page
    assert "Requests sent 10 February 2026 to 10 March 2026, by agency" in page
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', page)
    # Health: 30 minutes, on time; education: not answered, overdue; police: 3 hours, late.
    assert cells == [
        "1", "1", "1 (100%)", "30 minutes", "30 minutes", "0", "0",
        "1", "0", "0 (0%)", "No answers", "No answers", "1", "1",
        "1", "1", "0 (0%)", "3 hours", "3 hours", "0", "0",
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="information_request.timeliness_viewed").exists()


def test_the_period_can_be_chosen(analyst, sign_in, contact, alice):
    sent_request(contact, by=alice)
    client = sign_in(analyst)

    before = client.get(
        "/information-requests/timeliness",
        {
            "start_day": "1", "start_month": "2", "start_year": "2026",
            "end_day": "9", "end_month": "3", "end_year": "2026",
        },
    )  # fmt: skip
    bad = client.get(
        "/information-requests/timeliness",
        {
            "start_day": "10", "start_month": "3", "start_year": "2026",
            "end_day": "1", "end_month": "3", "end_year": "2026",
        },
    )  # fmt: skip

    assert "No information requests were sent from 1 February 2026 to 9 March 2026." in (
        before.content.decode()
    )
    assert bad.status_code == 400
    assert "The end date must be the same as or after the start date" in bad.content.decode()


@pytest.mark.parametrize("persona", ["practitioner", "police_researcher", "outsider"])
def test_timeliness_is_for_managers_and_analysts(request, sign_in, persona):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get("/information-requests/timeliness").status_code == 403


def test_another_authoritys_requests_are_not_counted(other_la_worker, manager, sign_in, alice):
    stella = actor(other_la_worker)
    stoke = screened_contact(by=stella, local_authority_code="861")
    sent_request(stoke, by=stella)

    page = sign_in(manager).get("/information-requests/timeliness").content.decode()

    assert "No information requests were sent" in page
    assert stoke.status == ContactStatus.INFORMATION_GATHERING
