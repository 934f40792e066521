"""Matching on Spark: prepare → count and cap blocks → one join per pass → compare in Arrow batches.

Two entry points:

* :func:`match_frames` — what ``find_duplicates`` / ``find_partners`` call for
  ``LinkageConfig(backend="spark")``: pandas frames in, the embedded engine's
  :class:`~workbench.linkage.results.Matched` out (sure and possible pairs collected to
  the driver), so the result is the embedded engine's to the column.
* :func:`match_duplicates` / :func:`match_partners` — for bases that do not fit one
  machine: records from a Spark DataFrame, a Parquet path or a table; the scored pairs
  stay a Spark DataFrame (:class:`SparkMatch`), written as Parquet by :meth:`SparkMatch.write`.

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
from pyspark import Accumulator
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from workbench.errors import ConfigError, InputError
from workbench.linkage.classify import MATCH_CLASS_DTYPE
from workbench.linkage.config import LinkageConfig
from workbench.linkage.engines.spark.clusters import cluster_frame
from workbench.linkage.engines.spark.compare import score_pairs
from workbench.linkage.engines.spark.passes import blocking_passes, candidate_pairs, outcomes
from workbench.linkage.engines.spark.records import ROW, prepare_sides
from workbench.linkage.engines.spark.session import SparkSettings, spark_session
from workbench.linkage.matching import default_config, fit_score_model
from workbench.linkage.results import Matched, ProgressCallback
from workbench.linkage.scoring import FellegiSunter

RecordSource = DataFrame | pd.DataFrame | str
"""Records for the Spark engine: a Spark DataFrame, a pandas frame, a Parquet path, or a table name."""


@dataclass
class SparkMatch:
    """A matching run on Spark. The pairs are scored when an action runs (:meth:`write`, ``toPandas``, …).

    Attributes:
        mode: ``duplicates`` or ``partners``.
        pairs: Scored pairs, the pairs frame's columns up to ``sim_<label>`` (sure and possible).
        records: The input records of each side (``row`` and the fields).
        prepared: The prepared records of each side (``row``, ``no``, keys).
        config: The configuration used.
        model: The score model.
        blocking: Pairs per blocking rule, counted before joining.
        oversized: Blocks too large to pair: rule, key, records, action.
        timings: Seconds per stage (compare runs within the first action on ``pairs``).
    """

    mode: Literal["duplicates", "partners"]
    pairs: DataFrame
    records: list[DataFrame]
    prepared: list[DataFrame]
    config: LinkageConfig
    model: FellegiSunter
    blocking: pd.Series
    oversized: pd.DataFrame
    timings: dict[str, float]
    compared: Accumulator = field(repr=False)

    @property
    def candidate_pairs(self) -> int:
        """Pairs compared, once the pairs have been scored by an action."""
        return int(self.compared.value)

    def clusters(self, pairs: DataFrame | None = None) -> DataFrame:
        """Groups of sure duplicates (``row, no, cluster, cluster_size``) by connected components in Spark.

        Args:
            pairs: The scored pairs to group (e.g. read back from Parquet); default :attr:`pairs`.
        """
        if self.mode != "duplicates":
            raise ConfigError("clusters are groups of duplicates: match_duplicates makes them")
        return cluster_frame(self.pairs if pairs is None else pairs, self.prepared[0])


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
    """
    settings = SparkSettings.from_mapping(config.spark)
    session = spark_session(settings)
    started = perf_counter()
    _report(on_progress, 0, 1, "train")
    if model is None:
        model = fit_score_model(frames, config, decisions=decisions)
    fitted = perf_counter() - started
    sides = [frame_to_spark(frame, session, rows=np.arange(len(frame))) for frame in frames]
    match = _run(sides, config, settings, model, on_progress)
    started = perf_counter()
    _report(on_progress, 0, 1, "compare")
    scored = match.pairs.toPandas()
    match.timings["compare"] = perf_counter() - started
    match.timings["train"] = fitted
    pairs, first, second = _pairs_frame(scored, frames)
    return Matched(pairs, first, second, model, match.candidate_pairs, match.blocking, match.oversized,
                   match.timings)


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
    config = config or default_config(*(pd.DataFrame(columns=s.columns) for s in sides))
    settings = SparkSettings.from_mapping(config.spark)
    started = perf_counter()
    if model is None:
        model = fit_score_model(_fitting_sample(sides, settings.fit_records, config.seed), config, decisions=decisions)
    fitted = perf_counter() - started
    match = _run(sides, config, settings, model, None)
    match.timings["train"] = fitted
    return match


def read_records(source: RecordSource, session: SparkSession) -> DataFrame:
    """Records as a Spark DataFrame with a ``row`` column (numbered in the input's order when missing).

    A string names a Parquet file or folder when it ends in ``.parquet`` or contains a ``/``,
    else a table of the session's catalog.
    """
    if isinstance(source, pd.DataFrame):
        index = source.index
        rows = index.to_numpy() if pd.api.types.is_integer_dtype(index) and index.is_unique else None
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


def frame_to_spark(frame: pd.DataFrame, session: SparkSession, *, rows: np.ndarray | None = None) -> DataFrame:
    """A canonical pandas frame as a Spark DataFrame: ``row`` (the frame's index, or ``rows``) and text fields."""
    data = {ROW: np.asarray(frame.index if rows is None else rows, dtype=np.int64)}
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=object)
        missing = pd.isna(values)
        data[str(column)] = np.where(missing, None, values.astype(str))
    schema = StructType([StructField(ROW, LongType(), False),
                         *(StructField(str(c), StringType()) for c in frame.columns)])
    return session.createDataFrame(pd.DataFrame(data), schema)


def _fitting_sample(sides: Sequence[DataFrame], limit: int, seed: int) -> list[pd.DataFrame]:
    """Each side's records on the driver, in row order: all of them, or a seeded sample of about ``limit``."""
    frames = []
    for side in sides:
        total = side.count()
        chosen = side if total <= limit else side.sample(fraction=limit / total, seed=seed)
        frames.append(chosen.orderBy(ROW).toPandas().set_index(ROW))
    return frames


def _run(sides: Sequence[DataFrame], config: LinkageConfig, settings: SparkSettings, model: FellegiSunter,
         on_progress: ProgressCallback | None) -> SparkMatch:
    timings: dict[str, float] = {}
    clock = perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    _report(on_progress, 0, 1, "prepare")
    prepared = [checkpointed(side) for side in prepare_sides(sides, config, checkpointed)]
    records = [side.count() for side in prepared]
    lap("prepare")
    _report(on_progress, 0, 1, "index")
    passes = blocking_passes(config)
    annotated = prepared
    for current in passes:  # the next pass plans against a stored table, not a growing plan
        annotated = [checkpointed(side) for side in current.annotate(annotated)]
    lap("index")
    compared = sides[0].sparkSession.sparkContext.accumulator(0)
    pairs = candidate_pairs(passes, annotated, records, settings.broadcast_records)
    scored = score_pairs(pairs, config, model, dedup=len(sides) == 1, compared=compared)
    blocking = pd.Series({p.rule.name: p.outcome.pairs for p in passes}, name="pairs", dtype="int64")
    oversized = pd.DataFrame(outcomes(passes), columns=["rule", "key", "records", "action"])
    return SparkMatch("duplicates" if len(sides) == 1 else "partners", scored, list(sides), prepared, config, model,
                      blocking, oversized, timings, compared)


def checkpointed(frame: DataFrame) -> DataFrame:
    """``frame`` computed and stored, its plan cut: a reliable checkpoint when the session has a
    checkpoint folder (``sparkContext.setCheckpointDir``, as on a cluster), else a local one."""
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def _pairs_frame(scored: pd.DataFrame, frames: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Scored pairs whose rows are positions, as the embedded engine's pairs frame (labels, dtypes, order)."""
    first = scored["a_row"].to_numpy(np.int64)
    second = scored["b_row"].to_numpy(np.int64)
    a, b = frames[0], frames[-1]
    if len(frames) == 1:
        order = np.lexsort((first, second))  # the embedded engine's candidate order: (larger, smaller) position
        swap = a.index.to_numpy()[first] > a.index.to_numpy()[second]
        first, second = np.where(swap, second, first), np.where(swap, first, second)
        numbers = scored[["a_no", "b_no"]].to_numpy(dtype=object)
        scored = scored.assign(a_no=np.where(swap, numbers[:, 1], numbers[:, 0]),
                               b_no=np.where(swap, numbers[:, 0], numbers[:, 1]))
    else:
        order = np.lexsort((second, first))
    scored, first, second = scored.iloc[order].reset_index(drop=True), first[order], second[order]
    scored["a_row"] = a.index.to_numpy()[first]
    scored["b_row"] = b.index.to_numpy()[second]
    scored["match_class"] = scored["match_class"].astype(MATCH_CLASS_DTYPE)
    for column in ("a_no", "b_no", "rule", "veto", "explanation"):
        scored[column] = scored[column].astype(object).where(scored[column].notna(), None)
    ranked = np.lexsort((-scored["score"].to_numpy(), scored["match_class"].cat.codes.to_numpy()))
    return scored.iloc[ranked].reset_index(drop=True), first[ranked], second[ranked]


def _report(on_progress: ProgressCallback | None, done: int, total: int, stage: str) -> None:
    if on_progress is not None:
        on_progress(done, total, stage)
