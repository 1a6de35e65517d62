"""Tests for the linkage benchmark's scoring and its UK household generator (bench/linkage).

The benchmark's figures are only as good as these two: pairs counted per cluster must equal
pairs enumerated one by one, and the synthetic records must carry identifiers the app
itself would accept. No database.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # no pandas-stubs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.linkage.metrics import pairwise_scores
from bench.linkage.uk_households import generate
from frontdoor.people.identifiers import is_valid_nhs_number, is_valid_postcode

FAST = settings(max_examples=150, deadline=None)


def frames(rows: list[tuple[str, int, int | None, int]], sources: list[int] | None = None):
    """Truth and clusters from (record_id, entity_id, household_id, cluster_id) rows."""
    truth = pd.DataFrame(
        {
            "record_id": [r[0] for r in rows],
            "entity_id": [r[1] for r in rows],
            "household_id": pd.array([r[2] for r in rows], dtype="Int64"),
            "source": sources if sources is not None else [0] * len(rows),
        }
    )
    clusters = pd.DataFrame({"record_id": [r[0] for r in rows], "cluster_id": [r[3] for r in rows]})
    return truth, clusters


def test_it_scores_a_perfect_clustering_as_one():
    truth, clusters = frames([("a", 1, 10, 7), ("b", 1, 10, 7), ("c", 2, 10, 8)])

    scores = pairwise_scores(truth, clusters)

    assert (scores["precision"], scores["recall"], scores["f1"]) == (1.0, 1.0, 1.0)
    assert scores["false_sibling_merges"] == 0


def test_it_counts_merged_siblings_as_false_sibling_merges():
    # Twins a, b (household 10) put in one cluster with a's duplicate c.
    truth, clusters = frames([("a", 1, 10, 7), ("b", 2, 10, 7), ("c", 1, 10, 7), ("d", 3, 11, 7)])

    scores = pairwise_scores(truth, clusters)

    assert scores["predicted_pairs"] == 6
    assert scores["true_positives"] == 1
    assert scores["false_sibling_merges"] == 2  # (a, b) and (b, c); pairs with d are strangers
    assert scores["precision"] == pytest.approx(1 / 6)
    assert scores["recall"] == 1.0


def test_it_leaves_sibling_merges_null_without_households():
    truth, clusters = frames([("a", 1, None, 1), ("b", 2, None, 1)])

    assert pairwise_scores(truth, clusters)["false_sibling_merges"] is None


def test_it_counts_only_cross_source_pairs_when_asked():
    # a, b from the first file; c, d from the second. Entity 1 is a and c.
    truth, clusters = frames(
        [("a", 1, None, 5), ("b", 2, None, 5), ("c", 1, None, 5), ("d", 3, None, 6)],
        sources=[0, 0, 1, 1],
    )

    scores = pairwise_scores(truth, clusters, cross_source_only=True)

    assert scores["true_pairs"] == 1
    assert scores["predicted_pairs"] == 2  # (a, c) and (b, c); (a, b) is within a file
    assert scores["precision"] == 0.5
    assert scores["recall"] == 1.0


def test_it_refuses_clusters_that_miss_a_record():
    truth, clusters = frames([("a", 1, None, 1), ("b", 1, None, 1)])

    with pytest.raises(ValueError, match="no cluster"):
        pairwise_scores(truth, clusters.iloc[:1])


def test_it_refuses_a_record_clustered_twice():
    truth, clusters = frames([("a", 1, None, 1), ("b", 1, None, 1)])
    clusters = pd.concat([clusters, clusters.iloc[:1]])

    with pytest.raises(ValueError, match="more than once"):
        pairwise_scores(truth, clusters)


labelled_records = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(0, 3), st.integers(0, 1)),
    min_size=1,
    max_size=25,
)


@FAST
@given(labelled_records)
def test_pair_counts_equal_pairs_enumerated_one_by_one(records):
    rows = [(f"r{i}", e, h, c) for i, (e, h, c, _) in enumerate(records)]
    truth, clusters = frames(rows, sources=[s for *_, s in records])
    for cross in (False, True):
        scores = pairwise_scores(truth, clusters, cross_source_only=cross)
        pairs = [
            (x, y)
            for x, y in combinations(zip(rows, (s for *_, s in records), strict=True), 2)
            if not cross or x[1] != y[1]
        ]
        same_entity = {(x, y) for x, y in pairs if x[0][1] == y[0][1]}
        same_cluster = {(x, y) for x, y in pairs if x[0][3] == y[0][3]}
        siblings = {(x, y) for x, y in same_cluster - same_entity if x[0][2] == y[0][2]}
        assert scores["true_pairs"] == len(same_entity)
        assert scores["predicted_pairs"] == len(same_cluster)
        assert scores["true_positives"] == len(same_entity & same_cluster)
        assert scores["false_sibling_merges"] == len(siblings)


@pytest.fixture(scope="module")
def uk_records():
    return generate(5_000, seed=7)


def test_the_generator_gives_the_same_records_for_the_same_seed(uk_records):
    pd.testing.assert_frame_equal(uk_records, generate(5_000, seed=7))
    assert not uk_records.equals(generate(5_000, seed=8))


def test_every_generated_postcode_is_valid(uk_records):
    postcodes = uk_records.loc[uk_records["postcode"] != "", "postcode"]

    assert len(postcodes) > 4_500
    assert all(is_valid_postcode(p) for p in postcodes)


def test_nhs_numbers_are_in_a_minority_of_records_and_mostly_valid(uk_records):
    numbers = uk_records.loc[uk_records["nhs_number"] != "", "nhs_number"]
    valid = numbers.map(is_valid_nhs_number)

    assert 0.25 < len(numbers) / len(uk_records) < 0.35
    assert 0.9 < valid.mean() < 1.0  # a few are mistyped, most of which the check digit catches


def test_the_generated_households_include_twins_and_step_siblings(uk_records):
    first = uk_records.drop_duplicates("entity_id")
    people = first.groupby("household_id")
    twins = uk_records.groupby(["household_id", "date_of_birth"])["entity_id"].nunique()
    surnames = people["family_name"].nunique()

    assert (twins[twins.index.get_level_values(1) != ""] > 1).any()
    assert (surnames > 1).any()
    assert people["entity_id"].nunique().max() >= 4
