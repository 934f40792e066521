"""Distinct combinations of categorical columns, so work done per value is done once per combination."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def distinct_combinations(columns: Sequence[pd.Categorical]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's combination number (0, 1, … in order of first appearance) and each combination's first row.

    Missing values (code -1) are a value like any other.

    Examples:
        >>> combination, first = distinct_combinations([pd.Categorical(["a", "b", "a", None]),
        ...                                            pd.Categorical(["x", "x", "x", "y"])])
        >>> combination.tolist(), first.tolist()
        ([0, 1, 0, 2], [0, 1, 3])
    """
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:  # re-factorised after each column, so the number never overflows
        combined, _ = pd.factorize(combined * (len(column.categories) + 1) + np.asarray(column.codes) + 1)
    return combined, np.unique(combined, return_index=True)[1]
