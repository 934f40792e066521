"""What matching returns: the pairs frame (a contract others build on) and the MatchResult.

The **pairs frame** has one row per pair that is sure or possible (and none as well with
``keep_none``), sure first, then by falling score:

==================  =====================================================================
column              meaning
==================  =====================================================================
``a_row``           row number (the frame's index, the source row) of the pair's a-record
``b_row``           row number of the b-record (same frame when deduplicating; a_row < b_row)
``a_no``            the a-record's number (the kind's id field, e.g. customer_no), or None
``b_no``            the b-record's number
``match_class``     ``sure``, ``possible`` or ``none`` (ordered categorical)
``score``           match probability of the Fellegi–Sunter model, 0–1
``rule``            the sure or possible rule that decided (None for none)
``veto``            the veto that demoted a sure pair to possible (else None)
``explanation``     one sentence: class, rule, veto, field similarities, score
``sim_<label>``     similarity per comparison, 0–1, NaN where a record lacks the value
``a_rank``          (partners) rank of this b among the a-record's candidates, 1 = best
``b_rank``          (partners) rank of this a among the b-record's candidates
``assigned``        (partners) part of the proposed 1:1 assignment
``ambiguous``       (partners) assigned, but a rival candidate comes within the margin
==================  =====================================================================

The sync engine reads ``a_no, b_no, match_class``; review screens read the rest and
:meth:`MatchResult.side_by_side` for both records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Literal

import numpy as np
import pandas as pd

from workbench.linkage.blocking import Pass
from workbench.linkage.classify import MATCH_CLASSES, POSSIBLE, SURE
from workbench.linkage.config import LinkageConfig
from workbench.linkage.scoring import FellegiSunter

SIMILARITY_PREFIX = "sim_"
PAIR_COLUMNS: tuple[str, ...] = ("a_row", "b_row", "a_no", "b_no", "match_class", "score", "rule", "veto",
                                 "explanation")
PARTNER_COLUMNS: tuple[str, ...] = ("a_rank", "b_rank", "assigned", "ambiguous")
CLUSTER_COLUMNS: tuple[str, ...] = ("row", "no", "cluster", "cluster_size")

ProgressCallback = Callable[[int, int, str], None]
"""``on_progress(done, total, stage)``; stages: prepare, index, train, compare, group."""


class StageClock:
    """Seconds per stage of a run: each :meth:`lap` adds the time since the previous lap (or the start).

    Examples:
        >>> clock = StageClock()
        >>> clock.lap("prepare"); clock.lap("prepare"); list(clock.seconds)
        ['prepare']
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = perf_counter()

    def lap(self, stage: str) -> None:
        """Add the time since the previous lap to ``stage``."""
        now = perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


@dataclass
class MatchResult:
    """Pairs, groups or partner proposal, and how they were found.

    Attributes:
        mode: ``duplicates`` (one frame) or ``partners`` (a and b).
        pairs: The pairs frame (see the module docs).
        a: The a-side records as given (index = row).
        b: The b-side records (``a`` itself when deduplicating).
        config: The configuration used.
        model: The fitted score model (pass it on to score more records the same way).
        candidate_pairs: Pairs compared (the union of the blocking passes).
        blocking: Pairs each blocking rule added (those no earlier rule gave).
        oversized: Keys too large to pair as they are: rule, pass, key, records, pairs, action
            (re-blocked, or left out).
        passes: The blocking passes as run (:class:`~workbench.linkage.blocking.Pass`): what an
            engine needs to make the same candidate pairs.
        clusters: (duplicates) one row per record in a group of sure duplicates:
            ``row, no, cluster, cluster_size``.
        assignment: (partners) the proposed 1:1 pairs, a subset of ``pairs``.
        timings: Seconds per stage (prepare, index, train, compare, group).
    """

    mode: Literal["duplicates", "partners"]
    pairs: pd.DataFrame
    a: pd.DataFrame
    b: pd.DataFrame
    config: LinkageConfig
    model: FellegiSunter
    candidate_pairs: int
    blocking: pd.Series
    oversized: pd.DataFrame
    passes: list[Pass] = field(default_factory=list)
    clusters: pd.DataFrame | None = None
    assignment: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def counts(self) -> pd.Series:
        """Pairs per class (sure, possible, none)."""
        return self.pairs["match_class"].value_counts().reindex(list(MATCH_CLASSES), fill_value=0)

    @property
    def sure(self) -> pd.DataFrame:
        """The sure pairs."""
        return self.pairs[self.pairs["match_class"] == SURE]

    @property
    def possible(self) -> pd.DataFrame:
        """The possible pairs (they wait for review)."""
        return self.pairs[self.pairs["match_class"] == POSSIBLE]

    def side_by_side(self, pair: int) -> pd.DataFrame:
        """The two records of a pair (by its label in :attr:`pairs`) as columns ``a``, ``b``, ``differs``.

        Rows are the fields either record has, canonical fields first.
        """
        row = self.pairs.loc[pair]
        left, right = self.a.loc[row["a_row"]], self.b.loc[row["b_row"]]
        fields = list(dict.fromkeys([*left.index, *right.index]))
        frame = pd.DataFrame({"a": left.reindex(fields), "b": right.reindex(fields)}, index=pd.Index(fields,
                                                                                                    name="field"))
        frame = frame.astype(object).where(frame.notna(), None)
        frame["differs"] = [a != b for a, b in zip(frame["a"], frame["b"], strict=True)]
        return frame

    def similarity_columns(self) -> list[str]:
        """The ``sim_<label>`` columns of :attr:`pairs`."""
        return [c for c in self.pairs.columns if c.startswith(SIMILARITY_PREFIX)]


@dataclass
class Matched:
    """What an engine hands back from index → compare → classify, before grouping or ranking.

    Attributes:
        pairs: The pairs frame's columns up to ``sim_<label>`` (see the module docs), sure first,
            then by falling score.
        first: Position of each pair's a-record in the a-frame.
        second: Position of each pair's b-record in the b-frame (the same frame when deduplicating).
        model: The score model the pairs were scored with.
        candidate_pairs: Pairs compared (the union of the blocking rules).
        blocking: Pairs each blocking rule adds to the union.
        oversized: Keys too large to pair as they are: rule, pass, key, records, pairs, action.
        passes: The blocking passes as run.
        timings: Seconds per stage.
    """

    pairs: pd.DataFrame
    first: np.ndarray
    second: np.ndarray
    model: FellegiSunter
    candidate_pairs: int
    blocking: pd.Series
    oversized: pd.DataFrame
    passes: list[Pass]
    timings: dict[str, float]

    def result(self, mode: Literal["duplicates", "partners"], a: pd.DataFrame, b: pd.DataFrame,
               config: LinkageConfig, **extra: pd.DataFrame) -> MatchResult:
        """The :class:`MatchResult` of these pairs (``extra``: clusters or assignment)."""
        return MatchResult(mode=mode, pairs=self.pairs, a=a, b=b, config=config, model=self.model,
                           candidate_pairs=self.candidate_pairs, blocking=self.blocking, oversized=self.oversized,
                           passes=self.passes, timings=self.timings, **extra)


def record_numbers(frame: pd.DataFrame, id_field: str) -> np.ndarray:
    """Each record's number (the kind's id field), None where it has none."""
    if id_field not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    return frame[id_field].astype(object).where(frame[id_field].notna(), None).to_numpy(dtype=object)
