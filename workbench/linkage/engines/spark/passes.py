"""Candidate pairs on Spark: the planned blocking passes as one equi-join, united without a global distinct.

Every record carries its key of each pass (``p<i>``, from
:func:`~workbench.linkage.blocking.blocking_plan`, so oversized keys are already re-blocked or
left out). Each record is listed once per pass that pairs it, as ``(pass, key)``; one join on
``(pass, key)`` meets all records that share a key in any pass — one shuffle for all passes.
A pair of pass *i* is dropped when an earlier pass *j < i* gives both records the same key
(:func:`~workbench.linkage.blocking.candidate_pairs` does the same), so every pair comes from
exactly one pass and the union needs no ``distinct``.

When deduplicating, a pair is ``(a, b)`` with ``a`` the record of the smaller position.
"""

from __future__ import annotations

from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from workbench.linkage.engines.spark.records import POS, SIDE, pass_key

FOUND_BY = "found_by"
"""The number of the pass that made a pair."""


def candidate_pairs(records: DataFrame, passes: int, *, dedup: bool) -> DataFrame:
    """``found_by, a_pos, b_pos`` of every candidate pair, each pair once.

    Args:
        records: The prepared records (:mod:`~workbench.linkage.engines.spark.records`).
        passes: How many blocking passes the records carry keys of.
        dedup: Whether the records are one side (else side 0 meets side 1).
    """
    keys = [pass_key(n) for n in range(passes)]
    entries = (records.select(SIDE, POS, *keys,
                              F.posexplode(F.array(*(F.col(k) for k in keys))).alias(FOUND_BY, "_key"))
               .where(F.col("_key").isNotNull()))
    left = _prefixed(entries.where(F.col(SIDE) == 0), "a_", keys)
    right = _prefixed(entries.where(F.col(SIDE) == (0 if dedup else 1)), "b_", keys)
    pairs = left.join(right, [FOUND_BY, "_key"])
    if dedup:
        pairs = pairs.where(F.col("a_" + POS) < F.col("b_" + POS))
    earlier = [(F.col(FOUND_BY) > n) & (F.col("a_" + k) == F.col("b_" + k)) for n, k in enumerate(keys[:-1])]
    if earlier:
        pairs = pairs.where(~F.coalesce(reduce(Column.__or__, earlier), F.lit(False)))
    return pairs.select(FOUND_BY, "a_" + POS, "b_" + POS)


def _prefixed(entries: DataFrame, prefix: str, keys: list[str]) -> DataFrame:
    return entries.select(FOUND_BY, "_key", F.col(POS).alias(prefix + POS),
                          *(F.col(k).alias(prefix + k) for k in keys))
