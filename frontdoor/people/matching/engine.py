"""The DuckDB side of matching: load standardised records, find candidate pairs by blocking
keys, and compute comparison levels for millions of pairs in SQL.

Used by the batch linker (``batch.py``) and by estimation (``estimate.py``). The SQL for each
level lives in ``comparisons.py`` beside its Python twin.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np

from .comparisons import FIELDS, sql_hard_rule, sql_levels
from .keys import batch_keys_of, keys_of
from .standardise import Prepared, nickname_groups

__all__ = [
    "LEVEL_COLUMNS",
    "MAX_BLOCK",
    "WIDE_MAX_BLOCK",
    "compare_candidates",
    "connect",
    "count_patterns",
    "find_candidates",
    "load_records",
    "random_pattern_counts",
]

#: A key shared by more records than this is too common to say anything; it is skipped.
MAX_BLOCK = 1_000
#: A wide key (one field's worth of agreement: names without a date, a date without names,
#: a house number and street) is used only while its block is this small, so it adds at most
#: a few pairs per record however large the input.
WIDE_MAX_BLOCK = 10
LEVEL_COLUMNS = [f"g{index}" for index in range(len(FIELDS))]


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


def _columns(columns: dict[str, Any]) -> dict[str, np.ndarray]:
    """Columns as NumPy arrays, which DuckDB reads directly (lists become object arrays)."""
    return {
        name: values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
        for name, values in columns.items()
    }


@lru_cache(maxsize=200_000)
def _nick_group(given_first: str) -> str:
    return "|".join(sorted(nickname_groups(given_first))) if given_first else ""


_LIST_COLUMNS = ("nick_group", "alias_given", "family_tokens", "alias_family", "address_tokens")


def load_records(con: duckdb.DuckDBPyConnection, prepared: Sequence[Prepared]) -> None:
    """Create table ``recs`` (one row per record, ``i`` its position) and ``keys``.

    List columns travel as ``|``-joined strings (much faster to hand over) and are split in SQL;
    standardised values hold only letters, digits and spaces, so ``|`` cannot occur in them.
    """
    table = _columns(
        {
            "i": np.arange(len(prepared), dtype=np.int32),
            "given": [p.given for p in prepared],
            "given_first": [p.given_first for p in prepared],
            "nick_group": [_nick_group(p.given_first) for p in prepared],
            "alias_given": ["|".join(p.alias_given) for p in prepared],
            "family": [p.family for p in prepared],
            "family_tokens": ["|".join(p.family_tokens) for p in prepared],
            "alias_family": ["|".join(p.alias_family) for p in prepared],
            "dob": [p.dob for p in prepared],
            "sex": [p.sex for p in prepared],
            "postcode": [p.postcode for p in prepared],
            "sector": [p.sector for p in prepared],
            "address": [p.address for p in prepared],
            "address_tokens": ["|".join(p.address_tokens) for p in prepared],
            "nhs": [p.nhs for p in prepared],
        }
    )
    splits = ", ".join(
        f"CASE WHEN {c} = '' THEN []::VARCHAR[] ELSE string_split({c}, '|') END AS {c}"
        for c in _LIST_COLUMNS
    )
    splits += ", dob::DATE AS dob"  # typed even when no record has a date of birth
    con.register("recs_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE recs AS SELECT * REPLACE ({splits}) FROM recs_arrow")  # noqa: S608 (our own SQL, no input)
    con.unregister("recs_arrow")
    owners: list[int] = []
    keys: list[str] = []
    for index, record in enumerate(prepared):
        for key in (*keys_of(record), *batch_keys_of(record)):
            owners.append(index)
            keys.append(key)
    key_table = _columns({"i": np.array(owners, dtype=np.int32), "key": keys})
    con.register("keys_arrow", key_table)
    con.execute("CREATE OR REPLACE TABLE keys AS SELECT * FROM keys_arrow")
    con.unregister("keys_arrow")


def find_candidates(con: duckdb.DuckDBPyConnection) -> int:
    """Create table ``pairs (i, j)``, i < j, of records sharing a key; return its size."""
    con.execute(
        f"""
        CREATE OR REPLACE TABLE usable AS
        SELECT k.i, k.key FROM keys k
        JOIN (SELECT key FROM keys GROUP BY key
              HAVING count(*) >= 2 AND count(*) <= CASE WHEN key[1:2] IN ('g:', 'b:', 's:')
                  THEN {WIDE_MAX_BLOCK} ELSE {MAX_BLOCK} END) b
          USING (key);
        CREATE OR REPLACE TABLE pairs AS
        SELECT DISTINCT a.i AS i, b.i AS j FROM usable a JOIN usable b USING (key)
        WHERE a.i < b.i;
        DROP TABLE usable;
        """  # noqa: S608 (our own SQL: no input reaches it)
    )
    row = con.execute("SELECT count(*) FROM pairs").fetchall()[0]
    return int(row[0]) if row else 0


def _levels_select(source: str) -> str:
    levels = sql_levels()
    columns = ",\n".join(
        f"({expr})::TINYINT AS {name}" for expr, name in zip(levels, LEVEL_COLUMNS, strict=True)
    )
    return f"""
        SELECT p.i, p.j, {columns}
        FROM {source} p JOIN recs l ON l.i = p.i JOIN recs r ON r.i = p.j
    """  # noqa: S608 (our own SQL: no input reaches it)


def compare_candidates(con: duckdb.DuckDBPyConnection, *, twins_rule: bool = True) -> None:
    """Create table ``cmp (i, j, g0 … g6, hard)`` from ``pairs``."""
    con.execute(f"CREATE OR REPLACE TABLE cmp_levels AS {_levels_select('pairs')}")
    hard = sql_hard_rule(LEVEL_COLUMNS, twins=twins_rule)
    con.execute(
        f"CREATE OR REPLACE TABLE cmp AS SELECT *, ({hard})::TINYINT AS hard FROM cmp_levels"  # noqa: S608 (our own SQL, no input)
    )
    con.execute("DROP TABLE cmp_levels")


def count_patterns(
    con: duckdb.DuckDBPyConnection, table: str = "cmp"
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct comparison vectors in ``table`` and how many pairs have each."""
    columns = ", ".join(LEVEL_COLUMNS)
    rows = con.execute(
        f"SELECT {columns}, count(*) AS n FROM {table} GROUP BY ALL ORDER BY ALL"  # noqa: S608 (our own SQL, no input)
    ).fetchnumpy()
    patterns = np.stack([rows[c].astype(np.int64) for c in LEVEL_COLUMNS], axis=1)
    return patterns, rows["n"].astype(np.float64)


def random_pattern_counts(
    con: duckdb.DuckDBPyConnection, n_records: int, sample: int, seed: int = 17
) -> tuple[np.ndarray, np.ndarray]:
    """Comparison vectors of ``sample`` random pairs of different records (for u)."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n_records, size=sample, dtype=np.int64)
    j = rng.integers(0, n_records, size=sample, dtype=np.int64)
    keep = i != j
    table = {"i": i[keep].astype(np.int32), "j": j[keep].astype(np.int32)}
    con.register("random_arrow", table)
    con.execute(f"CREATE OR REPLACE TABLE random_cmp AS {_levels_select('random_arrow')}")
    con.unregister("random_arrow")
    result = count_patterns(con, "random_cmp")
    con.execute("DROP TABLE random_cmp")
    return result
