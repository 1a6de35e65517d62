"""Batch linking: CSV files of person records in, one cluster per person out.

:func:`read_csv` reads one file in the ``link_records`` format and counts the values it had
to treat as missing. :func:`link` standardises the records, finds candidate pairs by blocking
keys, scores them in DuckDB SQL, re-estimates the model on the input when there is enough of
it, and clusters the links without chaining (``cluster.py``).
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from frontdoor.people.identifiers import InvalidIdentifier, normalise_nhs_number

from .cluster import constrained_clusters
from .comparisons import (
    ADDRESS,
    FAMILY,
    FIELDS,
    GIVEN,
    SHARED_ADDRESS,
    sql_household_without_birth_date,
    sql_name_alone_without_birth_date,
)
from .engine import LEVEL_COLUMNS, compare_candidates, connect, find_candidates, load_records
from .estimate import estimate_on_connection
from .model import HOUSEHOLD_CEILING, MatchModel, load_model
from .records import PersonRecord
from .standardise import clean_postcode, parse_date, prepare

__all__ = [
    "DEFAULT_THRESHOLD",
    "ESTIMATE_FROM",
    "InputError",
    "LinkResult",
    "ReadSummary",
    "link",
    "read_csv",
]

DEFAULT_THRESHOLD = 0.9
#: Inputs at least this large get their own m, u and prior by EM; smaller ones use model.json.
ESTIMATE_FROM = 1_000
REQUIRED_COLUMNS = ("record_id",)

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int], Iterable[T]]


class InputError(ValueError):
    """The input cannot be linked as given (a missing column, a repeated record id)."""


@dataclass
class ReadSummary:
    """What was read from one file, and how many values were treated as missing."""

    name: str
    records: list[PersonRecord] = field(default_factory=list)
    bad_dates: int = 0
    bad_nhs_numbers: int = 0
    non_uk_postcodes: int = 0

    def describe(self) -> str:
        parts = [f"Read {_count(len(self.records), 'record', 'records')} from {self.name}"]
        if self.bad_dates:
            dates = _count(self.bad_dates, "date of birth", "dates of birth")
            were = "was" if self.bad_dates == 1 else "were"
            parts.append(f"{dates} could not be read and {were} treated as missing")
        if self.bad_nhs_numbers:
            numbers = _count(self.bad_nhs_numbers, "NHS number", "NHS numbers")
            were = "was" if self.bad_nhs_numbers == 1 else "were"
            parts.append(
                f"{numbers} {were} not valid (wrong length or failed the modulus 11 check) "
                f"and {were} treated as missing"
            )
        if self.non_uk_postcodes:
            postcodes = _count(self.non_uk_postcodes, "postcode", "postcodes")
            if self.non_uk_postcodes == 1:
                parts.append(f"{postcodes} was not a valid UK postcode and was compared as written")
            else:
                parts.append(
                    f"{postcodes} were not valid UK postcodes and were compared as written"
                )
        return "; ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _no_progress[T](items: Iterable[T], description: str, total: int) -> Iterable[T]:
    return items


# The columns `link_records` reads (the benchmark writes the same); others are ignored.
INPUT_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address_line",
    "nhs_number",
)


def read_csv(path: Path, progress: Progress[list[str]] = _no_progress) -> ReadSummary:
    """Read one file. Missing optional columns are empty; a missing ``record_id`` raises."""
    summary = ReadSummary(name=path.name)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise InputError(f"{path.name} has no {', '.join(missing)} column")
        # Each wanted column's position, or -1 when the file lacks it.
        where = [header.index(c) if c in header else -1 for c in INPUT_COLUMNS]
        width = len(header)
        records = summary.records
        for row in progress(reader, f"Reading {path.name}", 0):
            if not row:
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            records.append(_record([row[k] if k >= 0 else "" for k in where], summary))
    return summary


def _record(values: list[str], summary: ReadSummary) -> PersonRecord:
    record_id, given, family, raw_dob, sex, raw_postcode, address, raw_nhs = values
    raw_dob = raw_dob.strip()
    dob = parse_date(raw_dob) if raw_dob else None
    if raw_dob and dob is None:
        summary.bad_dates += 1
    nhs = ""
    if raw_nhs.strip():
        try:
            nhs = normalise_nhs_number(raw_nhs)
        except InvalidIdentifier:
            summary.bad_nhs_numbers += 1
    postcode, uk = clean_postcode(raw_postcode)
    if not uk:
        summary.non_uk_postcodes += 1
    return PersonRecord(record_id, given, family, dob, sex, postcode, address, nhs)


@dataclass
class LinkResult:
    """Cluster per record id, and figures for the summary."""

    clusters: dict[str, str]
    candidate_pairs: int
    links: int
    forbidden_pairs: int
    model: MatchModel


def _check_unique(records: Sequence[PersonRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.record_id in seen:
            raise InputError(
                f"Record id {record.record_id!r} appears more than once; record ids must be "
                "unique across all inputs"
            )
        seen.add(record.record_id)


def _weight_sql(model: MatchModel) -> str:
    """SQL for the match weight, as :meth:`MatchModel.weight_of` computes it."""
    terms = [f"{model.prior_weight!r}::DOUBLE"]
    for f, column in zip(FIELDS, LEVEL_COLUMNS, strict=True):
        cases = " ".join(
            f"WHEN {level} THEN {weight!r}::DOUBLE"
            for level, weight in enumerate(model.weights[f.name])
        )
        term = f"CASE {column} {cases} END"
        if f is FAMILY:
            given = LEVEL_COLUMNS[FIELDS.index(GIVEN)]
            address = LEVEL_COLUMNS[FIELDS.index(ADDRESS)]
            term = f"""CASE
                WHEN {given} = {GIVEN.index("swapped")} AND {column} = {FAMILY.index("swapped")}
                     THEN 0::DOUBLE
                WHEN {address} IN {SHARED_ADDRESS} THEN least({term}, 0)
                ELSE {term} END"""
        terms.append(term)
    total = " + ".join(terms)
    held = (
        f"{sql_household_without_birth_date(LEVEL_COLUMNS)}"
        f" OR {sql_name_alone_without_birth_date(LEVEL_COLUMNS)}"
    )
    return f"CASE WHEN {held} THEN least({total}, {HOUSEHOLD_CEILING!r}::DOUBLE) ELSE {total} END"


def link(
    records: Sequence[PersonRecord],
    *,
    model: MatchModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    estimate: bool = True,
    twins_rule: bool = True,
    progress: Progress[PersonRecord] = _no_progress,
    threads: int | None = None,
) -> LinkResult:
    """Link records into people; every record gets a cluster id (a string).

    Pairs with probability at least ``threshold`` are linked, strongest first, unless a hard
    rule forbids the pair or the merge would join two records that may never link. With
    ``estimate`` and at least :data:`ESTIMATE_FROM` records, m, u and the prior are estimated
    on these records, starting from ``model`` (default: ``model.json``). ``twins_rule=False``
    drops the twins rule, for data known to hold no twins (benchmarks such as FEBRL).
    """
    _check_unique(records)
    base = model or load_model()
    prepared = [prepare(r) for r in progress(records, "Standardising", len(records))]
    con = connect(threads)
    load_records(con, prepared)
    candidates = find_candidates(con)
    compare_candidates(con, twins_rule=twins_rule)
    if estimate and len(records) >= ESTIMATE_FROM:
        used = estimate_on_connection(con, len(records), start=base)
    else:
        used = base.for_population(len(records))
    cut = math.log2(threshold / (1 - threshold)) if threshold < 1 else math.inf
    rows = con.execute(
        f"""
        SELECT i, j, w, hard FROM (SELECT i, j, hard, {_weight_sql(used)} AS w FROM cmp)
        WHERE hard > 0 OR w >= ?
        """,  # noqa: S608 (our own SQL; the cut is a parameter)
        [cut],
    ).fetchnumpy()
    con.close()
    hard = rows["hard"] > 0
    i, j, w = rows["i"].astype(np.int64), rows["j"].astype(np.int64), rows["w"]
    links = (i[~hard], j[~hard], w[~hard].astype(np.float64))
    labels = constrained_clusters(
        len(records), links, (i[hard], j[hard]), [p.nhs for p in prepared]
    )
    clusters = {r.record_id: str(int(label) + 1) for r, label in zip(records, labels, strict=True)}
    return LinkResult(
        clusters=clusters,
        candidate_pairs=candidates,
        links=int((~hard).sum()),
        forbidden_pairs=int(hard.sum()),
        model=used,
    )


def likely_pairs(
    records: Sequence[PersonRecord],
    *,
    model: MatchModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[tuple[str, str, float]]:
    """(record id, record id, match weight) of every pair at least ``threshold`` likely to be
    one person that no hard rule forbids, strongest first: the candidates of a duplicates
    review, found the way :func:`link` finds them (same keys, levels and weights), without
    clustering and without re-estimating the model."""
    _check_unique(records)
    used = model or load_model()
    con = connect()
    load_records(con, [prepare(r) for r in records])
    find_candidates(con)
    compare_candidates(con)
    cut = math.log2(threshold / (1 - threshold)) if threshold < 1 else math.inf
    rows = con.execute(
        f"""
        SELECT i, j, w FROM (SELECT i, j, hard, {_weight_sql(used)} AS w FROM cmp)
        WHERE hard = 0 AND w >= ? ORDER BY w DESC, i, j
        """,  # noqa: S608 (our own SQL; the cut is a parameter)
        [cut],
    ).fetchall()
    con.close()
    return [(records[i].record_id, records[j].record_id, float(w)) for i, j, w in rows]


def main() -> None:  # pragma: no cover - a convenience for profiling without Django
    records: list[PersonRecord] = []
    for name in sys.argv[1:]:
        records.extend(read_csv(Path(name)).records)
    result = link(records)
    print(len(set(result.clusters.values())), "clusters", file=sys.stderr)
