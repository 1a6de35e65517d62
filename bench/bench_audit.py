"""Audit trail benchmark: appends per second through the hash chain, and `verify_audit` speed.

Prints ONE JSON line on stdout (progress goes to stderr):

    {"bench": "audit", "appends_per_s": …, "append_p50_ms": …, "verify_events_per_s": …, …}

1. Resets the database named in BENCH_AUDIT_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/frontdoor_bench_audit; the name must contain "bench")
   and migrates it (the append-only trigger included).
2. Appends: one thread calls `audit.services.record` N times (default 2,000, after 100
   warm-up calls), each in its own transaction as a service run from a view would: advisory
   lock, read the head, HMAC, INSERT, COMMIT. `raw_insert_per_s` is the floor for comparison:
   the same rows INSERTed one per autocommitted statement into a scratch copy of the table
   (same columns and indexes, no trigger, no foreign key, no chain).
3. Fills the trail to R events (default 200,000) with rows chained in Python and written with
   COPY, then times `audit.chain.verify_stored` (what `manage.py verify_audit` runs) over all
   of them: `verify_events_per_s`, the CPU time this process spent (`verify_cpu_seconds`:
   the Python side, whatever else the machine is doing), and its peak memory before and after.
4. Times `rechain` over the whole trail under another key (every row rewritten, as the demo
   generator's `rewriting_history` does for the rows it backdated): `rechain_events_per_s`.

Options: --appends N, --events R.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/, next to this script)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/frontdoor_bench_audit"
ACTIONS = ("contact.viewed", "person.viewed", "contact.status_changed", "auth.login")


def say(message: str) -> None:
    print(f"bench_audit: {message}", file=sys.stderr, flush=True)


def database_url() -> str:
    return benchdb.database_url(env="BENCH_AUDIT_DATABASE_URL", default=DEFAULT_URL, say=say)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def details(n: int) -> dict[str, object]:
    return {"contact": 100_000 + n, "reference": f"FD-2026-{100_000 + n}", "status": "screening"}


def time_appends(count: int) -> tuple[float, list[float]]:
    """`count` audited transactions, one after another; returns (seconds, each in ms)."""
    from django.db import transaction

    from frontdoor.audit.services import record
    from frontdoor.core.actors import Actor

    by = Actor(user=None, label="Alice Practitioner", role="practitioner", ip_address="10.0.0.8")
    timings: list[float] = []
    started = time.perf_counter()
    for n in range(count):
        began = time.perf_counter()
        with transaction.atomic():
            record(ACTIONS[n % 4], by=by, local_authority_code="860", details=details(n))
        timings.append((time.perf_counter() - began) * 1000)
    return time.perf_counter() - started, timings


def time_raw_inserts(count: int) -> float:
    """The same rows, one autocommitted INSERT each, into a scratch copy: rows per second."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_audit_scratch")
        cursor.execute(
            "CREATE TABLE bench_audit_scratch (LIKE audit_auditevent "
            "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)"
        )
        started = time.perf_counter()
        for n in range(count):
            cursor.execute(
                "INSERT INTO bench_audit_scratch (occurred_at, action, actor_label, actor_role,"
                " actor_agency, local_authority, object_type, object_id, ip_address, details,"
                " sequence, previous_hash, hash)"
                " VALUES (%s, %s, %s, %s, '', '860', '', '', %s, %s, %s, %s, %s)",
                [
                    timezone.now(),
                    ACTIONS[n % 4],
                    "Alice Practitioner",
                    "practitioner",
                    "10.0.0.8",
                    json.dumps(details(n)),
                    n + 1,
                    "0" * 64,
                    "0" * 64,
                ],
            )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_audit_scratch")
    return count / seconds


def fill(total: int) -> float:
    """Chain rows in Python up to `total` events and COPY them in; returns seconds."""
    from django.db import connection
    from django.utils import timezone

    from frontdoor.audit.chain import chain_key, compute_hash, head

    started = time.perf_counter()
    sequence, previous = head()
    key = chain_key()
    at = timezone.now() - timedelta(days=365)
    columns = (
        "occurred_at, action, actor_label, actor_role, actor_agency, local_authority, "
        "object_type, object_id, ip_address, details, sequence, previous_hash, hash"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            for n in range(sequence + 1, total + 1):
                at += timedelta(milliseconds=150)
                content = {
                    "sequence": n,
                    "occurred_at": at,
                    "action": ACTIONS[n % 4],
                    "actor_id": None,
                    "actor_label": "Alice Practitioner",
                    "actor_role": "practitioner",
                    "actor_agency": "staffs-cs",
                    "local_authority": "860",
                    "object_type": "contacts.contact",
                    "object_id": str(100_000 + n),
                    "ip_address": "10.0.0.8",
                    "details": details(n),
                }
                digest = compute_hash(previous, content, key=key)
                copy.write_row(
                    (
                        at,
                        content["action"],
                        content["actor_label"],
                        content["actor_role"],
                        content["actor_agency"],
                        content["local_authority"],
                        content["object_type"],
                        content["object_id"],
                        content["ip_address"],
                        json.dumps(content["details"]),
                        n,
                        previous,
                        digest,
                    )
                )
                previous = digest
        cursor.execute("ANALYZE audit_auditevent")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=200_000)
    options = parser.parse_args()
    url = database_url()
    load_before = round(os.getloadavg()[0], 2)
    benchdb.reset_database(url)
    benchdb.setup_django(url)
    from django.core.management import call_command
    from django.test import override_settings

    from frontdoor.audit.chain import rewriting_history, verify_stored

    call_command("migrate", verbosity=0)
    say(f"appending {options.appends:,} events through audit.services.record")
    time_appends(100)  # warm-up
    seconds, timings = time_appends(options.appends)
    timings.sort()
    raw_per_s = time_raw_inserts(options.appends)
    say(f"filling the trail to {options.events:,} events")
    fill_seconds = fill(options.events)
    peak_before = peak_mb()
    say("verifying")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = verify_stored()
    verify_seconds = time.perf_counter() - started
    verify_cpu_seconds = time.process_time() - cpu_started
    if not result.intact or result.events != options.events:
        say(f"the chain did not verify: {result}")
        sys.exit(1)
    peak_after = peak_mb()
    say("re-chaining every event under another key")
    with override_settings(AUDIT_CHAIN_KEY="bench: another key"):
        started = time.perf_counter()
        with rewriting_history(from_sequence=1):
            pass
        rechain_seconds = time.perf_counter() - started
        if not verify_stored().intact:
            say("the re-chained trail did not verify")
            sys.exit(1)
    print(
        json.dumps(
            {
                "bench": "audit",
                "appends": options.appends,
                "appends_per_s": round(options.appends / seconds, 1),
                "append_p50_ms": round(statistics.median(timings), 2),
                "append_p95_ms": round(timings[max(0, round(0.95 * len(timings)) - 1)], 2),
                "raw_insert_per_s": round(raw_per_s, 1),
                "events": result.events,
                "verify_seconds": round(verify_seconds, 2),
                "verify_events_per_s": round(result.events / verify_seconds),
                "verify_cpu_seconds": round(verify_cpu_seconds, 2),
                "verify_peak_mb_before": peak_before,
                "verify_peak_mb_after": peak_after,
                "rechain_seconds": round(rechain_seconds, 2),
                "rechain_events_per_s": round(result.events / rechain_seconds),
                "fill_seconds": round(fill_seconds, 1),
                "loadavg_1m_before": load_before,
            }
        )
    )


if __name__ == "__main__":
    main()
