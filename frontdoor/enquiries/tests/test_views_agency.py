"""The agency's pages: the inbox, a request, answering and asking for more time.

A researcher sees only their own agency's requests, only the people a request names and the
concern only when the agreement grants it. Another agency's request is a 404, as if missing.
"""

import re
from datetime import timedelta

import pytest
import time_machine

from frontdoor.audit.models import AuditEvent
from frontdoor.enquiries.models import DeadlineExtension, InformationResponse, RequestStatus

from .factories import TUESDAY, actor, answered, sent_request, sent_requests

CONCERN = "Ruby arrived at school with bruising to her arm"

pytestmark = pytest.mark.usefixtures("frozen_on_a_tuesday")


@pytest.fixture
def requests(contact, alice):
    """Police and education are asked about Ruby only; health about Ruby and Jade."""
    ruby = contact.subjects.get(person__given_name="Ruby")
    police, education = sent_requests(
        contact, ("staffs-police", "staffs-education"), by=alice, subject_ids=[ruby.pk]
    )
    health = sent_request(contact, "staffs-health", by=alice)
    return {"police": police, "health": health, "education": education}


def field_error(page: str, field: str, message: str) -> bool:
    pattern = (
        rf'<p id="id_{field}-error" class="govuk-error-message">'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(message)}</p>'
    )
    return re.search(pattern, page) is not None


# --- Inbox ------------------------------------------------------------------------------------


def test_a_researcher_sees_only_their_agencys_requests_in_the_inbox(
    health_researcher, police_researcher, sign_in, requests
):
    answered(requests["police"], by=actor(police_researcher))

    health_page = sign_in(health_researcher).get("/information-requests/").content.decode()
    police_page = sign_in(police_researcher).get("/information-requests/").content.decode()

    assert "<title>Requests to your agency – " in health_page
    assert requests["health"].reference in health_page
    assert requests["police"].reference not in health_page
    assert "due in 1 hour" in health_page
    assert "Staffordshire" in health_page  # the authority
    assert "Answered by your agency" in police_page
    assert requests["police"].reference in police_page
    assert "No requests are waiting for your agency's answer." in police_page
    assert AuditEvent.objects.filter(action="information_request.inbox_viewed").count() == 2


def test_an_overdue_request_is_tagged_in_the_inbox(health_researcher, sign_in, requests):
    with time_machine.travel(TUESDAY + timedelta(hours=2), tick=False):
        page = sign_in(health_researcher).get("/information-requests/").content.decode()

    assert "overdue by 1 hour" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page


@pytest.mark.parametrize("persona", ["practitioner", "manager", "outsider"])
def test_the_inbox_is_for_agency_researchers(request, sign_in, persona):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get("/information-requests/").status_code == 403


# --- A request --------------------------------------------------------------------------------


def test_the_police_researcher_sees_the_request_the_people_in_it_and_the_concern(
    police_researcher, sign_in, requests
):
    police = requests["police"]

    response = sign_in(police_researcher).get(f"/information-requests/{police.pk}")

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        f"<title>Information request {police.reference} – ",
        "Red",
        "Alice Practitioner",
        "Staffordshire and Stoke-on-Trent MASH information-sharing agreement",
        "UK GDPR Article 6(1)(e) public task",
        "What do you know about the family?",
        "Ruby Example (Subject child)",
        "4 May 2018",
        "943 476 5919",
        "ST4 1AA",
        "The concern",
        CONCERN,
        "Answer this request",
        "Ask for more time",
    ):
        assert text in page, text
    # Only the people in the request; never the referrer or the screening reasons.
    for text in ("Jade", "Sam Teacher", "dsl@school.example", "Bruising and fear of going home"):
        assert text not in page, text
    event = AuditEvent.objects.get(action="information_request.viewed")
    assert event.actor_id == police_researcher.user.pk


def test_education_does_not_see_the_concern_under_the_hub_agreement(
    education_researcher, sign_in, requests
):
    page = (
        sign_in(education_researcher)
        .get(f"/information-requests/{requests['education'].pk}")
        .content.decode()
    )

    assert "The information-sharing agreement does not share the concern with your agency." in page
    assert CONCERN not in page


def test_a_researcher_never_sees_another_agencys_answer_on_their_request(
    health_researcher, police_researcher, sign_in, requests
):
    answered(requests["health"], by=actor(health_researcher), summary="Seen at A&E twice.")

    page = (
        sign_in(police_researcher)
        .get(f"/information-requests/{requests['police'].pk}")
        .content.decode()
    )

    assert "Seen at A&amp;E twice." not in page
    assert "health safeguarding" not in page


def test_the_mash_can_open_a_request_and_withdraw_it(practitioner, sign_in, requests):
    page = (
        sign_in(practitioner).get(f"/information-requests/{requests['police'].pk}").content.decode()
    )

    assert "Withdraw this request" in page
    assert "Answer this request" not in page


@pytest.mark.parametrize("persona", ["health_researcher", "other_la_worker", "outsider"])
def test_anyone_else_gets_not_found_for_a_police_request_and_its_answer_page(
    request, sign_in, requests, persona
):
    client = sign_in(request.getfixturevalue(persona))
    police = requests["police"]

    for url in (
        f"/information-requests/{police.pk}",
        f"/information-requests/{police.pk}/answer",
        f"/information-requests/{police.pk}/more-time",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/information-requests/{police.pk}/answer", {}).status_code == 404


# --- Answering --------------------------------------------------------------------------------


def answer_url(request):
    return f"/information-requests/{request.pk}/answer"


def test_the_answer_page_asks_about_each_person(health_researcher, sign_in, requests):
    health = requests["health"]

    page = sign_in(health_researcher).get(answer_url(health)).content.decode()

    assert f"<title>Answer information request {health.reference} – " in page
    for text in (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Ruby Example</legend>',
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Jade Example</legend>',
        "What does your agency know?",
        "Information found",
        "Nothing known",
        "What your agency knows",
        "Systems checked",
        "How far may this answer be shared?",
        "May go to the receiving team and, where appropriate, the family",
        "For MASH decisions only",
        "Your agency and MASH managers only, for example police intelligence",
        "Send your answer",
    ):
        assert text in page, text


def answer_data(request, **per_person):
    data = {}
    for subject in request.subjects.all():
        prefix = f"subject-{subject.pk}"
        data.update(
            {
                f"{prefix}-finding": "found",
                f"{prefix}-summary": "Seen at A&E twice in 2025.",
                f"{prefix}-systems_checked": "EMIS, SystmOne",
                f"{prefix}-sensitivity": "hub_only",
            }
        )
    data.update(per_person)
    return data


def test_a_researcher_answers_and_the_request_is_answered(health_researcher, sign_in, requests):
    health = requests["health"]

    response = sign_in(health_researcher).post(answer_url(health), answer_data(health), follow=True)

    assert response.redirect_chain == [(f"/information-requests/{health.pk}", 302)]
    page = response.content.decode()
    assert "Your answer has been sent to the MASH" in page
    assert "Seen at A&amp;E twice in 2025." in page  # their own answer, on the request
    assert "Answer this request" not in page
    health.refresh_from_db()
    assert health.status == RequestStatus.ANSWERED
    assert InformationResponse.objects.filter(request=health).count() == 2


def test_a_missing_part_of_an_answer_saves_nothing_and_says_what_to_fix(
    health_researcher, sign_in, requests
):
    health = requests["health"]
    ruby = health.subjects.get(person__given_name="Ruby")
    jade = health.subjects.get(person__given_name="Jade")
    data = answer_data(
        health,
        **{f"subject-{ruby.pk}-summary": "", f"subject-{jade.pk}-sensitivity": ""},
    )

    response = sign_in(health_researcher).post(answer_url(health), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Answer information request" in page
    assert field_error(page, f"subject-{ruby.pk}-summary", "Say what your agency knows about Ruby")
    assert field_error(
        page,
        f"subject-{jade.pk}-sensitivity",
        "Select how far the answer about Jade may be shared",
    )
    assert f'href="#id_subject-{jade.pk}-sensitivity_0"' in page  # the error summary's link
    assert not InformationResponse.objects.exists()
    health.refresh_from_db()
    assert health.status == RequestStatus.SENT


def test_an_answered_request_says_it_is_closed(
    health_researcher, police_lead, sign_in, requests, police_researcher
):
    police = requests["police"]
    answered(police, by=actor(police_researcher))
    client = sign_in(police_lead)

    page = client.get(answer_url(police)).content.decode()
    posted = client.post(answer_url(police), answer_data(police))

    assert "This request is closed: it was answered on 10 March 2026, 10:00" in page
    assert "Send your answer" not in page
    assert posted.status_code == 400
    assert InformationResponse.objects.count() == 1


@pytest.mark.parametrize("persona", ["practitioner", "manager"])
def test_the_mash_cannot_answer_for_an_agency(request, sign_in, requests, persona):
    client = sign_in(request.getfixturevalue(persona))
    police = requests["police"]

    assert client.get(answer_url(police)).status_code == 403
    assert client.post(answer_url(police), answer_data(police)).status_code == 403
    assert not InformationResponse.objects.exists()


# --- More time --------------------------------------------------------------------------------


def test_a_researcher_asks_for_more_time(police_researcher, sign_in, requests):
    police = requests["police"]
    url = f"/information-requests/{police.pk}/more-time"
    client = sign_in(police_researcher)

    page = client.get(url).content.decode()
    bad = client.post(url, {"hours": "lots", "reason": ""})
    response = client.post(url, {"hours": "4", "reason": "Records offline"}, follow=True)

    assert f"<title>Ask for more time – {police.reference} – " in page
    assert "How many more hours do you need?" in page
    assert "Why do you need more time?" in page
    assert bad.status_code == 400
    assert field_error(
        bad.content.decode(), "hours", "Enter the number of hours as a whole number, like 4"
    )
    assert "You asked for 4 more hours. The MASH will decide." in response.content.decode()
    assert "Ask for more time</a>" not in response.content.decode()  # one at a time
    extension = DeadlineExtension.objects.get()
    assert (extension.hours, extension.verdict) == (4, "pending")


def test_the_mash_cannot_ask_for_more_time(practitioner, sign_in, requests):
    url = f"/information-requests/{requests['police'].pk}/more-time"

    assert sign_in(practitioner).post(url, {"hours": "4", "reason": "x"}).status_code == 403
    assert not DeadlineExtension.objects.exists()
