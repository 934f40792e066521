"""The blocking plan on Spark: blocks counted per key by aggregations, capped by the embedded engine's decision.

For every pass of every rule, each record's key is a text column (a key blocking's columns
joined, all present; a sorted neighbourhood's bucket of the sort key's rank). Spark counts
the records and pairs per key (``groupBy``) and finds the smallest pair count the decision
can reach; only the blocks at or above it come to the driver, as counts (position of the
first record, records, pairs), with the pairs of all smaller blocks as one number.
:func:`~workbench.linkage.blocking.capped_blocks` — the rule the embedded engine decides by
— says which to cap; the capped keys are re-blocked with the rule's ``refine`` columns
(counted and decided the same way) or left out, and reported by
:func:`~workbench.linkage.blocking.report_capped`. So the driver holds a few numbers per
large block, never a record's fields, and the plan is the embedded engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import pandas as pd
from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from workbench.linkage.blocking import (
    BLOCK_COUNT_COLUMNS,
    KEY_TEXT_SEPARATOR,
    BlockingRule,
    KeyBlocking,
    Pass,
    SortedNeighbourhood,
    capped_blocks,
    pass_budget,
    report_capped,
)
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.records import POS, SIDE, pass_key

SEPARATOR = "\x1f"
"""Joins the values of a key's columns into one text key (a unit separator: no normalised value holds it)."""
KEY, CAPPED, FINE, FINE_CAPPED = "_key", "_capped", "_fine", "_fine_capped"


def planned_keys(records: DataFrame, config: LinkageConfig, *, dedup: bool) -> tuple[DataFrame, list[Pass]]:
    """The records with their key of every blocking pass (``p<i>``, null where the pass does not pair them).

    Args:
        records: The keyed records (``side``, ``pos`` and the key columns), persisted by the caller.
        config: The blocking rules, ``max_block_size`` and ``pairs_per_record``.
        dedup: Whether the records are one side (else side 0 meets side 1).

    Returns:
        The records with the pass keys, and the passes with the keys they capped.
    """
    total = records.count()
    ranked = _with_ranks(records, config.blocking).persist(StorageLevel.MEMORY_AND_DISK)
    planned, passes = ranked, []
    for number, rule in enumerate(config.blocking):
        limit = rule.max_block_size or config.max_block_size
        budget = pass_budget(total, config.pairs_per_record, limit)
        for spec in rule.specs():
            planned = _capped(planned, _pass_key(rule, number, spec), spec, limit, budget, dedup=dedup)
            planned = planned.withColumnRenamed(KEY, pass_key(len(passes)))
            passes.append(spec)
    planned = planned.drop(*(_rank(n) for n, rule in enumerate(config.blocking)
                             if isinstance(rule, SortedNeighbourhood))).localCheckpoint()
    ranked.unpersist()
    return planned, passes


def _rank(number: int) -> str:
    return f"_rank{number}"


def _with_ranks(records: DataFrame, rules: Sequence[BlockingRule]) -> DataFrame:
    """The records with each sorted neighbourhood's dense rank of the sort key (null where the first column is)."""
    for number, rule in enumerate(rules):
        if not isinstance(rule, SortedNeighbourhood):
            continue
        first, *others = rule.sort_columns
        sort_key = F.when(F.col(first).isNotNull(),
                          F.concat_ws(" ", F.col(first), *(F.coalesce(F.col(c), F.lit("")) for c in others)))
        records = records.withColumn("_sort", sort_key)
        values = records.where(F.col("_sort").isNotNull()).select("_sort").distinct().orderBy("_sort")
        schema = StructType([StructField("_sort", StringType(), False), StructField(_rank(number), LongType(), False)])
        ranks = values.rdd.map(lambda row: row[0]).zipWithIndex().toDF(schema)
        records = records.join(ranks, "_sort", "left").drop("_sort")
    return records


def _pass_key(rule: BlockingRule, number: int, spec: Pass) -> Column:
    """A record's key in the pass as text, null where the pass does not pair it."""
    if isinstance(rule, KeyBlocking):
        return _joined(spec.columns)
    if spec.bucket is None:
        raise TypeError(f"the Spark engine cannot plan blocking rules of type {type(rule).__name__}")
    shift, width = spec.bucket
    return F.expr(f"({_rank(number)} + {shift}) div {width}").cast("string")


def _joined(columns: Sequence[str]) -> Column:
    """The columns' values joined, null where any is missing."""
    present = reduce(Column.__and__, [F.col(c).isNotNull() for c in columns])
    return F.when(present, F.concat_ws(SEPARATOR, *columns))


def _capped(records: DataFrame, key: Column, spec: Pass, limit: int, budget: float, *, dedup: bool) -> DataFrame:
    """The records with the pass's key in ``_key``: oversized blocks re-blocked with ``refine`` or left out."""
    records = records.withColumn(KEY, key)
    capped, remaining = decided_blocks(_counts(records, KEY, dedup), limit, budget)
    if capped.empty:
        return records
    refine = spec.refine
    _report(records, spec, capped, spec.columns, f"re-blocked by {', '.join(refine)}" if refine else "left out")
    records = _flagged(records, KEY, capped, CAPPED)
    if not refine:
        return records.withColumn(KEY, F.when(F.col(CAPPED).isNull(), F.col(KEY))).drop(CAPPED)
    fine = F.when(F.col(CAPPED).isNotNull() & _joined(refine).isNotNull(),
                  F.concat_ws(SEPARATOR, F.col(KEY), *refine))
    records = records.withColumn(FINE, fine)
    fine_capped, _ = decided_blocks(_counts(records, FINE, dedup), limit, remaining)
    _report(records, spec, fine_capped, (*spec.columns, *refine), "left out")
    records = _flagged(records, FINE, fine_capped, FINE_CAPPED)
    planned = F.when(F.col(CAPPED).isNull(), F.col(KEY)).when(F.col(FINE_CAPPED).isNull(), F.col(FINE))
    return records.withColumn(KEY, planned).drop(CAPPED, FINE, FINE_CAPPED)


def _counts(records: DataFrame, key: str, dedup: bool) -> DataFrame:
    """Per key that makes pairs: the key, the position of its first record, its records and pairs."""
    keyed = records.where(F.col(key).isNotNull()).groupBy(F.col(key).alias(KEY))
    if dedup:
        counts = keyed.agg(F.min(POS).alias("first"), F.count(F.lit(1)).alias("records"))
        counts = counts.withColumn("pairs", F.expr("records * (records - 1) div 2"))
    else:
        counts = keyed.agg(F.min(POS).alias("first"),  # a side-0 record: side 1 comes after it
                           F.sum(F.when(F.col(SIDE) == 0, 1).otherwise(0)).cast("long").alias("a"),
                           F.sum(F.when(F.col(SIDE) == 1, 1).otherwise(0)).cast("long").alias("b"))
        counts = counts.select(KEY, "first", (F.col("a") + F.col("b")).alias("records"),
                               (F.col("a") * F.col("b")).alias("pairs"))
    return counts.where(F.col("pairs") > 0)


def decided_blocks(counts: DataFrame, limit: int, budget: float) -> tuple[pd.DataFrame, float]:
    """The capped blocks (key and counts) and the budget left, by :func:`capped_blocks` on the largest blocks.

    Only blocks over ``limit`` records and the blocks with the most pairs that the budget can
    reach come to the driver: those whose pairs are at least the largest count such that the
    blocks from it upwards hold the pairs over the budget. All smaller blocks are one sum.
    """
    counts = counts.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        sizes = (counts.where(F.col("records") <= limit).groupBy("pairs").agg(F.sum("pairs").alias("sum"))
                 .orderBy(F.desc("pairs")).toPandas())  # one row per pair count: a few hundred at most
        total = int(sizes["sum"].sum())
        listed = F.col("records") > limit
        if total > budget:
            reached = sizes["sum"].cumsum() >= total - budget
            listed = listed | (F.col("pairs") >= int(sizes["pairs"][reached.idxmax()]))
        largest = counts.where(listed).select(KEY, *BLOCK_COUNT_COLUMNS).toPandas()
    finally:
        counts.unpersist()
    rest = total - int(largest.loc[largest["records"] <= limit, "pairs"].sum())
    big, remaining = capped_blocks(largest, limit, budget, rest=rest)
    return largest[big].reset_index(drop=True), remaining


def _flagged(records: DataFrame, key: str, capped: pd.DataFrame, flag: str) -> DataFrame:
    """The records with ``flag`` true where their ``key`` is one of the capped keys (null elsewhere)."""
    session = records.sparkSession
    keys = session.createDataFrame(capped[[KEY]].rename(columns={KEY: key}), f"`{key}` string")
    return records.join(F.broadcast(keys.withColumn(flag, F.lit(True))), key, "left")


def _report(records: DataFrame, spec: Pass, capped: pd.DataFrame, columns: Sequence[str], action: str) -> None:
    """Report the capped blocks, each key shown by its first record's values of ``columns``."""
    if capped.empty:
        return
    session = records.sparkSession
    firsts = session.createDataFrame(capped[["first"]].rename(columns={"first": POS}), f"{POS} long")
    text = F.concat_ws(KEY_TEXT_SEPARATOR, *(F.coalesce(F.col(c), F.lit("")) for c in columns))
    shown = records.join(F.broadcast(firsts), POS).select(F.col(POS).alias("first"), text.alias("key")).toPandas()
    report_capped(spec, capped.drop(columns=[KEY]).merge(shown, on="first"), action)
