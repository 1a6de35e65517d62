"""GET /api/v1/contacts and /api/v1/contacts/{id}: a partner system reads only what it sent.

The cast: the police system (allowed, its own contacts), the health system (refused: another
partner's contact is not found) and a caller with no token (outsider: 401).
"""

from django.test import Client

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor

from .conftest import CONTACT, contact_body, post_contact


def sent(client, **overrides) -> int:
    response = post_contact(client, contact_body(**overrides))
    assert response.status_code == 201
    return int(response.json()["id"])


def test_a_partner_lists_only_the_contacts_it_sent(police, health):
    mine = [sent(police, concern=f"Concern {n}.") for n in range(3)]
    sent(health)
    receive_contact(details=contact_details(), by=Actor.system("tests"))  # a phone contact
    response = police.get("/api/v1/contacts")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 3
    assert [item["id"] for item in page["items"]] == sorted(mine, reverse=True)


def test_the_list_is_paginated(police):
    ids = [sent(police, concern=f"Concern {n}.") for n in range(3)]
    page = police.get("/api/v1/contacts?limit=2&offset=2").json()
    assert page["count"] == 3
    assert [item["id"] for item in page["items"]] == [ids[0]]
    too_many = police.get("/api/v1/contacts?limit=0")
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "limit"


def test_a_partner_reads_back_what_it_sent_without_screening_data(police):
    contact_id = sent(police)
    response = police.get(f"/api/v1/contacts/{contact_id}")
    assert response.status_code == 200
    body = response.json()
    contact = Contact.objects.get()
    assert body["reference"] == contact.reference
    assert body["status"] == "received"
    assert body["referrer"] == {**CONTACT["referrer"], "anonymous": False}
    assert body["concern"] == CONTACT["concern"]
    assert body["categories"] == ["18C"]
    assert body["subjects"] == [{"role": "subject_child"}]
    assert set(body) == {
        "reference", "id", "status", "received_at", "decision_due_at", "local_authority_code",
        "referral_source", "referrer", "subjects", "cohort", "concern", "categories",
        "action_taken", "family_aware", "consent", "consent_reason", "referrer_urgency",
    }  # fmt: skip
    assert "team" not in body
    assert "allocated_to" not in body


def test_reading_a_contact_is_audited(police):
    contact_id = sent(police)
    police.get(f"/api/v1/contacts/{contact_id}")
    [event] = AuditEvent.objects.filter(action="contact.viewed")
    assert event.object_id == str(contact_id)
    assert event.actor_label == "partner:staffs-police/Police case system"
    police.get("/api/v1/contacts")
    assert AuditEvent.objects.filter(action="api.contacts_listed").count() == 1


def test_another_partners_contact_is_not_found(police, health):
    contact_id = sent(police)
    response = health.get(f"/api/v1/contacts/{contact_id}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"
    assert not AuditEvent.objects.filter(action="contact.viewed").exists()


def test_a_contact_from_another_channel_or_none_is_not_found(police):
    phoned = receive_contact(details=contact_details(), by=Actor.system("tests"))
    assert police.get(f"/api/v1/contacts/{phoned.pk}").status_code == 404
    assert police.get("/api/v1/contacts/999999").status_code == 404
    assert police.get(f"/api/v1/contacts/{2**64}").status_code == 404
    assert police.get("/api/v1/contacts/abc").status_code == 404


def test_a_caller_without_a_token_reads_nothing(police):
    contact_id = sent(police)
    for path in ("/api/v1/contacts", f"/api/v1/contacts/{contact_id}"):
        response = Client().get(path)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
