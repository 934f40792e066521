"""Blocking passes as Spark joins: one join per blocking rule, block sizes counted and capped before it.

Each of the configuration's blocking rules becomes a pass over the prepared sides
(:mod:`~workbench.linkage.engines.spark.records`) that reproduces the embedded engine's
rule (:mod:`workbench.linkage.blocking`) exactly:

* :class:`KeyPass` (a :class:`~workbench.linkage.blocking.KeyBlocking`): block sizes per key
  are counted first; a block of more than ``max_block_size`` records (both sides together
  when linking) is re-blocked with the rule's ``refine`` columns, and what is still too
  large is dropped and reported. Every record then carries its *effective key* — the key
  of the block it is paired in, or null — and the pass is an equi-join on it.
* :class:`NeighbourhoodPass` (a :class:`~workbench.linkage.blocking.SortedNeighbourhood`):
  the sort key's values are densely ranked over both sides; blocks of one rank that are
  too large are dropped; records pair with records whose rank is within the window, unless
  the two blocks together hold more than ``max_block_size`` records.

The union of the passes needs no global ``distinct``: pass *i* drops a pair that an
earlier pass *j* already produced, which each record's pass columns tell
(:meth:`BlockingPass.produced`: equal effective keys, or ranks within the window).
A side with few records is broadcast instead of shuffled.

Pairs come out with the columns of both records prefixed ``a_`` and ``b_``; when
deduplicating, ``a`` is the record with the smaller row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StructField, StructType

from workbench.errors import ConfigError
from workbench.linkage.blocking import BlockingOutcome, BlockingRule, KeyBlocking, SortedNeighbourhood
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.records import ROW, key, union_all

SEPARATOR = "\u001f"
"""Joins key columns into one key string (the unit separator, which no normalised value holds)."""
SHOWN_SEPARATOR = " | "
"""Joins key values in the report of oversized blocks, as the embedded engine does."""
_SIDE = "_side"


def pass_column(number: int, name: str) -> str:
    """A pass's column on a prepared side, e.g. ``p0_key``."""
    return f"p{number}_{name}"


@dataclass
class BlockingPass:
    """One blocking rule run as a Spark join.

    Attributes:
        number: The rule's place among the passes (earlier passes win a shared pair).
        rule: The embedded engine's rule.
        limit: Records one block may hold.
        outcome: Pairs the rule produced before the union, and the blocks too large to pair.
    """

    number: int
    rule: BlockingRule
    limit: int
    outcome: BlockingOutcome = field(init=False)

    def __post_init__(self) -> None:
        self.outcome = BlockingOutcome(self.rule.name)

    def annotate(self, sides: Sequence[DataFrame]) -> list[DataFrame]:
        """The sides with this pass's columns, after counting (and capping) the blocks; fills :attr:`outcome`."""
        raise NotImplementedError

    def join(self, sides: Sequence[DataFrame], records: Sequence[int], broadcast_records: int) -> DataFrame:
        """The pass's pairs (``a_…``, ``b_…`` columns), before earlier passes' pairs are dropped.

        Args:
            sides: The annotated sides.
            records: Records per side (to choose a broadcast).
            broadcast_records: A side with at most this many records is broadcast.
        """
        raise NotImplementedError

    def produced(self) -> Column:
        """True where this pass pairs the ``a_`` and ``b_`` records of a joined pair."""
        raise NotImplementedError

    def columns(self) -> tuple[str, ...]:
        """The pass columns :meth:`annotate` adds."""
        raise NotImplementedError


def blocking_passes(config: LinkageConfig) -> list[BlockingPass]:
    """One pass per blocking rule of ``config``, in order.

    Raises:
        ConfigError: A rule type the Spark engine cannot run.
    """
    passes: list[BlockingPass] = []
    for number, rule in enumerate(config.blocking):
        limit = rule.max_block_size or config.max_block_size
        if isinstance(rule, KeyBlocking):
            passes.append(KeyPass(number, rule, limit))
        elif isinstance(rule, SortedNeighbourhood):
            passes.append(NeighbourhoodPass(number, rule, limit))
        else:
            raise ConfigError(f"the spark backend cannot run the blocking rule {rule.name!r} ({type(rule).__name__})",
                              hint="Use key or sorted-neighbourhood rules, or the pandas backend.")
    return passes


def candidate_pairs(passes: Sequence[BlockingPass], sides: Sequence[DataFrame], records: Sequence[int],
                    broadcast_records: int) -> DataFrame:
    """The union of the passes' pairs, each pair once: a pass drops the pairs of the passes before it."""
    parts = []
    for position, current in enumerate(passes):
        pairs = current.join(sides, records, broadcast_records)
        for earlier in passes[:position]:
            pairs = pairs.where(~F.coalesce(earlier.produced(), F.lit(False)))
        parts.append(pairs)
    return union_all(parts)


# -- shared pieces ---------------------------------------------------------------------------------------------


def _prefixed(side: DataFrame, prefix: str) -> DataFrame:
    return side.select(*(F.col(c).alias(prefix + c) for c in side.columns))


def _joined(left: DataFrame, right: DataFrame, condition: Column, left_records: int, right_records: int,
            broadcast_records: int) -> DataFrame:
    """``left`` joined to ``right``, broadcasting the smaller side when it is small."""
    if right_records <= broadcast_records and right_records <= left_records:
        right = F.broadcast(right)
    elif left_records <= broadcast_records:
        left = F.broadcast(left)
    return left.join(right, condition)


def _oriented(pairs: DataFrame, columns: Sequence[str]) -> DataFrame:
    """A deduplicated pair as (smaller row, larger row): ``a_`` the record with the smaller row."""
    swap = F.col("a_" + ROW) > F.col("b_" + ROW)
    return pairs.select(*(F.when(swap, F.col(f"b_{c}")).otherwise(F.col(f"a_{c}")).alias(f"a_{c}") for c in columns),
                        *(F.when(swap, F.col(f"a_{c}")).otherwise(F.col(f"b_{c}")).alias(f"b_{c}") for c in columns))


def _block_sizes(sides: Sequence[DataFrame], column: str) -> DataFrame:
    """Records per value of ``column`` on each side: ``value, n_a, n_b`` (``n_b`` 0 when deduplicating)."""
    tagged = [side.where(F.col(column).isNotNull()).select(F.col(column).alias("value"), F.lit(i).alias(_SIDE))
              for i, side in enumerate(sides)]
    side_counts = (F.sum(F.when(F.col(_SIDE) == i, 1).otherwise(0)).cast(LongType()).alias(name)
                   for i, name in enumerate(("n_a", "n_b")))
    return union_all(tagged).groupBy("value").agg(*side_counts)


def _too_big(dedup: bool, limit: int, n_a: Column, n_b: Column) -> Column:
    """A block too large to pair: its records (both sides' when they share the key) exceed the limit."""
    if dedup:
        return n_a > limit
    return (n_a > 0) & (n_b > 0) & (n_a + n_b > limit)


def _pairs_in_blocks(dedup: bool, n_a: Column, n_b: Column) -> Column:
    return (n_a * (n_a - 1) / 2).cast(LongType()) if dedup else n_a * n_b


# -- key blocking ----------------------------------------------------------------------------------------------


@dataclass
class KeyPass(BlockingPass):
    """A :class:`~workbench.linkage.blocking.KeyBlocking` rule: an equi-join on each record's effective key."""

    rule: KeyBlocking

    def columns(self) -> tuple[str, ...]:
        return (pass_column(self.number, "key"),)

    def annotate(self, sides: Sequence[DataFrame]) -> list[DataFrame]:
        dedup = len(sides) == 1
        stages = [self.rule.key_columns, *([(*self.rule.key_columns, *self.rule.refine)] if self.rule.refine else [])]
        (effective,) = self.columns()
        sides = [s.withColumn(effective, F.lit(None).cast("string")) for s in sides]
        rest = F.lit(True)  # records still to block: all, then those of too large blocks
        for depth, columns in enumerate(stages):
            sides = [s.withColumn("_stage", F.when(rest, _key_text(columns))) for s in sides]
            sizes = _block_sizes(sides, "_stage")
            big = _too_big(dedup, self.limit, F.col("n_a"), F.col("n_b"))
            summary = sizes.agg(
                F.sum(F.when(~big, _pairs_in_blocks(dedup, F.col("n_a"), F.col("n_b")))).alias("pairs"),
                F.collect_list(F.when(big, F.struct(F.col("value"), (F.col("n_a") + F.col("n_b")).alias("records"))))
                .alias("big")).first()
            self.outcome.pairs += int(summary["pairs"] or 0)
            too_large = sorted(summary["big"], key=lambda row: (-row["records"], row["value"]))
            action = "dropped" if depth == len(stages) - 1 else f"re-blocked by {self.rule.refine}"
            self.outcome.oversized.extend({"rule": self.rule.name, "records": int(row["records"]), "action": action,
                                           "key": row["value"].replace(SEPARATOR, SHOWN_SEPARATOR)}
                                          for row in too_large)
            paired = F.concat(F.lit(f"{depth}:"), F.col("_stage"))
            if not too_large:
                sides = [s.withColumn(effective, F.coalesce(F.col(effective), paired)).drop("_stage") for s in sides]
                break
            session = sides[0].sparkSession
            over = F.broadcast(session.createDataFrame([(row["value"], True) for row in too_large],
                                                       "_value string, _over boolean"))
            sides = [s.join(over, s["_stage"] == over["_value"], "left")
                     .withColumn(effective, F.coalesce(F.col(effective), F.when(F.col("_over").isNull(), paired)))
                     .withColumn(f"_rest{depth}", F.coalesce(F.col("_over"), F.lit(False)))
                     .drop("_value", "_over", "_stage") for s in sides]
            rest = F.col(f"_rest{depth}")
        return [s.drop(*(c for c in s.columns if c.startswith("_rest"))) for s in sides]

    def join(self, sides: Sequence[DataFrame], records: Sequence[int], broadcast_records: int) -> DataFrame:
        (effective,) = self.columns()
        keyed = [s.where(F.col(effective).isNotNull()) for s in sides]
        left, right = _prefixed(keyed[0], "a_"), _prefixed(keyed[-1], "b_")
        condition = left["a_" + effective] == right["b_" + effective]
        if len(sides) == 1:
            condition = condition & (left["a_" + ROW] < right["b_" + ROW])
        return _joined(left, right, condition, records[0], records[-1], broadcast_records)

    def produced(self) -> Column:
        (effective,) = self.columns()
        return F.col("a_" + effective) == F.col("b_" + effective)


def _key_text(columns: Sequence[str]) -> Column:
    """The key columns joined into one string, null when any is missing."""
    present = F.lit(True)
    for column in columns:
        present = present & F.col(key(column)).isNotNull()
    return F.when(present, F.concat_ws(SEPARATOR, *(F.col(key(c)) for c in columns)))


# -- sorted neighbourhood --------------------------------------------------------------------------------------


@dataclass
class NeighbourhoodPass(BlockingPass):
    """A :class:`~workbench.linkage.blocking.SortedNeighbourhood` rule: a join on ranks within the window."""

    rule: SortedNeighbourhood

    @property
    def half(self) -> int:
        """Ranks on either side of a record's own that it pairs with."""
        return self.rule.window // 2

    def columns(self) -> tuple[str, ...]:
        return pass_column(self.number, "rank"), pass_column(self.number, "size")

    def annotate(self, sides: Sequence[DataFrame]) -> list[DataFrame]:
        dedup = len(sides) == 1
        rank, size = self.columns()
        sides = [s.withColumn("_sort", self._sort_key()) for s in sides]
        values = union_all([s.select(F.col("_sort").alias("value")) for s in sides]).where(
            F.col("value").isNotNull()).distinct().orderBy("value").localCheckpoint()
        ranks = values.rdd.map(lambda row: row[0]).zipWithIndex().toDF(
            StructType([StructField("_value", values.schema["value"].dataType), StructField("_rank", LongType())]))
        sides = [s.join(ranks, s["_sort"] == ranks["_value"], "left").drop("_value") for s in sides]
        sizes = (_block_sizes(sides, "_rank").withColumn("_big", _too_big(dedup, self.limit, F.col("n_a"),
                                                                           F.col("n_b"))).localCheckpoint())
        if self._count(sizes, dedup):
            self._report_dropped(sides, sizes)
        kept = sizes.where(~F.col("_big"))
        out = []
        for position, side in enumerate(sides):
            flags = kept.select(F.col("value").alias("_kept"), F.col("n_a" if position == 0 else "n_b").alias(size))
            side = side.join(flags, side["_rank"] == flags["_kept"], "left")
            out.append(side.withColumn(rank, F.when(F.col("_kept").isNotNull(), F.col("_rank")))
                       .drop("_kept", "_rank", "_sort"))
        return out

    def _sort_key(self) -> Column:
        """The sort columns joined by a space (a missing later column as ""), null when the first is missing."""
        first, *rest = self.rule.sort_columns
        parts = [F.col(key(first))]
        for column in rest:
            parts += [F.lit(" "), F.coalesce(F.col(key(column)), F.lit(""))]
        return F.when(F.col(key(first)).isNotNull(), F.concat(*parts))

    def _steps(self, dedup: bool) -> range:
        return range(1, self.half + 1) if dedup else range(-self.half, self.half + 1)

    def _count(self, sizes: DataFrame, dedup: bool) -> int:
        """Count the pairs the pass makes and the records of neighbouring blocks too large to pair together,
        in one job; returns how many blocks are too large to pair at all."""
        kept = sizes.where(~F.col("_big")).select("value", "n_a", "n_b")
        parts = [sizes.agg(F.lit(0).cast(LongType()).alias("pairs"), F.lit(0).cast(LongType()).alias("skipped"),
                           F.count(F.when(F.col("_big"), 1)).cast(LongType()).alias("big"))]
        if dedup:
            parts.append(kept.agg(F.sum(_pairs_in_blocks(True, F.col("n_a"), F.col("n_a"))).alias("pairs"),
                                  F.lit(0).cast(LongType()).alias("skipped"), F.lit(0).cast(LongType()).alias("big")))
        other = "n_a" if dedup else "n_b"
        for step in self._steps(dedup):
            here = kept.select(F.col("value").alias("r"), F.col("n_a").alias("ls"))
            there = kept.select((F.col("value") + step).alias("r"), F.col(other).alias("rs"))
            both = here.join(there, "r").where((F.col("ls") > 0) & (F.col("rs") > 0))
            fits = F.col("ls") + F.col("rs") <= self.limit
            parts.append(both.agg(F.sum(F.when(fits, F.col("ls") * F.col("rs"))).alias("pairs"),
                                  F.sum(F.when(~fits, F.col("ls") + F.col("rs"))).alias("skipped"),
                                  F.lit(0).cast(LongType()).alias("big")))
        totals = union_all(parts).agg(*(F.sum(c).alias(c) for c in ("pairs", "skipped", "big"))).first()
        self.outcome.pairs = int(totals["pairs"] or 0)
        if totals["skipped"]:
            self.outcome.oversized.append({"rule": self.rule.name, "key": "neighbouring values",
                                           "records": int(totals["skipped"]), "action": "not paired"})
        return int(totals["big"] or 0)

    def _report_dropped(self, sides: Sequence[DataFrame], sizes: DataFrame) -> None:
        big = sizes.where(F.col("_big")).select(F.col("value").alias("_rank"), (F.col("n_a") + F.col("n_b"))
                                                .alias("records"))
        shown = F.concat_ws(SHOWN_SEPARATOR, *(F.coalesce(F.col(key(c)), F.lit("nan")) for c in self.rule.sort_columns))
        examples = union_all([s.select("_rank", F.lit(i).alias(_SIDE), F.col(ROW), shown.alias("_shown"))
                               for i, s in enumerate(sides)])
        first = examples.groupBy("_rank").agg(F.min_by("_shown", F.struct(F.col(_SIDE), F.col(ROW))).alias("key"))
        rows = big.join(first, "_rank").orderBy(F.col("records").desc(), F.col("_rank")).collect()
        self.outcome.oversized.extend({"rule": self.rule.name, "key": row["key"], "records": int(row["records"]),
                                       "action": "dropped"} for row in rows)

    def join(self, sides: Sequence[DataFrame], records: Sequence[int], broadcast_records: int) -> DataFrame:
        rank, size = self.columns()
        dedup = len(sides) == 1
        ranked = [s.where(F.col(rank).isNotNull()) for s in sides]
        steps = range(self.half + 1) if dedup else range(-self.half, self.half + 1)
        left = _prefixed(ranked[0], "a_").withColumn("_step", F.explode(F.array(*(F.lit(s) for s in steps))))
        right = _prefixed(ranked[-1], "b_")
        condition = right["b_" + rank] == left["a_" + rank] + left["_step"]
        if dedup:
            condition = condition & ((left["_step"] > 0) | (left["a_" + ROW] < right["b_" + ROW]))
        pairs = _joined(left, right, condition, records[0], records[-1], broadcast_records)
        pairs = pairs.where((F.col("_step") == 0) | (F.col("a_" + size) + F.col("b_" + size) <= self.limit))
        pairs = pairs.drop("_step")
        return _oriented(pairs, ranked[0].columns) if dedup else pairs

    def produced(self) -> Column:
        rank, size = self.columns()
        a_rank, b_rank = F.col("a_" + rank), F.col("b_" + rank)
        return ((F.abs(a_rank - b_rank) <= self.half)
                & ((a_rank == b_rank) | (F.col("a_" + size) + F.col("b_" + size) <= self.limit)))


def outcomes(passes: Sequence[BlockingPass]) -> list[dict[str, Any]]:
    """Every pass's oversized blocks, in pass order (the rows of ``MatchResult.oversized``)."""
    return [row for p in passes for row in p.outcome.oversized]
