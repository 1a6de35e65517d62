"""Reports benchmark: the Walsall and Nottinghamshire tables and Annex A lists 1–5 for one large
authority, on PostgreSQL, beside one hand-written SQL aggregate over the same rows.

Prints ONE JSON line per period on stdout (progress and the slowest queries go to stderr):

    {"bench": "reports", "years": 5, "contacts": 150000, "seconds": …, "raw_sql_seconds": …,
     "ratio": …, …}

1. Resets the database named in BENCH_REPORTS_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/frontdoor_bench_reports; the name must contain "bench"),
   migrates it, loads reference data and the demo hub (`agencies.demo.build_hub`, the sharing
   agreement). With --reuse, keeps a database already loaded with the same sizes.
2. Generates five years (2021–2025) of Staffordshire's front door, 30,000 contacts a year, and
   a tenth of that for Stoke-on-Trent (the other authority of the hub, which every figure
   must leave out), with `bench/reportdata.py`: `INSERT … SELECT` from `generate_series`,
   deterministic. Then VACUUM ANALYZE.
3. For the last five years and the last year, on Staffordshire alone:
   - `seconds`: wall time to compute the Walsall table (report "volumes"), the
     Nottinghamshire table (report "enquiries"; both built for an analyst, pseudonymised) and
     `annex_a_lists(scope)`. One untimed run first, then the median of three.
   - `raw_sql_seconds`: the median of three runs (after one untimed) of RAW_SQL below, one
     hand-written aggregate over the same rows: contacts per month with counts by approved
     outcome, each contact joined to its latest approved recommendation.
   - `ratio` = seconds ÷ raw_sql_seconds.
   Extra keys: each part's median (`volumes_seconds`, `enquiries_seconds`,
   `annex_a_seconds`), `python_cpu_seconds` (this process's CPU time in a run: building
   rows and tables in Python, converting values), `annex_a_rows` per list, and from the
   untimed run, made under CaptureQueriesContext, `queries` (statements issued) and
   `sql_seconds` (their time as Django measures it); `load_seconds`, `loadavg_1m_before`.
   That run prints the slowest statements to stderr; --explain adds EXPLAIN ANALYZE of the
   slowest three.

Options: --per-year N (contacts a year, default 30,000), --reuse, --explain, --generate-only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/, next to this script)

from bench import reportdata  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/frontdoor_bench_reports"
LA, OTHER_LA = "860", "861"  # Staffordshire, Stoke-on-Trent (the demo hub)
FIRST, LAST = date(2021, 1, 1), date(2025, 12, 31)
SIZES = (5, 1)  # years measured, each ending on LAST
REPEATS = 3

# The floor: contacts per month of the period with counts by approved outcome (advice and
# guidance, referrals, section 17, section 47), each contact joined to its latest approved
# recommendation (screening_recommendation ⋈ screening_managerdecision, verdict approved).
RAW_SQL = """
SELECT date_trunc('month', c.received_at AT TIME ZONE 'Europe/London') AS month,
       count(*) AS contacts,
       count(*) FILTER (WHERE a.outcome IN ('nfa', 'information_and_advice', 'signpost',
                                            'police_only')) AS advice_and_guidance,
       count(*) FILTER (WHERE a.outcome IN ('early_help', 's17_assessment', 's47_strategy',
                                            's42_enquiry', 'transfer')) AS referrals,
       count(*) FILTER (WHERE a.outcome = 's17_assessment') AS section_17,
       count(*) FILTER (WHERE a.outcome = 's47_strategy') AS section_47
FROM {contact} c
JOIN agencies_localauthority la ON la.id = c.local_authority_id
LEFT JOIN (
    SELECT DISTINCT ON (r.contact_id) r.contact_id, r.outcome
    FROM {recommendation} r JOIN {decision} d ON d.recommendation_id = r.id
    WHERE d.verdict = 'approved'
    ORDER BY r.contact_id, d.decided_at DESC, r.id DESC
) a ON a.contact_id = c.id
WHERE la.code = %(la)s AND c.received_at >= %(start)s AND c.received_at < %(end)s
GROUP BY 1 ORDER BY 1
"""


def say(message: str) -> None:
    print(f"bench_reports: {message}", file=sys.stderr, flush=True)


def database_url() -> str:
    return benchdb.database_url(env="BENCH_REPORTS_DATABASE_URL", default=DEFAULT_URL, say=say)


def contacts_of(la_code: str, start: date, end: date) -> int:
    from frontdoor.contacts.models import Contact
    from frontdoor.reporting.scope import ReportScope

    scope = ReportScope((la_code,), start, end)
    return Contact.objects.filter(
        local_authority__code=la_code,
        received_at__gte=scope.start_at,
        received_at__lt=scope.end_before,
    ).count()


def load(per_year: int) -> float:
    """Reset, migrate, build the hub and generate both authorities' history; seconds taken."""
    from django.core.management import call_command

    from frontdoor.agencies.demo import build_hub
    from frontdoor.core.actors import Actor
    from frontdoor.enquiries.agreements import build_hub_sharing

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", first_year=FIRST.year - 1, last_year=LAST.year + 1)
    by = Actor.system("bench_reports")
    build_hub(by=by)
    build_hub_sharing(local_authority_codes=[LA, OTHER_LA], by=by)
    years = max(SIZES)
    big = per_year * years
    say(f"generating {big:,} contacts of {LA} and {big // 10:,} of {OTHER_LA}")
    trace = say if os.environ.get("BENCH_REPORTS_TRACE") else None
    with reportdata.bulk(trace=trace):
        for la_code, other, contacts, pools in (
            (LA, OTHER_LA, big, reportdata.Pools(contacts_from=0, persons_from=0)),
            (
                OTHER_LA,
                LA,
                big // 10,
                reportdata.Pools(contacts_from=10 * big, persons_from=10 * big),
            ),
        ):
            began = time.perf_counter()
            written = reportdata.generate(
                la_code=la_code,
                other_la_code=other,
                start=FIRST,
                end=LAST,
                contacts=contacts,
                pools=pools,
                trace=trace,
            )
            say(f"{la_code}: {written} in {time.perf_counter() - began:.1f} s")
    say("VACUUM ANALYZE")
    reportdata.analyze()
    return time.perf_counter() - started


def compute(scope: Any) -> dict[str, Any]:
    """The three things timed; returns each part's seconds and Annex A's row counts."""
    from frontdoor.reporting.annex_a import annex_a_lists
    from frontdoor.reporting.registry import REPORTS

    parts: dict[str, Any] = {"python_cpu_seconds": time.process_time()}
    began = time.perf_counter()
    REPORTS["volumes"].build(scope, False)
    parts["volumes_seconds"] = time.perf_counter() - began
    began = time.perf_counter()
    REPORTS["enquiries"].build(scope, False)
    parts["enquiries_seconds"] = time.perf_counter() - began
    began = time.perf_counter()
    lists = annex_a_lists(scope)
    parts["annex_a_seconds"] = time.perf_counter() - began
    parts["annex_a_rows"] = {sheet: len(rows) for sheet, rows in lists.items()}
    parts["python_cpu_seconds"] = time.process_time() - parts["python_cpu_seconds"]
    return parts


def raw_sql(scope: Any) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            RAW_SQL.format(**reportdata.tables()),
            {"la": scope.authority_codes[0], "start": scope.start_at, "end": scope.end_before},
        )
        return len(cursor.fetchall())


def median_of(run: Callable[[], Any], *, warm: bool = True) -> tuple[float, list[Any]]:
    """One untimed run (unless `warm` is False), then REPEATS timed: (median seconds, each
    run's result)."""
    if warm:
        run()
    seconds, results = [], []
    for _ in range(REPEATS):
        began = time.perf_counter()
        results.append(run())
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds), results


def slowest_queries(scope: Any, *, explain: bool) -> tuple[int, float]:
    """The untimed first run, capturing statements: print the slowest to stderr; return how
    many statements ran and the seconds they took (as Django timed them: sent to received)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        compute(scope)
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    for query in queries[:6]:
        say(f"  {float(query['time']):.3f} s  {' '.join(query['sql'].split())[:400]}")
    if explain:
        with connection.cursor() as cursor:
            for query in queries[:3]:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                say("\n".join(row[0] for row in cursor.fetchall()))
    return len(queries), sum(float(query["time"]) for query in queries)


def measure(years: int, *, load_seconds: float, load_before: float, explain: bool) -> None:
    from frontdoor.reporting.scope import scope_for_authorities

    scope = scope_for_authorities([LA], start=date(LAST.year - years + 1, 1, 1), end=LAST)
    contacts = contacts_of(LA, scope.start, scope.end)
    say(f"{years} year(s): {contacts:,} contacts of {LA}")
    raw_seconds, _ = median_of(lambda: raw_sql(scope))
    queries, sql_seconds = slowest_queries(scope, explain=explain)
    seconds, runs = median_of(lambda: compute(scope), warm=False)
    parts = {
        key: round(statistics.median(run[key] for run in runs), 3)
        for key in ("volumes_seconds", "enquiries_seconds", "annex_a_seconds", "python_cpu_seconds")
    }
    print(
        json.dumps(
            {
                "bench": "reports",
                "years": years,
                "contacts": contacts,
                "seconds": round(seconds, 3),
                "raw_sql_seconds": round(raw_seconds, 3),
                "ratio": round(seconds / raw_seconds, 1),
                **parts,
                "annex_a_rows": runs[-1]["annex_a_rows"],
                "queries": queries,
                "sql_seconds": round(sql_seconds, 3),
                "load_seconds": round(load_seconds, 1),
                "loadavg_1m_before": load_before,
            }
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=30_000)
    parser.add_argument("--reuse", action="store_true", help="keep a database already loaded")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest")
    parser.add_argument("--generate-only", action="store_true")
    options = parser.parse_args()
    url = database_url()
    load_before = round(os.getloadavg()[0], 2)
    expected = options.per_year * max(SIZES)
    load_seconds = 0.0
    if options.reuse:
        benchdb.setup_django(url)
        if contacts_of(LA, FIRST, LAST) != expected:
            say(f"--reuse: the database does not hold {expected:,} contacts of {LA}")
            sys.exit(2)
    else:
        benchdb.reset_database(url)
        benchdb.setup_django(url)
        load_seconds = load(options.per_year)
        say(f"loaded in {load_seconds:.1f} s")
    if options.generate_only:
        return
    try:
        import frontdoor.reporting.annex_a
        import frontdoor.reporting.reports  # noqa: F401  (fills the registry)
    except ImportError as error:
        say(f"the reports are not there yet: {error}")
        sys.exit(1)
    for years in SIZES:
        measure(years, load_seconds=load_seconds, load_before=load_before, explain=options.explain)


if __name__ == "__main__":
    main()
