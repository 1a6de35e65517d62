"""Clustering refuses merges that would join people who can never be the same."""

from datetime import date

import numpy as np

from frontdoor.people.matching.batch import link
from frontdoor.people.matching.cluster import constrained_clusters
from frontdoor.people.matching.records import PersonRecord


def edges(*triples):
    i, j, w = zip(*triples, strict=True)
    return np.array(i), np.array(j), np.array(w, dtype=float)


def test_a_bridge_record_cannot_chain_two_people_who_may_never_link():
    # 0 and 2 may never link; 1 looks like both. 1 joins the stronger, 2 stays apart.
    labels = constrained_clusters(
        3, edges((0, 1, 10.0), (1, 2, 12.0)), (np.array([0]), np.array([2]))
    )
    assert labels[1] == labels[2]
    assert labels[0] != labels[1]


def test_clusters_never_hold_two_different_nhs_numbers():
    labels = constrained_clusters(
        3,
        edges((0, 1, 10.0), (1, 2, 12.0)),
        (np.array([], dtype=int), np.array([], dtype=int)),
        ["9434765919", "", "4010232137"],
    )
    assert labels[0] != labels[2]


def test_plain_links_join_transitively():
    labels = constrained_clusters(4, edges((0, 1, 5.0), (1, 2, 5.0)), (np.array([]), np.array([])))
    assert list(labels) == [0, 0, 0, 1]


def record(record_id, given, nhs="", dob=date(2016, 5, 9)):
    return PersonRecord(record_id, given, "Hughes", dob, "M", "LS6 2AB", "14 Cardigan Road", nhs)


def test_twins_and_a_record_without_a_given_name_make_two_clusters():
    result = link([record("t1", "Oliver"), record("t2", "Harry"), record("x", "")], estimate=False)
    clusters = result.clusters
    assert clusters["t1"] != clusters["t2"]
    assert len(set(clusters.values())) == 2


def test_different_nhs_numbers_never_cluster_even_with_everything_else_the_same():
    result = link(
        [record("a", "Oliver", "9434765919"), record("b", "Oliver", "4010232137")], estimate=False
    )
    assert result.clusters["a"] != result.clusters["b"]
