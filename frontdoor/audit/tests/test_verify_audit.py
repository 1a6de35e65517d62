"""`manage.py verify_audit`: an intact trail prints its length and head; a changed, removed or
inserted event is named with its sequence and id, and the command fails."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from frontdoor.audit.chain import compute_hash, content_of
from frontdoor.audit.models import AuditEvent

from .helpers import insert_raw, some_events, tamper


def verify_audit(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        verify_audit(*args)
    return str(failure.value)


def test_an_intact_trail_prints_the_count_and_the_head_to_anchor(db):
    events = some_events(5)
    last = events[-1]

    output = verify_audit()

    total = AuditEvent.objects.count()
    assert output == f"Audit chain intact: {total} events, head {last.sequence} {last.hash}\n"
    assert re.fullmatch(r"[0-9a-f]{64}", last.hash)


def test_reading_a_few_events_at_a_time_gives_the_same_answer(db):
    some_events(7)

    assert verify_audit("--chunk", "2") == verify_audit()


def test_a_chunk_below_one_is_refused(db):
    assert broken("--chunk", "0") == "--chunk must be at least 1"


def test_an_event_whose_details_were_edited_is_named(db):
    events = some_events(5)
    edited = events[2]
    tamper("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"n": 99}', edited.pk])

    message = broken()

    assert message.startswith(
        f"Audit chain broken at sequence {edited.sequence} (event id {edited.pk}): hash mismatch"
    )
    assert "1 further problem" not in message  # the events after it are still linked to it


def test_an_event_moved_in_time_is_named(db):
    events = some_events(3)
    moved = events[1]
    earlier = moved.occurred_at - timedelta(hours=1)
    at = connection.ops.adapt_datetimefield_value(earlier)
    tamper("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [at, moved.pk])

    assert f"at sequence {moved.sequence} (event id {moved.pk}): hash mismatch" in broken()


def test_an_edit_that_also_rewrites_the_hash_without_the_key_is_named(db):
    events = some_events(4)
    edited = events[1]
    forged = compute_hash(edited.previous_hash, content_of(edited), key=b"guessed key")
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", [forged, edited.pk])

    message = broken()

    # Its own hash does not match, and the next event no longer links to it.
    assert f"at sequence {edited.sequence} (event id {edited.pk}): hash mismatch" in message
    assert "1 further problem after it" in message


def test_a_deleted_event_is_named_by_the_gap_it_leaves(db):
    events = some_events(5)
    deleted, following = events[2], events[3]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])

    message = broken()

    assert message.startswith(
        f"Audit chain broken at sequence {following.sequence} (event id {following.pk}): "
        f"sequence gap: event {deleted.sequence} is missing (deleted)"
    )


def test_a_deleted_event_with_the_rest_renumbered_is_named_by_the_broken_link(db):
    events = some_events(4)
    deleted, following = events[1], events[2]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])
    for event in events[2:]:
        tamper(
            "UPDATE audit_auditevent SET sequence = %s WHERE id = %s",
            [event.sequence - 1, event.pk],
        )

    assert f"(event id {following.pk}): previous_hash mismatch" in broken()


def test_an_event_inserted_at_the_end_without_the_key_is_named(db):
    last = some_events(3)[-1]
    forged = {
        "sequence": last.sequence + 1,
        "occurred_at": last.occurred_at + timedelta(seconds=1),
        "previous_hash": last.hash,
        "hash": "f" * 64,
    }
    inserted = insert_raw(**forged)

    assert broken().startswith(
        f"Audit chain broken at sequence {last.sequence + 1} (event id {inserted}): hash mismatch"
    )


def test_an_event_inserted_into_a_gap_is_named_by_its_link(db):
    """Someone deletes an event and puts another in its place, linked to the wrong event."""
    events = some_events(4)
    replaced = events[2]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [replaced.pk])
    inserted = insert_raw(
        sequence=replaced.sequence,
        occurred_at=replaced.occurred_at,
        previous_hash=events[0].hash,  # plausible, but not the event before
        hash=replaced.hash,
    )

    assert broken().startswith(
        f"Audit chain broken at sequence {replaced.sequence} (event id {inserted}): "
        "previous_hash mismatch"
    )
