"""The audit trail's hash chain (ADR 0020).

Every `AuditEvent` carries its `sequence` (1, 2, 3… in commit order), the `previous_hash` of
the event before it (64 zeros for the first) and its own `hash`:

    hash = HMAC-SHA256(AUDIT_CHAIN_KEY, previous_hash + canonical JSON of the event's content)

So an event changed after it was written no longer matches its hash, a deleted one leaves a
gap in the sequence, and an inserted one cannot carry a valid hash without the key.
`append` adds to the chain under a lock so it stays one line; `verify` walks it;
`rewriting_history` lets the synthetic-data generator move events in time, then re-links the
chain.
"""

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .models import AppendOnlyError, AuditEvent

GENESIS = "0" * 64  # the previous_hash of sequence 1
# What the hash covers: everything an event says, but not its id or its own links.
CONTENT_FIELDS = (
    "sequence",
    "occurred_at",
    "action",
    "actor_id",
    "actor_label",
    "actor_role",
    "actor_agency",
    "local_authority",
    "object_type",
    "object_id",
    "ip_address",
    "details",
)
CHUNK = 5_000  # rows read (and rewritten) per query: memory stays flat however long the chain
# The PostgreSQL advisory lock an appender holds until its transaction ends (b"fd-audit").
LOCK_KEY = int.from_bytes(b"fd-audit", "big")
TRIGGER = "audit_append_only"  # PostgreSQL only: migration 0005


def chain_key() -> bytes:
    return str(settings.AUDIT_CHAIN_KEY).encode()


# --- Hashing (pure) ---------------------------------------------------------------------------


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


@lru_cache(maxsize=4096)  # a trail holds the same few addresses many times
def _address(value: str | None) -> str | None:
    """The exploded form: the same however the database or the Python version spells it.
    Anything that is not an address (SQLite stores what it is given) is kept as it is."""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return value


def canonical_payload(content: Mapping[str, Any]) -> bytes:
    """The event's content as one line of JSON: fixed fields, sorted keys (in `details` too),
    no spaces, ASCII only, times in UTC to the microsecond."""
    actor_id = content["actor_id"]
    values = {
        "sequence": int(content["sequence"]),
        "occurred_at": _instant(content["occurred_at"]),
        "actor_id": None if actor_id is None else str(actor_id),
        "ip_address": _address(content["ip_address"]),
        "details": content["details"],
    }
    for name in CONTENT_FIELDS:
        values.setdefault(name, str(content[name]))
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.encode("ascii")


def compute_hash(previous_hash: str, content: Mapping[str, Any], *, key: bytes) -> str:
    message = previous_hash.encode("ascii") + canonical_payload(content)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def content_of(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in CONTENT_FIELDS}


# --- Appending --------------------------------------------------------------------------------


def head() -> tuple[int, str]:
    """The last event's sequence and hash, or (0, GENESIS) for an empty trail."""
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return last if last is not None else (0, GENESIS)


def append(event: AuditEvent) -> AuditEvent:
    """Link a new, unsaved `event` after the current head and insert it.

    On PostgreSQL the appender first takes a transaction-level advisory lock, so a second
    appender waits until the first commits (or rolls back) and then reads its row as the head:
    the chain is one line in commit order, and a rolled-back event leaves no gap. SQLite
    already runs one write transaction at a time (BEGIN IMMEDIATE). No savepoint: a failed
    append fails the change it describes.
    """
    # Store exactly what is hashed: a JSON round trip turns tuples into lists and the like.
    event.details = json.loads(json.dumps(event.details))
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        sequence, previous = head()
        event.sequence = sequence + 1
        event.previous_hash = previous
        event.hash = compute_hash(previous, content_of(event), key=chain_key())
        event.save(force_insert=True)
    return event


# --- Verifying --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """One stored event as the chain sees it."""

    id: int
    sequence: int
    previous_hash: str
    hash: str
    content: dict[str, Any]


_READ = ("id", "previous_hash", "hash", *CONTENT_FIELDS)


def links(*, after: int = 0, chunk: int = CHUNK) -> Iterator[Link]:
    """Every stored event with a sequence above `after`, in sequence order, read `chunk` rows
    at a time by keyset (constant memory, one index range scan per chunk)."""
    while True:
        page = AuditEvent.objects.filter(sequence__gt=after).order_by("sequence")
        rows = list(page.values_list(*_READ)[:chunk])
        for pk, previous_hash, digest, *content in rows:
            values = dict(zip(CONTENT_FIELDS, content, strict=True))
            yield Link(pk, values["sequence"], previous_hash, digest, values)
        if len(rows) < chunk:
            return
        after = rows[-1][3]  # the sequence


@dataclass(frozen=True, slots=True)
class Break:
    event_id: int
    sequence: int
    reason: str


@dataclass(frozen=True, slots=True)
class Verification:
    events: int
    head_sequence: int
    head_hash: str
    first_break: Break | None
    breaks: int

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _problem(link: Link, expected: int, previous: str, key: bytes) -> str | None:
    if link.sequence < expected:
        return (
            f"sequence {link.sequence} is repeated or out of order (expected {expected}): "
            "an event was inserted"
        )
    if link.sequence > expected:
        missing = (
            f"event {expected} is"
            if link.sequence == expected + 1
            else f"events {expected} to {link.sequence - 1} are"
        )
        return f"sequence gap: {missing} missing (deleted)"
    if link.previous_hash != previous:
        return (
            "previous_hash mismatch: it does not match the hash of the event before "
            "(an event was deleted or inserted)"
        )
    if not hmac.compare_digest(compute_hash(previous, link.content, key=key), link.hash):
        return "hash mismatch: the event's content was altered, or it was not written by Front Door"
    return None


def verify(chain: Iterable[Link], *, key: bytes) -> Verification:
    """Check every link in sequence order: numbering contiguous from 1, each previous_hash
    equal to the hash before it, and each hash recomputed from the content. After a break,
    checking carries on from the stored values, so each problem is counted once."""
    expected, previous = 1, GENESIS
    events = breaks = 0
    first: Break | None = None
    for link in chain:
        events += 1
        problem = _problem(link, expected, previous, key)
        if problem is not None:
            breaks += 1
            first = first or Break(link.id, link.sequence, problem)
        expected, previous = link.sequence + 1, link.hash
    return Verification(events, expected - 1, previous, first, breaks)


def verify_stored(*, chunk: int = CHUNK) -> Verification:
    return verify(links(chunk=chunk), key=chain_key())


# --- Rewriting history (synthetic data only) --------------------------------------------------

_rewriting: ContextVar[bool] = ContextVar("audit_rewriting_history", default=False)


def require_rewriting_history() -> None:
    """For code that changes audit rows with raw SQL: only inside `rewriting_history()`."""
    if not _rewriting.get():
        raise AppendOnlyError("audit events may be changed only inside rewriting_history()")


def _switch_trigger(state: str) -> None:
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with deferred foreign-key checks still queued by this
        # transaction's inserts ("pending trigger events"): run those checks now, then defer
        # again (Django creates its foreign keys INITIALLY DEFERRED).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {TRIGGER}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def rewriting_history(*, from_sequence: int | None = None) -> Iterator[None]:
    """Let the enclosed code change audit events with raw SQL, then re-link the chain.

    For generating synthetic data only (the demo backdates the events its services write).
    Everything runs in one transaction: on PostgreSQL the append-only trigger is disabled
    inside it (ALTER TABLE is transactional, so no other session ever sees it off) and enabled
    again at the end; an error rolls both back. The chain is recomputed from `from_sequence`,
    by default the first event appended inside the block.
    """
    with transaction.atomic():
        start = head()[0] + 1 if from_sequence is None else from_sequence
        _switch_trigger("DISABLE")
        token = _rewriting.set(True)
        try:
            yield
            rechain(start)
        finally:
            _rewriting.reset(token)
        _switch_trigger("ENABLE")


def rechain(from_sequence: int, *, chunk: int = CHUNK) -> int:
    """Recompute previous_hash and hash of every event from `from_sequence` on, in sequence
    order, writing only the rows that change (`chunk` per `executemany`). Returns how many
    changed. Only inside `rewriting_history()`."""
    require_rewriting_history()
    key = chain_key()
    before = AuditEvent.objects.filter(sequence__lt=from_sequence).order_by("-sequence")
    previous = before.values_list("hash", flat=True).first() or GENESIS
    name = connection.ops.quote_name
    sql = (
        f"UPDATE {name(AuditEvent._meta.db_table)} "  # noqa: S608 - names from the model
        f"SET {name('previous_hash')} = %s, {name('hash')} = %s WHERE {name('id')} = %s"
    )
    changed = 0
    batch: list[tuple[str, str, int]] = []
    for link in links(after=from_sequence - 1, chunk=chunk):
        digest = compute_hash(previous, link.content, key=key)
        if (link.previous_hash, link.hash) != (previous, digest):
            batch.append((previous, digest, link.id))
        previous = digest
        if len(batch) >= chunk:
            changed += _write(sql, batch)
    return changed + _write(sql, batch)


def _write(sql: str, batch: list[tuple[str, str, int]]) -> int:
    count = len(batch)
    if batch:
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        batch.clear()
    return count
