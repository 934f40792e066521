"""Records for the Spark joins: prepared, planned and weighed by the embedded engine's own functions.

On the driver, the records go through :func:`~workbench.linkage.records.prepare_records`
(normalised keys, derived keys, shared mailboxes over all records), the blocking plan
(:func:`~workbench.linkage.blocking.blocking_plan`: every pass counted and capped within the
candidate budget, each record's key per pass) and the term frequencies
(:func:`~workbench.linkage.matching.term_frequencies`) — the very code the embedded engine
runs, so the rules live once. What Spark receives is one row per record:

* ``side`` (0, or 1 for the second side when linking), ``pos`` (the record's position in
  its side, what pairs join on), ``row`` (its label in the output), ``no`` (its number);
* ``p<i>``: its key in blocking pass *i*, null where the pass does not pair it;
* the key columns the comparisons read (text, null where missing) and, for comparisons
  weighed by term frequencies, ``tf_<column>`` (its value's frequency over all records);
* the display fields explanations quote (text, under their own names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import DoubleType, IntegerType, LongType, StringType, StructField, StructType

from workbench.linkage.blocking import Pass, blocking_plan
from workbench.linkage.config import LinkageConfig
from workbench.linkage.matching import term_frequencies
from workbench.linkage.records import prepare_records
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
    """The records of every side as Spark receives them, and the blocking passes as planned.

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


def prepare_sides(frames: Sequence[pd.DataFrame], config: LinkageConfig, session: SparkSession,
                  keys: Sequence[pd.DataFrame] | None = None) -> PreparedRecords:
    """Prepare and plan ``frames`` on the driver, and hand the records to Spark.

    Args:
        frames: ``[frame]`` to deduplicate or ``[a, b]`` to link (canonical frames).
        config: The linkage settings.
        session: The Spark session.
        keys: The frames already prepared by :func:`~workbench.linkage.records.prepare_records`.
    """
    keys = list(keys) if keys is not None else prepare_records(frames, config)
    frequencies = term_frequencies(keys, config)
    planned = [p for _, passes in blocking_plan(keys, config.blocking, config.max_block_size,
                                                pairs_per_record=config.pairs_per_record) for p in passes]
    labelled = all(pd.api.types.is_integer_dtype(f.index) for f in frames)
    columns, weighed = compared_columns(config), weighed_columns(config)
    fields, id_field = config.display_fields(), config.record_kind.id_field
    sides = []
    for side, (frame, keyed) in enumerate(zip(frames, keys, strict=True)):
        positions = np.arange(len(frame), dtype=np.int64)
        data: dict[str, object] = {
            SIDE: np.full(len(frame), side, dtype=np.int32), POS: positions,
            ROW: frame.index.to_numpy(dtype=np.int64) if labelled else positions,
            NO: _text(record_numbers(frame, id_field)),
        }
        for number, planned_pass in enumerate(planned):
            keyed_here = planned_pass.keys[side]
            data[pass_key(number)] = pd.arrays.IntegerArray(keyed_here, keyed_here < 0)  # -1: not paired
        for column in columns:
            data[column] = _text(keyed[column].astype(object).to_numpy())
        for column in weighed:
            codes = np.asarray(keyed[column].cat.codes)
            data[frequency(column)] = np.where(codes >= 0, frequencies[column][codes], np.nan)
        for name in fields:
            values = frame[name].to_numpy(dtype=object) if name in frame.columns else np.full(len(frame), None)
            data[name] = _text(values)
        sides.append(pd.DataFrame(data))
    schema = StructType([
        StructField(SIDE, IntegerType(), False), StructField(POS, LongType(), False),
        StructField(ROW, LongType(), False), StructField(NO, StringType()),
        *(StructField(pass_key(n), LongType()) for n in range(len(planned))),
        *(StructField(c, StringType()) for c in columns), *(StructField(frequency(c), DoubleType()) for c in weighed),
        *(StructField(f, StringType()) for f in fields if f not in (*columns, NO)),
    ])
    combined = pd.concat(sides, ignore_index=True)
    records = session.createDataFrame(combined[[f.name for f in schema.fields]], schema)
    present = [tuple(f for f in fields if f in frame.columns) for frame in frames]
    return PreparedRecords(records, [p.spec for p in planned], present, labelled)


def _text(values: np.ndarray) -> np.ndarray:
    """Values as text, None where missing."""
    values = np.asarray(values, dtype=object)
    missing = pd.isna(values)
    return np.where(missing, None, values.astype(str)).astype(object)
