"""Explanations: one sentence per pair saying which rule decided and how the fields compare.

The format is ``<class>: <rule sentence>; <veto sentence>; <field similarities>; score <p>``,
parts left out when empty, e.g.

* ``sure: same personal email anna.schmidt@gmx.de; first names Anna/Anne compatible, last name 1.00; score 0.99``
* ``possible: same personal email p.berg@web.de; but first names clearly differ (Paul/Petra); …``
* ``possible: similar names and more in common; last name 0.96 (Müller/Mueller), first name 1.00, same postcode 10115;
  score 0.87``

Every sure and possible rule has a sentence, so the explanation always names the rule that
decided. A comparison the deciding rule already quotes values of in its sentence (a template
with placeholders) is not repeated among the field similarities.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.errors import ConfigError
from workbench.linkage.comparisons import Comparison
from workbench.linkage.rules import SCORE, Rule

_SEPARATOR, _FIELD_SEPARATOR = "; ", ", "
_BATCH = 50_000


def explain(
    classified: pd.DataFrame,
    features: pd.DataFrame,
    scores: np.ndarray,
    comparisons: Sequence[Comparison],
    rules: Sequence[Rule],
    left: pd.DataFrame,
    right: pd.DataFrame,
) -> np.ndarray:
    """The explanation of every pair (an object array of str).

    Args:
        classified: ``match_class``, ``rule`` and ``veto`` per pair (from :func:`~workbench.linkage.classify.classify`).
        features: The pairs' similarities, one column per comparison label.
        scores: The pairs' match probabilities.
        comparisons: The comparisons, in the order their results are listed.
        rules: The rules whose names appear in ``classified``.
        left: Display values of the pairs' left records (aligned with ``features``, any index).
        right: Display values of the pairs' right records.
    """
    if len(features) > _BATCH:  # in batches, so the fragments of a million pairs never exist at once
        return np.concatenate([
            _explained(classified.iloc[start:start + _BATCH], features.iloc[start:start + _BATCH],
                       np.asarray(scores)[start:start + _BATCH], comparisons, rules,
                       left.iloc[start:start + _BATCH], right.iloc[start:start + _BATCH])
            for start in range(0, len(features), _BATCH)])
    return _explained(classified, features, scores, comparisons, rules, left, right)


def _explained(classified: pd.DataFrame, features: pd.DataFrame, scores: np.ndarray, comparisons: Sequence[Comparison],
               rules: Sequence[Rule], left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    by_name = {r.name: r for r in rules}
    rule_names = classified["rule"].to_numpy(dtype=object)
    veto_names = classified["veto"].to_numpy(dtype=object)
    namespace = _Namespace(features, scores, comparisons, left, right)
    rule_text = _sentences(rule_names, by_name, namespace)
    veto_text = _sentences(veto_names, by_name, namespace)

    fragments = []
    for comparison in (c for c in comparisons if c.explain):
        fragment = comparison.describe(namespace.similarity(comparison.label), namespace.display(comparison, "a"),
                                       namespace.display(comparison, "b"))
        for name, rule in by_name.items():  # the deciding rule's sentence quotes these values already
            if rule.placeholders and comparison.label in rule.features:
                fragment[(rule_names == name) | (veto_names == name)] = ""
        fragments.append(fragment)

    score_text = "score " + pd.Series(np.asarray(scores, dtype=np.float64)).map("{:.2f}".format).to_numpy(object)
    classes = classified["match_class"].to_numpy(dtype=object)
    fields = zip(*fragments, strict=True) if fragments else itertools.repeat((), len(features))
    join, join_fields = _SEPARATOR.join, _FIELD_SEPARATOR.join
    out = np.empty(len(features), dtype=object)  # each pair's text made in one go, no intermediate columns of text
    out[:] = [f"{match_class}: {join(filter(None, (rule, veto, join_fields(filter(None, said)), score)))}"
              for match_class, rule, veto, said, score in zip(classes, rule_text, veto_text, fields, score_text,
                                                              strict=True)]
    return out


def _sentences(names: np.ndarray, rules: Mapping[str, Rule], namespace: _Namespace) -> np.ndarray:
    out = np.full(len(names), "", dtype=object)
    for name in pd.unique(names[pd.notna(names)]):
        template = rules[name].explanation
        if not template:
            continue
        rows = np.flatnonzero(names == name)
        placeholders = sorted(rules[name].placeholders)
        columns = [namespace.text(p, rows, rules[name]) for p in placeholders]
        fill = _positional(template, placeholders).format  # by position: no mapping built per pair
        out[rows] = [fill(*values) for values in zip(*columns, strict=True)] if columns else template
    return out


def _positional(template: str, names: Sequence[str]) -> str:
    """``template`` with each named placeholder replaced by its position in ``names`` (conversion and format kept).

    Examples:
        >>> _positional("same {b_a!r} and {a_a:>3} {{literal}}", ["a_a", "b_a"])
        'same {1!r} and {0:>3} {{literal}}'
    """
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + str(names.index(name)) + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")
    return "".join(out)


class _Namespace:
    """What an explanation template may name: ``<field or label>_a`` / ``_b``, feature labels, ``score``."""

    def __init__(self, features: pd.DataFrame, scores: np.ndarray, comparisons: Sequence[Comparison],
                 left: pd.DataFrame, right: pd.DataFrame) -> None:
        self.features, self.scores = features, np.asarray(scores)
        self.comparisons = {c.label: c for c in comparisons}
        self.sides = {"a": left, "b": right}

    def similarity(self, label: str) -> np.ndarray:
        return self.features[label].to_numpy(dtype=np.float64, na_value=np.nan)

    def display(self, comparison: Comparison, side: str) -> np.ndarray:
        frame = self.sides[side]
        field = comparison.field if side == "a" else comparison.right_field
        if field in frame.columns:
            return frame[field].to_numpy(dtype=object)
        return np.full(len(frame), None, dtype=object)

    def text(self, name: str, rows: np.ndarray, rule: Rule) -> np.ndarray:
        if name == SCORE:
            return np.char.mod("%.2f", self.scores[rows]).astype(object)
        if name in self.features.columns:
            return np.char.mod("%.2f", self.similarity(name)[rows]).astype(object)
        base, _, side = name.rpartition("_")
        if side in self.sides and base:
            if base in self.comparisons:
                return self.display(self.comparisons[base], side)[rows]
            if base in self.sides[side].columns:
                return self.sides[side][base].to_numpy(dtype=object)[rows]
        raise ConfigError(f"rule {rule.name!r}: explanation names {{{name}}}, which is neither a field nor a feature",
                          hint="Use <field>_a / <field>_b, a comparison label, or score.")
