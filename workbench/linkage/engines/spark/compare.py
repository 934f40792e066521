"""Compare, score, classify and explain candidate pairs in Arrow batches with the embedded engine's own functions.

A batch of pairs (both records' compared key columns, term frequencies and display fields
side by side) becomes two small prepared frames whose key columns are categoricals over the
batch's values — columns a comparison exchanges (first and last name) over one set, as
:func:`~workbench.linkage.records.prepare_records` makes them. Then the embedded engine's
:func:`~workbench.linkage.matching.score_chunk` (compare, score, classify, keep) and
:func:`~workbench.linkage.matching.pair_frame` (numbers, explanations, the pairs frame's
columns) do the rest: the engine adds no rule of its own.

As in the embedded engine, a deduplicated pair is compared with the record of the larger
position on the left, and reads in row order in the pairs frame.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from pyspark import Accumulator, AccumulatorParam
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, FloatType, LongType, StringType, StructField, StructType

from workbench.linkage.blocking import pair_index
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.passes import FOUND_BY
from workbench.linkage.engines.spark.records import (
    NO,
    POS,
    ROW,
    SIDE,
    compared_columns,
    frequency,
    weighed_columns,
)
from workbench.linkage.matching import pair_frame, score_chunk
from workbench.linkage.results import PAIR_COLUMNS, SIMILARITY_PREFIX
from workbench.linkage.scoring import FellegiSunter
from workbench.normalize.frames import as_categorical


class PassCounts(AccumulatorParam):
    """Sums the pairs compared per blocking pass (a numpy array, one count per pass)."""

    def zero(self, value: np.ndarray) -> np.ndarray:
        return np.zeros_like(value)

    def addInPlace(self, value1: np.ndarray, value2: np.ndarray) -> np.ndarray:
        value1 += value2
        return value1


def pair_schema(config: LinkageConfig) -> StructType:
    """The schema of the scored pairs: the pairs frame's columns up to ``sim_<label>``."""
    types = {"a_row": LongType(), "b_row": LongType(), "score": DoubleType()}
    return StructType([*(StructField(c, types.get(c, StringType())) for c in PAIR_COLUMNS),
                       *(StructField(SIMILARITY_PREFIX + c.label, FloatType()) for c in config.comparisons)])


def score_pairs(pairs: DataFrame, records: DataFrame, config: LinkageConfig, model: FellegiSunter, *,
                fields: Sequence[Sequence[str]], counts: Accumulator) -> DataFrame:
    """The scored pairs (sure and possible; none too with ``keep_none``) of the candidate pairs.

    Args:
        pairs: ``found_by, a_pos, b_pos`` (:func:`~workbench.linkage.engines.spark.passes.candidate_pairs`).
        records: The prepared records (:mod:`~workbench.linkage.engines.spark.records`).
        config: Comparisons, rules, threshold.
        model: The fitted score model.
        fields: The display fields each side has (one side when deduplicating).
        counts: Adds the pairs compared per pass (:class:`PassCounts`).
    """
    wanted = [POS, ROW, NO, *compared_columns(config), *(frequency(c) for c in weighed_columns(config)),
              *(f for f in config.display_fields() if f not in compared_columns(config))]
    wanted = list(dict.fromkeys(wanted))
    dedup = len(fields) == 1
    sides = []
    for prefix, side in (("a_", 0), ("b_", 0 if dedup else 1)):
        sides.append(records.where(F.col(SIDE) == side).select(*(F.col(c).alias(prefix + c) for c in wanted)))
    joined = pairs.join(sides[0], "a_" + POS).join(sides[1], "b_" + POS)
    return joined.mapInPandas(_batch_scorer(config, model, fields, counts), pair_schema(config))


def _batch_scorer(config: LinkageConfig, model: FellegiSunter, fields: Sequence[Sequence[str]], counts: Accumulator):
    settings, parameters = config.to_dict(), model.to_dict()  # plain data: comparisons keep caches that do not pickle
    passes = len(counts.value)
    dedup = len(fields) == 1
    compared_sides = ("b_", "a_") if dedup else ("a_", "b_")
    shown_fields = [list(fields[0]), list(fields[-1])]

    def score(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        config, model = LinkageConfig.from_dict(settings), FellegiSunter.from_dict(parameters)
        for batch in batches:
            n = len(batch)
            counts.add(np.bincount(batch[FOUND_BY].to_numpy(np.int64), minlength=passes))
            left, right, frequencies = _prepared(batch, compared_sides, config)
            kept = score_chunk(pair_index(np.arange(n), np.arange(n), left.index, right.index), left, right,
                               config, model, frequencies)
            if len(kept.first) == 0:
                continue
            shown = [_shown(batch, prefix, names, config.record_kind.id_field)
                     for prefix, names in zip(compared_sides, shown_fields, strict=True)]
            if dedup:
                kept = kept._replace(second=kept.second.astype(np.int64) + n)  # codes may be int8
                shown = [pd.concat(shown)]
            pairs, _, _ = pair_frame([kept], shown, config)
            yield pairs.assign(match_class=pairs["match_class"].astype(str))

    return score


def _prepared(batch: pd.DataFrame, sides: Sequence[str],
              config: LinkageConfig) -> tuple[pd.DataFrame, pd.DataFrame, Mapping[str, np.ndarray]]:
    """The batch's left and right records as prepared frames (categoricals over the batch's values),
    and the term frequency of every category of the weighed columns."""
    left_prefix, right_prefix = sides
    n = len(batch)
    groups = [tuple(group) for group in config.shared_vocabularies()]
    grouped = {c for group in groups for c in group}
    groups += [(c,) for c in compared_columns(config) if c not in grouped]
    left, right = {}, {}
    for group in groups:
        values = np.concatenate([batch[prefix + c].to_numpy(dtype=object) for c in group
                                 for prefix in (left_prefix, right_prefix)])
        encoded = as_categorical(values)
        codes, dtype = np.asarray(encoded.codes), encoded.dtype
        for at, column in enumerate(group):
            left[column] = pd.Categorical.from_codes(codes[2 * at * n:(2 * at + 1) * n], dtype=dtype)
            right[column] = pd.Categorical.from_codes(codes[(2 * at + 1) * n:(2 * at + 2) * n], dtype=dtype)
    frequencies = {}
    for column in weighed_columns(config):
        codes = np.asarray(left[column].codes)
        share = np.zeros(len(left[column].categories))
        share[codes[codes >= 0]] = batch[left_prefix + frequency(column)].to_numpy(np.float64)[codes >= 0]
        frequencies[column] = share
    return pd.DataFrame(left), pd.DataFrame(right), frequencies


def _shown(batch: pd.DataFrame, prefix: str, fields: Sequence[str], id_field: str) -> pd.DataFrame:
    """One side's records of the batch as the pairs frame quotes them: row labels, numbers, display fields."""
    shown = pd.DataFrame({f: batch[prefix + f].to_numpy(dtype=object) for f in fields},
                         index=pd.Index(batch[prefix + ROW].to_numpy(np.int64), name=ROW))
    shown[id_field] = batch[prefix + NO].to_numpy(dtype=object)
    return shown
