"""Fitting the score model the way Splink recommends, on the workbench's own candidate pairs.

1. *u* from random record pairs (:attr:`LinkageConfig.random_pairs` of them), which are
   almost all non-matches.
2. *m* by expectation–maximisation once per blocking rule that trains (``train=True``: a key
   naming one person — e-mail, mobile, name — not one a company or family shares), on a sample of that rule's pairs,
   leaving out the comparisons of the fields the rule blocks on: pairs that share a last
   name say nothing about how often matches share one. Each comparison's m is the average
   of the sessions that estimated it, weighted by their expected matches. (EM over all
   candidates at once would learn "match = same last name" wherever blocking put namesakes
   together.)
3. The prior — the probability that two random records match, as u is about random pairs —
   by EM over a sample of all candidates with m and u held, the pairs that are no candidates
   counted as non-matches (:meth:`FellegiSunter.fit_prior`).

Recorded steward decisions join every step with their class held fixed; those decided
"different" also enter u (:meth:`FellegiSunter.add_non_matches`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.errors import InputError
from workbench.linkage.blocking import CandidatePairs, pair_index
from workbench.linkage.config import LinkageConfig
from workbench.linkage.features import compare_pairs
from workbench.linkage.records import column_field
from workbench.linkage.scoring import FellegiSunter

_MIN_SESSION_PAIRS = 50


@dataclass
class DecidedPairs:
    """Pairs a steward decided, as record positions, and whether they are the same."""

    first: np.ndarray
    second: np.ndarray
    same: np.ndarray


def fit_model(
    candidates: CandidatePairs,
    keys: Sequence[pd.DataFrame],
    config: LinkageConfig,
    decided: DecidedPairs | None = None,
    frequencies: Mapping[str, np.ndarray] | None = None,
) -> FellegiSunter:
    """The score model fitted on these candidates (see the module docs).

    Args:
        candidates: The candidate pairs, with a sample of each blocking rule's pairs.
        keys: The prepared records (one frame, or two when linking).
        config: Comparisons, blocking rules, sample sizes, seed, decision weight.
        decided: Steward decisions to learn from.
        frequencies: Value frequencies for the comparisons weighed by term frequencies.
    """
    rng = np.random.default_rng(config.seed)
    model = FellegiSunter.for_comparisons(config.comparisons)
    scored = [c for c in config.comparisons if c.levels]
    left, right = keys[0], (keys[1] if len(keys) == 2 else None)
    other = keys[-1]

    def levels_of(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        index = pair_index(first, second, left.index, other.index)
        return model.levels(compare_pairs(index, left, right, scored))

    first, second = _random_pairs(rng, len(left), len(other), config.random_pairs, dedup=right is None)
    if len(first):
        model.estimate_u(levels_of(first, second))
    decided_levels = levels_of(decided.first, decided.second) if decided is not None else None
    decision = {"decided_same": decided.same if decided is not None else None,
                "decision_weight": config.decision_weight}
    if decided is not None:
        model.add_non_matches(decided_levels[~decided.same], config.decision_weight)

    estimates: list[list[np.ndarray]] = [[] for _ in scored]
    weights: list[list[float]] = [[] for _ in scored]
    for rule in (r for r in config.blocking if r.train):
        first, second = candidates.samples.get(rule.name, (np.zeros(0, np.int64),) * 2)
        if len(first) < _MIN_SESSION_PAIRS:
            continue
        fields = {column_field(c) for c in rule.key_columns_of_every_pair()}
        blocked = np.array([c.field in fields for c in scored], dtype=bool)
        session = model.copy()
        session.fit(_masked(levels_of(first, second), blocked), decided=_masked(decided_levels, blocked),
                    estimate_u=False, **decision)
        for k in np.flatnonzero(~blocked):
            estimates[k].append(session.m[k])
            weights[k].append(session.prior * len(first))

    sample = _sample(candidates.index, config.training_pairs, rng)
    sample_features = compare_pairs(pair_index(*sample, left.index, other.index), left, right, scored, frequencies)
    sample_levels = model.levels(sample_features)
    if any(not e for e in estimates):  # some comparison no session could estimate: EM over all candidates
        whole = model.copy().fit(sample_levels, decided=decided_levels, estimate_u=False, **decision)
        for k, e in enumerate(estimates):
            if not e:
                estimates[k], weights[k] = [whole.m[k]], [1.0]
    model.m = [np.average(np.vstack(e), axis=0, weights=np.asarray(w) + 1e-9) for e, w in zip(estimates, weights,
                                                                                             strict=True)]
    total_pairs = len(left) * (len(left) - 1) / 2 if right is None else len(left) * len(other)
    model.fit_prior(sample_levels, model.frequencies(sample_features), represents=len(candidates.index),
                    total_pairs=total_pairs)
    return model


def _masked(levels: np.ndarray | None, blocked: np.ndarray) -> np.ndarray | None:
    if levels is None:
        return None
    out = levels.copy()
    out[:, blocked] = -1
    return out


def _sample(index: pd.MultiIndex, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    take = np.sort(rng.choice(len(index), size=min(len(index), size), replace=False))
    return np.asarray(index.codes[0])[take], np.asarray(index.codes[1])[take]


def _random_pairs(rng: np.random.Generator, n_left: int, n_right: int, size: int,
                  *, dedup: bool) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``size`` record pairs drawn at random; all of them when there are no more."""
    if n_left == 0 or n_right == 0 or (dedup and n_left < 2):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if n_left * n_right <= size:
        first, second = np.divmod(np.arange(n_left * n_right, dtype=np.int64), n_right)
    else:
        first, second = rng.integers(0, n_left, size), rng.integers(0, n_right, size)
    if dedup:
        keep = first != second
        first, second = np.maximum(first, second)[keep], np.minimum(first, second)[keep]
    return first, second


def decided_pairs(decisions: pd.DataFrame, frames: Sequence[pd.DataFrame], id_field: str) -> DecidedPairs:
    """Positions of the decided pairs' records and their labels; pairs naming unknown records are left out.

    Args:
        decisions: ``same`` (bool) and either ``a_row, b_row`` or ``a_no, b_no``.
        frames: The frame(s) the decisions refer to (a in the first, b in the last).
        id_field: The kind's id field, for ``a_no, b_no``.

    Raises:
        InputError: The decisions lack the columns.
    """
    by_row = {"a_row", "b_row", "same"} <= set(decisions.columns)
    if not by_row and not {"a_no", "b_no", "same"} <= set(decisions.columns):
        raise InputError("decisions need the columns same and a_no, b_no (or a_row, b_row)",
                         hint=f"Got columns: {', '.join(map(str, decisions.columns))}.")
    if by_row:
        first = frames[0].index.get_indexer(decisions["a_row"])
        second = frames[-1].index.get_indexer(decisions["b_row"])
    else:
        first = _positions_by_number(frames[0], id_field, decisions["a_no"])
        second = _positions_by_number(frames[-1], id_field, decisions["b_no"])
    known = (first >= 0) & (second >= 0)
    if len(frames) == 1:
        known &= first != second
    same = decisions["same"].astype(bool).to_numpy()
    return DecidedPairs(first[known].astype(np.int64), second[known].astype(np.int64), same[known])


def _positions_by_number(frame: pd.DataFrame, id_field: str, numbers: pd.Series) -> np.ndarray:
    if id_field not in frame.columns:
        return np.full(len(numbers), -1, dtype=np.int64)
    first_seen = pd.Series(np.arange(len(frame)), index=frame[id_field].astype(object)).groupby(level=0).first()
    return first_seen.reindex(numbers.astype(object).to_numpy()).fillna(-1).to_numpy(dtype=np.int64)
