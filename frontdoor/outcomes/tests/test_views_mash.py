"""The MASH's handover pages: the contact page section, building a package and consenting to
hub-only and restricted answers.

Each view: one allowed, one refused (wrong role) and one outsider test at least. Out of scope is
a 404; a role that may see but not act gets a 403.
"""

import re

import pytest

from frontdoor.outcomes.models import Handover, HandoverStatus

from .builders import REASON, RESTRICTED, SHAREABLE, page_of, title_of

# --- The contact page section ------------------------------------------------------------------


def test_a_practitioner_sees_the_handover_section_with_the_build_button(
    practitioner, sign_in, contact
):
    page = page_of(sign_in(practitioner).get(f"/contacts/{contact.pk}"))

    assert '<h2 class="govuk-heading-m">Handover</h2>' in page
    assert "No handover package yet." in page
    assert f'href="/contacts/{contact.pk}/handover/new"' in page
    assert "Build the handover package" in page


def test_a_contact_officer_sees_the_section_but_no_build_button(contact_officer, sign_in, contact):
    page = page_of(sign_in(contact_officer).get(f"/contacts/{contact.pk}"))

    assert '<h2 class="govuk-heading-m">Handover</h2>' in page
    assert "Build the handover package" not in page


def test_the_section_lists_a_sent_package_with_its_clock_and_downloads(
    practitioner, sign_in, contact, sent
):
    page = page_of(sign_in(practitioner).get(f"/contacts/{contact.pk}"))

    assert f"Package {sent.reference}" in page
    assert "Staffordshire north area team" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Sent</strong>' in page
    assert "11 March 2026, 10:00 (due in 1 day)" in page
    for link in ("View the package", "Download the PDF", "Download the JSON"):
        assert link in page
    assert f'href="/handovers/{sent.pk}/package.pdf"' in page
    assert "Build the handover package" not in page


def test_a_manager_is_offered_the_review_of_a_package_waiting_for_consent(
    manager, practitioner, sign_in, contact, awaiting
):
    manager_page = page_of(sign_in(manager).get(f"/contacts/{contact.pk}"))
    practitioner_page = page_of(sign_in(practitioner).get(f"/contacts/{contact.pk}"))

    assert "Waiting for a manager&#x27;s consent" in manager_page
    assert f'href="/handovers/{awaiting.pk}/consent"' in manager_page
    assert "Review the package" in manager_page
    assert "Review the package" not in practitioner_page


def test_a_receiving_worker_cannot_open_the_contact(area_worker, sign_in, contact, sent):
    assert sign_in(area_worker).get(f"/contacts/{contact.pk}").status_code == 404


# --- Building ----------------------------------------------------------------------------------


def test_the_build_page_ticks_shareable_answers_and_asks_why_for_the_others(
    practitioner, sign_in, contact, answers
):
    response = sign_in(practitioner).get(f"/contacts/{contact.pk}/handover/new")

    assert response.status_code == 200
    page = page_of(response)
    assert title_of(page) == f"Build the handover package – {contact.reference} – Front Door"
    assert "Which team receives it?" in page
    assert "Staffordshire north area team" in page
    assert "Your note to the receiving team" in page
    assert "Answers to include" in page
    assert (
        "Staffordshire education safeguarding: about Ruby Example — Information found (Shareable)"
    ) in page
    assert (
        "Staffordshire and Stoke-on-Trent health safeguarding: about Ruby Example — "
        "Information found (Hub only)"
    ) in page
    assert (
        "Restricted answer from Staffordshire Police about Ruby Example: "
        "only MASH managers can read it"
    ) in page
    assert RESTRICTED not in page
    shareable, hub_only, restricted = (
        answers[k].pk for k in ("shareable", "hub_only", "restricted")
    )
    assert re.search(rf'value="{shareable}" checked', page)
    assert not re.search(rf'value="{hub_only}" checked', page)
    assert "Why should this hub-only answer be included?" in page
    assert "Why should this restricted answer be included?" in page
    assert f'name="reason-{restricted}"' in page
    assert f'name="reason-{shareable}"' not in page
    assert "Send the package" in page


def test_a_manager_can_read_the_restricted_answer_on_the_build_page(
    manager, sign_in, contact, answers
):
    page = page_of(sign_in(manager).get(f"/contacts/{contact.pk}/handover/new"))

    assert "Staffordshire Police: about Ruby Example — Information found (Restricted)" in page
    assert RESTRICTED in page


def test_sending_a_package_redirects_to_the_contact_with_a_banner(
    practitioner, sign_in, contact, answers, hub
):
    client = sign_in(practitioner)
    response = client.post(
        f"/contacts/{contact.pk}/handover/new",
        {
            "receiving_team": hub["staffs-north-area"].pk,
            "summary": "Start the assessment.",
            "include": [answers["shareable"].pk],
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/contacts/{contact.pk}", 302)]
    assert "Package sent to Staffordshire north area team" in page_of(response)
    handover = Handover.objects.get()
    assert handover.status == HandoverStatus.SENT
    assert [item.response_id for item in handover.items.all()] == [answers["shareable"].pk]


def test_asking_to_include_a_restricted_answer_waits_for_a_manager(
    practitioner, sign_in, contact, answers, hub
):
    restricted = answers["restricted"].pk
    response = sign_in(practitioner).post(
        f"/contacts/{contact.pk}/handover/new",
        {
            "receiving_team": hub["staffs-north-area"].pk,
            "summary": "Start the assessment.",
            "include": [restricted],
            f"reason-{restricted}": REASON,
        },
        follow=True,
    )

    assert "A manager must consent before the package goes" in page_of(response)
    assert Handover.objects.get().status == HandoverStatus.AWAITING_CONSENT


def test_a_restricted_answer_without_a_reason_shows_the_error_and_builds_nothing(
    practitioner, sign_in, contact, answers, hub
):
    restricted = answers["restricted"].pk
    response = sign_in(practitioner).post(
        f"/contacts/{contact.pk}/handover/new",
        {"receiving_team": "", "summary": "", "include": [restricted]},
    )

    assert response.status_code == 400
    page = page_of(response)
    assert title_of(page).startswith("Error: Build the handover package")
    for message in (
        "Select the team that receives the package",
        "Write a note to the receiving team",
        "Give a reason to include the restricted answer from Staffordshire Police",
    ):
        assert message in page
    assert f'href="#id_reason-{restricted}"' in page
    assert Handover.objects.count() == 0


def test_a_contact_officer_cannot_build_a_package(contact_officer, sign_in, contact):
    assert sign_in(contact_officer).get(f"/contacts/{contact.pk}/handover/new").status_code == 403


@pytest.mark.parametrize("persona", ["area_worker", "other_la_worker", "outsider"])
def test_anyone_outside_the_authoritys_mash_gets_not_found_on_the_build_page(
    request, sign_in, contact, persona
):
    person = request.getfixturevalue(persona)
    assert sign_in(person).get(f"/contacts/{contact.pk}/handover/new").status_code == 404


def test_the_build_page_sends_you_back_once_a_package_is_sent(practitioner, sign_in, contact, sent):
    response = sign_in(practitioner).get(f"/contacts/{contact.pk}/handover/new", follow=True)

    assert response.redirect_chain == [(f"/contacts/{contact.pk}", 302)]
    assert "This contact has no approved outcome waiting for a package" in page_of(response)


# --- Consent -----------------------------------------------------------------------------------


def test_a_manager_reviews_the_restricted_answer_with_the_reason(manager, sign_in, awaiting):
    response = sign_in(manager).get(f"/handovers/{awaiting.pk}/consent")

    assert response.status_code == 200
    page = page_of(response)
    assert title_of(page) == f"Consent to the package – {awaiting.reference} – Front Door"
    assert RESTRICTED in page
    assert REASON in page
    assert SHAREABLE not in page  # goes anyway; not asked about
    assert "Consent and send with these answers" in page
    assert "Send without them" in page
    assert "Send the package" in page


def test_a_manager_consents_and_the_package_goes(manager, sign_in, awaiting, contact):
    response = sign_in(manager).post(
        f"/handovers/{awaiting.pk}/consent", {"decision": "consent"}, follow=True
    )

    assert response.redirect_chain == [(f"/contacts/{contact.pk}", 302)]
    assert "Package sent to Staffordshire north area team" in page_of(response)
    awaiting.refresh_from_db()
    assert awaiting.status == HandoverStatus.SENT
    assert awaiting.items.filter(consented_by=manager.user).count() == 1


def test_consent_needs_an_answer(manager, sign_in, awaiting):
    response = sign_in(manager).post(f"/handovers/{awaiting.pk}/consent", {})

    assert response.status_code == 400
    assert "Select whether these answers go with the package" in page_of(response)


def test_a_manager_cannot_consent_to_their_own_package_through_the_page(manager, sign_in, awaiting):
    Handover.objects.filter(pk=awaiting.pk).update(created_by=manager.user)
    client = sign_in(manager)

    page = page_of(client.get(f"/handovers/{awaiting.pk}/consent"))
    assert "You cannot consent to your own package" in page
    assert "Send the package" not in page
    assert (
        client.post(f"/handovers/{awaiting.pk}/consent", {"decision": "consent"}).status_code == 403
    )
    awaiting.refresh_from_db()
    assert awaiting.status == HandoverStatus.AWAITING_CONSENT


def test_a_practitioner_cannot_consent(practitioner, sign_in, awaiting):
    assert sign_in(practitioner).get(f"/handovers/{awaiting.pk}/consent").status_code == 403


@pytest.mark.parametrize("persona", ["area_worker", "police_researcher", "outsider"])
def test_outsiders_get_not_found_on_the_consent_page(request, sign_in, awaiting, persona):
    person = request.getfixturevalue(persona)
    assert sign_in(person).get(f"/handovers/{awaiting.pk}/consent").status_code == 404
