"""The strategy discussion pages and the "Actions" queue.

Each page: one allowed, one refused (wrong role) and one outsider test at least. Out of scope,
including another authority's discussion, is a 404; a role that may see but not act gets 403.
"""

import re
from datetime import timedelta

import pytest

from frontdoor.audit.models import AuditEvent
from frontdoor.meetings.models import StrategyDiscussion

from .conftest import FRIDAY, agency, record

LATER = FRIDAY + timedelta(hours=3)


def page_of(response):
    return response.content.decode()


def title_of(response) -> str:
    match = re.search(r"<title>\s*(.*?)\s*</title>", page_of(response), re.S)
    assert match is not None
    return " ".join(match[1].split())


def convene_url(contact) -> str:
    return f"/contacts/{contact.pk}/strategy-discussions/new"


def record_form(**overrides) -> dict[str, str]:
    csc, police, health = (
        agency(code).pk for code in ("staffs-csc", "staffs-police", "staffs-health")
    )
    data = {
        "held_at_day": "13",
        "held_at_month": "3",
        "held_at_year": "2026",
        "held_time": "17:30",
        f"agency_{csc}_attended": "yes",
        f"agency_{csc}_attendee_name": "Alice Practitioner",
        f"agency_{police}_attended": "no",
        f"agency_{police}_absence_reason": "No officer free; notes sent",
        f"agency_{health}_attended": "yes",
        f"agency_{health}_attendee_name": "Nurse Kim Lowe",
        "information_shared": "Police hold two call-outs to the address this year.",
        "decision": "joint_s47",
        "decision_reason": "",
    }
    data.update(overrides)
    return data


def viewed(person, action="strategy_discussion.viewed") -> list[str]:
    return list(
        AuditEvent.objects.filter(action=action, actor_id=person.user.pk).values_list(
            "object_id", flat=True
        )
    )


# --- The contact page section ------------------------------------------------------------------


def test_the_contact_page_offers_a_practitioner_a_strategy_discussion(
    practitioner, sign_in, contact
):
    page = page_of(sign_in(practitioner).get(f"/contacts/{contact.pk}"))

    assert "Strategy discussions" in page
    assert "No strategy discussion has been held." in page
    assert "Hold a strategy discussion" in page


def test_the_contact_page_shows_each_discussion_to_the_mash(
    practitioner, contact_officer, sign_in, discussion
):
    page = page_of(sign_in(contact_officer).get(f"/contacts/{discussion.contact.pk}"))

    assert "Strategy discussions" in page
    assert "Bruising disclosed; reasonable cause to suspect" in page
    assert "13 March 2026, 18:30" in page
    assert "due in 2 hours" in page
    assert "Staffordshire Police (must attend)" in page
    assert "Record the discussion" not in page  # contact officers read, they do not record
    assert "Hold a strategy discussion" not in page
    assert viewed(contact_officer) == [str(discussion.pk)]


def test_the_contact_page_offers_no_second_discussion_while_one_waits(
    practitioner, sign_in, discussion
):
    page = page_of(sign_in(practitioner).get(f"/contacts/{discussion.contact.pk}"))

    assert "Record the discussion" in page
    assert "Add an action" in page
    assert "Hold a strategy discussion" not in page


def test_an_overdue_discussion_shows_an_overdue_tag(practitioner, sign_in, discussion, frozen):
    frozen.move_to(FRIDAY + timedelta(hours=2, minutes=10))

    page = page_of(sign_in(practitioner).get(f"/contacts/{discussion.contact.pk}"))

    assert "overdue by 10 minutes" in page
    assert "Overdue" in page


# --- Hold a strategy discussion ----------------------------------------------------------------


def test_a_practitioner_holds_a_strategy_discussion(practitioner, sign_in, contact):
    client = sign_in(practitioner)

    form = client.get(convene_url(contact))
    assert form.status_code == 200
    assert title_of(form) == f"Hold a strategy discussion – {contact.reference} – Front Door"
    for text in (
        "Staffordshire children&#x27;s social care",
        "Staffordshire Police",
        "within 2 hours of now: by 13 March 2026, 18:30",
        "Why is a strategy discussion needed?",
        "Also invite",
        "Staffordshire education safeguarding",
        "Hold the strategy discussion",
    ):
        assert text in page_of(form), text

    education = agency("staffs-education")
    response = client.post(
        convene_url(contact),
        {"reason": "Bruising disclosed", "extra_agencies": [str(education.pk)]},
        follow=True,
    )

    discussion = StrategyDiscussion.objects.get()
    assert response.redirect_chain == [(f"/strategy-discussions/{discussion.pk}", 302)]
    assert "Strategy discussion convened: due by 13 March 2026, 18:30" in page_of(response)
    assert discussion.invitees.filter(agency=education, required=False).exists()


def test_holding_without_a_reason_is_refused(practitioner, sign_in, contact):
    response = sign_in(practitioner).post(convene_url(contact), {"reason": ""})

    assert response.status_code == 400
    assert title_of(response).startswith("Error: Hold a strategy discussion")
    assert "Explain why a strategy discussion is needed" in page_of(response)
    assert StrategyDiscussion.objects.count() == 0


def test_the_page_says_why_a_discussion_cannot_be_held_yet(practitioner, sign_in, discussion):
    page = page_of(sign_in(practitioner).get(convene_url(discussion.contact)))

    assert "waiting to be recorded" in page
    assert "Hold the strategy discussion" not in page


def test_a_second_discussion_is_refused_while_one_waits(practitioner, sign_in, discussion):
    response = sign_in(practitioner).post(convene_url(discussion.contact), {"reason": "Again"})

    assert response.status_code == 400
    assert "waiting to be recorded" in page_of(response)
    assert StrategyDiscussion.objects.count() == 1


def test_a_contact_officer_cannot_hold_a_strategy_discussion(contact_officer, sign_in, contact):
    response = sign_in(contact_officer).post(convene_url(contact), {"reason": "Bruising"})

    assert response.status_code == 403
    assert StrategyDiscussion.objects.count() == 0


@pytest.mark.parametrize("persona", ["other_la_worker", "police_researcher", "outsider"])
def test_nobody_outside_the_authoritys_mash_finds_the_page(request, sign_in, contact, persona):
    response = sign_in(request.getfixturevalue(persona)).post(
        convene_url(contact), {"reason": "Bruising"}
    )

    assert response.status_code == 404
    assert StrategyDiscussion.objects.count() == 0


# --- The discussion page -----------------------------------------------------------------------


def test_the_discussion_page_shows_the_discussion_and_the_read_is_audited(
    manager, sign_in, discussion
):
    response = sign_in(manager).get(f"/strategy-discussions/{discussion.pk}")

    assert response.status_code == 200
    assert (
        title_of(response) == f"Strategy discussion – {discussion.contact.reference} – Front Door"
    )
    assert "Alice Practitioner" in page_of(response)  # convened by
    assert viewed(manager) == [str(discussion.pk)]


@pytest.mark.parametrize(
    "persona", ["other_la_worker", "police_researcher", "area_worker", "analyst", "outsider"]
)
def test_the_discussion_is_not_found_outside_the_authoritys_mash(
    request, sign_in, discussion, persona
):
    person = request.getfixturevalue(persona)

    assert sign_in(person).get(f"/strategy-discussions/{discussion.pk}").status_code == 404
    assert viewed(person) == []


# --- Record the strategy discussion ------------------------------------------------------------


def test_a_practitioner_records_the_discussion(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)
    client = sign_in(practitioner)
    url = f"/strategy-discussions/{discussion.pk}/record"

    form = client.get(url)
    assert title_of(form) == (
        f"Record the strategy discussion – {discussion.contact.reference} – Front Door"
    )
    for text in (
        "When was it held?",
        "Use the 24-hour clock, for example 14:30",
        "Staffordshire Police (must attend)",
        "Attended",
        "Did not attend",
        "Who attended?",
        "Why did they not attend?",
        "What information was shared?",
        "Joint section 47 enquiry with the police",
        "Reasons for the decision",
        "Save the record",
    ):
        assert text in page_of(form), text

    response = client.post(url, record_form(), follow=True)

    assert response.redirect_chain == [(f"/strategy-discussions/{discussion.pk}", 302)]
    page = page_of(response)
    assert "Strategy discussion recorded" in page
    assert "Held within the 2-hour target" in page
    assert "attended by Nurse Kim Lowe" in page
    assert "did not attend: No officer free; notes sent" in page
    assert "Joint section 47 enquiry with the police" in page
    discussion.refresh_from_db()
    assert discussion.is_recorded


def test_a_late_discussion_says_how_late(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)

    response = sign_in(practitioner).post(
        f"/strategy-discussions/{discussion.pk}/record",
        record_form(held_time="19:05"),
        follow=True,
    )

    assert "Held 35 minutes after its target" in page_of(response)


def test_a_required_agency_must_be_accounted_for(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)
    police = agency("staffs-police").pk

    response = sign_in(practitioner).post(
        f"/strategy-discussions/{discussion.pk}/record",
        record_form(**{f"agency_{police}_attended": "", f"agency_{police}_absence_reason": ""}),
    )

    assert response.status_code == 400
    page = page_of(response)
    assert f'href="#id_agency_{police}_attended_0"' in page  # the error summary links to it
    assert f'<p id="id_agency_{police}_attended-error" class="govuk-error-message">' in page
    assert "Say whether Staffordshire Police attended, and if not, why not" in page
    discussion.refresh_from_db()
    assert not discussion.is_recorded


def test_no_section_47_needs_a_reason_on_the_page(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)

    response = sign_in(practitioner).post(
        f"/strategy-discussions/{discussion.pk}/record", record_form(decision="no_s47")
    )

    assert response.status_code == 400
    assert "Explain why there will be no section 47 enquiry" in page_of(response)


def test_a_time_that_is_not_a_time_is_refused(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)

    response = sign_in(practitioner).post(
        f"/strategy-discussions/{discussion.pk}/record", record_form(held_time="half five")
    )

    assert response.status_code == 400
    assert "Enter the time in the 24-hour clock, like 14:30" in page_of(response)


def test_a_recorded_discussion_cannot_be_recorded_again(practitioner, sign_in, discussion, frozen):
    frozen.move_to(LATER)
    record(discussion, practitioner)

    response = sign_in(practitioner).post(
        f"/strategy-discussions/{discussion.pk}/record", record_form(decision="other")
    )

    assert response.status_code == 400
    assert "This discussion has already been recorded" in page_of(response)
    discussion.refresh_from_db()
    assert discussion.decision == "joint_s47"


def test_a_contact_officer_cannot_record(contact_officer, sign_in, discussion, frozen):
    frozen.move_to(LATER)
    url = f"/strategy-discussions/{discussion.pk}/record"

    assert sign_in(contact_officer).post(url, record_form()).status_code == 403
    discussion.refresh_from_db()
    assert not discussion.is_recorded


@pytest.mark.parametrize("persona", ["other_la_worker", "outsider"])
def test_recording_is_not_found_outside_the_authority(request, sign_in, discussion, persona):
    url = f"/strategy-discussions/{discussion.pk}/record"

    assert sign_in(request.getfixturevalue(persona)).get(url).status_code == 404
