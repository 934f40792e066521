"""Matching on Spark: prepare and plan on the driver → one join for all blocking passes → compare in Arrow batches.

Two entry points:

* :func:`match_frames` — what ``find_duplicates`` / ``find_partners`` call for
  ``LinkageConfig(backend="spark")``: pandas frames in, the embedded engine's
  :class:`~workbench.linkage.results.Matched` out (sure and possible pairs collected to
  the driver), so the result is the embedded engine's to the column.
* :func:`match_duplicates` / :func:`match_partners` — records from a Spark DataFrame, a
  Parquet path or a table; the scored pairs stay a Spark DataFrame (:class:`SparkMatch`),
  written as Parquet by :func:`~workbench.linkage.engines.spark.write_match`.

The executors prepare the records with the embedded engine's own per-record functions,
Spark aggregates what looks across records (shared mailboxes, the blocking plan's counts,
term frequencies; :mod:`~workbench.linkage.engines.spark.records`,
:mod:`~workbench.linkage.engines.spark.plan`), and joins, compares, scores, classifies and
explains. The driver holds counts of the largest blocks and the records the model is fitted
on (at most ``SparkSettings.fit_records`` per side), never a candidate pair.

The score model is fitted once, on the driver, by the embedded engine's own fitting
(:func:`~workbench.linkage.matching.fit_score_model`): on all records when a side has at
most ``SparkSettings.fit_records``, else on a seeded sample of that many. Pass ``model=``
to score with a model fitted elsewhere (``MatchResult.model``, or a saved
``FellegiSunter.to_dict()``). With the same model, both engines give every pair the same
score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Literal

import numpy as np
import pandas as pd
from pyspark import Accumulator, StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from workbench.errors import ConfigError, InputError
from workbench.linkage.blocking import CandidatePairs, Pass
from workbench.linkage.classify import MATCH_CLASS_DTYPE
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.clusters import cluster_frame
from workbench.linkage.engines.spark.compare import PassCounts, score_pairs
from workbench.linkage.engines.spark.passes import candidate_pairs
from workbench.linkage.engines.spark.plan import planned_keys
from workbench.linkage.engines.spark.records import (
    NO,
    POS,
    ROW,
    SIDE,
    PreparedRecords,
    keyed_records,
    with_frequencies,
)
from workbench.linkage.engines.spark.session import SparkSettings, spark_session
from workbench.linkage.matching import default_config, fit_score_model
from workbench.linkage.results import Matched, ProgressCallback, StageClock
from workbench.linkage.scoring import FellegiSunter

RecordSource = DataFrame | pd.DataFrame | str
"""Records for the Spark engine: a Spark DataFrame, a pandas frame, a Parquet path, or a table name."""


@dataclass
class SparkMatch:
    """A matching run on Spark. The pairs are scored when an action runs (``write_match``, ``toPandas``, …).

    Attributes:
        mode: ``duplicates`` or ``partners``.
        pairs: Scored pairs, the pairs frame's columns up to ``sim_<label>`` (sure and possible).
        records: The input records of each side (``row`` and the fields).
        prepared: The records as Spark receives them, and the blocking passes as planned.
        config: The configuration used.
        model: The score model.
        timings: Seconds per stage (compare runs within the first action on ``pairs``).
    """

    mode: Literal["duplicates", "partners"]
    pairs: DataFrame
    records: list[DataFrame]
    prepared: PreparedRecords
    config: LinkageConfig
    model: FellegiSunter
    timings: dict[str, float]
    counts: Accumulator = field(repr=False)

    @property
    def passes(self) -> list[Pass]:
        """The blocking passes as run, with the pairs each added, once the pairs have been scored by an action."""
        for spec, pairs in zip(self.prepared.passes, self.counts.value, strict=True):
            spec.pairs = int(pairs)
        return self.prepared.passes

    @property
    def candidate_pairs(self) -> int:
        """Pairs compared, once the pairs have been scored by an action."""
        return int(self.counts.value.sum())

    @property
    def blocking(self) -> pd.Series:
        """Pairs each blocking rule added to the union (after an action)."""
        return self._plan().per_rule

    @property
    def oversized(self) -> pd.DataFrame:
        """Keys too large to pair as they are: rule, pass, key, records, pairs, action."""
        return self._plan().oversized

    def _plan(self) -> CandidatePairs:
        return CandidatePairs(pd.MultiIndex.from_arrays([[], []]), self.passes)  # the passes' report, no pairs

    def clusters(self, pairs: DataFrame | None = None) -> DataFrame:
        """Groups of sure duplicates (``row, no, cluster, cluster_size``) by connected components in Spark.

        Args:
            pairs: The scored pairs to group (e.g. read back from Parquet); default :attr:`pairs`.
        """
        if self.mode != "duplicates":
            raise ConfigError("clusters are groups of duplicates: match_duplicates makes them")
        records = self.prepared.records.where(F.col(SIDE) == 0).select(ROW, NO)
        return cluster_frame(self.pairs if pairs is None else pairs, records)


def match_frames(
    frames: Sequence[pd.DataFrame],
    config: LinkageConfig,
    *,
    decisions: pd.DataFrame | None = None,
    model: FellegiSunter | None = None,
    on_progress: ProgressCallback | None = None,
) -> Matched:
    """Index, compare and classify pandas frames on Spark; the embedded engine's :class:`Matched` comes back.

    The model is fitted on the driver with the embedded engine's fitting over the whole
    frames (they are in the driver's memory already), so scores equal the embedded engine's.
    The records are prepared and planned on Spark, as in :func:`match_duplicates`.
    """
    session = spark_session(SparkSettings.from_mapping(config.spark))
    clock = StageClock()
    _report(on_progress, 0, 1, "train")
    model = model or fit_score_model(frames, config, decisions=decisions)
    clock.lap("train")
    labelled = all(pd.api.types.is_integer_dtype(f.index) for f in frames)
    offsets = np.cumsum([0, *(len(f) for f in frames)])[:-1]  # positions of the frames one under the other
    sides = [frame_to_spark(frame, session, rows=None if labelled else np.arange(len(frame)),
                            positions=np.arange(len(frame)) + offset)
             for frame, offset in zip(frames, offsets, strict=True)]
    match = _run(sides, config, model, labelled, clock, on_progress)
    started = perf_counter()
    _report(on_progress, 0, 1, "compare")
    scored = match.pairs.toPandas()
    match.timings["compare"] = perf_counter() - started
    pairs, first, second = _pairs_frame(scored, frames, labelled)
    return Matched(pairs, first, second, match.model, match.candidate_pairs, match.blocking, match.oversized,
                   match.passes, match.timings)


def match_duplicates(
    records: RecordSource,
    config: LinkageConfig | None = None,
    *,
    session: SparkSession | None = None,
    model: FellegiSunter | None = None,
    decisions: pd.DataFrame | None = None,
) -> SparkMatch:
    """Duplicates within one base on Spark; the pairs stay a Spark DataFrame.

    Args:
        records: A Spark DataFrame, a pandas frame, a Parquet path or a table name, with the
            canonical fields as columns; ``row`` numbers the records (added when missing).
        config: Settings (``config.spark`` for the session); None = the defaults for the kind.
        session: The session to run on; default: the records' own, or one from the settings.
        model: A fitted score model; default: fitted on the driver (see the module docs).
        decisions: Steward decisions to learn from (``a_no, b_no, same``).
    """
    return _native([records], config, session, model, decisions)


def match_partners(
    a: RecordSource,
    b: RecordSource,
    config: LinkageConfig | None = None,
    *,
    session: SparkSession | None = None,
    model: FellegiSunter | None = None,
    decisions: pd.DataFrame | None = None,
) -> SparkMatch:
    """Partners between two systems on Spark (see :func:`match_duplicates` for the arguments)."""
    return _native([a, b], config, session, model, decisions)


def _native(sources: Sequence[RecordSource], config: LinkageConfig | None, session: SparkSession | None,
            model: FellegiSunter | None, decisions: pd.DataFrame | None) -> SparkMatch:
    given = next((s.sparkSession for s in sources if isinstance(s, DataFrame)), None)
    settings = SparkSettings.from_mapping(config.spark if config is not None else {})
    session = session or given or spark_session(settings)
    sides = [read_records(source, session) for source in sources]
    config = config or default_config(*(pd.DataFrame(columns=side.columns) for side in sides))
    clock = StageClock()
    if model is None:
        model = _fitted(sides, config, decisions, SparkSettings.from_mapping(config.spark).fit_records)
    clock.lap("train")
    offset = F.lit(0)
    positioned = []
    for side in sides:  # positions in row order, the second side after the first
        positioned.append(side.withColumn(POS, F.col(ROW) + offset))
        offset = F.lit(int(side.agg(F.max(ROW)).first()[0] or 0) + 1)
    match = _run(positioned, config, model, True, clock, None)
    match.records = sides
    return match


def _fitted(sides: Sequence[DataFrame], config: LinkageConfig, decisions: pd.DataFrame | None,
            fit_records: int) -> FellegiSunter:
    """The score model, fitted on the driver on all records, or a seeded sample of about ``fit_records`` per side."""
    frames = []
    for side in sides:
        records = side.count()
        if records > fit_records:
            side = side.sample(fraction=fit_records / records, seed=config.seed)
        frames.append(side.orderBy(ROW).toPandas().set_index(ROW))
    return fit_score_model(frames, config, decisions=decisions)


def read_records(source: RecordSource, session: SparkSession) -> DataFrame:
    """Records as a Spark DataFrame with a ``row`` column (numbered in the input's order when missing).

    A string names a Parquet file or folder when it ends in ``.parquet`` or contains a ``/``,
    else a table of the session's catalog.
    """
    if isinstance(source, pd.DataFrame):
        index = source.index
        rows = index.to_numpy() if pd.api.types.is_integer_dtype(index) and index.is_unique else np.arange(len(index))
        return frame_to_spark(source, session, rows=rows)
    if isinstance(source, str):
        frame = session.read.parquet(source) if source.endswith(".parquet") or "/" in source else session.table(source)
    elif isinstance(source, DataFrame):
        frame = source
    else:
        raise InputError(f"cannot read records from {type(source).__name__}",
                         hint="Pass a Spark DataFrame, a pandas DataFrame, a Parquet path or a table name.")
    if ROW not in frame.columns:
        frame = frame.withColumn(ROW, F.monotonically_increasing_id())
    return frame


def frame_to_spark(frame: pd.DataFrame, session: SparkSession, *, rows: np.ndarray | None = None,
                   positions: np.ndarray | None = None) -> DataFrame:
    """A canonical pandas frame as a Spark DataFrame: ``row`` (the frame's index, or ``rows``), ``pos``
    when ``positions`` are given, and the fields as text."""
    data = {ROW: np.asarray(frame.index if rows is None else rows, dtype=np.int64)}
    schema = f"{ROW} long"
    if positions is not None:
        data[POS] = np.asarray(positions, dtype=np.int64)
        schema += f", {POS} long"
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=object)
        data[str(column)] = np.where(pd.isna(values), None, values.astype(str))
    schema += "".join(f", `{c}` string" for c in frame.columns)
    return session.createDataFrame(pd.DataFrame(data), schema)


def _run(sides: Sequence[DataFrame], config: LinkageConfig, model: FellegiSunter, labelled: bool,
         clock: StageClock, on_progress: ProgressCallback | None) -> SparkMatch:
    """Prepare and plan on Spark; the pairs as a Spark DataFrame, scored when an action runs."""
    _report(on_progress, 0, 1, "prepare")
    keyed = with_frequencies(keyed_records(sides, config), config).persist(StorageLevel.MEMORY_AND_DISK)
    keyed.count()
    clock.lap("prepare")
    _report(on_progress, 0, 1, "index")
    records, passes = planned_keys(keyed, config, dedup=len(sides) == 1)
    keyed.unpersist()
    shown = config.display_fields()
    prepared = PreparedRecords(records, passes, [tuple(f for f in shown if f in side.columns) for side in sides],
                               labelled)
    counts = records.sparkSession.sparkContext.accumulator(np.zeros(len(passes), dtype=np.int64), PassCounts())
    pairs = candidate_pairs(records, len(passes), dedup=len(sides) == 1)
    scored = score_pairs(pairs, records, config, model, fields=prepared.fields, counts=counts)
    clock.lap("index")
    mode: Literal["duplicates", "partners"] = "duplicates" if len(sides) == 1 else "partners"
    return SparkMatch(mode, scored, [], prepared, config, model, clock.seconds, counts)


def _pairs_frame(scored: pd.DataFrame, frames: Sequence[pd.DataFrame],
                 labelled: bool) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Collected pairs as the embedded engine's pairs frame (labels, dtypes, order) and their positions."""
    a, b = frames[0], frames[-1]
    first, second = scored["a_row"].to_numpy(np.int64), scored["b_row"].to_numpy(np.int64)
    if labelled:
        first, second = a.index.get_indexer(first), b.index.get_indexer(second)
    scored["a_row"], scored["b_row"] = a.index.to_numpy()[first], b.index.to_numpy()[second]
    scored["match_class"] = scored["match_class"].astype(MATCH_CLASS_DTYPE)
    for column in ("a_no", "b_no", "rule", "veto", "explanation"):
        scored[column] = scored[column].astype(object).where(scored[column].notna(), None)
    order = np.lexsort((second, first, -scored["score"].to_numpy(), scored["match_class"].cat.codes.to_numpy()))
    return scored.iloc[order].reset_index(drop=True), first[order], second[order]


def _report(on_progress: ProgressCallback | None, done: int, total: int, stage: str) -> None:
    if on_progress is not None:
        on_progress(done, total, stage)
