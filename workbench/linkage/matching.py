"""The two modes: duplicates in one base, partners between two systems (and new records against a base).

Each runs index → compare → classify: candidate pairs are the union of the blocking rules;
the score model is fitted on a sample of them; then batches of ``chunk_size`` pairs are
compared, scored and classified by pure functions over frames, and only pairs that are not
none are kept, so memory stays bounded by the result. Duplicates are grouped into clusters
of sure links; partners are ranked and a 1:1 assignment is proposed.

Matching a new file against an existing base is :func:`match_new_records`: partners of the
new records in the base, plus duplicates among the new records — the base is never
compared with itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial
from time import perf_counter
from typing import NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import ConfigError
from workbench.linkage.assignment import candidate_ranks, propose_assignment
from workbench.linkage.blocking import CandidatePairs, candidate_pairs
from workbench.linkage.classify import MATCH_CLASS_DTYPE, NONE, SURE, classify
from workbench.linkage.clustering import sure_clusters
from workbench.linkage.comparisons import NamesSwapped
from workbench.linkage.config import PANDAS, LinkageConfig
from workbench.linkage.engines import engine_match
from workbench.linkage.explanations import explain
from workbench.linkage.features import compare_pairs
from workbench.linkage.records import prepare_records, value_frequencies
from workbench.linkage.results import (
    CLUSTER_COLUMNS,
    SIMILARITY_PREFIX,
    Matched,
    MatchResult,
    ProgressCallback,
    StageClock,
    record_numbers,
)
from workbench.linkage.scoring import FellegiSunter
from workbench.linkage.training import decided_pairs, fit_model
from workbench.parallel import run_side_by_side
from workbench.schema import detect_kind


def default_config(*frames: pd.DataFrame) -> LinkageConfig:
    """The default settings for the kind of record the frames hold, told by their key column
    (:func:`workbench.schema.detect_kind`; customer when no frame shows one).

    Raises:
        ConfigError: The frames show different kinds.

    Examples:
        >>> default_config(pd.DataFrame(columns=["employee_no", "last_name", "birth_date"])).kind
        'employee'
        >>> default_config(pd.DataFrame(columns=["last_name"])).kind
        'customer'
    """
    kinds = sorted({kind.name for kind in (detect_kind(frame.columns) for frame in frames) if kind is not None})
    if len(kinds) > 1:
        raise ConfigError(f"the records are of different kinds ({' and '.join(kinds)})",
                          hint="Match records of one kind, or pass LinkageConfig(kind=...).")
    return LinkageConfig(kind=kinds[0] if kinds else "customer")


def find_duplicates(
    frame: pd.DataFrame,
    config: LinkageConfig | None = None,
    *,
    decisions: pd.DataFrame | None = None,
    model: FellegiSunter | None = None,
    on_progress: ProgressCallback | None = None,
) -> MatchResult:
    """Duplicates in one base: pairs (sure / possible, explained) and groups of sure duplicates.

    Args:
        frame: Canonical records (index = source row); normalised keys are added if missing.
        config: Settings; None = the defaults for the kind the frame's columns show
            (:func:`default_config`).
        decisions: Steward decisions to learn from: ``a_no, b_no`` (or ``a_row, b_row``)
            and ``same`` (bool).
        model: A fitted score model to use instead of fitting one.
        on_progress: Called as ``on_progress(done, total, stage)``.

    Returns:
        A :class:`MatchResult` with ``pairs`` and ``clusters``.

    Examples:
        >>> records = pd.DataFrame({
        ...     "customer_no": ["1", "2", "3"], "first_name": ["Johannes", "Hans", "Jens"],
        ...     "last_name": ["Schmidt", "Schmidt", "Berg"],
        ...     "email": ["hans.schmidt@gmx.de", "Hans.Schmidt@gmx.de", "jens@berg.dk"]},
        ...     index=pd.Index([2, 3, 4], name="row"))
        >>> result = find_duplicates(records)
        >>> result.pairs[["a_no", "b_no", "match_class", "rule"]]
          a_no b_no match_class                rule
        0    1    2        sure  PersonalEmailExact
        >>> result.clusters
           row no  cluster  cluster_size
        0    2  1        0             2
        1    3  2        0             2
    """
    config = config or default_config(frame)
    matched = _match([frame], config, decisions, model, on_progress)
    started = perf_counter()
    sure = (matched.pairs["match_class"] == SURE).to_numpy()
    cluster = sure_clusters(matched.first[sure], matched.second[sure], len(frame))
    grouped = np.flatnonzero(cluster >= 0)
    sizes = np.bincount(cluster[grouped]) if len(grouped) else np.zeros(0, np.int64)
    clusters = pd.DataFrame({
        "row": frame.index[grouped], "no": record_numbers(frame, config.record_kind.id_field)[grouped],
        "cluster": cluster[grouped], "cluster_size": sizes[cluster[grouped]] if len(grouped) else [],
    }, columns=list(CLUSTER_COLUMNS)).sort_values(["cluster", "row"], kind="stable").reset_index(drop=True)
    matched.timings["group"] = perf_counter() - started
    _report(on_progress, 1, 1, "group")
    return matched.result("duplicates", frame, frame, config, clusters=clusters)


def find_partners(
    a: pd.DataFrame,
    b: pd.DataFrame,
    config: LinkageConfig | None = None,
    *,
    decisions: pd.DataFrame | None = None,
    model: FellegiSunter | None = None,
    on_progress: ProgressCallback | None = None,
) -> MatchResult:
    """Partners between two systems: candidates ranked per record and a 1:1 proposal.

    Args:
        a: Records of the first system (index = source row).
        b: Records of the second system.
        config: Settings; None = the defaults for the kind the frames' columns show
            (:func:`default_config`).
        decisions: Steward decisions to learn from (``a_no, b_no, same``; a in ``a``, b in ``b``).
        model: A fitted score model to use instead of fitting one.
        on_progress: Called as ``on_progress(done, total, stage)``.

    Returns:
        A :class:`MatchResult` whose pairs carry ``a_rank, b_rank, assigned, ambiguous`` and
        whose ``assignment`` holds the proposed pairs.
    """
    config = config or default_config(a, b)
    matched = _match([a, b], config, decisions, model, on_progress)
    started = perf_counter()
    pairs = matched.pairs
    proposable = (pairs["match_class"] != NONE).to_numpy()
    weight = pairs["score"].to_numpy() + (pairs["match_class"] == SURE).to_numpy()
    pairs["a_rank"] = 0
    pairs["b_rank"] = 0
    pairs.loc[proposable, "a_rank"] = candidate_ranks(matched.first[proposable], weight[proposable])
    pairs.loc[proposable, "b_rank"] = candidate_ranks(matched.second[proposable], weight[proposable])
    assigned, ambiguous = propose_assignment(matched.first[proposable], matched.second[proposable],
                                             weight[proposable], margin=config.ambiguity_margin)
    pairs["assigned"] = False
    pairs["ambiguous"] = False
    pairs.loc[proposable, "assigned"] = assigned
    pairs.loc[proposable, "ambiguous"] = ambiguous
    matched.timings["group"] = perf_counter() - started
    _report(on_progress, 1, 1, "group")
    return matched.result("partners", a, b, config, assignment=pairs[pairs["assigned"]])


def match_new_records(
    new: pd.DataFrame,
    base: pd.DataFrame,
    config: LinkageConfig | None = None,
    *,
    decisions: pd.DataFrame | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[MatchResult, MatchResult]:
    """A new file against an existing base, without comparing the base with itself.

    Returns:
        The new records' partners in the base (:func:`find_partners`, a = new) and the
        duplicates among the new records (:func:`find_duplicates`, scored by the same model).
    """
    partners = find_partners(new, base, config, decisions=decisions, on_progress=on_progress)
    duplicates = find_duplicates(new, partners.config, model=partners.model, on_progress=on_progress)
    return partners, duplicates


class Kept(NamedTuple):
    """The pairs of one batch that are kept: positions, features, scores, classes."""

    first: np.ndarray
    second: np.ndarray
    features: pd.DataFrame
    scores: np.ndarray
    classified: pd.DataFrame


def _report(on_progress: ProgressCallback | None, done: int, total: int, stage: str) -> None:
    if on_progress is not None:
        on_progress(done, total, stage)


def _match(
    frames: Sequence[pd.DataFrame],
    config: LinkageConfig,
    decisions: pd.DataFrame | None,
    model: FellegiSunter | None,
    on_progress: ProgressCallback | None,
) -> Matched:
    if config.backend != PANDAS:
        return engine_match(frames, config, decisions=decisions, model=model, on_progress=on_progress)
    clock = StageClock()
    lap, timings = clock.lap, clock.seconds

    _report(on_progress, 0, 1, "prepare")
    keys = prepare_records(frames, config)
    lap("prepare")
    _report(on_progress, 0, 1, "index")
    candidates = _candidates(keys, config)
    lap("index")
    _report(on_progress, 0, 1, "train")
    frequencies = term_frequencies(keys, config)
    if model is None:
        model = _fitted_model(frames, keys, candidates, config, decisions, frequencies)
    lap("train")

    left, right = keys[0], (keys[1] if len(keys) == 2 else None)
    total = len(candidates.index)
    _report(on_progress, 0, total, "compare")
    shares = _shares(total, config)

    def scored(share: Sequence[slice], report: bool) -> list[Kept]:
        parts = []
        for chunk in share:
            parts.append(score_chunk(candidates.index[chunk], left, right, config, model, frequencies))
            if report:
                _report(on_progress, chunk.stop, total, "compare")
        return parts

    parts = [part for share in run_side_by_side([partial(scored, share, at == 0) for at, share in enumerate(shares)])
             for part in share]
    if len(shares) > 1:  # the other shares are done too
        _report(on_progress, total, total, "compare")
    pairs, first, second = pair_frame(parts, frames, config)
    lap("compare")
    return Matched(pairs, first, second, model, len(candidates), candidates.per_rule, candidates.oversized,
                   candidates.passes, timings)


def _shares(total: int, config: LinkageConfig) -> list[list[slice]]:
    """The candidate pairs' chunks (at most ``chunk_size`` pairs, all about as large), in one contiguous share
    of about equal size per process."""
    processes = config.processes_for(total)
    fewest = max(math.ceil(total / config.chunk_size), 1)
    count = math.ceil(fewest / processes) * processes  # a multiple of the processes
    size = max(math.ceil(total / count), 1)
    chunks = [slice(start, min(start + size, total)) for start in range(0, total, size)]
    per_share = max(math.ceil(len(chunks) / processes), 1)
    return [chunks[start:start + per_share] for start in range(0, len(chunks), per_share)] or [[]]


def score_chunk(chunk: pd.MultiIndex, left: pd.DataFrame, right: pd.DataFrame | None, config: LinkageConfig,
                model: FellegiSunter, frequencies: Mapping[str, np.ndarray]) -> Kept:
    """Compare, score and classify a chunk of candidate pairs; keep those not classified none (all with ``keep_none``).

    Args:
        chunk: Pairs, a MultiIndex whose codes are positions in ``left`` and ``right``.
        left: Prepared records (:func:`~workbench.linkage.records.prepare_records`) of the pairs' first side.
        right: Those of the second side; None when deduplicating ``left``.
        config: Comparisons, rules and threshold.
        model: The fitted score model.
        frequencies: Term frequencies (:func:`term_frequencies`).
    """
    features = compare_pairs(chunk, left, right, config.comparisons, frequencies)
    scores = model.score(features)
    classified = classify(features, scores, config.rules, possible_threshold=config.possible_threshold)
    keep = np.ones(len(chunk), bool) if config.keep_none else (classified["match_class"] != NONE).to_numpy()
    return Kept(np.asarray(chunk.codes[0])[keep], np.asarray(chunk.codes[1])[keep],
                features[keep].reset_index(drop=True), scores[keep], classified[keep].reset_index(drop=True))


def fit_score_model(
    frames: Sequence[pd.DataFrame], config: LinkageConfig, *, decisions: pd.DataFrame | None = None,
    keys: Sequence[pd.DataFrame] | None = None,
) -> FellegiSunter:
    """The score model :func:`find_duplicates` (one frame) or :func:`find_partners` (two) fit on these records.

    The same candidates, samples and seed, so the model is the one the matching itself would
    fit: an engine that compares elsewhere (:mod:`workbench.linkage.engines`) scores with it.
    ``keys`` are the frames as :func:`~workbench.linkage.records.prepare_records` prepared them, when at hand.
    """
    keys = prepare_records(frames, config) if keys is None else keys
    return _fitted_model(frames, keys, _candidates(keys, config), config, decisions, term_frequencies(keys, config))


def _candidates(keys: Sequence[pd.DataFrame], config: LinkageConfig) -> CandidatePairs:
    return candidate_pairs(keys, config.blocking, config.max_block_size, pairs_per_record=config.pairs_per_record,
                           sample_size=config.training_pairs // max(len(config.blocking), 1), seed=config.seed)


def _fitted_model(frames: Sequence[pd.DataFrame], keys: Sequence[pd.DataFrame], candidates: CandidatePairs,
                  config: LinkageConfig, decisions: pd.DataFrame | None,
                  frequencies: dict[str, np.ndarray]) -> FellegiSunter:
    decided = decided_pairs(decisions, frames, config.record_kind.id_field) if decisions is not None else None
    return fit_model(candidates, keys, config, decided, frequencies)


def pair_frame(parts: Sequence[Kept], frames: Sequence[pd.DataFrame],
               config: LinkageConfig) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Assemble the kept chunks into the pairs frame (the contract in :mod:`~workbench.linkage.results`).

    Args:
        parts: Kept pairs (:func:`score_chunk`), positions into ``frames``.
        frames: The records (``[frame]`` when deduplicating, else ``[a, b]``): row labels, numbers, display fields.
        config: Comparisons and rules (for the explanations).

    Returns:
        The pairs frame, sure first then by falling score, and each pair's a- and b-position.
    """
    a, b = frames[0], frames[-1]
    labels = [c.label for c in config.comparisons]
    if parts:
        first = np.concatenate([p.first for p in parts]).astype(np.int64)
        second = np.concatenate([p.second for p in parts]).astype(np.int64)
        features = pd.concat([p.features for p in parts], ignore_index=True)
        scores = np.concatenate([p.scores for p in parts])
        classified = pd.concat([p.classified for p in parts], ignore_index=True)
    else:
        first = second = np.zeros(0, np.int64)
        features = pd.DataFrame({label: np.zeros(0, np.float32) for label in labels})
        scores = np.zeros(0)
        classified = classify(features, scores, config.rules, possible_threshold=config.possible_threshold)
    if len(frames) == 1:  # a deduplicated pair reads in row order
        swap = a.index.to_numpy()[first] > a.index.to_numpy()[second]
        first, second = np.where(swap, second, first), np.where(swap, first, second)
    match_class = pd.Categorical(classified["match_class"], dtype=MATCH_CLASS_DTYPE)
    order = np.lexsort((-scores.astype(np.float64), match_class.codes))  # sure first, then by falling score
    first, second, scores, match_class = first[order], second[order], scores[order], match_class[order]
    features = features.take(order).reset_index(drop=True)
    classified = classified.take(order).reset_index(drop=True)
    display = config.display_fields()
    rows = pd.RangeIndex(len(first))
    left = pd.DataFrame({c: a[c].take(first).set_axis(rows) for c in display if c in a.columns}, index=rows)
    right = _turned_round(pd.DataFrame({c: b[c].take(second).set_axis(rows) for c in display if c in b.columns},
                                       index=rows), features, config)
    id_field = config.record_kind.id_field
    pairs = pd.DataFrame({
        "a_row": a.index.to_numpy()[first], "b_row": b.index.to_numpy()[second],
        "a_no": record_numbers(a, id_field)[first], "b_no": record_numbers(b, id_field)[second],
        "match_class": match_class, "score": scores.astype(np.float64),
        "rule": classified["rule"].to_numpy(dtype=object), "veto": classified["veto"].to_numpy(dtype=object),
        "explanation": explain(classified, features, scores, config.comparisons, config.rules, left, right),
        **{SIMILARITY_PREFIX + label: features[label].to_numpy(dtype=np.float32) for label in labels},
    })
    return pairs, first, second


def _turned_round(right: pd.DataFrame, features: pd.DataFrame, config: LinkageConfig) -> pd.DataFrame:
    """The right records' display values with first and last name exchanged where a pair's names are swapped,
    so explanations quote the values that were compared."""
    for comparison in (c for c in config.comparisons if isinstance(c, NamesSwapped)):
        swapped = (features[comparison.label] == 1).to_numpy()
        for one, other in comparison.display_swaps:
            if swapped.any() and one in right.columns and other in right.columns:
                right.loc[swapped, [one, other]] = right.loc[swapped, [other, one]].to_numpy()
    return right


def term_frequencies(keys: Sequence[pd.DataFrame], config: LinkageConfig) -> dict[str, np.ndarray]:
    """Value frequencies of the columns whose comparisons are weighed by them.

    Columns sharing one vocabulary (first and last name) take each value's higher frequency of
    the two, so a surname written as a first name ("Albrecht Frank") weighs as the surname it is.
    """
    columns = {c.column for c in config.comparisons if c.term_frequencies}
    together = {column: group for group in config.shared_vocabularies() for column in group}
    return {column: np.max([value_frequencies(keys, c) for c in together.get(column, (column,))], axis=0)
            for column in columns}

