"""Person lookup benchmark: candidates for one new subject among a million persons, in PostgreSQL.

Prints ONE JSON line on stdout (progress goes to stderr):

    {"bench": "lookup", "persons": 1000000, "lookups": 250, "p50_ms": …, "p95_ms": …, …}

1. Resets the database named in DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/frontdoor_bench_lookup; the name must contain "bench"),
   migrates and loads reference data. With --reuse, keeps a database that already holds the
   same number of persons.
2. Loads N persons (default 1,000,000) from the UK household generator of the linkage
   benchmark (`bench/linkage/uk_households.py`, fixed seed: families, twins, typos, moves,
   NHS numbers in a minority) with COPY, and their blocking keys into `PersonSearchKey`, then
   ANALYZE.
3. Times `people.lookup.find_candidates` — the function the intake page calls: one indexed
   query on the keys, the candidates' details and other names, and the Fellegi–Sunter score
   of each — for 250 subjects: 200 are noisy copies of stored persons (a typo, a nickname, a
   day–month swap, a move, or as stored) and 50 are people not in the index. 20 warm-up
   lookups first. p50 and p95 are over the 250 measured lookups.

Options: --persons N, --lookups N, --reuse.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/, next to this script)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/frontdoor_bench_lookup"
SEED = 20261129


def say(message: str) -> None:
    print(f"bench_lookup: {message}", file=sys.stderr, flush=True)


def database_url() -> str:
    return benchdb.database_url(env="BENCH_LOOKUP_DATABASE_URL", default=DEFAULT_URL, say=say)


def _copy(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        names = ", ".join(columns)
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def load_persons(count: int) -> float:
    """Load `count` persons and their keys; return the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    from bench.linkage import uk_households
    from frontdoor.people.lookup import new_record
    from frontdoor.people.matching.keys import blocking_keys

    started = time.perf_counter()
    say(f"generating {count:,} persons")
    frame = uk_households.generate(count, seed=SEED).head(count)
    now = timezone.now()
    persons: list[tuple[object, ...]] = []
    keys: list[tuple[object, ...]] = []
    sexes = {"M": "M", "F": "F"}
    for pk, row in enumerate(frame.itertuples(index=False), start=1):
        born = date.fromisoformat(row.date_of_birth) if row.date_of_birth else None
        persons.append(
            (
                pk,
                row.given_name,
                "",
                row.family_name,
                born,
                sexes.get(row.sex or ""),
                row.address_line,
                row.postcode or "",
                row.nhs_number or "",
                "",
                "",
                "",
                now,
            )
        )
        record = new_record(
            given_name=row.given_name,
            family_name=row.family_name,
            date_of_birth=born,
            sex_code=row.sex or "",
            address=row.address_line,
            postcode=row.postcode or "",
            nhs_number=row.nhs_number or "",
        )
        keys.extend((pk, key) for key in dict.fromkeys(blocking_keys(record)))
    say(f"copying {len(persons):,} persons and {len(keys):,} keys")
    _copy(
        "people_person",
        [
            "id",
            "given_name",
            "middle_names",
            "family_name",
            "date_of_birth",
            "sex_id",
            "address",
            "postcode",
            "nhs_number",
            "upn",
            "pnc_id",
            "la_child_id",
            "created_at",
        ],
        persons,
    )
    _copy("people_personsearchkey", ["person_id", "key"], keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('people_person', 'id'), %s)", [len(persons)]
        )
        cursor.execute("ANALYZE people_person")
        cursor.execute("ANALYZE people_personsearchkey")
        cursor.execute("ANALYZE people_personname")
    return time.perf_counter() - started


def probes(count: int, rng: random.Random) -> list[dict[str, object]]:
    """Subjects to look up: noisy copies of stored persons, and people not in the index."""
    from frontdoor.people.models import Person

    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    known = int(count * 0.8)
    picked = rng.sample(range(1, top + 1), known)
    rows = Person.objects.filter(pk__in=picked).values(
        "given_name", "family_name", "date_of_birth", "sex_id", "address", "postcode", "nhs_number"
    )
    subjects: list[dict[str, object]] = []
    for row in rows:
        subject = {
            "given_name": row["given_name"],
            "family_name": row["family_name"],
            "date_of_birth": row["date_of_birth"],
            "sex_code": row["sex_id"] or "",
            "address": row["address"],
            "postcode": row["postcode"],
            "nhs_number": row["nhs_number"] if rng.random() < 0.3 else "",
        }
        change = rng.choice(("typo", "swap", "moved", "as stored"))
        name = str(subject["given_name"])
        born = subject["date_of_birth"]
        if change == "typo" and len(name) > 3:
            at = rng.randrange(1, len(name) - 1)
            subject["given_name"] = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
        elif change == "swap" and isinstance(born, date) and born.day <= 12:
            subject["date_of_birth"] = born.replace(day=born.month, month=born.day)
        elif change == "moved":
            subject["address"], subject["postcode"] = "1 New Street", ""
        subjects.append(subject)
    for n in range(count - len(subjects)):
        subjects.append(
            {
                "given_name": rng.choice(("Zephyrine", "Octavian", "Marigold", "Thaddeus")),
                "family_name": f"Nobody{n}",
                "date_of_birth": date(2010 + n % 10, 1 + n % 12, 1 + n % 28),
                "sex_code": "",
                "address": "",
                "postcode": "",
                "nhs_number": "",
            }
        )
    rng.shuffle(subjects)
    return subjects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=250)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    url = database_url()
    load_seconds = 0.0
    if not options.reuse:
        benchdb.reset_database(url)
    benchdb.setup_django(url)
    from django.core.management import call_command

    from frontdoor.people.lookup import find_candidates, new_record
    from frontdoor.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if Person.objects.count() != options.persons:
        if options.reuse:
            say("the database holds a different number of persons: loading afresh")
            Person.objects.all().delete()
        load_seconds = load_persons(options.persons)
    rng = random.Random(SEED)  # noqa: S311 - synthetic test subjects, not secrets
    subjects = probes(options.lookups + 20, rng)
    timings: list[float] = []
    found: list[int] = []
    for n, subject in enumerate(subjects):
        started = time.perf_counter()
        candidates = find_candidates(new_record(**subject))  # type: ignore[arg-type]
        elapsed = (time.perf_counter() - started) * 1000
        if n >= 20:  # the first 20 warm the caches and the model
            timings.append(elapsed)
            found.append(len(candidates))
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        json.dumps(
            {
                "bench": "lookup",
                "persons": options.persons,
                "lookups": len(timings),
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(p95, 2),
                "max_ms": round(timings[-1], 2),
                "mean_candidates_shown": round(statistics.mean(found), 2),
                "load_seconds": round(load_seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
