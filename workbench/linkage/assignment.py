"""Partner proposal between two systems: candidates ranked per record and a 1:1 assignment.

The assignment maximises the summed weight of the chosen pairs (sure pairs outweigh
possible ones, then the score decides), solved exactly with
:func:`scipy.optimize.linear_sum_assignment` on each connected group of candidates.
A chosen pair is *ambiguous* when one of its records has another candidate whose weight
comes within ``margin`` of the chosen one: a person should look before it is accepted.

Examples:
    >>> import numpy as np
    >>> first, second = np.array([0, 0, 1]), np.array([0, 1, 1])
    >>> assigned, ambiguous = propose_assignment(first, second, np.array([0.9, 0.5, 0.88]), margin=0.05)
    >>> assigned.tolist(), ambiguous.tolist()
    ([True, False, True], [False, False, False])
    >>> assigned, ambiguous = propose_assignment(first, second, np.array([0.9, 0.88, 0.5]), margin=0.05)
    >>> assigned.tolist(), ambiguous.tolist()
    ([True, False, True], [True, False, True])
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

_DENSE_LIMIT = 4_000_000  # cells of one group's score matrix solved exactly; larger groups go greedy


def candidate_ranks(record: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Rank (1 = best) of each pair among the pairs of the same record, by weight.

    Examples:
        >>> candidate_ranks(np.array([5, 5, 7]), np.array([0.2, 0.9, 0.4])).tolist()
        [2, 1, 1]
    """
    order = np.lexsort((-np.asarray(weight, dtype=np.float64), record))  # per record, best first; ties in order
    grouped = np.asarray(record)[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)])) + 1
    return ranks


def propose_assignment(
    first: np.ndarray, second: np.ndarray, weight: np.ndarray, *, margin: float
) -> tuple[np.ndarray, np.ndarray]:
    """Choose at most one partner per record on either side.

    Args:
        first: Left record of each candidate pair (position).
        second: Right record (position).
        weight: Higher is better; only pairs that may be proposed are passed.
        margin: How close a rival's weight must come to make the choice ambiguous.

    Returns:
        Per pair, whether it is chosen, and whether a chosen pair is ambiguous.
    """
    n = len(first)
    assigned = np.zeros(n, dtype=bool)
    if n == 0:
        return assigned, assigned.copy()
    left, left_of = np.unique(first, return_inverse=True)
    right, right_of = np.unique(second, return_inverse=True)
    graph = coo_array((np.ones(n), (left_of, right_of + len(left))), shape=(len(left) + len(right),) * 2)
    _, component = connected_components(graph, directed=False)
    group = component[left_of]
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1], True])
    for start, stop in itertools.pairwise(bounds):
        pairs = order[start:stop]
        if len(pairs) == 1:
            assigned[pairs] = True
        else:
            assigned[pairs[_solve(left_of[pairs], right_of[pairs], weight[pairs])]] = True
    return assigned, _ambiguous(first, second, weight, assigned, margin)


def _solve(rows: np.ndarray, cols: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Indexes (into the group's pairs) of the best 1:1 choice."""
    row_ids, r = np.unique(rows, return_inverse=True)
    col_ids, c = np.unique(cols, return_inverse=True)
    if len(row_ids) * len(col_ids) > _DENSE_LIMIT:
        return _greedy(r, c, weight)
    matrix = np.zeros((len(row_ids), len(col_ids)))
    pair_at = np.full(matrix.shape, -1, dtype=np.int64)
    matrix[r, c] = weight
    pair_at[r, c] = np.arange(len(weight))
    chosen_r, chosen_c = linear_sum_assignment(matrix, maximize=True)
    chosen = pair_at[chosen_r, chosen_c]
    return chosen[chosen >= 0]


def _greedy(rows: np.ndarray, cols: np.ndarray, weight: np.ndarray) -> np.ndarray:
    taken_r, taken_c, chosen = set(), set(), []
    for i in np.argsort(-weight, kind="stable"):
        if rows[i] not in taken_r and cols[i] not in taken_c:
            taken_r.add(rows[i])
            taken_c.add(cols[i])
            chosen.append(i)
    return np.asarray(chosen, dtype=np.int64)


def _ambiguous(first: np.ndarray, second: np.ndarray, weight: np.ndarray, assigned: np.ndarray,
               margin: float) -> np.ndarray:
    """A chosen pair is ambiguous when a rival pair of either record comes within ``margin`` of it."""
    ambiguous = np.zeros(len(first), dtype=bool)
    for record in (first, second):
        frame = pd.DataFrame({"record": record, "weight": weight, "assigned": assigned})
        chosen_weight = frame.loc[frame["assigned"]].set_index("record")["weight"]
        rival = frame.loc[~frame["assigned"]].groupby("record")["weight"].max()
        close = rival.index[rival.to_numpy() >= chosen_weight.reindex(rival.index).to_numpy() - margin]
        ambiguous |= assigned & np.isin(record, close)
    return ambiguous
