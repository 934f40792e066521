"""Helpers for unit tests of comparisons and rules (splink's ``is_in_level`` idea).

Examples:
    >>> from workbench.linkage.comparisons import ExactMatch, StringSimilarity
    >>> compare_records(ExactMatch("mobile_key"), {"mobile_key": "+4917112345"}, {"mobile_key": "+4917112345"})
    1.0
    >>> compare_records(StringSimilarity("last_name_key"), {"last_name_key": "mueller"}, {"last_name_key": None})
    nan
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from workbench.linkage.comparisons import Comparison


def compare_records(comparison: Comparison, left: Mapping[str, Any], right: Mapping[str, Any]) -> float:
    """The comparison's similarity for one pair of records given as dicts (NaN when a value is missing).

    Args:
        comparison: Any comparison of the library (or a subclass under test).
        left: The left record: at least the comparison's columns; a missing key means a missing value.
        right: The right record (read at the comparison's right columns).
    """
    values = [*(pd.Series([left.get(c)], dtype=object) for c in comparison.columns()),
              *(pd.Series([right.get(c)], dtype=object) for c in comparison.right_columns())]
    return float(comparison.compute_values(*values)[0])
