"""`Idempotency-Key`: a retried request gets the first answer and creates nothing new.

The flow for a key:

1. Claim it: insert an in-flight record in its own short transaction. The unique constraint
   on (partner system, key) decides the race; the loser reads the winner's record.
2. Do the work and mark the record completed with the response *in the same transaction*,
   so a committed contact always has a completed record and a rolled-back one never does.
3. If the work fails (invalid details, or anything else), delete the in-flight record so the
   client can correct the request and send it again with the same key.

A record already there answers the request: the same body completed → replay the response;
a different body → mismatch (422); the same body still in flight → conflict (409). A record
left in flight by a process that died is taken over after `STALE_AFTER`; only the holder of
the current `claim` may complete or release it, so a slow first request cannot also commit.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from frontdoor.agencies.models import PartnerSystem

from .models import IdempotencyRecord

logger = logging.getLogger("frontdoor.api")

KEEP_FOR = timedelta(hours=24)
STALE_AFTER = timedelta(minutes=5)  # far longer than any request may run
CLAIM_ATTEMPTS = 3


@dataclass(frozen=True)
class Response:
    status: int
    body: dict[str, Any]
    replayed: bool = False


class KeyInFlight(Exception):
    """The first request with this key has not finished yet."""


class KeyReused(Exception):
    """The key was used before with a different body."""


class ClaimLost(Exception):
    """Another request took over this key (ours was presumed dead): undo our work."""


def body_hash(payload: Any) -> str:
    """SHA-256 of the body as canonical JSON: key order and whitespace do not matter."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(
    *,
    system: PartnerSystem,
    key: str,
    request_hash: str,
    work: Callable[[], Response],
) -> Response:
    """Run `work` at most once per (system, key); replay its response for the same body.

    Raises `KeyReused` or `KeyInFlight` without running `work`; re-raises whatever `work`
    raises, after releasing the key.
    """
    claimed = _claim(system=system, key=key, request_hash=request_hash)
    if isinstance(claimed, Response):
        return claimed
    try:
        with transaction.atomic():
            response = work()
            completed = IdempotencyRecord.objects.filter(
                pk=claimed.pk, claim=claimed.claim, status=IdempotencyRecord.Status.IN_FLIGHT
            ).update(
                status=IdempotencyRecord.Status.COMPLETED,
                response_status=response.status,
                response_body=response.body,
            )
            if completed != 1:
                raise ClaimLost
    except ClaimLost:
        raise KeyInFlight from None
    except BaseException:
        _release(claimed)
        raise
    return response


def _claim(*, system: PartnerSystem, key: str, request_hash: str) -> IdempotencyRecord | Response:
    for _ in range(CLAIM_ATTEMPTS):
        try:
            return _insert_claim(system=system, key=key, request_hash=request_hash)
        except IntegrityError:
            pass
        earlier = IdempotencyRecord.objects.filter(partner_system=system, key=key).first()
        if earlier is None:
            continue  # the earlier request failed and let the key go: claim it again
        if earlier.request_hash != request_hash:
            raise KeyReused
        if earlier.status == IdempotencyRecord.Status.COMPLETED:
            assert earlier.response_status is not None
            return Response(earlier.response_status, earlier.response_body or {}, replayed=True)
        if earlier.claimed_at < timezone.now() - STALE_AFTER and _take_over(earlier):
            return earlier
        raise KeyInFlight
    raise KeyInFlight


def _insert_claim(*, system: PartnerSystem, key: str, request_hash: str) -> IdempotencyRecord:
    """Insert the in-flight record in a transaction of its own, committed at once.

    In autocommit mode the single INSERT is that transaction (one round trip, not three for
    BEGIN, INSERT, COMMIT). Inside a caller's transaction (tests), a savepoint keeps a
    duplicate key from spoiling it.
    """
    record = IdempotencyRecord(partner_system=system, key=key, request_hash=request_hash)
    if transaction.get_autocommit():
        record.save(force_insert=True)
    else:
        with transaction.atomic():
            record.save(force_insert=True)
    return record


def _take_over(record: IdempotencyRecord) -> bool:
    """Claim a record whose request died in flight; False if someone else got there first."""
    claim, now = uuid.uuid4(), timezone.now()
    taken = IdempotencyRecord.objects.filter(
        pk=record.pk, claim=record.claim, status=IdempotencyRecord.Status.IN_FLIGHT
    ).update(claim=claim, claimed_at=now)
    record.claim, record.claimed_at = claim, now
    return taken == 1


def _release(record: IdempotencyRecord) -> None:
    try:
        IdempotencyRecord.objects.filter(
            pk=record.pk, claim=record.claim, status=IdempotencyRecord.Status.IN_FLIGHT
        ).delete()
    except DatabaseError:
        # The connection may be gone; the record is then taken over after STALE_AFTER.
        logger.warning("Could not release an idempotency key", exc_info=True)


def purge_idempotency_records(*, older_than: timedelta = KEEP_FOR) -> int:
    """Delete records older than `older_than` (default 24 hours); returns how many.

    Not scheduled: call it from a periodic job. After a purge the key is free again.
    """
    deleted, _ = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
