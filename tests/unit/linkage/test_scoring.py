"""Fellegi–Sunter score: EM recovers known parameters, decisions move the estimates, plain-data round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.linkage.scoring import FellegiSunter

M = [np.array([0.05, 0.15, 0.8]), np.array([0.1, 0.9]), np.array([0.2, 0.8])]
U = [np.array([0.85, 0.1, 0.05]), np.array([0.95, 0.05]), np.array([0.7, 0.3])]
THRESHOLDS = ((1.0, 0.9), (1.0,), (1.0,))


def _simulate(rng: np.random.Generator, size: int, prior: float) -> tuple[np.ndarray, np.ndarray]:
    match = rng.random(size) < prior
    levels = np.empty((size, 3), dtype=np.int8)
    for k in range(3):
        levels[match, k] = rng.choice(len(M[k]), size=match.sum(), p=M[k])
        levels[~match, k] = rng.choice(len(U[k]), size=(~match).sum(), p=U[k])
    levels[rng.random((size, 3)) < 0.1] = -1  # some values missing
    return levels, match


def _model() -> FellegiSunter:
    return FellegiSunter(("name", "email", "city"), THRESHOLDS)


def test_levels_cut_similarities_at_the_thresholds() -> None:
    features = pd.DataFrame({"name": [1.0, 0.95, 0.3, np.nan], "email": [1.0, 0.0, np.nan, 1.0],
                             "city": [0.0, 1.0, 1.0, 1.0]})
    assert _model().levels(features).tolist() == [[2, 1, 0], [1, 0, 1], [0, -1, 1], [-1, 1, 1]]


def test_em_recovers_the_parameters_it_was_simulated_with() -> None:
    rng = np.random.default_rng(7)
    levels, _ = _simulate(rng, 60_000, prior=0.2)
    random_levels, _ = _simulate(rng, 30_000, prior=0.0)
    model = _model().estimate_u(random_levels).fit(levels, estimate_u=False)
    assert abs(model.prior - 0.2) < 0.02
    for k in range(3):
        np.testing.assert_allclose(model.m[k], M[k], atol=0.03)
        np.testing.assert_allclose(model.u[k], U[k], atol=0.02)


def test_score_ranks_true_matches_first() -> None:
    rng = np.random.default_rng(8)
    levels, match = _simulate(rng, 20_000, prior=0.1)
    p = _model().fit(levels).match_probability(levels)
    assert p[match].mean() > 0.8 > 0.1 > p[~match].mean()


def test_recorded_decisions_pull_the_score_of_their_pattern() -> None:
    rng = np.random.default_rng(9)
    levels, _ = _simulate(rng, 5_000, prior=0.1)
    pattern = np.array([[0, 1, 1]], dtype=np.int8)  # names differ, email and city agree: unclear
    decided = np.repeat(pattern, 30, axis=0)
    plain = _model().fit(levels).match_probability(pattern)[0]
    said_same = _model().fit(levels, decided=decided, decided_same=np.ones(30, bool),
                             decision_weight=10).match_probability(pattern)[0]
    said_different = _model().fit(levels, decided=decided, decided_same=np.zeros(30, bool),
                                  decision_weight=10).match_probability(pattern)[0]
    assert said_different < plain < said_same


def test_missing_levels_weigh_nothing() -> None:
    model = _model()
    assert model.log_bayes_factors(np.array([[-1, -1, -1]], dtype=np.int8)).tolist() == [[0.0, 0.0, 0.0]]
    assert model.match_probability(np.array([[-1, -1, -1]], dtype=np.int8))[0] == pytest.approx(model.prior)


def test_model_round_trips_through_plain_data() -> None:
    rng = np.random.default_rng(10)
    model = _model().fit(_simulate(rng, 2_000, prior=0.2)[0])
    again = FellegiSunter.from_dict(model.to_dict())
    levels = _simulate(rng, 100, prior=0.5)[0]
    np.testing.assert_allclose(again.match_probability(levels), model.match_probability(levels))


def test_a_shared_rare_name_weighs_more_than_a_shared_common_one() -> None:
    model = FellegiSunter(("last_name", "city"), ((1.0, 0.9), (1.0,)), term_frequencies=("last_name",))
    agree = {"last_name": [1.0, 1.0, 1.0], "city": [1.0, 1.0, 1.0]}
    muller, zwierzynski, unweighed = model.score(pd.DataFrame({**agree, "last_name_tf": [0.02, 0.00002, np.nan]}))
    assert zwierzynski > unweighed > muller
