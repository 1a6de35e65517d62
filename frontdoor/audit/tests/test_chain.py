"""The hash chain: each event is numbered and linked to the one before by an HMAC over its
content, so that changing, removing or inserting an event shows (ADR 0020)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from django.db import transaction
from django.test import override_settings

from frontdoor.audit.chain import (
    GENESIS,
    Link,
    canonical_payload,
    chain_key,
    compute_hash,
    content_of,
    head,
    verify,
    verify_stored,
)
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .helpers import some_events

KEY = b"a test key"
OCCURRED = datetime(2026, 3, 10, 9, 30, 15, 123456, tzinfo=UTC)
CONTENT = {
    "sequence": 7,
    "occurred_at": OCCURRED,
    "action": "contact.viewed",
    "actor_id": 42,
    "actor_label": "Alice Practitioner",
    "actor_role": "practitioner",
    "actor_agency": "staffs-cs",
    "local_authority": "860",
    "object_type": "contacts.contact",
    "object_id": "1234",
    "ip_address": "192.0.2.10",
    "details": {"reference": "FD-2026-1234", "subjects": [1, 2]},
}
PREVIOUS = "ab" * 32


def test_each_event_follows_the_one_before_with_the_next_number_and_its_hash(db):
    events = some_events(4)

    for before, after in pairwise(events):
        assert after.sequence == before.sequence + 1
        assert after.previous_hash == before.hash
    stored = AuditEvent.objects.get(pk=events[2].pk)
    assert stored.hash == compute_hash(events[1].hash, content_of(stored), key=chain_key())
    assert len(stored.hash) == 64
    assert head() == (events[-1].sequence, events[-1].hash)


def test_the_first_event_starts_at_one_after_sixty_four_zeros(db):
    first = AuditEvent.objects.order_by("sequence").first() or some_events(1)[0]

    assert first.sequence == 1
    assert first.previous_hash == GENESIS == "0" * 64


def test_an_event_by_a_person_hashes_the_same_when_read_back(db, django_user_model):
    user = django_user_model.objects.create(email="ida@test.frontdoor.invalid", full_name="Ida")
    by = Actor(
        user=user,
        label="Ida",
        role="ig_officer",
        agency_code="staffs-cs",
        local_authority_code="860",
        ip_address="2001:0DB8:0000::0001",  # stored and read back in another spelling
    )
    details = {"z": 1, "a": ("tuple", "becomes", "list"), "nested": {"b": True, "a": None}}
    event = record("governance.tested", by=by, target=user, details=details)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == compute_hash(stored.previous_hash, content_of(stored), key=chain_key())
    assert verify_stored().intact


def test_a_rolled_back_event_leaves_no_gap_in_the_numbers(db):
    def change_that_fails() -> None:
        with transaction.atomic():
            some_events(2)
            raise RuntimeError("the change failed")

    before = some_events(1)[0]
    with pytest.raises(RuntimeError):
        change_that_fails()

    after = some_events(1)[0]
    assert after.sequence == before.sequence + 1
    assert after.previous_hash == before.hash
    assert verify_stored().intact


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 8),
        ("occurred_at", OCCURRED + timedelta(microseconds=1)),
        ("action", "contact.updated"),
        ("actor_id", 43),
        ("actor_id", None),
        ("actor_label", "Mo Manager"),
        ("actor_role", "manager"),
        ("actor_agency", "staffs-police"),
        ("local_authority", "861"),
        ("object_type", "people.person"),
        ("object_id", "1235"),
        ("ip_address", "192.0.2.11"),
        ("ip_address", None),
        ("details", {"reference": "FD-2026-1235", "subjects": [1, 2]}),
        ("details", {"reference": "FD-2026-1234", "subjects": [2, 1]}),
    ],
)
def test_changing_any_part_of_an_event_changes_its_hash(field, value):
    assert compute_hash(PREVIOUS, {**CONTENT, field: value}, key=KEY) != compute_hash(
        PREVIOUS, CONTENT, key=KEY
    )


def test_the_hash_depends_on_the_event_before_and_on_the_key():
    digest = compute_hash(PREVIOUS, CONTENT, key=KEY)

    assert compute_hash(GENESIS, CONTENT, key=KEY) != digest
    assert compute_hash(PREVIOUS, CONTENT, key=b"another key") != digest


def test_the_same_content_written_differently_hashes_the_same():
    reordered = {**CONTENT, "details": {"subjects": [1, 2], "reference": "FD-2026-1234"}}
    elsewhere = OCCURRED.astimezone(timezone(timedelta(hours=5, minutes=30)))
    in_india = {**CONTENT, "occurred_at": elsewhere}
    ipv6 = {**CONTENT, "ip_address": "2001:db8::1"}

    assert canonical_payload(reordered) == canonical_payload(CONTENT)
    assert canonical_payload(in_india) == canonical_payload(CONTENT)
    assert canonical_payload(ipv6) == canonical_payload(
        {**CONTENT, "ip_address": "2001:0db8:0000:0000:0000:0000:0000:0001"}
    )


def test_the_payload_is_one_line_of_sorted_json_with_times_in_utc():
    payload = canonical_payload(CONTENT).decode()

    assert payload.startswith('{"action":"contact.viewed","actor_agency":"staffs-cs",')
    assert '"occurred_at":"2026-03-10T09:30:15.123456+00:00"' in payload
    assert '"details":{"reference":"FD-2026-1234","subjects":[1,2]}' in payload
    assert " " not in payload.replace("Alice Practitioner", "")


def test_a_time_without_a_timezone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical_payload({**CONTENT, "occurred_at": datetime(2026, 3, 10, 9, 30)})


@override_settings(AUDIT_CHAIN_KEY="a different key")
def test_with_another_key_the_first_event_fails_verification(db):
    some_events(1)

    result = verify_stored()

    assert result.first_break is not None
    assert result.first_break.sequence == 1
    assert "hash mismatch" in result.first_break.reason


# --- verify() on links that a unique index would not let the database hold -----------------


def _links(count: int) -> list[Link]:
    links, previous = [], GENESIS
    for sequence in range(1, count + 1):
        content = {**CONTENT, "sequence": sequence}
        digest = compute_hash(previous, content, key=KEY)
        links.append(Link(sequence * 10, sequence, previous, digest, content))
        previous = digest
    return links


def test_an_intact_chain_reports_its_length_and_head():
    links = _links(5)

    result = verify(links, key=KEY)

    assert result.intact
    assert (result.events, result.head_sequence, result.head_hash) == (5, 5, links[-1].hash)


def test_an_empty_chain_is_intact_with_the_genesis_head():
    result = verify([], key=KEY)

    assert result.intact
    assert (result.events, result.head_sequence, result.head_hash) == (0, 0, GENESIS)


def test_a_repeated_sequence_is_named_as_out_of_order():
    links = _links(4)
    copy = replace(links[2], id=999)

    result = verify([*links[:3], copy, links[3]], key=KEY)

    assert result.first_break is not None
    assert result.first_break.event_id == 999
    assert "sequence 3 is repeated or out of order" in result.first_break.reason


def test_several_missing_events_are_named_as_a_range():
    links = _links(6)

    result = verify([links[0], links[4], links[5]], key=KEY)

    assert result.first_break is not None
    assert result.first_break.sequence == 5
    assert result.first_break.reason == "sequence gap: events 2 to 4 are missing (deleted)"
    assert result.breaks == 1


def test_the_ids_of_the_database_rows_are_not_part_of_the_chain():
    """Copying the trail to another database (new ids) keeps it verifiable."""
    links = [replace(link, id=link.id + 1000) for link in _links(3)]

    assert verify(links, key=KEY).intact


def test_an_ip_address_that_is_not_one_is_hashed_as_given_rather_than_refused():
    odd = {**CONTENT, "ip_address": "unknown"}

    assert b'"ip_address":"unknown"' in canonical_payload(odd)
