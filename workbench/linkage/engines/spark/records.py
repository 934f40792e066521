"""Records for the Spark joins: prepared on the executors, planned and weighed by Spark aggregations.

Each side's records go through :func:`~workbench.linkage.records.record_keys` — the embedded
engine's own preparation of each record (normalised keys, derived keys, role mailboxes) — in
Arrow batches on the executors (``mapInPandas``). What looks across records is aggregated by
Spark, so the driver never holds the records' fields:

* shared mailboxes: an address used by ``shared_mailbox_names`` or more different names is
  nobody's personal address (as :func:`~workbench.linkage.mailboxes.shared_mailboxes`);
* the blocking plan (:mod:`~workbench.linkage.engines.spark.plan`): blocks counted per key,
  capped by the embedded engine's own decision;
* term frequencies: a value's share among the values of its column, the higher of the two for
  columns sharing a vocabulary (as :func:`~workbench.linkage.matching.term_frequencies`).

What Spark then holds is one row per record:

* ``side`` (0, or 1 for the second side when linking), ``pos`` (the record's position: the
  order of the embedded engine's frames one under the other, what pairs join on and what
  breaks ties), ``row`` (its label in the output), ``no`` (its number);
* ``p<i>``: its key in blocking pass *i*, null where the pass does not pair it;
* the key columns the configuration reads (text, null where missing) and, for comparisons
  weighed by term frequencies, ``tf_<column>`` (its value's frequency over all records);
* the display fields explanations quote (text, under their own names).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import reduce

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from workbench.linkage.blocking import Pass
from workbench.linkage.config import LinkageConfig
from workbench.linkage.records import COMPLETED_BY, MAILBOX_NAME, PERSONAL_EMAIL, record_keys
from workbench.linkage.results import record_numbers

SIDE, POS, ROW, NO = "side", "pos", "row", "no"


def pass_key(number: int) -> str:
    """The column holding a record's key in blocking pass ``number``."""
    return f"p{number}"


def frequency(column: str) -> str:
    """The column holding the term frequency of a record's value of ``column``."""
    return f"tf_{column}"


def compared_columns(config: LinkageConfig) -> tuple[str, ...]:
    """The prepared key columns the comparisons read (with those a swapped pair exchanges them for)."""
    names = [c for comparison in config.comparisons for c in (*comparison.columns(), *comparison.right_columns())]
    return tuple(dict.fromkeys([*names, *(c for group in config.shared_vocabularies() for c in group)]))


def weighed_columns(config: LinkageConfig) -> tuple[str, ...]:
    """The key columns whose comparisons are weighed by term frequencies."""
    return tuple(dict.fromkeys(c.column for c in config.comparisons if c.term_frequencies))


@dataclass
class PreparedRecords:
    """The records of every side as Spark holds them, and the blocking passes as planned.

    Attributes:
        records: One row per record of every side (the columns in the module docs).
        passes: The blocking passes, in order (their ``pairs`` are filled once the pairs are counted).
        fields: The display fields each side has.
        labelled: Whether ``row`` holds the frames' own index (integers), else positions.
    """

    records: DataFrame
    passes: list[Pass]
    fields: list[tuple[str, ...]]
    labelled: bool


def keyed_records(sides: Sequence[DataFrame], config: LinkageConfig) -> DataFrame:
    """The records of every side with their keys: prepared record by record on the executors, shared
    mailboxes taken out of ``personal_email_key`` by an aggregation.

    Args:
        sides: ``[records]`` to deduplicate or ``[a, b]`` to link: the canonical fields as text
            columns, plus ``row`` and ``pos`` (positions of all sides together, in order).
        config: The linkage settings.
    """
    keyed = reduce(DataFrame.unionByName, [_keyed(side, number, config) for number, side in enumerate(sides)])
    keyed = keyed.localCheckpoint()  # prepared once: the aggregations below and the records themselves read it
    return _without_shared_mailboxes(keyed, config) if PERSONAL_EMAIL in keyed.columns else keyed


def _keyed(side: DataFrame, number: int, config: LinkageConfig) -> DataFrame:
    """One side's records with their keys, made by the embedded engine's per-record preparation in Arrow batches."""
    fields = [c for c in side.columns if c not in (ROW, POS)]
    read = list(config.columns())
    columns = list(dict.fromkeys([*read, *(COMPLETED_BY[c] for c in read if c in COMPLETED_BY)]))
    shown = [f for f in config.display_fields() if f not in (*columns, NO)]
    schema = StructType([StructField(ROW, LongType(), False), StructField(POS, LongType(), False),
                         StructField(NO, StringType()), *(StructField(c, StringType()) for c in columns),
                         *(StructField(f, StringType()) for f in shown)])
    settings = config.to_dict()  # plain data: comparisons keep caches that do not pickle

    def keys(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        config = LinkageConfig.from_dict(settings)
        for batch in batches:
            frame = batch[fields]
            stacked = record_keys([frame], config)
            data = {ROW: batch[ROW].to_numpy(np.int64), POS: batch[POS].to_numpy(np.int64),
                    NO: _text(record_numbers(frame, config.record_kind.id_field))}
            data.update({c: _text(stacked[c].to_numpy(dtype=object)) for c in columns})
            data.update({f: _text(frame[f].to_numpy(dtype=object)) if f in frame.columns
                         else np.full(len(frame), None, dtype=object) for f in shown})
            yield pd.DataFrame(data)

    return side.mapInPandas(keys, schema).withColumn(SIDE, F.lit(number))


def _without_shared_mailboxes(records: DataFrame, config: LinkageConfig) -> DataFrame:
    """``personal_email_key`` without the addresses that ``shared_mailbox_names`` or more different names use."""
    used = records.where(F.col(PERSONAL_EMAIL).isNotNull() & F.col(MAILBOX_NAME).isNotNull())
    shared = (used.select(PERSONAL_EMAIL, MAILBOX_NAME).distinct().groupBy(PERSONAL_EMAIL).count()
              .where(F.col("count") >= config.shared_mailbox_names)
              .select(PERSONAL_EMAIL, F.lit(True).alias("_shared")))
    flagged = records.join(shared, PERSONAL_EMAIL, "left")
    personal = F.when(F.col("_shared").isNull(), F.col(PERSONAL_EMAIL))
    return flagged.withColumn(PERSONAL_EMAIL, personal).drop("_shared").select(*records.columns)


def with_frequencies(records: DataFrame, config: LinkageConfig) -> DataFrame:
    """The records with ``tf_<column>`` for every weighed column: its value's share among the column's values,
    the highest over the columns sharing its vocabulary."""
    weighed = weighed_columns(config)
    if not weighed:
        return records
    groups = {column: next((g for g in config.shared_vocabularies() if column in g), (column,)) for column in weighed}
    counted = sorted({c for group in groups.values() for c in group})
    totals = records.agg(*(F.count(c).alias(f"values_{c}") for c in counted)).first().asDict()
    for column, group in groups.items():
        shares = [records.where(F.col(c).isNotNull()).groupBy(F.col(c).alias(column))
                  .agg((F.count(F.lit(1)) / F.lit(max(int(totals[f"values_{c}"]), 1))).alias("_share")) for c in group]
        frequencies = (reduce(DataFrame.unionByName, shares).groupBy(column)
                       .agg(F.max("_share").alias(frequency(column))))
        records = records.join(frequencies, column, "left")
    return records


def _text(values: np.ndarray) -> np.ndarray:
    """Values as text, None where missing."""
    values = np.asarray(values, dtype=object)
    missing = pd.isna(values)
    return np.where(missing, None, values.astype(str)).astype(object)
