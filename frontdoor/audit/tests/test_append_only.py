"""Nothing changes or removes an audit event: Django refuses, and on PostgreSQL so does the
database, whoever asks. Only the synthetic-data generator may rewrite history, and the chain
is whole again when it has finished."""

import threading
from typing import Any

import pytest
from django.db import DatabaseError, connection, connections, transaction

from frontdoor.audit.chain import (
    rechain,
    require_rewriting_history,
    rewriting_history,
    verify_stored,
)
from frontdoor.audit.models import AppendOnlyError, AuditEvent
from frontdoor.audit.services import record

from .helpers import SYSTEM, some_events

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and the lock are PostgreSQL's"
)


def run_sql(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_saving_a_changed_event_is_refused_and_changes_nothing(db):
    event = some_events(1)[0]
    event.action = "test.rewritten"

    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


def test_deleting_an_event_is_refused(db):
    event = some_events(1)[0]

    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda events: events.update(action="test.rewritten"),
        lambda events: events.delete(),
        lambda events: events.bulk_update(list(events), ["action"]),
        lambda events: events.bulk_create([AuditEvent(action="test.forged")]),
    ],
    ids=["update", "delete", "bulk_update", "bulk_create"],
)
def test_bulk_writes_through_django_are_refused(db, write):
    some_events(2)
    before = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "action"))

    with pytest.raises(AppendOnlyError):
        write(AuditEvent.objects.all())

    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", "action")) == before


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'test.rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_postgresql_refuses_raw_updates_and_deletes(db, sql):
    event = some_events(1)[0]

    with pytest.raises(DatabaseError, match="audit events are append-only"):
        run_sql(sql, [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


# --- Rewriting history (the demo generator) ----------------------------------------------------


def _backdate_all(events: list[AuditEvent]) -> None:
    """What the demo does: raw UPDATEs that move events to an earlier time."""
    require_rewriting_history()
    moves = [
        (connection.ops.adapt_datetimefield_value(event.occurred_at.replace(year=2020)), event.pk)
        for event in events
    ]
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", moves)


def test_history_rewritten_by_the_demo_generator_leaves_the_chain_intact(db):
    some_events(2)
    with rewriting_history():
        events = some_events(5)
        _backdate_all(events[1:4])
    after = some_events(1)

    assert verify_stored().intact
    assert AuditEvent.objects.get(pk=events[2].pk).occurred_at.year == 2020
    assert after[0].previous_hash == AuditEvent.objects.get(pk=events[-1].pk).hash


def test_rewriting_history_from_an_earlier_event_relinks_from_there(db):
    older = some_events(3)
    with rewriting_history(from_sequence=older[1].sequence):
        _backdate_all(older[1:])

    assert verify_stored().intact


def test_events_may_not_be_rewritten_outside_rewriting_history(db):
    with pytest.raises(AppendOnlyError, match="rewriting_history"):
        require_rewriting_history()
    with pytest.raises(AppendOnlyError, match="rewriting_history"):
        rechain(1)


def test_a_failure_while_rewriting_history_rolls_everything_back(db):
    before = some_events(1)[0]

    def generation_that_fails() -> None:
        with rewriting_history():
            _backdate_all(some_events(2))
            raise RuntimeError("generation failed")

    with pytest.raises(RuntimeError):
        generation_that_fails()

    assert AuditEvent.objects.order_by("-sequence").first() == before
    with pytest.raises(AppendOnlyError):
        require_rewriting_history()


@postgresql_only
def test_the_trigger_is_on_again_after_rewriting_history(db):
    with rewriting_history():
        event = some_events(1)[0]

    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


# --- Appending at once (PostgreSQL only: SQLite runs one writer at a time) -------------------


@postgresql_only
def test_two_services_appending_at_once_keep_the_chain_in_one_line(
    transactional_db, restore_reference_data_after_module
):
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def append_many(worker: int) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(25):
                with transaction.atomic():
                    record("test.concurrent", by=SYSTEM, details={"worker": worker, "n": n})
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append_many, args=(worker,)) for worker in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    result = verify_stored()
    assert result.intact
    appended = AuditEvent.objects.filter(action="test.concurrent")
    assert appended.count() == 50
    assert result.head_sequence == result.events  # numbered 1…n with no gap or repeat
