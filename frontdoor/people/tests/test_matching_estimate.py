"""EM recovers m and u from simulated comparison vectors."""

import numpy as np

from frontdoor.people.matching.comparisons import FIELDS
from frontdoor.people.matching.estimate import STARTING_M, em, u_from_random


def simulate(rng, n, probabilities):
    columns = [
        rng.choice(len(probabilities[f.name]), size=n, p=probabilities[f.name]) for f in FIELDS
    ]
    return np.stack(columns, axis=1)


def flat(levels):
    return {f.name: [1.0 / (len(f.levels) - 1)] * (len(f.levels) - 1) for f in FIELDS}


def test_em_recovers_m_and_u_and_the_share_of_matches():
    rng = np.random.default_rng(1)
    true_m = {f.name: list(np.array(STARTING_M[f.name])) for f in FIELDS}
    true_u = {f.name: list(rng.dirichlet(np.r_[np.ones(len(f.levels) - 2), 30.0])) for f in FIELDS}
    matches = simulate(rng, 20_000, true_m)
    others = simulate(rng, 80_000, true_u)
    patterns = np.vstack([matches, others])
    counts = np.ones(len(patterns))
    m, u, share, _ = em(
        patterns,
        counts,
        m_start=flat(FIELDS) | {"given_name": STARTING_M["given_name"]},
        u_start=flat(FIELDS),
        prior_strength=0.0,
    )
    assert abs(share - 0.2) < 0.01
    for f in FIELDS:
        assert np.abs(np.array(m[f.name]) - true_m[f.name]).max() < 0.02, f.name
        assert np.abs(np.array(u[f.name]) - true_u[f.name]).max() < 0.02, f.name


def test_u_from_random_pairs_ignores_missing_values_and_has_a_floor():
    patterns = np.array([[len(f.levels) - 2 for f in FIELDS], [len(f.levels) - 1 for f in FIELDS]])
    u = u_from_random(patterns, np.array([99.0, 50.0]))
    for f in FIELDS:
        assert abs(sum(u[f.name]) - 1) < 1e-9
        assert min(u[f.name]) > 0
        assert u[f.name][-1] > 0.95
