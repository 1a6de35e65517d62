"""The receiving team's pages: the inbox, the package page, its downloads and its
acknowledgement. A receiving worker reaches only packages sent to their team.

Each view: one allowed, one refused (wrong role) and one outsider test at least. Out of scope is
a 404; a role that may see but not act gets a 403.
"""

import io
import json

import pytest
from pypdf import PdfReader

from frontdoor.agencies.models import LocalAuthority
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.outcomes.models import HandoverStatus

from .builders import (
    HUB_ONLY,
    REASON,
    RESTRICTED,
    SHAREABLE,
    audit_details,
    decided_contact,
    package_for,
    page_of,
    title_of,
)

# --- The receiving team's inbox ----------------------------------------------------------------


def test_the_receiving_worker_sees_packages_sent_to_their_team(area_worker, sign_in, sent):
    response = sign_in(area_worker).get("/handovers/")

    assert response.status_code == 200
    page = page_of(response)
    assert title_of(page) == "Handovers to your team – Front Door"
    assert f'href="/handovers/{sent.pk}"' in page
    assert "Staffordshire" in page
    assert "Child and family assessment (section 17)" in page
    assert "due in 1 day" in page
    assert audit_details("handover.inbox_viewed", area_worker) == [{"waiting": 1}]


def test_the_inbox_never_shows_a_package_waiting_for_consent(area_worker, sign_in, awaiting):
    page = page_of(sign_in(area_worker).get("/handovers/"))

    assert awaiting.reference not in page
    assert "No packages are waiting for your team." in page


def test_another_teams_worker_does_not_see_the_package(south_worker, sign_in, sent):
    page = page_of(sign_in(south_worker).get("/handovers/"))

    assert sent.reference not in page


@pytest.mark.parametrize("persona", ["practitioner", "police_researcher", "outsider"])
def test_only_receiving_workers_have_an_inbox(request, sign_in, hub, persona):
    person = request.getfixturevalue(persona)
    assert sign_in(person).get("/handovers/").status_code == 403


# --- The package page --------------------------------------------------------------------------


def test_the_receiving_worker_sees_the_package_and_nothing_else(area_worker, sign_in, sent):
    response = sign_in(area_worker).get(f"/handovers/{sent.pk}")

    assert response.status_code == 200
    page = page_of(response)
    assert title_of(page) == f"Handover package {sent.reference} – Front Door"
    assert "OFFICIAL-SENSITIVE" in page
    assert SHAREABLE in page
    assert "Please start the assessment today." in page
    assert "Sam Teacher" in page  # a professional referrer
    for hidden in (HUB_ONLY, RESTRICTED, "Screening rationale that stays in the hub."):
        assert hidden not in page
    assert "Acknowledge receipt" in page
    assert "Download the PDF" in page
    assert "Download the JSON" in page
    assert f'href="/contacts/{sent.contact_id}"' not in page
    assert audit_details("package.viewed", area_worker) == [{}]


def test_a_consented_restricted_answer_shows_on_the_page_with_the_reason(
    area_worker, manager, sign_in, awaiting
):
    sign_in(manager).post(f"/handovers/{awaiting.pk}/consent", {"decision": "consent"})

    page = page_of(sign_in(area_worker).get(f"/handovers/{awaiting.pk}"))

    assert RESTRICTED in page
    assert f"Included with a manager&#x27;s consent: {REASON}" in page


def test_mash_staff_see_the_package_without_the_acknowledge_button(practitioner, sign_in, sent):
    page = page_of(sign_in(practitioner).get(f"/handovers/{sent.pk}"))

    assert SHAREABLE in page
    assert "Acknowledge receipt" not in page
    assert f'href="/contacts/{sent.contact_id}"' in page


@pytest.mark.parametrize(
    "persona", ["south_worker", "police_researcher", "other_la_worker", "outsider"]
)
def test_anyone_else_gets_not_found_on_the_package(request, sign_in, sent, persona):
    person = request.getfixturevalue(persona)
    for url in (
        f"/handovers/{sent.pk}",
        f"/handovers/{sent.pk}/package.pdf",
        f"/handovers/{sent.pk}/package.json",
    ):
        assert sign_in(person).get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(actor_id=person.user.pk, action__startswith="handover.")


def test_a_receiving_worker_cannot_open_a_package_waiting_for_consent(
    area_worker, sign_in, awaiting
):
    assert sign_in(area_worker).get(f"/handovers/{awaiting.pk}").status_code == 404


# --- Acknowledgement ---------------------------------------------------------------------------


def test_the_receiving_worker_acknowledges_and_the_contact_closes(
    area_worker, sign_in, sent, contact
):
    response = sign_in(area_worker).post(f"/handovers/{sent.pk}/acknowledge", follow=True)

    assert response.redirect_chain == [(f"/handovers/{sent.pk}", 302)]
    page = page_of(response)
    assert f"You acknowledged {sent.reference}. The contact is closed." in page
    assert "Acknowledge receipt" not in page
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED


def test_acknowledging_another_teams_package_is_not_found_and_changes_nothing(
    south_worker, sign_in, sent, contact
):
    response = sign_in(south_worker).post(f"/handovers/{sent.pk}/acknowledge")

    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.status == HandoverStatus.SENT
    contact.refresh_from_db()
    assert contact.status == ContactStatus.HANDED_OVER


def test_mash_staff_cannot_acknowledge_for_the_team(practitioner, sign_in, sent):
    assert sign_in(practitioner).post(f"/handovers/{sent.pk}/acknowledge").status_code == 403
    sent.refresh_from_db()
    assert sent.status == HandoverStatus.SENT


def test_an_outsider_cannot_acknowledge(outsider, sign_in, sent):
    assert sign_in(outsider).post(f"/handovers/{sent.pk}/acknowledge").status_code == 404


def test_acknowledging_twice_says_so(area_worker, sign_in, sent):
    client = sign_in(area_worker)
    client.post(f"/handovers/{sent.pk}/acknowledge")

    response = client.post(f"/handovers/{sent.pk}/acknowledge", follow=True)

    assert "This package has already been acknowledged" in page_of(response)


def test_acknowledge_takes_only_a_post(area_worker, sign_in, sent):
    assert sign_in(area_worker).get(f"/handovers/{sent.pk}/acknowledge").status_code == 405


# --- Downloads ---------------------------------------------------------------------------------


def test_the_pdf_is_an_attachment_named_by_reference_and_audited(area_worker, sign_in, sent):
    response = sign_in(area_worker).get(f"/handovers/{sent.pk}/package.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = sent.reference.replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert SHAREABLE in text
    assert RESTRICTED not in text
    assert audit_details("package.exported", area_worker) == [{"format": "pdf"}]


def test_the_json_is_an_attachment_and_audited(area_worker, sign_in, sent):
    response = sign_in(area_worker).get(f"/handovers/{sent.pk}/package.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    filename = sent.reference.replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}.json"'
    data = json.loads(response.content)
    assert data["format"] == "frontdoor.handover/1"
    assert [answer["what_is_known"] for answer in data["answers"]] == [SHAREABLE]
    assert RESTRICTED not in response.content.decode()
    assert audit_details("package.exported", area_worker) == [{"format": "json"}]


def test_mash_staff_may_download_their_authoritys_package(manager, sign_in, sent):
    assert sign_in(manager).get(f"/handovers/{sent.pk}/package.json").status_code == 200


# --- A transfer to the other authority's MASH --------------------------------------------------


def test_the_other_authoritys_mash_opens_and_acknowledges_a_transfer(
    practitioner, manager, other_la_worker, sign_in, hub
):
    stoke = LocalAuthority.objects.get(code="861")
    contact = decided_contact(practitioner, manager, outcome="transfer", transfer_to=stoke)
    handover = package_for(contact, practitioner, hub["stoke-mash"], [])
    client = sign_in(other_la_worker)

    page = page_of(client.get(f"/handovers/{handover.pk}"))
    assert "Transfer to another local authority (Stoke-on-Trent)" in page
    assert "Acknowledge receipt" in page
    assert f'href="/contacts/{contact.pk}"' not in page  # they cannot open the contact
    assert client.get(f"/contacts/{contact.pk}").status_code == 404

    client.post(f"/handovers/{handover.pk}/acknowledge")

    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
