"""Feature vectors of a batch of pairs: recordlinkage's Compare without label alignment.

:class:`PairCompare` is a ``recordlinkage.Compare`` that takes the pairs' records by
position (numpy ``take`` on the codes of categorical columns) instead of aligning them with
``.loc`` on the MultiIndex, which dominated recordlinkage's compare time. It runs any
compare feature, the workbench's vectorised ones and recordlinkage's own.

:func:`compare_pairs` is the pure function the pipeline calls per batch: pairs and
records in, one similarity column per comparison out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import recordlinkage
from recordlinkage.base import BaseCompareFeature
from recordlinkage.utils import listify

from workbench.linkage.comparisons import Comparison, NamesSwapped
from workbench.linkage.scoring import term_frequency_column


def pair_positions(pairs: pd.MultiIndex, level: int, frame: pd.DataFrame) -> np.ndarray:
    """Positions in ``frame`` of the records on one side of the pairs.

    Pairs made by :mod:`workbench.linkage.blocking` carry the positions as their codes;
    other MultiIndexes are looked up by label.
    """
    labels = pairs.levels[level]
    codes = np.asarray(pairs.codes[level], dtype=np.int64)
    if labels is frame.index or labels.equals(frame.index):
        return codes
    positions = frame.index.get_indexer(labels)[codes]
    if (positions < 0).any():
        raise KeyError("pairs name records the frame does not hold")
    return positions


def take(column: pd.Series, positions: np.ndarray) -> pd.Series:
    """The column's values at ``positions`` (categoricals stay categoricals, by their codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = np.asarray(column.cat.codes)[positions]
        return pd.Series(pd.Categorical.from_codes(codes, dtype=column.dtype), copy=False)
    return pd.Series(column.to_numpy()[positions], copy=False)


class PairCompare(recordlinkage.Compare):
    """``recordlinkage.Compare`` taking each pair's records by position.

    With a :class:`~workbench.linkage.comparisons.NamesSwapped` among the features, the pairs
    whose names are written the other way round are turned round first: every other feature
    reads their right record with the columns of each swapped pair exchanged.

    Examples:
        >>> from workbench.linkage.comparisons import ExactMatch
        >>> frame = pd.DataFrame({"postcode_key": ["10115", "10115", "80331"]}, index=[1, 2, 3])
        >>> pairs = pd.MultiIndex.from_tuples([(2, 1), (3, 1)])
        >>> PairCompare([ExactMatch("postcode_key")]).compute(pairs, frame)["postcode"].tolist()
        [1.0, 0.0]
    """

    def _compute(self, pairs: pd.MultiIndex, x: pd.DataFrame, x_link: pd.DataFrame | None = None) -> pd.DataFrame:
        right_frame = x if x_link is None else x_link
        left_at, right_at = pair_positions(pairs, 0, x), pair_positions(pairs, 1, right_frame)
        computed: dict[int, np.ndarray] = {}
        partner: dict[str, str] = {}
        swapped = np.zeros(len(left_at), dtype=bool)
        for k, feature in enumerate(self.features):
            if isinstance(feature, NamesSwapped):
                computed[k] = self._feature(feature, x, right_frame, left_at, right_at, {}, swapped)
                swapped |= np.asarray(computed[k]) == 1
                partner.update(dict(feature.swaps) | {b: a for a, b in feature.swaps})
        features = []
        for k, feature in enumerate(self.features):
            values = computed[k] if k in computed else self._feature(feature, x, right_frame, left_at, right_at,
                                                                     partner, swapped)
            features.append((values, feature.label))
        return self._union(features, pairs)

    @staticmethod
    def _feature(feature: BaseCompareFeature, left_frame: pd.DataFrame, right_frame: pd.DataFrame,
                 left_at: np.ndarray, right_at: np.ndarray, partner: Mapping[str, str], swapped: np.ndarray) -> Any:
        left = tuple(take(left_frame[label], left_at) for label in listify(feature.labels_left))
        right = tuple(turned(right_frame, label, right_at, partner.get(label), swapped)
                      for label in listify(feature.labels_right))
        return feature._compute(left, right)


def turned(frame: pd.DataFrame, column: str, positions: np.ndarray, other: str | None,
           swapped: np.ndarray) -> pd.Series:
    """The column's values at ``positions``, taken from ``other`` where the pair's names are swapped."""
    values = take(frame[column], positions)
    if other is None or not swapped.any():
        return values
    exchanged = take(frame[other], positions)
    if isinstance(values.dtype, pd.CategoricalDtype) and values.dtype == exchanged.dtype:
        codes = np.where(swapped, np.asarray(exchanged.cat.codes), np.asarray(values.cat.codes))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=values.dtype), copy=False)
    return pd.Series(np.where(swapped, exchanged.to_numpy(dtype=object), values.to_numpy(dtype=object)), copy=False)


def compare_pairs(
    pairs: pd.MultiIndex,
    left: pd.DataFrame,
    right: pd.DataFrame | None,
    comparisons: Sequence[Comparison],
    frequencies: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Similarities of a batch of pairs, one float32 column per comparison label (NaN = missing).

    Args:
        pairs: The batch, a pair MultiIndex into ``left`` and ``right``.
        left: Records of the pairs' first side (the columns the comparisons read, as prepared
            by :func:`~workbench.linkage.records.prepare_records`).
        right: Records of the second side; None when deduplicating ``left``.
        comparisons: What to compare.
        frequencies: Column -> frequency of each of its categories; comparisons weighed by
            term frequencies get a ``<label>_tf`` column (the agreed value's frequency).
    """
    if len(pairs) == 0:
        features = pd.DataFrame({c.label: np.zeros(0, np.float32) for c in comparisons}, index=pairs)
    else:
        features = PairCompare(list(comparisons)).compute(pairs, left, right)
    for comparison in comparisons:
        if comparison.term_frequencies and frequencies is not None and comparison.column in frequencies:
            codes = np.asarray(left[comparison.column].cat.codes)[pair_positions(pairs, 0, left)]
            agreed = (features[comparison.label].to_numpy() == 1) & (codes >= 0)
            tf = np.full(len(codes), np.nan)
            tf[agreed] = frequencies[comparison.column][codes[agreed]]
            features[term_frequency_column(comparison.label)] = tf
    return features
