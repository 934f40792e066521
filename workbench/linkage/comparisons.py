"""Comparison library: recordlinkage compare features whose names read as rules.

Each comparison is a :class:`recordlinkage.base.BaseCompareFeature`, so it can be added
to a plain ``recordlinkage.Compare()``. It gives one similarity per pair in ``[0, 1]``
and ``NaN`` where either side is missing (missing is not disagreement).

The work is vectorised: values are factorised to integer codes (free when the columns
are categoricals sharing their categories, as :mod:`workbench.linkage.records` prepares
them), equal codes score 1 without any string work, and a string measure runs once per
*distinct* pair of values through :func:`rapidfuzz.process.cpdist`.

Examples:
    >>> import pandas as pd
    >>> ExactMatch("postcode_key").compute_values(pd.Series(["10115", None]), pd.Series(["10115", "10117"]))
    array([ 1., nan], dtype=float32)
    >>> sim = StringSimilarity("last_name_key").compute_values(pd.Series(["meier"]), pd.Series(["meyer"]))
    >>> round(float(sim[0]), 2)
    0.89
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from rapidfuzz import distance, process
from recordlinkage.base import BaseCompareFeature

from workbench.errors import ConfigError
from workbench.normalize import first_names_compatible

_KEY_SUFFIX = "_key"


def shared_codes(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer codes of both sides over one vocabulary (-1 where missing), and the vocabulary.

    Categoricals that share their categories are used as they are; anything else is
    factorised together.

    Examples:
        >>> codes_l, codes_r, values = shared_codes(pd.Series(["a", None]), pd.Series(["b", "a"]))
        >>> codes_l.tolist(), codes_r.tolist(), values.tolist()
        ([0, -1], [1, 0], ['a', 'b'])
    """
    left_cat, right_cat = isinstance(left.dtype, pd.CategoricalDtype), isinstance(right.dtype, pd.CategoricalDtype)
    if left_cat and right_cat:
        categories = left.cat.categories
        if categories is right.cat.categories or categories.equals(right.cat.categories):
            return (np.asarray(left.cat.codes, dtype=np.int64), np.asarray(right.cat.codes, dtype=np.int64),
                    np.asarray(categories, dtype=object))
    values = np.concatenate([np.asarray(left, dtype=object), np.asarray(right, dtype=object)])
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = codes.astype(np.int64)
    return codes[: len(left)], codes[len(left):], np.asarray(uniques, dtype=object)


class DistinctPairMemo:
    """Similarities already computed for distinct value pairs of one vocabulary.

    The batches of one run share their categories (see :mod:`workbench.linkage.records`),
    so an expensive measure runs once per distinct pair of values in the whole run, not
    once per batch. A new vocabulary starts a new memo; the old one is not kept alive.
    """

    def __init__(self) -> None:
        self._vocabulary: weakref.ref[np.ndarray] | None = None
        self._codes = np.zeros(0, dtype=np.int64)
        self._scores = np.zeros(0, dtype=np.float32)

    def similarities(self, pair_codes: np.ndarray, values: np.ndarray,
                     measure: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
        """Scores of distinct pair codes (``low * len(values) + high``), computing only unseen ones."""
        if self._vocabulary is None or self._vocabulary() is not values:
            self._vocabulary = weakref.ref(values)
            self._codes, self._scores = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        at = np.searchsorted(self._codes, pair_codes)
        found = at < len(self._codes)
        found[found] = self._codes[at[found]] == pair_codes[found]
        out = np.empty(len(pair_codes), dtype=np.float32)
        out[found] = self._scores[at[found]]
        new = pair_codes[~found]
        if len(new):
            size = np.int64(len(values))
            out[~found] = np.asarray(measure(values[new // size], values[new % size]), dtype=np.float32)
            codes = np.concatenate([self._codes, new])
            order = np.argsort(codes, kind="stable")
            self._codes, self._scores = codes[order], np.concatenate([self._scores, out[~found]])[order]
        return out


def similarity_of_distinct_pairs(
    left: np.ndarray,
    right: np.ndarray,
    values: np.ndarray,
    measure: Callable[[np.ndarray, np.ndarray], np.ndarray],
    memo: DistinctPairMemo | None = None,
) -> np.ndarray:
    """Apply ``measure`` once per distinct unordered pair of codes; equal codes give 1, missing NaN.

    Args:
        left: Codes of the left values (-1 = missing).
        right: Codes of the right values.
        values: The vocabulary the codes index.
        measure: Vectorised similarity over two equally long object arrays of strings.
        memo: Remembers scores across calls with the same vocabulary (for expensive measures).
    """
    out = np.full(len(left), np.nan, dtype=np.float32)
    known = (left >= 0) & (right >= 0)
    equal = known & (left == right)
    out[equal] = 1.0
    differ = np.flatnonzero(known & ~equal)
    if len(differ):
        lo = np.minimum(left[differ], right[differ])
        hi = np.maximum(left[differ], right[differ])
        inverse, distinct = pd.factorize(lo * np.int64(len(values)) + hi)
        distinct = np.asarray(distinct, dtype=np.int64)
        if memo is not None:
            scores = memo.similarities(distinct, values, measure)
        else:
            scores = measure(values[distinct // len(values)], values[distinct % len(values)])
        out[differ] = np.asarray(scores, dtype=np.float32)[inverse]
    return out


def _default_label(column: str) -> str:
    return column[: -len(_KEY_SUFFIX)] if column.endswith(_KEY_SUFFIX) else column


class Comparison(BaseCompareFeature):
    """One comparison of a key column between the two records of a pair.

    Subclasses implement :meth:`similarity` over integer codes; everything else
    (recordlinkage wiring, configuration, explanation) is shared.

    Args:
        column: Column compared on both sides, usually a normalised key (``last_name_key``).
        right_column: Column of the right record, when it differs (names written in each
            other's field: ``first_name_key`` against ``last_name_key``).
        label: Feature name, used in rules and as ``sim_<label>`` in the pairs frame;
            defaults to the column without ``_key``.
        field: Record field whose display values explanations quote; defaults to the label.
        right_field: The right record's field to quote, when it differs.
        title: Words for explanations ("last name"); defaults to the label with spaces.
        levels: Similarity thresholds, highest first, that cut the similarity into the
            agreement levels of the probabilistic score; empty keeps it out of the score.
        explain: Whether the explanation lists this comparison's result.
        term_frequencies: Weigh a full agreement by how common the value is (a rare
            surname counts more than a common one); see :mod:`workbench.linkage.scoring`.
    """

    type_name: ClassVar[str] = ""
    default_levels: ClassVar[tuple[float, ...]] = (1.0,)

    def __init__(
        self,
        column: str,
        *,
        right_column: str | None = None,
        label: str | None = None,
        field: str | None = None,
        right_field: str | None = None,
        title: str | None = None,
        levels: Sequence[float] | None = None,
        explain: bool = True,
        term_frequencies: bool = False,
    ) -> None:
        label = label or _default_label(column)
        super().__init__(column, right_column or column, label=label)
        self.column = column
        self.right_column = right_column or column
        self.field = field or label
        self.right_field = right_field or self.field
        self.title = title or label.replace("_", " ")
        self.levels = tuple(float(x) for x in (self.default_levels if levels is None else levels))
        self.explain = explain
        self.term_frequencies = term_frequencies
        if list(self.levels) != sorted(self.levels, reverse=True) or any(not 0 < x <= 1 for x in self.levels):
            raise ConfigError(f"comparison {label!r}: levels must be thresholds in (0, 1], highest first",
                              hint=f"Got {list(self.levels)}.")

    def _compute_vectorized(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        codes_l, codes_r, values = shared_codes(pd.Series(left), pd.Series(right))
        return self.similarity(codes_l, codes_r, values)

    def compute_values(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        """Similarities of aligned values (the pair's left and right record), NaN where missing."""
        return self._compute_vectorized(left, right)

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Similarity per pair from integer codes (-1 = missing) into ``values``."""
        raise NotImplementedError

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Explanation fragments per pair (object array, "" where nothing is to say).

        Args:
            similarity: The pairs' similarities.
            left: Display values of :attr:`field` on the left record (str or None).
            right: Display values on the right record.
        """
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain data (see :func:`comparison_from_dict`)."""
        data: dict[str, Any] = {"type": self.type_name, "column": self.column, "label": self.label,
                                "field": self.field, "title": self.title, "levels": list(self.levels),
                                "explain": self.explain, "term_frequencies": self.term_frequencies}
        if self.right_column != self.column:
            data["right_column"] = self.right_column
        if self.right_field != self.field:
            data["right_field"] = self.right_field
        return data

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.type_name, self.column, self.right_column, self.label))

    def _repr(self) -> str:
        return f"{type(self).__name__}({self.column!r}, label={self.label!r})"


def _percent_text(similarity: np.ndarray) -> np.ndarray:
    table = np.array([f"{i / 100:.2f}" for i in range(101)], dtype=object)
    return table[np.clip(np.rint(np.nan_to_num(similarity) * 100), 0, 100).astype(np.int64)]


def _pair_text(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return left.astype(str).astype(object) + "/" + right.astype(str).astype(object)


def _values_text(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return "(" + _pair_text(left, right) + ")"


class ExactMatch(Comparison):
    """1 when both keys are equal, 0 when they differ, NaN when one is missing.

    Explained as "same postcode 10115" or "different postcode (10115/10117)".
    """

    type_name = "exact"

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = (left == right).astype(np.float32)
        out[(left < 0) | (right < 0)] = np.nan
        return out

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        same, differ = similarity == 1, similarity == 0
        out[same] = f"same {self.title} " + left[same].astype(str).astype(object)
        out[differ] = f"different {self.title} " + _values_text(left[differ], right[differ])
        return out


_MEASURES: Mapping[str, Any] = {
    "jaro_winkler": distance.JaroWinkler,
    "levenshtein": distance.Levenshtein,
    "damerau_levenshtein": distance.DamerauLevenshtein,
    "indel": distance.Indel,
}


class StringSimilarity(Comparison):
    """A normalised string similarity (Jaro–Winkler by default) of two keys.

    Explained as "last name 0.96 (Müller/Mueller)", or "last name 1.00" when the
    display values are equal.

    Args:
        measure: ``jaro_winkler``, ``levenshtein``, ``damerau_levenshtein`` or ``indel``.
    """

    type_name = "string"
    default_levels = (1.0, 0.92, 0.8)

    def __init__(self, column: str, *, measure: str = "jaro_winkler", **options: Any) -> None:
        if measure not in _MEASURES:
            raise ConfigError(f"unknown string measure {measure!r}", hint=f"Use one of: {', '.join(_MEASURES)}.")
        super().__init__(column, **options)
        self.measure = measure

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        scorer = _MEASURES[self.measure].normalized_similarity
        return similarity_of_distinct_pairs(
            left, right, values,
            lambda a, b: process.cpdist(list(a), list(b), scorer=scorer, dtype=np.float32, workers=1).ravel())

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        known = ~np.isnan(similarity)
        out[known] = f"{self.title} " + _percent_text(similarity[known])
        shown = known & (left.astype(str) != right.astype(str))
        out[shown] = out[shown] + " " + _values_text(left[shown], right[shown])
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "measure": self.measure}


_NUMBERS = re.compile(r"\d+")


class StreetSimilarity(StringSimilarity):
    """Street similarity that knows house numbers: "Hauptstr. 5" and "Hauptstr. 7" are different addresses.

    The string measure of the whole key, capped at ``different_number`` when both keys carry
    house numbers and these differ.

    Examples:
        >>> street = StreetSimilarity("street_key")
        >>> [round(float(x), 2) for x in street.compute_values(pd.Series(["hauptstr 5", "hauptstr 5"]),
        ...                                                    pd.Series(["hauptstr 7", "hauptsr 5"]))]
        [0.5, 0.98]
    """

    type_name = "street"
    default_levels = (1.0, 0.9)

    def __init__(self, column: str, *, different_number: float = 0.5, **options: Any) -> None:
        super().__init__(column, **options)
        self.different_number = different_number
        self._numbers: tuple[weakref.ref[np.ndarray], np.ndarray] | None = None

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = super().similarity(left, right, values)
        numbers = self._house_numbers(values)  # ends in -1, which code -1 (missing) reads
        number_l, number_r = numbers[left], numbers[right]
        differ = (number_l >= 0) & (number_r >= 0) & (number_l != number_r)
        out[differ] = np.minimum(out[differ], self.different_number)
        return out

    def _house_numbers(self, values: np.ndarray) -> np.ndarray:
        """Per vocabulary value a code of its house numbers (-1 = none), and a final -1; once per vocabulary."""
        if self._numbers is None or self._numbers[0]() is not values:
            numbers = [" ".join(_NUMBERS.findall(str(v))) for v in values]
            codes = pd.factorize(np.asarray(numbers, dtype=object))[0].astype(np.int64)
            codes[np.asarray([n == "" for n in numbers], dtype=bool)] = -1
            self._numbers = (weakref.ref(values), np.r_[codes, -1])
        return self._numbers[1]

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "different_number": self.different_number}


_COMPATIBLE_FIRST_NAMES = DistinctPairMemo()
"""One memo for both first-name comparisons: :func:`first_names_compatible` is the expensive part."""


def _compatible(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(first_names_compatible(pd.Series(a), pd.Series(b)), dtype=np.float32)


class FirstNamesCompatible(Comparison):
    """1 when the first names may name one person (equal, nickname, initial, transliteration),
    0 when they clearly differ, NaN when one is missing (:func:`workbench.normalize.first_names_compatible`).

    Explained as "first names Anna/Anne compatible" or "first names clearly differ (Anna/Peter)".
    """

    type_name = "first_names"
    default_levels = ()

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        return similarity_of_distinct_pairs(left, right, values, _compatible, _COMPATIBLE_FIRST_NAMES)

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        same, differ = similarity == 1, similarity == 0
        out[same] = f"{self.title} " + _pair_text(left[same], right[same]) + " compatible"
        out[differ] = f"{self.title} clearly differ " + _values_text(left[differ], right[differ])
        return out


class FirstNameSimilarity(StringSimilarity):
    """The string measure of two first names, raised to ``compatible`` when one is a nickname,
    initial or transliteration of the other (Hans/Johannes, J./Jens), which a string measure
    alone would score as different names.

    Examples:
        >>> name = FirstNameSimilarity("first_name_key")
        >>> [round(float(x), 2) for x in name.compute_values(pd.Series(["hans", "anna", "jens"]),
        ...                                                  pd.Series(["johannes", "berta", "jens"]))]
        [0.85, 0.48, 1.0]
    """

    type_name = "first_name"

    def __init__(self, column: str, *, compatible: float = 0.85, **options: Any) -> None:
        super().__init__(column, **options)
        self.compatible = compatible

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = super().similarity(left, right, values)
        low = np.flatnonzero(out < self.compatible)
        if len(low):
            related = similarity_of_distinct_pairs(left[low], right[low], values, _compatible,
                                                   _COMPATIBLE_FIRST_NAMES) == 1
            out[low[related]] = self.compatible
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "compatible": self.compatible}


COMPARISON_TYPES: Mapping[str, type[Comparison]] = {
    cls.type_name: cls
    for cls in (ExactMatch, StringSimilarity, StreetSimilarity, FirstNamesCompatible, FirstNameSimilarity)
}


def comparison_from_dict(data: Mapping[str, Any]) -> Comparison:
    """Build a comparison from plain data, as written by :meth:`Comparison.to_dict`.

    Examples:
        >>> comparison_from_dict({"type": "exact", "column": "mobile_key"})
        ExactMatch('mobile_key', label='mobile')
    """
    options = dict(data)
    kind = options.pop("type", None)
    if kind not in COMPARISON_TYPES:
        raise ConfigError(f"unknown comparison type {kind!r}", hint=f"Use one of: {', '.join(COMPARISON_TYPES)}.")
    if "column" not in options:
        raise ConfigError(f"comparison of type {kind!r} needs a column")
    try:
        return COMPARISON_TYPES[kind](**options)
    except TypeError as exc:
        raise ConfigError(f"comparison {options.get('label') or options['column']!r}: {exc}") from None
