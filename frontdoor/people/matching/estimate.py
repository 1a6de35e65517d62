"""Estimating the model from the data: u from random pairs, m and the prior by EM.

* **u** (how often unrelated records agree at each level) is counted on random pairs of
  records: nearly all random pairs are different people.
* **m** (how often records of the same person agree at each level) is estimated by
  expectation–maximisation on the candidate pairs that blocking finds, as a mixture of
  matches and non-matches, each with its own level frequencies per field, fields assumed
  independent within each class. The previous model's m acts as a weak prior (pseudo-counts),
  which keeps rare levels sensible on small inputs.
* The **prior** λ (chance that two random records are the same person) is the expected number
  of matching pairs among the candidates divided by all possible pairs.

Floors keep every probability away from 0 and 1, so no single field can decide a pair alone.

Regenerate ``model.json``::

    python -m frontdoor.people.matching.estimate --input people.csv [--input more.csv] \\
        --output frontdoor/people/matching/model.json
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np

from .comparisons import DOB, FAMILY, FIELDS, GIVEN, NHS
from .engine import (
    compare_candidates,
    connect,
    count_patterns,
    find_candidates,
    load_records,
    random_pattern_counts,
)
from .model import MatchModel
from .records import PersonRecord
from .standardise import Prepared, prepare

__all__ = ["em", "estimate_from_prepared", "estimate_model", "main"]

M_FLOOR = 1e-4
U_FLOOR = 1e-7
RANDOM_PAIRS = 1_000_000
#: Pairs sharing an NHS number needed before m is taken from them rather than from EM.
MIN_ANCHORS = 200
PRIOR_STRENGTH = 20.0
PRIOR_SHARE = 0.01
#: EM's "match" class disagreeing on given name or birth date this often is not people.
IMPLAUSIBLE = 0.25

#: Where EM starts when there is no earlier model: plausible m for each level (not missing).
STARTING_M: dict[str, list[float]] = {
    "given_name": [0.80, 0.01, 0.03, 0.02, 0.06, 0.03, 0.02, 0.03],
    "family_name": [0.84, 0.01, 0.07, 0.03, 0.02, 0.03],
    "date_of_birth": [0.85, 0.03, 0.07, 0.02, 0.03],
    "sex": [0.97, 0.03],
    "address": [0.65, 0.10, 0.08, 0.03, 0.14],
    "nhs_number": [0.99, 0.01],
}


def _normalise(counts: np.ndarray, floor: float) -> list[float]:
    total = counts.sum()
    if total <= 0:
        return [1.0 / len(counts)] * len(counts)
    probabilities = np.maximum(counts / total, floor)
    probabilities = np.minimum(probabilities / probabilities.sum(), 1 - floor)
    return [float(p) for p in probabilities]


def _level_counts(patterns: np.ndarray, weights: np.ndarray) -> list[np.ndarray]:
    """Per field, the weighted count of each level except ``missing``."""
    return [
        np.bincount(patterns[:, k], weights=weights, minlength=len(f.levels))[:-1]
        for k, f in enumerate(FIELDS)
    ]


def u_from_random(patterns: np.ndarray, counts: np.ndarray) -> dict[str, list[float]]:
    """u per field from random pairs, with half a pair added to every level."""
    return {
        f.name: _normalise(level + 0.5, U_FLOOR)
        for f, level in zip(FIELDS, _level_counts(patterns, counts), strict=True)
    }


def _log_likelihood(patterns: np.ndarray, probabilities: dict[str, list[float]]) -> np.ndarray:
    total = np.zeros(len(patterns))
    for k, f in enumerate(FIELDS):
        table = np.log(np.array([*probabilities[f.name], 1.0]))  # missing contributes 1
        total += table[patterns[:, k]]
    return total


def em(
    patterns: np.ndarray,
    counts: np.ndarray,
    *,
    m_start: dict[str, list[float]],
    u_start: dict[str, list[float]],
    prior_strength: float = 20.0,
    iterations: int = 100,
    tolerance: float = 1e-6,
) -> tuple[dict[str, list[float]], dict[str, list[float]], float, np.ndarray]:
    """Fit a two-class mixture to comparison vectors.

    Returns m, u (of the non-matches among these pairs), the share λ of matches among them,
    and each pattern's probability of being a match. ``m_start`` is also a Dirichlet prior
    worth ``prior_strength`` pairs per field.
    """
    m, u = dict(m_start), dict(u_start)
    share = 0.1
    posterior = np.zeros(len(patterns))
    for _ in range(iterations):
        log_m = _log_likelihood(patterns, m) + np.log(share)
        log_u = _log_likelihood(patterns, u) + np.log(1 - share)
        posterior = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
        matched, unmatched = counts * posterior, counts * (1 - posterior)
        new_share = float(np.clip(matched.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        m_counts = _level_counts(patterns, matched)
        u_counts = _level_counts(patterns, unmatched)
        new_m = {
            f.name: _normalise(c + prior_strength * np.array(m_start[f.name]), M_FLOOR)
            for f, c in zip(FIELDS, m_counts, strict=True)
        }
        new_u = {
            f.name: _normalise(c + 1.0, M_FLOOR) for f, c in zip(FIELDS, u_counts, strict=True)
        }
        change = max(
            abs(new_share - share),
            *(abs(a - b) for f in FIELDS for a, b in zip(new_m[f.name], m[f.name], strict=True)),
        )
        m, u, share = new_m, new_u, new_share
        if change < tolerance:
            break
    return m, u, share, posterior


def estimate_from_prepared(
    prepared: Sequence[Prepared],
    *,
    start: MatchModel | None = None,
    threads: int | None = None,
) -> MatchModel:
    """Estimate a model from standardised records (at least a few hundred)."""
    con = connect(threads)
    load_records(con, prepared)
    find_candidates(con)
    compare_candidates(con)
    model = estimate_on_connection(con, len(prepared), start=start)
    con.close()
    return model


def m_from_anchors(
    patterns: np.ndarray,
    counts: np.ndarray,
    *,
    m_start: dict[str, list[float]],
    prior_strength: float,
) -> dict[str, list[float]] | None:
    """m for every field but the NHS number, from pairs sharing a valid NHS number.

    Pairs with the same NHS number are the same person, and whether a record has an NHS
    number says nothing about how its other fields were recorded; so these pairs show how
    often records of one person disagree, field by field. ``None`` when there are too few.
    """
    nhs = FIELDS.index(NHS)
    anchored = patterns[:, nhs] == NHS.index("same")
    if counts[anchored].sum() < MIN_ANCHORS:
        return None
    level_counts = _level_counts(patterns[anchored], counts[anchored])
    m = {
        f.name: _normalise(c + prior_strength * np.array(m_start[f.name]), M_FLOOR)
        for f, c in zip(FIELDS, level_counts, strict=True)
    }
    m[NHS.name] = list(m_start[NHS.name])
    return m


def _looks_like_same_person(m: dict[str, list[float]]) -> bool:
    """Whether EM's match class is people, not households (whose names and dates differ)."""
    return (
        m[GIVEN.name][GIVEN.index("different")] < IMPLAUSIBLE
        and m[DOB.name][DOB.index("different")] < IMPLAUSIBLE
    )


def _m_from_exact_pairs(
    patterns: np.ndarray, counts: np.ndarray, m_start: dict[str, list[float]]
) -> dict[str, list[float]]:
    """m for names and birth date from ``m_start``; for the rest, from pairs agreeing exactly
    on both names and the date of birth (nearly all the same person)."""
    exact = np.ones(len(patterns), dtype=bool)
    for f in (GIVEN, FAMILY, DOB):
        exact &= patterns[:, FIELDS.index(f)] == 0
    level_counts = _level_counts(patterns[exact], counts[exact])
    m = {name: list(values) for name, values in m_start.items()}
    for f, c in zip(FIELDS, level_counts, strict=True):
        if f not in (GIVEN, FAMILY, DOB, NHS):
            m[f.name] = _normalise(c + PRIOR_STRENGTH * np.array(m_start[f.name]), M_FLOOR)
    return m


def _expected_matches(patterns: np.ndarray, counts: np.ndarray, m: dict[str, list[float]]) -> float:
    """Matching pairs in the data, from the pairs agreeing exactly on both names and birth date.

    Such pairs are nearly all the same person; they are the share
    m(given exact) × m(family exact) × m(date of birth exact) of all matching pairs.
    """
    exact = np.ones(len(patterns), dtype=bool)
    share = 1.0
    for f in (GIVEN, FAMILY, DOB):
        exact &= patterns[:, FIELDS.index(f)] == 0
        share *= m[f.name][0]
    return float(counts[exact].sum()) / max(share, 1e-3)


def _nhs_share(con: duckdb.DuckDBPyConnection) -> float:
    row = con.execute("SELECT avg((nhs <> '')::DOUBLE) FROM recs").fetchall()[0]
    return float(row[0]) if row and row[0] is not None else 0.0


def estimate_on_connection(
    con: duckdb.DuckDBPyConnection, n_records: int, *, start: MatchModel | None
) -> MatchModel:
    """Estimate from the ``cmp`` and ``recs`` tables already built on ``con``.

    With enough pairs sharing an NHS number, m comes from them and the prior from how many
    there are (scaled up by the share of records with an NHS number); otherwise both come
    from EM on all candidate pairs.
    """
    total_pairs = n_records * (n_records - 1) / 2
    sample = int(min(RANDOM_PAIRS, total_pairs))
    random_patterns, random_counts = random_pattern_counts(con, n_records, sample)
    u = u_from_random(random_patterns, random_counts)
    patterns, counts = count_patterns(con)
    m_start = start.m if start is not None else STARTING_M
    anchored = m_from_anchors(patterns, counts, m_start=m_start, prior_strength=PRIOR_STRENGTH)
    if anchored is not None:
        m = anchored
        same_nhs = counts[patterns[:, FIELDS.index(NHS)] == NHS.index("same")].sum()
        expected_matches = float(same_nhs) / max(_nhs_share(con), 1e-3) ** 2
        method = "m from pairs sharing an NHS number"
    else:
        # Pseudo-counts grow with the data, so a large input cannot drift to a split other
        # than "same person" (such as "same household") that fits its pairs better.
        strength = max(PRIOR_STRENGTH, PRIOR_SHARE * float(counts.sum()))
        m, _, _, _ = em(patterns, counts, m_start=m_start, u_start=u, prior_strength=strength)
        method = "m by EM"
        if not _looks_like_same_person(m):
            m = _m_from_exact_pairs(patterns, counts, m_start)
            method = "EM found households, not people: m from the model file and exact pairs"
        expected_matches = _expected_matches(patterns, counts, m)
    prior = min(max(expected_matches / total_pairs, 1e-12), 0.5)
    return MatchModel(
        m=m,
        u=u,
        prior=prior,
        records=n_records,
        trained_on=f"{n_records} records; u from random pairs; {method}",
    )


def estimate_model(
    records: Sequence[PersonRecord], *, start: MatchModel | None = None
) -> MatchModel:
    """Estimate m, u and the prior from these records (see the module docstring)."""
    return estimate_from_prepared([prepare(r) for r in records], start=start)


def main(argv: Sequence[str] | None = None) -> None:
    from .batch import read_csv

    parser = argparse.ArgumentParser(description="Estimate the matching model from CSV files.")
    parser.add_argument("--input", action="append", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--trained-on", default="", help="A note saved in the model file")
    args = parser.parse_args(argv)
    records: list[PersonRecord] = []
    for path in args.input:
        records.extend(read_csv(path).records)
    model = estimate_model(records)
    if args.trained_on:
        model.trained_on = args.trained_on
    model.save(args.output)


if __name__ == "__main__":
    main()
