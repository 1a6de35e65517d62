"""Intake benchmark: contacts per second through the partner API against PostgreSQL.

Prints ONE JSON line on stdout (see bench/README.md for the method and how to read it):

    {"bench": "intake", "clients": 8, "contacts_per_s": …, "p50_ms": …, "p95_ms": …,
     "raw_insert_per_s": …, "ratio": …, …}

1. Resets the database named in DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/frontdoor_bench; the name must contain "bench"),
   migrates, loads reference data and the demo hub, and issues a partner token.
2. Starts the app in server subprocesses on one port of 127.0.0.1 (Django's threaded HTTP/1.1
   server, one process per CPU sharing the port with SO_REUSEPORT, persistent database
   connections), and sends requests only there.
3. 8 client threads POST distinct valid contacts with Idempotency-Keys: a warm-up, then a
   fixed number measured. Latency per request gives p50/p95; contacts/s is the count over the
   wall time of the measured phase.
4. For the same duration, 8 threads with their own psycopg connections INSERT one row per
   statement (autocommit) into a scratch copy of the contacts table: raw_insert_per_s.
5. Counts the queries one contact costs (in-process, CaptureQueriesContext).

Options: --contacts N (measured, default 400), --warmup N (default 40), --clients N (8),
--workers N (server processes, default one per CPU), --profile (print where one process's
time goes to stderr, with cProfile).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/, next to this script)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/frontdoor_bench"
HOST = "127.0.0.1"  # requests go only here


def fail(message: str) -> None:
    print(f"bench_intake: {message}", file=sys.stderr)
    sys.exit(2)


# --- The database ---------------------------------------------------------------------------


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        fail(
            f"needs PostgreSQL, not {scheme or url!r}: the benchmark measures PostgreSQL. "
            f"Set DATABASE_URL to a PostgreSQL database (default {DEFAULT_URL})."
        )
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        fail(f"refusing to reset database {name!r}: its name must contain 'bench'")
    return url


def prepare_hub() -> str:
    """Migrate, load reference data and the demo hub; return a partner system's token."""
    from django.core.management import call_command

    from frontdoor.agencies.demo import build_hub
    from frontdoor.agencies.models import Agency
    from frontdoor.agencies.tokens import issue_api_token
    from frontdoor.core.actors import Actor

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    actor = Actor.system("bench")
    build_hub(by=actor)
    police = Agency.objects.get(code="staffs-police")
    return issue_api_token(agency=police, name="Benchmark client", by=actor).token


# --- Contacts to send -----------------------------------------------------------------------


_NHS_NUMBERS: list[str] = []


def nhs_number(n: int) -> str:
    """A valid NHS number in the 999 range (reserved for testing), distinct for n < 90 000."""
    from frontdoor.people.identifiers import nhs_check_digit

    if not _NHS_NUMBERS:
        for candidate in range(100_000):
            first_nine = f"9990{candidate:05d}"
            check = nhs_check_digit(first_nine)
            if check is not None:
                _NHS_NUMBERS.append(f"{first_nine}{check}")
    return _NHS_NUMBERS[n % len(_NHS_NUMBERS)]


def contact_body(n: int) -> dict[str, Any]:
    """The n-th distinct, valid contact: a new child each time, as a police notification."""
    return {
        "local_authority_code": "860" if n % 3 else "861",
        "referral_source": "5A",
        "referrer": {
            "kind": "professional",
            "name": "PC Bench Example",
            "role": "Police constable",
            "organisation": "Staffordshire Police",
            "phone": "01785 000000",
            "email": "bench@police.example",
        },
        "subjects": [
            {
                "given_name": f"Child{n}",
                "family_name": "Benchmark",
                "role": "subject_child",
                "date_of_birth": f"{2010 + n % 14}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "sex": "FMU"[n % 3],
                "postcode": "ST4 1AA",
                "nhs_number": nhs_number(n),
            }
        ],
        "cohort": "child",
        "concern": (
            f"Notification {n}: officers attended a domestic incident at the family home. "
            "The child was present, was distressed and told officers that the shouting happens "
            "most nights. Both adults had been drinking. No injuries were seen."
        ),
        "categories": ["18C", "3C"],
        "family_aware": "yes",
        "consent": "not_sought",
        "consent_reason": "A police notification of a domestic incident.",
        "referrer_urgency": "soon",
    }


# --- The server -----------------------------------------------------------------------------


def serve(port: int) -> None:
    """Run the app on 127.0.0.1:port (shared by every worker), say so, serve until ended."""
    import django

    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadedWSGIServer):
        allow_reuse_port = True  # SO_REUSEPORT: the kernel spreads connections over workers

    server = Server((HOST, port), QuietHandler)
    server.set_app(get_wsgi_application())
    print("ready", flush=True)
    server.serve_forever()


def start_servers(env: dict[str, str], workers: int) -> tuple[list[subprocess.Popen[str]], int]:
    """Start `workers` server processes on one free port of 127.0.0.1."""
    placeholder = socket.socket()
    placeholder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    placeholder.bind((HOST, 0))  # holds the port until the workers listen on it
    port = placeholder.getsockname()[1]
    processes = [
        subprocess.Popen(  # noqa: S603  (this script, with a port number)
            [sys.executable, __file__, "--serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                stop_servers(processes)
                fail("a server process did not start")
    finally:
        placeholder.close()
    return processes, port


def stop_servers(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)


# --- The clients ----------------------------------------------------------------------------


class Client:
    """One keep-alive connection to the server, as one partner system's sender."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def send(self, body: dict[str, Any]) -> tuple[int, float]:
        payload = json.dumps(body)
        headers = {**self.headers, "Idempotency-Key": str(uuid.uuid4())}
        started = time.perf_counter()
        self.connection.request("POST", "/api/v1/contacts", payload, headers)
        response = self.connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started


def run_clients(
    *, port: int, token: str, clients: int, per_client: int, first: int
) -> tuple[list[float], Counter[int], float]:
    """Each client sends `per_client` contacts; returns latencies, statuses and wall time."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def work(index: int) -> None:
        client = Client(port, token)
        mine: list[tuple[int, float]] = []
        barrier.wait()
        for i in range(per_client):
            mine.append(client.send(contact_body(first + index * per_client + i)))
        client.connection.close()
        with lock:
            for status, seconds in mine:
                statuses[status] += 1
                latencies.append(seconds)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


# --- The raw INSERT baseline ------------------------------------------------------------------

RAW_TABLE = "bench_raw_insert"


def raw_insert_rate(url: str, *, clients: int, seconds: float) -> tuple[float, int]:
    """Rows per second that `clients` psycopg connections insert, one autocommitted row each.

    The scratch table is a copy of contacts_contact (same columns, defaults and indexes,
    no foreign keys), so a row is as wide as a contact's.
    """
    import psycopg

    info = benchdb.conninfo(url)
    with psycopg.connect(info, autocommit=True) as setup:
        setup.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        setup.execute(
            f"CREATE TABLE {RAW_TABLE} (LIKE contacts_contact INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING INDEXES INCLUDING CONSTRAINTS)"
        )
        row = setup.execute(
            "SELECT local_authority_id, referral_source_id, team_id, concern FROM contacts_contact "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    assert row is not None
    local_authority_id, source, team_id, concern = row
    statement = (
        "INSERT INTO bench_raw_insert (local_authority_id, received_at, channel, "
        "referral_source_id, referrer_kind, referrer_anonymous, referrer_name, referrer_role, "
        "referrer_organisation, "
        "referrer_phone, referrer_email, cohort, concern, action_taken, family_aware, consent, "
        "consent_reason, referrer_urgency, status, decision_due_at, team_id, created_at) "
        "VALUES (%s, now(), 'partner_api', %s, 'professional', false, 'PC Bench Example', "
        "'Police constable', 'Staffordshire Police', '01785 000000', 'bench@police.example', "
        "'child', %s, '', 'yes', 'not_sought', 'A police notification of a domestic incident.', "
        "'soon', 'received', now() + interval '1 day', %s, now())"
    )
    counts = [0] * clients
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work(index: int) -> None:
        with psycopg.connect(info, autocommit=True) as connection:
            barrier.wait()
            n = 0
            while time.perf_counter() < deadline[0]:
                connection.execute(statement, (local_authority_id, source, concern, team_id))
                n += 1
            counts[index] = n

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds + 1.0  # threads are connected by now
    barrier.wait()
    started = time.perf_counter()
    deadline[0] = started + seconds
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with psycopg.connect(info, autocommit=True) as cleanup:
        cleanup.execute(f"DROP TABLE {RAW_TABLE}")
    return sum(counts) / elapsed, sum(counts)


# --- Where the time goes ----------------------------------------------------------------------


def queries_per_contact(token: str) -> tuple[int, dict[str, int]]:
    """The SQL statements one contact costs, by kind (in-process, test client)."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(headers={"Authorization": f"Bearer {token}"})
    body = json.dumps(contact_body(80_000))
    client.post("/api/v1/contacts", body, content_type="application/json")  # warm caches
    body = json.dumps(contact_body(80_001))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/api/v1/contacts",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    assert response.status_code == 201, response.content
    kinds: Counter[str] = Counter()
    for query in captured.captured_queries:
        words = query["sql"].replace('"', "").split()
        verb = words[0].upper()
        after = {"SELECT": "FROM", "INSERT": "INTO", "UPDATE": "UPDATE", "DELETE": "FROM"}
        upper = [word.upper() for word in words]
        marker = after.get(verb)
        table = words[upper.index(marker) + 1] if marker in upper else ""
        kinds[f"{verb} {table}".strip()] += 1
    return len(captured.captured_queries), dict(kinds.most_common())


def profile(token: str, requests: int = 100) -> None:
    """cProfile `requests` contacts in-process and print the top functions to stderr."""
    import cProfile
    import pstats

    from django.test import Client as DjangoClient

    client = DjangoClient(headers={"Authorization": f"Bearer {token}"})
    bodies = [json.dumps(contact_body(70_000 + n)) for n in range(requests)]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for body in bodies:
        client.post(
            "/api/v1/contacts",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    profiler.disable()
    per_request = (time.perf_counter() - started) / requests * 1000
    print(f"in-process, one client: {per_request:.1f} ms per contact", file=sys.stderr)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


# --- Main -------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--contacts", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.config.settings_test")
    # Whitenoise warns that there is no collected static directory; the API needs none.
    os.environ.setdefault("PYTHONWARNINGS", "ignore:No directory at:UserWarning")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    if args.serve:
        serve(args.serve)
        return

    url = database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("FRONTDOOR_DB_CONN_MAX_AGE", "600")
    try:
        benchdb.reset_database(url)
    except Exception as exc:
        fail(f"cannot reset the database ({type(exc).__name__}: {exc})")

    import django

    django.setup()
    token = prepare_hub()

    load_before = round(os.getloadavg()[0], 2)
    per_client = max(1, args.contacts // args.clients)
    warmup_per_client = max(1, args.warmup // args.clients)
    servers, port = start_servers(dict(os.environ), args.workers)
    try:
        run_clients(
            port=port, token=token, clients=args.clients, per_client=warmup_per_client, first=0
        )
        latencies, statuses, elapsed = run_clients(
            port=port,
            token=token,
            clients=args.clients,
            per_client=per_client,
            first=1_000,
        )
    finally:
        stop_servers(servers)
    created = statuses[201]
    if created != per_client * args.clients:
        fail(f"not every request created a contact: {dict(statuses)}")
    contacts_per_s = created / elapsed
    raw_per_s, raw_rows = raw_insert_rate(url, clients=args.clients, seconds=elapsed)
    queries, by_kind = queries_per_contact(token)
    if args.profile:
        profile(token)

    from django.db import connection

    result = {
        "bench": "intake",
        "clients": args.clients,
        "contacts_per_s": round(contacts_per_s, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "raw_insert_per_s": round(raw_per_s, 1),
        "ratio": round(contacts_per_s / raw_per_s, 3),
        "contacts": created,
        "seconds": round(elapsed, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "raw_rows": raw_rows,
        "queries_per_contact": queries,
        "queries_by_kind": by_kind,
        "database": f"postgresql {connection.pg_version // 10000}",  # type: ignore[attr-defined]
        "server": f"django ThreadedWSGIServer, {args.workers} processes, keep-alive",
        "workers": args.workers,
        "cpus": os.cpu_count(),
        # Other work on the machine slows both rates; compare runs at a similar load.
        "loadavg_1m_before": load_before,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
