"""Compare, score, classify and explain candidate pairs in Arrow batches with the embedded engine's own functions.

A batch of joined pairs (both records' key, frequency and display columns side by side)
becomes two small record frames whose key columns are categoricals over the batch's
values, as :func:`~workbench.linkage.records.prepare_records` makes them; then the pure
functions the embedded engine runs per chunk do the rest:
:func:`~workbench.linkage.features.compare_pairs`, the model's
:meth:`~workbench.linkage.scoring.FellegiSunter.score`,
:func:`~workbench.linkage.classify.classify` and
:func:`~workbench.linkage.explanations.explain`.

As in the embedded engine, a deduplicated pair is compared with the record of the larger
row on the left and explained with the smaller row as ``a``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from pyspark import Accumulator
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, FloatType, LongType, StringType, StructField, StructType

from workbench.linkage.blocking import pair_index
from workbench.linkage.classify import classify
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.records import NO, ROW, display, frequency, frequency_columns, key
from workbench.linkage.explanations import explain
from workbench.linkage.features import compare_pairs
from workbench.linkage.results import PAIR_COLUMNS, SIMILARITY_PREFIX
from workbench.linkage.scoring import FellegiSunter


def pair_schema(config: LinkageConfig) -> StructType:
    """The schema of the scored pairs: the pairs frame's columns up to ``sim_<label>``."""
    types = {"a_row": LongType(), "b_row": LongType(), "score": DoubleType()}
    return StructType([*(StructField(c, types.get(c, StringType())) for c in PAIR_COLUMNS),
                       *(StructField(SIMILARITY_PREFIX + c.label, FloatType()) for c in config.comparisons)])


def compared_columns(config: LinkageConfig) -> tuple[str, ...]:
    """The prepared key columns the comparisons read."""
    return tuple(dict.fromkeys(c for comparison in config.comparisons for c in (comparison.column,
                                                                               comparison.right_column)))


def score_pairs(pairs: DataFrame, config: LinkageConfig, model: FellegiSunter, *, dedup: bool,
                compared: Accumulator | None = None) -> DataFrame:
    """The scored pairs (sure and possible; none too with ``keep_none``) of joined candidate pairs.

    Args:
        pairs: Candidate pairs with the prepared columns of both records (``a_…``, ``b_…``).
        config: Comparisons, rules, threshold.
        model: The fitted score model.
        dedup: Whether the pairs are within one side (``a`` = the smaller row).
        compared: Counts the pairs compared, when given.
    """
    sides = ("a_", "b_")
    record_columns = [ROW, NO, *(display(f) for f in config.display_fields()),
                      *(key(c) for c in compared_columns(config)), *(frequency(c) for c in frequency_columns(config))]
    selected = pairs.select(*(F.col(side + c) for side in sides for c in record_columns))
    return selected.mapInPandas(_batch_scorer(config, model, dedup, compared), pair_schema(config))


def _batch_scorer(config: LinkageConfig, model: FellegiSunter, dedup: bool,
                  compared: Accumulator | None):
    settings, parameters = config.to_dict(), model.to_dict()  # plain data: comparisons keep caches that do not pickle
    columns, weighed = compared_columns(config), frequency_columns(config)
    labels = [c.label for c in config.comparisons]
    fields = config.display_fields()
    compare_sides = ("b_", "a_") if dedup else ("a_", "b_")

    def score(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        config, model = LinkageConfig.from_dict(settings), FellegiSunter.from_dict(parameters)
        for batch in batches:
            if compared is not None:
                compared.add(len(batch))
            left, right, frequencies = _records(batch, compare_sides, columns, weighed)
            index = pair_index(np.arange(len(batch)), np.arange(len(batch)), left.index, right.index)
            features = compare_pairs(index, left, right, config.comparisons, frequencies)
            scores = model.score(features)
            classified = classify(features, scores, config.rules, possible_threshold=config.possible_threshold)
            keep = np.ones(len(batch), bool) if config.keep_none else (classified["match_class"] != "none").to_numpy()
            if not keep.any():
                continue
            kept, features = batch[keep].reset_index(drop=True), features[keep].reset_index(drop=True)
            classified, scores = classified[keep].reset_index(drop=True), scores[keep]
            shown = [pd.DataFrame({f: kept[side + display(f)].to_numpy(dtype=object) for f in fields})
                     for side in ("a_", "b_")]
            yield pd.DataFrame({
                "a_row": kept["a_" + ROW].to_numpy(np.int64), "b_row": kept["b_" + ROW].to_numpy(np.int64),
                "a_no": kept["a_" + NO].to_numpy(object), "b_no": kept["b_" + NO].to_numpy(object),
                "match_class": classified["match_class"].astype(str).to_numpy(object),
                "score": scores.astype(np.float64),
                "rule": classified["rule"].to_numpy(object), "veto": classified["veto"].to_numpy(object),
                "explanation": explain(classified, features, scores, config.comparisons, config.rules, *shown),
                **{SIMILARITY_PREFIX + label: features[label].to_numpy(np.float32) for label in labels},
            })

    return score


def _records(batch: pd.DataFrame, sides: Sequence[str], columns: Sequence[str],
             weighed: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame, Mapping[str, np.ndarray]]:
    """The batch's left and right records as prepared frames (categoricals over the batch's values),
    and the term frequency of every category of the weighed columns."""
    left_prefix, right_prefix = sides
    n = len(batch)
    left, right, frequencies = {}, {}, {}
    for column in columns:
        values = np.concatenate([batch[left_prefix + key(column)].to_numpy(dtype=object),
                                 batch[right_prefix + key(column)].to_numpy(dtype=object)])
        codes, categories = pd.factorize(values, use_na_sentinel=True)
        categories = pd.Index(categories, dtype=object)
        left[column] = pd.Categorical.from_codes(codes[:n], categories=categories)
        right[column] = pd.Categorical.from_codes(codes[n:], categories=categories)
        if column in weighed:
            shares = np.concatenate([batch[left_prefix + frequency(column)].to_numpy(dtype=np.float64),
                                     batch[right_prefix + frequency(column)].to_numpy(dtype=np.float64)])
            share = np.zeros(len(categories))
            share[codes[codes >= 0]] = shares[codes >= 0]
            frequencies[column] = share
    return pd.DataFrame(left), pd.DataFrame(right), frequencies
