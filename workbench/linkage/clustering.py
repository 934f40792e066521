"""Duplicate groups: connected components of the sure links.

Possible pairs are kept apart (they wait for review) and never join groups.

Examples:
    >>> import numpy as np
    >>> sure_clusters(np.array([0, 1, 3]), np.array([1, 2, 4]), size=6).tolist()
    [0, 0, 0, 1, 1, -1]
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components


def sure_clusters(first: np.ndarray, second: np.ndarray, size: int) -> np.ndarray:
    """Cluster number of every record (by position), -1 for records without a sure link.

    Clusters are numbered 0, 1, … in the order of their first record.

    Args:
        first: Positions of the sure pairs' first records.
        second: Positions of their second records.
        size: Number of records.
    """
    graph = coo_array((np.ones(len(first), dtype=np.int8), (first, second)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    linked = np.zeros(size, dtype=bool)
    linked[first] = True
    linked[second] = True
    out = np.full(size, -1, dtype=np.int64)
    # renumber the components that hold a link, in order of their first record
    components = labels[linked]
    _, first_seen = np.unique(components, return_index=True)
    order = np.argsort(first_seen, kind="stable")
    renumber = np.empty(len(order), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    out[linked] = renumber[np.unique(components, return_inverse=True)[1]]
    return out
