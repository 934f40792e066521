"""Records ready for the Spark joins: the embedded engine's own key preparation, per batch, plus the global parts.

Each side's records go through :func:`workbench.linkage.records.prepare_records` one Arrow
batch at a time (``mapInPandas``): normalisation and the derived keys are per record, so a
batch gives each record the keys the embedded engine gives it. Two things depend on all
records and are computed here over both sides with Spark, as the embedded engine computes
them over its stacked frames:

* shared mailboxes: an address used by ``shared_mailbox_names`` or more different names
  (first initial + last-name sound) is no personal e-mail (:mod:`workbench.linkage.mailboxes`);
* term frequencies: the share of each value among the records that have one, for the
  comparisons weighed by them (:func:`workbench.linkage.records.value_frequencies`).

A prepared side has one row per record: ``row``, ``no`` (the kind's id), the display
fields explanations quote (``d_<field>``), the key columns (``k_<column>``, strings, null
where missing) and the term frequencies (``t_<column>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

from workbench.linkage.blocking import KeyBlocking
from workbench.linkage.config import LinkageConfig
from workbench.linkage.records import prepare_records
from workbench.linkage.results import record_numbers

ROW, NO = "row", "no"
PERSONAL_EMAIL, EMAIL, NAME_SIGN = "personal_email_key", "email_key", "name_sign_key"
_MAILBOX_RULE = "shared mailboxes"


def key(column: str) -> str:
    """The prepared side's column holding a key."""
    return f"k_{column}"


def display(field: str) -> str:
    """The prepared side's column holding a display field."""
    return f"d_{field}"


def frequency(column: str) -> str:
    """The prepared side's column holding the term frequency of a key's value."""
    return f"t_{column}"


def key_columns(config: LinkageConfig) -> tuple[str, ...]:
    """The key columns of a prepared side: what ``config`` reads, plus the mailbox keys for personal e-mails."""
    return _keyed(config).columns()


def frequency_columns(config: LinkageConfig) -> tuple[str, ...]:
    """The key columns whose comparisons are weighed by term frequencies."""
    return tuple(dict.fromkeys(c.column for c in config.comparisons if c.term_frequencies))


def _keyed(config: LinkageConfig) -> LinkageConfig:
    if PERSONAL_EMAIL not in config.columns():
        return config
    return config.replace(blocking=(*config.blocking, KeyBlocking([EMAIL, NAME_SIGN], name=_MAILBOX_RULE)))


def prepared_schema(config: LinkageConfig) -> StructType:
    """The schema of a prepared side before the term frequencies."""
    text = [*(display(f) for f in config.display_fields()), *(key(c) for c in key_columns(config))]
    return StructType([StructField(ROW, LongType(), False), StructField(NO, StringType()),
                       *(StructField(name, StringType()) for name in text)])


def prepare_sides(sides: Sequence[DataFrame], config: LinkageConfig,
                  persist: Callable[[DataFrame], DataFrame]) -> list[DataFrame]:
    """Prepared records of one side (deduplicate) or two (link); each input has a ``row`` column.

    Args:
        sides: The records, canonical fields as columns plus ``row`` (a unique number per record).
        config: Says which keys, display fields and frequencies are needed.
        persist: Stores a frame that several joins read (so its batches are prepared once).
    """
    schema = prepared_schema(config)
    prepare = _batch_preparer(config)
    prepared = [persist(side.select(F.col(ROW).cast(LongType()).alias(ROW),
                                    *(F.col(c).cast(StringType()).alias(c) for c in side.columns if c != ROW))
                        .mapInPandas(prepare, schema)) for side in sides]
    if PERSONAL_EMAIL in config.columns():
        prepared = _without_shared_mailboxes(prepared, config.shared_mailbox_names)
    for column in frequency_columns(config):
        prepared = _with_frequencies(prepared, column)
    return prepared


def _batch_preparer(config: LinkageConfig):
    settings = _keyed(config).to_dict()  # plain data: comparisons keep caches that do not pickle
    fields, id_field = config.display_fields(), config.record_kind.id_field

    def prepare(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        keyed = LinkageConfig.from_dict(settings)
        columns = keyed.columns()
        for batch in batches:
            frame = batch.set_index(ROW)
            keys = prepare_records([frame], keyed)[0]
            out = {ROW: frame.index.to_numpy(dtype=np.int64), NO: record_numbers(frame, id_field)}
            for field in fields:
                out[display(field)] = (frame[field].to_numpy(dtype=object) if field in frame.columns
                                       else np.full(len(frame), None, dtype=object))
            for column in columns:
                values = keys[column]
                out[key(column)] = np.where(values.isna(), None, values.astype(object).astype(str))
            yield pd.DataFrame(out)

    return prepare


def _without_shared_mailboxes(sides: list[DataFrame], min_names: int) -> list[DataFrame]:
    """Personal e-mail keys blanked where the address is shared by ``min_names`` different names over all sides."""
    email, names = key(EMAIL), key(NAME_SIGN)
    used = union_all([s.select(email, names) for s in sides]).where(F.col(email).isNotNull() & F.col(names).isNotNull())
    shared = (used.groupBy(email).agg(F.countDistinct(names).alias("names"))
              .where(F.col("names") >= min_names).select(F.col(email).alias("_shared")))
    personal = key(PERSONAL_EMAIL)
    return [side.join(shared, side[email] == shared["_shared"], "left")
            .withColumn(personal, F.when(F.col("_shared").isNull(), F.col(personal)))
            .drop("_shared") for side in sides]


def _with_frequencies(sides: list[DataFrame], column: str) -> list[DataFrame]:
    """Each record's share of its value among all records with a value (null where it has none)."""
    values = union_all([s.select(F.col(key(column)).alias("_value")) for s in sides]).where(F.col("_value").isNotNull())
    counts = values.groupBy("_value").count()
    total = values.agg(F.count(F.lit(1)).alias("_total"))
    shares = counts.crossJoin(total).select(
        "_value", (F.col("count").cast(DoubleType()) / F.greatest(F.col("_total"), F.lit(1))).alias(frequency(column)))
    return [side.join(shares, side[key(column)] == shares["_value"], "left").drop("_value") for side in sides]


def union_all(frames: Sequence[DataFrame]) -> DataFrame:
    """The rows of all frames (by column name), without removing duplicates."""
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out

