"""The batch path (DuckDB SQL) and the per-pair path (Python) give the same levels and weights."""

import random

import duckdb
import numpy as np
import pytest
from rapidfuzz.distance import JaroWinkler

from frontdoor.people.matching.batch import _weight_sql
from frontdoor.people.matching.comparisons import compare, hard_rule
from frontdoor.people.matching.engine import (
    LEVEL_COLUMNS,
    compare_candidates,
    connect,
    find_candidates,
    load_records,
)
from frontdoor.people.matching.model import load_model
from frontdoor.people.matching.standardise import prepare
from frontdoor.people.matching.synthetic import generate


@pytest.fixture(scope="module")
def compared():
    prepared = [prepare(p.record) for p in generate(250, seed=3)]
    con = connect(threads=2)
    load_records(con, prepared)
    find_candidates(con)
    rng = random.Random(4)
    extra = {tuple(sorted(rng.sample(range(len(prepared)), 2))) for _ in range(2000)}
    i, j = (np.array(side, dtype=np.int32) for side in zip(*extra, strict=True))
    con.register("extra", {"i": i, "j": j})
    con.execute("INSERT INTO pairs SELECT e.i, e.j FROM extra e ANTI JOIN pairs p USING (i, j)")
    compare_candidates(con)
    columns = ", ".join(LEVEL_COLUMNS)
    rows = con.execute(
        f"SELECT i, j, {columns}, hard, {_weight_sql(load_model())} AS w FROM cmp"  # noqa: S608
    ).fetchall()
    con.close()
    return prepared, rows


def test_sql_and_python_give_the_same_levels_on_thousands_of_pairs(compared):
    prepared, rows = compared
    assert len(rows) > 2000
    mismatches = [
        row for row in rows if compare(prepared[row[0]], prepared[row[1]]) != tuple(row[2:-2])
    ]
    assert mismatches == []


def test_sql_and_python_apply_the_same_hard_rules_and_weights(compared):
    prepared, rows = compared
    model = load_model()
    codes = {None: 0, "Different valid NHS numbers": 1}
    for row in rows:
        levels = compare(prepared[row[0]], prepared[row[1]])
        rule = hard_rule(levels)
        assert codes.get(rule, 2) == row[-2]
        assert model.weight_of(levels) == pytest.approx(row[-1], abs=1e-9)
    assert any(row[-2] == 2 for row in rows), "the sample should hold some twins"


def test_sql_and_python_weigh_the_special_cases_alike():
    """Swapped names (counted once) and a household pair without a birth date (held at even
    odds) weigh the same in SQL as in Python."""
    from datetime import date

    from frontdoor.people.matching.records import PersonRecord

    def person(given, family, born, sex="F"):
        return PersonRecord("x", given, family, born, sex, "B1 1AA", "12 High Street", "")

    records = [
        person("Eileen", "Singh", None),
        person("Eleanor", "Singh", date(2016, 3, 4)),
        person("Singh", "Eleanor", date(2016, 3, 4)),
        person("Eleanor", "Singh", date(2016, 3, 4)),
    ]
    prepared = [prepare(r) for r in records]
    con = connect(threads=1)
    load_records(con, prepared)
    con.execute(
        "CREATE OR REPLACE TABLE pairs AS SELECT a.i AS i, b.i AS j FROM recs a, recs b "
        "WHERE a.i < b.i"
    )
    compare_candidates(con)
    model = load_model()
    rows = con.execute(f"SELECT i, j, {_weight_sql(model)} AS w FROM cmp").fetchall()  # noqa: S608
    con.close()
    assert len(rows) == 6
    for i, j, weight in rows:
        levels = compare(prepared[i], prepared[j])
        assert model.weight_of(levels) == pytest.approx(weight, abs=1e-9)
    assert model.weight_of(compare(prepared[0], prepared[1])) == pytest.approx(0.0, abs=1e-9)


def test_duckdb_and_rapidfuzz_agree_on_jaro_winkler():
    names = [p.record.given_name.upper() for p in generate(60, seed=8)]
    pairs = [(a, b) for a in names[:60] for b in names[:60] if a and b]
    table = {
        "a": np.array([a for a, _ in pairs], dtype=object),
        "b": np.array([b for _, b in pairs], dtype=object),
    }
    con = duckdb.connect()
    con.register("names", table)
    sql = con.execute("SELECT jaro_winkler_similarity(a, b) FROM names").fetchnumpy()
    python = np.array([JaroWinkler.similarity(a, b) for a, b in pairs])
    assert np.abs(next(iter(sql.values())) - python).max() < 1e-12
