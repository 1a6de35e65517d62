"""Idempotency-Key: a retried submission creates one contact and gets the first answer back."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from frontdoor.api.idempotency import (
    KeyInFlight,
    Response,
    body_hash,
    purge_idempotency_records,
    run_once,
)
from frontdoor.api.models import IdempotencyRecord
from frontdoor.contacts.models import Contact

from .conftest import client_for, contact_body, on_new_connection, post_contact, subject


def test_the_same_submission_twice_creates_one_contact_and_replays_the_answer(police):
    first = post_contact(police, contact_body(), **{"Idempotency-Key": "niche-0001"})
    second = post_contact(police, contact_body(), **{"Idempotency-Key": "niche-0001"})
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Location"] == first["Location"]
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Contact.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.status == IdempotencyRecord.Status.COMPLETED
    assert record.response_body == first.json()


def test_key_order_and_whitespace_do_not_make_a_different_body(police):
    body = contact_body()
    post_contact(police, body, **{"Idempotency-Key": "k1"})
    reordered = dict(reversed(list(body.items())))
    response = police.post(
        "/api/v1/contacts",
        __import__("json").dumps(reordered, indent=2),
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    assert response.status_code == 201
    assert response["Idempotent-Replayed"] == "true"
    assert Contact.objects.count() == 1


def test_the_same_key_with_a_different_body_is_refused(police):
    post_contact(police, contact_body(), **{"Idempotency-Key": "niche-0001"})
    response = post_contact(
        police, contact_body(concern="A different concern."), **{"Idempotency-Key": "niche-0001"}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/idempotency-key-reused")
    assert problem["title"] == "Idempotency key reused with a different body"
    assert [e["field"] for e in problem["errors"]] == ["Idempotency-Key"]
    assert Contact.objects.count() == 1


def test_keys_belong_to_one_partner_system(police, health):
    post_contact(police, contact_body(), **{"Idempotency-Key": "shared"})
    response = post_contact(health, contact_body(), **{"Idempotency-Key": "shared"})
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Contact.objects.count() == 2


def test_a_key_whose_request_failed_is_released_for_a_corrected_retry(police):
    bad = contact_body(subjects=[subject(nhs_number="943 476 5918")])
    assert post_contact(police, bad, **{"Idempotency-Key": "k"}).status_code == 422
    assert not IdempotencyRecord.objects.exists()
    # The same bad body again is checked again (not replayed), and still refused.
    assert post_contact(police, bad, **{"Idempotency-Key": "k"}).status_code == 422
    response = post_contact(police, contact_body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 201
    assert Contact.objects.count() == 1


def test_a_key_still_in_flight_is_a_409(police, police_system):
    IdempotencyRecord.objects.create(
        partner_system=police_system.system, key="k", request_hash=body_hash(contact_body())
    )
    response = post_contact(police, contact_body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/idempotency-key-in-flight")
    assert response["Retry-After"] == "1"
    assert Contact.objects.count() == 0


def test_a_key_left_in_flight_by_a_dead_request_is_taken_over(police, police_system):
    IdempotencyRecord.objects.create(
        partner_system=police_system.system,
        key="k",
        request_hash=body_hash(contact_body()),
        claimed_at=timezone.now() - timedelta(minutes=6),
    )
    response = post_contact(police, contact_body(), **{"Idempotency-Key": "k"})
    assert response.status_code == 201
    assert IdempotencyRecord.objects.get().status == IdempotencyRecord.Status.COMPLETED


def test_a_request_that_lost_its_key_to_a_takeover_commits_nothing(police_system):
    system = police_system.system

    def work() -> Response:
        Contact.objects.none()  # the work would go here; the takeover happens meanwhile
        IdempotencyRecord.objects.filter(key="k").update(claim=uuid.uuid4())
        return Response(201, {"id": 1})

    with pytest.raises(KeyInFlight):
        run_once(system=system, key="k", request_hash="h", work=work)
    assert IdempotencyRecord.objects.get().status == IdempotencyRecord.Status.IN_FLIGHT


def test_old_records_are_purged(police, police_system):
    post_contact(police, contact_body(), **{"Idempotency-Key": "old"})
    post_contact(police, contact_body(concern="Another."), **{"Idempotency-Key": "new"})
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert purge_idempotency_records() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_eight_concurrent_requests_with_one_key_create_one_contact(
    police_system, concurrent_database
):
    """Eight threads, each with its own database connection, send the same body at once."""
    body = contact_body()
    barrier = threading.Barrier(8)
    responses = []
    failures = []

    def send() -> None:
        try:
            client = client_for(police_system.token)
            barrier.wait(timeout=10)
            responses.append(post_contact(client, body, **{"Idempotency-Key": "burst"}))
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    statuses = sorted(r.status_code for r in responses)
    assert len(statuses) == 8
    assert set(statuses) <= {201, 409}, statuses
    created = [r for r in responses if r.status_code == 201 and "Idempotent-Replayed" not in r]
    assert len(created) == 1
    for response in responses:
        if response.status_code == 201:
            assert response.content == created[0].content
        else:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["type"].endswith("/idempotency-key-in-flight")

    def stored() -> tuple[int, list[str]]:
        statuses = list(IdempotencyRecord.objects.values_list("status", flat=True))
        return Contact.objects.count(), statuses

    assert on_new_connection(stored) == (1, ["completed"])
    # A retry after the burst is a replay, and still creates nothing.
    again = on_new_connection(
        lambda: post_contact(client_for(police_system.token), body, **{"Idempotency-Key": "burst"})
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == created[0].content
    assert on_new_connection(stored) == (1, ["completed"])


def test_concurrent_requests_with_different_keys_each_create_a_contact(
    police_system, concurrent_database
):
    barrier = threading.Barrier(4)

    def send(n: int):
        def post():
            client = client_for(police_system.token)
            barrier.wait(timeout=10)
            body = contact_body(concern=f"Concern number {n}.")
            return post_contact(client, body, **{"Idempotency-Key": f"key-{n}"}).status_code

        return post

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda n=n: results.append(on_new_connection(send(n))))
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [201] * 4
    assert on_new_connection(Contact.objects.count) == 4
