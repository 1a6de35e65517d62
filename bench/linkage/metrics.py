"""Pairwise linkage quality from clusters, without enumerating pairs.

A clustering of records implies a set of pairs: every two records in the same cluster. The
truth implies another: every two records of the same entity. Counting pairs per group with
n·(n−1)/2 keeps this linear in the number of records, even for one huge cluster.

* ``predicted`` = Σ over clusters C(n, 2); ``true`` = Σ over entities C(n, 2);
* ``true positives`` = Σ over (cluster, entity) groups C(n, 2);
* ``false_sibling_merges`` = predicted pairs of different people in the same household:
  Σ over (cluster, household) C(n, 2) − Σ over (cluster, household, entity) C(n, 2).

With ``cross_source_only`` (two files linked, as FEBRL4), only pairs with one record from
each source count, for the predicted and the true pairs alike: a group with a records from
the first source and b from the second holds a·b such pairs.
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # no pandas-stubs


class PairwiseScores(TypedDict):
    records: int
    true_pairs: int
    predicted_pairs: int
    true_positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    false_sibling_merges: int | None


def _pairs(frame: pd.DataFrame, keys: list[str], cross_source_only: bool) -> int:
    """Pairs of records that agree on all ``keys`` (and span the two sources, if asked)."""
    if cross_source_only:
        counts = frame.groupby([*keys, "source"], sort=False).size().unstack("source", fill_value=0)
        if counts.shape[1] < 2:
            return 0
        return int((counts.iloc[:, 0] * counts.iloc[:, 1]).sum())
    n = frame.groupby(keys, sort=False).size()
    return int((n * (n - 1) // 2).sum())


def pairwise_scores(
    truth: pd.DataFrame, clusters: pd.DataFrame, *, cross_source_only: bool = False
) -> PairwiseScores:
    """Score ``clusters`` (record_id, cluster_id) against ``truth``.

    ``truth`` has record_id and entity_id, optionally household_id (missing values mean
    "household unknown"; an absent or all-missing column gives ``None`` for
    false_sibling_merges) and, with ``cross_source_only``, a source column with two values.

    Every truth record must appear exactly once in ``clusters``; a missing or duplicated
    record is an error, not a silent zero.
    """
    if clusters["record_id"].duplicated().any():
        raise ValueError("a record_id appears more than once in the clusters")
    frame = truth.merge(clusters[["record_id", "cluster_id"]], on="record_id", how="left")
    missing = int(frame["cluster_id"].isna().sum())
    if missing:
        raise ValueError(f"{missing} records of the truth have no cluster")
    if len(clusters) != len(truth):
        raise ValueError("the clusters hold records that are not in the truth")

    true_pairs = _pairs(frame, ["entity_id"], cross_source_only)
    predicted = _pairs(frame, ["cluster_id"], cross_source_only)
    tp = _pairs(frame, ["cluster_id", "entity_id"], cross_source_only)

    siblings: int | None = None
    if "household_id" in frame and frame["household_id"].notna().any():
        known = frame[frame["household_id"].notna()]
        siblings = _pairs(known, ["cluster_id", "household_id"], cross_source_only) - _pairs(
            known, ["cluster_id", "household_id", "entity_id"], cross_source_only
        )

    precision = tp / predicted if predicted else None
    recall = tp / true_pairs if true_pairs else None
    f1 = 2 * tp / (predicted + true_pairs) if predicted + true_pairs else None
    return {
        "records": len(frame),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted,
        "true_positives": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_sibling_merges": siblings,
    }
