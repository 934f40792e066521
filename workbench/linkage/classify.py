"""Classification: sure / possible / none for a batch of compared pairs, with the deciding rule.

A pure function over frames, so any engine that can compare a batch can classify it:

1. the first ``sure`` rule that holds makes the pair sure,
2. unless a ``veto`` holds: the veto is recorded, and the pair is possible at most;
3. a pair that is not sure is possible when a ``possible`` rule holds (or a sure rule held
   but was vetoed), every ``require`` rule holds, and its score reaches the threshold;
4. everything else is none (a vetoed pair keeps its sure rule and veto, to say why).

Examples:
    >>> import numpy as np, pandas as pd
    >>> from workbench.linkage.rules import Rule
    >>> rules = [Rule("MobileExact", "sure", "mobile == 1"), Rule("Differ", "veto", "first_names == 0"),
    ...          Rule("Similar", "possible", "last_name >= 0.8"), Rule("Person", "require", "not email == 0")]
    >>> features = pd.DataFrame({"mobile": [1, 1, 0, 0, 0, 1], "first_names": [1, 0, 1, 1, 1, 0],
    ...                          "last_name": [1, 1, 0.9, 0.9, 0.9, 1], "email": [1, 1, 1, 1, 0, 0]}, dtype=float)
    >>> classify(features, np.array([0.9, 0.9, 0.9, 0.1, 0.9, 0.9]), rules, possible_threshold=0.5)
      match_class         rule    veto
    0        sure  MobileExact    None
    1    possible  MobileExact  Differ
    2    possible      Similar    None
    3        none         None    None
    4        none         None    None
    5        none  MobileExact  Differ
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.linkage.rules import Rule

SURE, POSSIBLE, NONE = "sure", "possible", "none"
MATCH_CLASSES: tuple[str, ...] = (SURE, POSSIBLE, NONE)
"""The match classes, strongest first: the one definition every package imports."""
MATCH_CLASS_DTYPE = pd.CategoricalDtype(list(MATCH_CLASSES), ordered=True)


def classify(
    features: pd.DataFrame, scores: np.ndarray, rules: Sequence[Rule], *, possible_threshold: float
) -> pd.DataFrame:
    """Class, deciding rule and veto of every pair.

    Args:
        features: One row per pair, one column per comparison label.
        scores: The pairs' match probabilities.
        rules: Sure, veto, possible and require rules; sure rules are tried in order.
        possible_threshold: Score a possible pair needs.

    Returns:
        A frame on the features' index with ``match_class`` (categorical sure / possible /
        none), ``rule`` (the sure or possible rule that decided, else None) and ``veto``
        (the veto that held against a sure rule, else None).
    """
    n = len(features)
    rule = np.full(n, None, dtype=object)
    veto = np.full(n, None, dtype=object)
    sure = np.zeros(n, dtype=bool)
    for r in (r for r in rules if r.kind == "sure"):
        fires = r.holds(features, scores) & ~sure
        rule[fires] = r.name
        sure |= fires
    vetoed = np.zeros(n, dtype=bool)
    for r in (r for r in rules if r.kind == "veto"):
        fires = r.holds(features, scores) & sure & ~vetoed
        veto[fires] = r.name
        vetoed |= fires
    allowed = np.asarray(scores) >= possible_threshold
    for r in (r for r in rules if r.kind == "require"):
        allowed &= r.holds(features, scores)
    possible = vetoed & allowed
    for r in (r for r in rules if r.kind == "possible"):
        fires = r.holds(features, scores) & allowed & ~sure & ~possible
        rule[fires] = r.name
        possible |= fires
    match_class = np.where(sure & ~vetoed, SURE, np.where(possible, POSSIBLE, NONE))
    return pd.DataFrame(
        {"match_class": pd.Categorical(match_class, dtype=MATCH_CLASS_DTYPE), "rule": rule, "veto": veto},
        index=features.index,
    )
