"""Clusters of sure duplicates and the 1:1 partner proposal."""

from __future__ import annotations

import numpy as np

from workbench.linkage.assignment import candidate_ranks, propose_assignment
from workbench.linkage.clustering import sure_clusters


def test_clusters_are_connected_components_of_sure_links() -> None:
    # 0-1, 1-2 chain into one group; 4-5 another; 3 and 6 stay alone
    cluster = sure_clusters(np.array([1, 2, 5]), np.array([0, 1, 4]), size=7)
    assert cluster.tolist() == [0, 0, 0, -1, 1, 1, -1]


def test_no_links_no_clusters() -> None:
    assert sure_clusters(np.zeros(0, int), np.zeros(0, int), size=3).tolist() == [-1, -1, -1]


def test_assignment_maximises_the_total_not_greedily() -> None:
    # a0 likes b0 best (0.9), but a1 can only go to b0 (0.85); a0 also fits b1 (0.8):
    # greedy would give a0-b0 only (0.9); the optimum a0-b1 + a1-b0 gives 1.65
    first, second = np.array([0, 0, 1]), np.array([0, 1, 0])
    assigned, ambiguous = propose_assignment(first, second, np.array([0.9, 0.8, 0.85]), margin=0.01)
    assert assigned.tolist() == [False, True, True]
    # both chosen pairs lost a better-scored rival (a0-b0), so a person should look
    assert ambiguous.tolist() == [False, True, True]


def test_each_record_gets_at_most_one_partner() -> None:
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, 20, 200), rng.integers(0, 15, 200)
    keep = np.unique(first * 100 + second, return_index=True)[1]
    first, second = first[keep], second[keep]
    assigned, _ = propose_assignment(first, second, rng.random(len(first)), margin=0.0)
    assert len(set(first[assigned])) == assigned.sum() == len(set(second[assigned]))
    assert assigned.sum() == 15  # every b record has a candidate, 20 a records compete


def test_close_rival_makes_the_choice_ambiguous() -> None:
    # one a record, two b candidates 0.90 and 0.88: proposed, but flagged
    assigned, ambiguous = propose_assignment(np.array([0, 0]), np.array([0, 1]), np.array([0.90, 0.88]),
                                             margin=0.05)
    assert assigned.tolist() == [True, False]
    assert ambiguous.tolist() == [True, False]
    _, clear = propose_assignment(np.array([0, 0]), np.array([0, 1]), np.array([0.90, 0.60]), margin=0.05)
    assert clear.tolist() == [False, False]


def test_rival_on_the_b_side_counts_too() -> None:
    assigned, ambiguous = propose_assignment(np.array([0, 1]), np.array([0, 0]), np.array([0.70, 0.71]),
                                             margin=0.05)
    assert assigned.tolist() == [False, True]
    assert ambiguous.tolist() == [False, True]


def test_candidate_ranks_per_record() -> None:
    assert candidate_ranks(np.array([1, 1, 1, 2]), np.array([0.3, 0.9, 0.5, 0.1])).tolist() == [3, 1, 2, 1]


def test_candidate_ranks_of_equal_weights_follow_the_pairs_order() -> None:
    ranks = candidate_ranks(np.array([7, 5, 7, 5, 7]), np.array([0.5, 0.9, 0.5, 0.9, 0.8]))
    assert ranks.tolist() == [2, 1, 3, 2, 1]
