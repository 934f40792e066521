"""The probabilistic score: a Fellegi–Sunter model over the comparisons' agreement levels.

Each comparison with ``levels`` (thresholds, highest first) cuts its similarity into
agreement levels: level 0 is below the lowest threshold (disagreement), the top level
reaches the first threshold; a missing similarity has no level and weighs nothing.
The model holds, per comparison and level, the probability among matches (*m*) and
among non-matches (*u*), and the share of matches among the candidate pairs (*prior*).

*u* comes from random record pairs — almost all non-matches — (:meth:`FellegiSunter.estimate_u`),
*m* and the prior from expectation–maximisation over candidate pairs (:meth:`FellegiSunter.fit`;
:mod:`workbench.linkage.training` runs it per blocking rule, as Splink recommends). Pairs a
steward decided (same / different) enter with their label held fixed, so recorded decisions
pull the estimates toward what the steward saw. The starting
values count as :data:`PSEUDO_PAIRS` pairs, so a handful of candidate pairs cannot drive
the estimates to extremes.

Comparisons marked for *term frequencies* (names, by default) weigh a full agreement by how
common the agreed value is, as Splink does: two records agreeing on a rare surname are
stronger evidence than two Müllers. The pair's ``<label>_tf`` feature holds the value's
share among all records, used as its u in place of the average.

Examples:
    >>> import pandas as pd
    >>> model = FellegiSunter(("mobile",), ((1.0,),))
    >>> model.levels(pd.DataFrame({"mobile": [1.0, 0.0, None]})).ravel().tolist()
    [1, 0, -1]
    >>> p = model.match_probability(model.levels(pd.DataFrame({"mobile": [1.0, 0.0]})))
    >>> bool(p[0] > p[1])
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import ConfigError

_FLOOR = 1e-6
PSEUDO_PAIRS = 20.0
"""Weight of the starting m and prior in EM, in candidate pairs: few pairs stay near them, many outweigh them."""
PSEUDO_RANDOM_PAIRS = 1000.0
"""Weight of the starting u against random pairs: a small base (whose pairs include its duplicates) keeps it."""


def _starting_m(levels: int) -> np.ndarray:
    """Before any data: 85 % of matches agree fully, 5 % disagree, the rest in between."""
    return np.r_[0.05, np.full(levels - 1, 0.10 / max(levels - 1, 1)), 0.85] if levels > 1 else np.array([0.1, 0.9])


def _starting_u(levels: int) -> np.ndarray:
    """Before any data: 97 % of non-matches disagree."""
    return np.r_[0.97, np.full(levels, 0.03 / levels)]


@dataclass
class FellegiSunter:
    """A Fellegi–Sunter model: m and u per comparison and level, and the prior.

    Args:
        labels: Feature labels, in the order of the level columns.
        thresholds: Per label, the thresholds that cut its similarity into levels.
        m: Per label, probabilities of each level among matches (starting values if None).
        u: Per label, probabilities among non-matches (starting values if None).
        prior: Share of matches among candidate pairs.
        term_frequencies: Labels whose full agreement is weighed by the value's frequency.
    """

    labels: tuple[str, ...]
    thresholds: tuple[tuple[float, ...], ...]
    m: list[np.ndarray] = field(default_factory=list)
    u: list[np.ndarray] = field(default_factory=list)
    prior: float = 0.1
    term_frequencies: tuple[str, ...] = ()
    u_pairs: float = 0.0
    """Random pairs u was estimated from (0 = starting values): the weight u keeps against decisions."""
    iterations: int = 0

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.thresholds):
            raise ConfigError("a score model needs one set of thresholds per comparison")
        self.m = [np.asarray(x, float) for x in self.m] or [_starting_m(len(t)) for t in self.thresholds]
        self.u = [np.asarray(x, float) for x in self.u] or [_starting_u(len(t)) for t in self.thresholds]

    @classmethod
    def for_comparisons(cls, comparisons: Sequence[Any]) -> FellegiSunter:
        """An unfitted model over the comparisons that have levels."""
        scored = [c for c in comparisons if c.levels]
        return cls(tuple(c.label for c in scored), tuple(c.levels for c in scored),
                   term_frequencies=tuple(c.label for c in scored if c.term_frequencies))

    def score(self, features: pd.DataFrame) -> np.ndarray:
        """Match probability of each compared pair (a features frame, ``<label>_tf`` columns included)."""
        return self.match_probability(self.levels(features), self.frequencies(features))

    def frequencies(self, features: pd.DataFrame) -> np.ndarray | None:
        """Per pair and comparison, the agreed value's frequency (NaN where none or not weighed so)."""
        if not self.term_frequencies:
            return None
        out = np.full((len(features), len(self.labels)), np.nan)
        for k, label in enumerate(self.labels):
            column = term_frequency_column(label)
            if label in self.term_frequencies and column in features.columns:
                out[:, k] = features[column].to_numpy(dtype=np.float64, na_value=np.nan)
        return out

    def levels(self, features: pd.DataFrame) -> np.ndarray:
        """Agreement level per pair and comparison (int8, -1 where missing)."""
        out = np.empty((len(features), len(self.labels)), dtype=np.int8)
        for k, (label, cuts) in enumerate(zip(self.labels, self.thresholds, strict=True)):
            sim = features[label].to_numpy(dtype=np.float64, na_value=np.nan)
            level = np.zeros(len(sim), dtype=np.int8)
            for cut in cuts:
                level += sim >= cut - 1e-9
            level[np.isnan(sim)] = -1
            out[:, k] = level
        return out

    def log_bayes_factors(self, levels: np.ndarray, frequencies: np.ndarray | None = None) -> np.ndarray:
        """Per pair and comparison, log(m / u) of the pair's level (0 where missing).

        Where ``frequencies`` gives a value's frequency for a full agreement, it replaces u.
        """
        out = np.empty(levels.shape, dtype=np.float64)
        for k in range(len(self.labels)):
            ratio = np.log(np.maximum(self.m[k], _FLOOR)) - np.log(np.maximum(self.u[k], _FLOOR))
            table = np.r_[ratio, 0.0]  # index -1 (missing) reads the trailing 0
            out[:, k] = table[levels[:, k]]
            if frequencies is not None:
                top = len(self.thresholds[k])
                weighed = (levels[:, k] == top) & ~np.isnan(frequencies[:, k])
                out[weighed, k] = (np.log(max(self.m[k][top], _FLOOR))
                                   - np.log(np.maximum(frequencies[weighed, k], _FLOOR)))
        return out

    def match_probability(self, levels: np.ndarray, frequencies: np.ndarray | None = None) -> np.ndarray:
        """Posterior probability that each pair is a match (see :meth:`log_bayes_factors`)."""
        logit = np.log(self.prior / (1 - self.prior)) + self.log_bayes_factors(levels, frequencies).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))

    def estimate_u(self, random_levels: np.ndarray) -> FellegiSunter:
        """Take u from random record pairs (almost all non-matches); they are then held in :meth:`fit`."""
        self.u = [_weighted_frequencies(random_levels[:, k], np.ones(len(random_levels)), _starting_u(len(t)),
                                        PSEUDO_RANDOM_PAIRS)
                  for k, t in enumerate(self.thresholds)]
        self.u_pairs = float(len(random_levels))
        return self

    def add_non_matches(self, levels: np.ndarray, weight: float) -> FellegiSunter:
        """Take pairs known to be different people (steward decisions) into u.

        Each counts as ``weight`` pairs against the random pairs u came from, so a few
        decisions move the rare agreement levels (where they matter) and hardly the rest.
        """
        if len(levels):
            self.u = [_weighted_frequencies(levels[:, k], np.full(len(levels), weight), self.u[k],
                                            max(self.u_pairs, PSEUDO_PAIRS))
                      for k in range(len(self.thresholds))]
        return self

    def fit(
        self,
        levels: np.ndarray,
        *,
        decided: np.ndarray | None = None,
        decided_same: np.ndarray | None = None,
        decision_weight: float = 1.0,
        estimate_m: bool = True,
        estimate_u: bool = True,
        max_iterations: int = 100,
        tolerance: float = 1e-5,
    ) -> FellegiSunter:
        """Estimate the prior and (unless held) m and u by expectation–maximisation.

        Args:
            levels: Levels of the candidate pairs (from :meth:`levels`).
            decided: Levels of pairs a steward decided; their class is held fixed.
            decided_same: Per decided pair, True for "same", False for "different".
            decision_weight: How many candidate pairs one decision counts as.
            estimate_m: Re-estimate m (else only the prior, and u if asked, move).
            estimate_u: Re-estimate u from all pairs (False when u came from :meth:`estimate_u`).
            max_iterations: EM iterations at most.
            tolerance: Stop when no probability moves by more than this.

        Returns:
            The model itself, fitted.
        """
        patterns, counts = _patterns(levels)
        labelled = np.zeros(len(patterns), dtype=bool)
        posterior_fixed = np.zeros(len(patterns))
        if decided is not None and len(decided):
            assert decided_same is not None
            same = np.asarray(decided_same, dtype=bool)
            for value in (True, False):
                p, c = _patterns(decided[same == value])
                patterns = np.vstack([patterns, p])
                counts = np.concatenate([counts, c * decision_weight])
                labelled = np.concatenate([labelled, np.ones(len(p), dtype=bool)])
                posterior_fixed = np.concatenate([posterior_fixed, np.full(len(p), float(value))])
        start_m, start_u, start_prior = list(self.m), list(self.u), self.prior
        unlabelled = ~labelled
        for iteration in range(1, max_iterations + 1):
            posterior = np.where(labelled, posterior_fixed, self.match_probability(patterns))
            old = [*self.m, *self.u, np.array([self.prior])]
            if estimate_m:
                self.m = [_weighted_frequencies(patterns[:, k], counts * posterior, start_m[k])
                          for k in range(len(self.thresholds))]
            if estimate_u:
                self.u = [_weighted_frequencies(patterns[:, k], counts * (1 - posterior), start_u[k])
                          for k in range(len(self.thresholds))]
            matches = (counts * posterior)[unlabelled].sum() + PSEUDO_PAIRS * start_prior
            self.prior = float(np.clip(matches / (counts[unlabelled].sum() + PSEUDO_PAIRS), 1e-6, 1 - 1e-6))
            self.iterations = iteration
            new = [*self.m, *self.u, np.array([self.prior])]
            if max(float(np.max(np.abs(a - b))) for a, b in zip(old, new, strict=True)) < tolerance:
                break
        return self

    def fit_prior(
        self,
        levels: np.ndarray,
        frequencies: np.ndarray | None = None,
        *,
        represents: float,
        total_pairs: float,
        max_iterations: int = 200,
        tolerance: float = 1e-12,
    ) -> FellegiSunter:
        """Set the prior to the probability that two *random* records match, by EM with m and u held.

        u comes from random pairs, so the prior must be about random pairs too (as Splink's
        ``probability_two_random_records_match``): taken over the candidates alone it would
        treat every namesake the blocking put together as likely the same person.

        Args:
            levels: Levels of a sample of the candidate pairs.
            frequencies: Their agreed-value frequencies (see :meth:`frequencies`).
            represents: How many candidate pairs the sample stands for.
            total_pairs: All record pairs there are; those that are no candidates count as non-matches.
        """
        if len(levels) == 0 or total_pairs <= 0:
            return self
        weights = self.log_bayes_factors(levels, frequencies).sum(axis=1)
        prior = min(max(self.prior * represents / total_pairs, 1e-12), 0.5)
        for _ in range(max_iterations):
            logit = np.clip(np.log(prior / (1 - prior)) + weights, -50, 50)
            updated = float(np.mean(1.0 / (1.0 + np.exp(-logit))) * represents / total_pairs)
            updated = min(max(updated, 1e-12), 0.5)
            done = abs(updated - prior) <= tolerance * max(prior, 1e-12) * 1e6
            prior = updated
            if done:
                break
        self.prior = prior
        return self

    def copy(self) -> FellegiSunter:
        """An independent copy (parameters copied)."""
        return FellegiSunter(self.labels, self.thresholds, [x.copy() for x in self.m], [x.copy() for x in self.u],
                             self.prior, self.term_frequencies, self.u_pairs)

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data (JSON/YAML-safe)."""
        return {
            "prior": self.prior,
            "term_frequencies": list(self.term_frequencies),
            "u_pairs": self.u_pairs,
            "comparisons": [
                {"label": label, "thresholds": list(cuts), "m": self.m[k].tolist(), "u": self.u[k].tolist()}
                for k, (label, cuts) in enumerate(zip(self.labels, self.thresholds, strict=True))
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FellegiSunter:
        """A model from :meth:`to_dict` output."""
        items = data["comparisons"]
        return cls(tuple(i["label"] for i in items), tuple(tuple(i["thresholds"]) for i in items),
                   [np.asarray(i["m"]) for i in items], [np.asarray(i["u"]) for i in items], float(data["prior"]),
                   tuple(data.get("term_frequencies", ())), float(data.get("u_pairs", 0.0)))


def term_frequency_column(label: str) -> str:
    """The feature column holding a comparison's agreed-value frequency."""
    return f"{label}_tf"


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``levels`` and how often each occurs."""
    width = levels.shape[1] if levels.ndim == 2 else 0
    if len(levels) == 0 or width == 0:
        return levels.reshape(0, width), np.zeros(0)
    base = np.int64(int(levels.max()) + 2)
    code = np.zeros(len(levels), dtype=np.int64)
    for k in range(width):  # one integer per row: the levels (+1, so missing is 0) as digits
        code = code * base + (levels[:, k].astype(np.int64) + 1)
    code = np.sort(code)
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    counts = np.diff(np.r_[starts, len(code)]).astype(np.float64)
    distinct = code[starts]
    patterns = np.empty((len(distinct), width), dtype=np.int8)
    for k in range(width - 1, -1, -1):
        distinct, digit = np.divmod(distinct, base)
        patterns[:, k] = digit - 1
    return patterns, counts


def _weighted_frequencies(levels: np.ndarray, weights: np.ndarray, start: np.ndarray,
                          start_weight: float = PSEUDO_PAIRS) -> np.ndarray:
    """Level frequencies among the weighted pairs, ``start`` counting as ``start_weight`` pairs."""
    known = levels >= 0
    totals = np.bincount(levels[known].astype(np.int64), weights=weights[known], minlength=len(start))
    totals = totals[: len(start)] + start_weight * np.asarray(start)
    return totals / totals.sum()
