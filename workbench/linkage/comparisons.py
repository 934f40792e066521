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

    def columns(self) -> tuple[str, ...]:
        """The columns read on the left record (the right record reads :meth:`right_columns`)."""
        return (self.column,)

    def right_columns(self) -> tuple[str, ...]:
        """The columns read on the right record, position by position with :meth:`columns`."""
        return (self.right_column,)

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


def _percent_text(similarity: np.ndarray, title: str) -> np.ndarray:
    """``"<title> 0.96"`` per similarity (one string per hundredth, shared by the pairs)."""
    table = np.array([f"{title} {i / 100:.2f}" for i in range(101)], dtype=object)
    return table[np.clip(np.rint(np.nan_to_num(similarity) * 100), 0, 100).astype(np.int64)]


def _pair_text(left: np.ndarray, right: np.ndarray, template: str = "{}/{}") -> np.ndarray:
    return np.array([template.format(a, b) for a, b in zip(left, right, strict=True)], dtype=object)


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
        out[same] = [f"same {self.title} {value}" for value in left[same]]
        out[differ] = _pair_text(left[differ], right[differ], f"different {self.title} ({{}}/{{}})")
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
            lambda a, b: process.cpdist(list(a), list(b), scorer=scorer, dtype=np.float32, workers=-1).ravel())

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        known = ~np.isnan(similarity)
        out[known] = _percent_text(similarity[known], self.title)
        shown = known & np.array([str(a) != str(b) for a, b in zip(left, right, strict=True)], dtype=bool)
        out[shown] = [f"{said} ({a}/{b})" for said, a, b in zip(out[shown], left[shown], right[shown], strict=True)]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "measure": self.measure}


_NUMBERS = re.compile(r"\d+")


class _PerVocabulary:
    """A value computed once per vocabulary (the shared categories of one run) for every comparison asking."""

    def __init__(self, compute: Callable[[np.ndarray], np.ndarray]) -> None:
        self._compute = compute
        self._last: tuple[weakref.ref[np.ndarray], np.ndarray] | None = None

    def get(self, values: np.ndarray) -> np.ndarray:
        if self._last is None or self._last[0]() is not values:
            self._last = (weakref.ref(values), self._compute(values))
        return self._last[1]


def _house_number_codes(values: np.ndarray) -> np.ndarray:
    """Per vocabulary value a code of its house numbers (-1 = none), and a final -1."""
    numbers = [" ".join(_NUMBERS.findall(str(v))) for v in values]
    codes = pd.factorize(np.asarray(numbers, dtype=object))[0].astype(np.int64)
    codes[np.asarray([n == "" for n in numbers], dtype=bool)] = -1
    return np.r_[codes, -1]


_HOUSE_NUMBERS = _PerVocabulary(_house_number_codes)


class _LastPairs:
    """The last similarities computed per setting, handed to the next comparison of the same pairs: the
    street and the address comparison both compare the streets of every chunk."""

    def __init__(self) -> None:
        self._last: dict[Any, tuple[weakref.ref[np.ndarray], np.ndarray, np.ndarray, np.ndarray]] = {}

    def get(self, key: Any, left: np.ndarray, right: np.ndarray, values: np.ndarray,
            compute: Callable[[], np.ndarray]) -> np.ndarray:
        last = self._last.get(key)
        if (last is None or last[0]() is not values or not np.array_equal(last[1], left)
                or not np.array_equal(last[2], right)):
            last = (weakref.ref(values), left.copy(), right.copy(), compute())
            self._last[key] = last
        return last[3].copy()


_LAST_STREETS = _LastPairs()


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

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        key = (self.measure, self.different_number)
        return _LAST_STREETS.get(key, left, right, values, lambda: self._similarity(left, right, values))

    def _similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = super().similarity(left, right, values)
        numbers = _HOUSE_NUMBERS.get(values)  # ends in -1, which code -1 (missing) reads
        number_l, number_r = numbers[left], numbers[right]
        differ = (number_l >= 0) & (number_r >= 0) & (number_l != number_r)
        out[differ] = np.minimum(out[differ], self.different_number)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "different_number": self.different_number}


_COMPATIBLE_FIRST_NAMES = DistinctPairMemo()
"""One memo for both first-name comparisons: :func:`first_names_compatible` is the expensive part."""


def _compatible(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(first_names_compatible(pd.Series(a), pd.Series(b), keyed=True), dtype=np.float32)


class FirstNamesCompatible(Comparison):
    """1 when the first names may name one person (equal, nickname, initial, transliteration),
    0 when they clearly differ, NaN when one is missing (:func:`workbench.normalize.first_names_compatible`
    of two name keys: the column is ``first_name_key`` or another :func:`~workbench.normalize.name_key`).

    Explained as "first names Anna/Anne compatible" or "first names clearly differ (Anna/Peter)".
    """

    type_name = "first_names"
    default_levels = ()

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        return similarity_of_distinct_pairs(left, right, values, _compatible, _COMPATIBLE_FIRST_NAMES)

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        same, differ = similarity == 1, similarity == 0
        out[same] = _pair_text(left[same], right[same], f"{self.title} {{}}/{{}} compatible")
        out[differ] = _pair_text(left[differ], right[differ], f"{self.title} clearly differ ({{}}/{{}})")
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


GROUP_COMPANY_WORDS: frozenset[str] = frozenset({
    "holding", "invest", "investment", "beteiligungs", "beteiligung", "verwaltungs", "verwaltung", "service",
    "services", "international", "management", "capital", "finanz", "group", "gruppe", "immobilien", "ejendomme",
    "nord", "sued", "syd", "ost", "oest", "west", "vest", "mitte",
})
"""Folded words that name another company of a group (a parent's subsidiary): Holding, Invest,
Beteiligungs, Verwaltungs, Service, International, Immobilien, Ejendomme, Nord, Süd, Syd, …"""


class CompanySimilarity(StringSimilarity):
    """Company names that know a parent from its subsidiary: "Blauwal Bau" and "Blauwal Bau Holding" are two companies.

    The string measure of the whole key (legal forms are already dropped from it), capped at
    ``other_word`` when one name holds a word of a group's other company
    (:data:`GROUP_COMPANY_WORDS`: Holding, Invest, Service, Nord, Verwaltungs, …) that the
    other has nothing like: a typo (Veyga/Vega) or a trade added (Autohaus) keeps the
    similarity, a subsidiary's word makes another company.

    Examples:
        >>> company = CompanySimilarity("company_key")
        >>> [round(float(x), 2) for x in company.compute_values(pd.Series(["blauwal bau", "veyga malerfirma"]),
        ...                                                     pd.Series(["blauwal bau holding", "vega malerfirma"]))]
        [0.5, 0.98]
    """

    type_name = "company"

    def __init__(self, column: str, *, other_word: float = 0.5,
                 group_words: Sequence[str] = tuple(sorted(GROUP_COMPANY_WORDS)), **options: Any) -> None:
        super().__init__(column, **options)
        self.other_word = other_word
        self.group_words = tuple(group_words)
        self._words = frozenset(self.group_words)
        self._memo = DistinctPairMemo()

    def similarity(self, left: np.ndarray, right: np.ndarray, values: np.ndarray) -> np.ndarray:
        scorer = _MEASURES[self.measure].normalized_similarity
        return similarity_of_distinct_pairs(left, right, values,
                                            lambda a, b: self._capped(a, b, scorer), self._memo)

    def _capped(self, left: np.ndarray, right: np.ndarray, scorer: Callable[..., float]) -> np.ndarray:
        out = process.cpdist(list(left), list(right), scorer=scorer, dtype=np.float32, workers=-1).ravel()
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            if out[i] > self.other_word and self._other_company(str(a).split(), str(b).split()):
                out[i] = self.other_word
        return out

    def _other_company(self, words_a: list[str], words_b: list[str]) -> bool:
        """Whether either name holds a group word with nothing like it in the other."""
        def lacks(words: list[str], others: list[str]) -> bool:
            return any(w in self._words and max((distance.JaroWinkler.normalized_similarity(w, o) for o in others),
                                                default=0.0) < _SAME_WORD for w in words)
        return lacks(words_a, words_b) or lacks(words_b, words_a)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "other_word": self.other_word, "group_words": list(self.group_words)}


_SAME_WORD = 0.85


class _MultiColumnComparison(Comparison):
    """A comparison reading two columns per record: ``column`` and ``other_column`` (e.g. first and last name)."""

    def __init__(self, column: str, *, other_column: str, **options: Any) -> None:
        super().__init__(column, **options)
        self.other_column = other_column
        self.labels_left = self.labels_right = [column, other_column]

    def columns(self) -> tuple[str, ...]:
        return (self.column, self.other_column)

    def right_columns(self) -> tuple[str, ...]:
        return self.columns()

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "other_column": self.other_column}


class PersonRecords(_MultiColumnComparison):
    """1 when both records name a person (a first or a last name), 0 when neither does (two company
    records), NaN when only one does.

    Rules read it to keep company evidence for companies: ``persons == 0 and company >= 0.85``.

    Examples:
        >>> persons = PersonRecords()
        >>> persons.compute_values(pd.Series(["anna", None, None]), pd.Series(["berg", None, None]),
        ...                        pd.Series([None, None, "jens"]), pd.Series(["berg", None, None])).tolist()
        [1.0, 0.0, nan]
    """

    type_name = "persons"
    default_levels = ()

    def __init__(self, column: str = "first_name_key", *, other_column: str = "last_name_key",
                 label: str = "persons", title: str = "both persons", explain: bool = False, **options: Any) -> None:
        super().__init__(column, other_column=other_column, label=label, title=title, explain=explain, **options)

    def compute_values(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        """Similarities of aligned values: first and other column of the left, then of the right record."""
        return self._compute_vectorized(*columns)

    def _compute_vectorized(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        first_l, other_l, first_r, other_r = (pd.Series(c).notna().to_numpy() for c in columns)
        person_l, person_r = first_l | other_l, first_r | other_r
        out = np.where(person_l & person_r, 1.0, np.where(~person_l & ~person_r, 0.0, np.nan))
        return out.astype(np.float32)

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.full(len(similarity), "", dtype=object)


_NAME_SIMILARITIES = DistinctPairMemo()
"""Jaro–Winkler of name pairs, for telling swapped names (one vocabulary of first and last names per run)."""
_SWAP_MARGIN = 0.3
_SWAPPED_SIMILARITY = 0.7


def _jaro_winkler(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return process.cpdist(list(a), list(b), scorer=distance.JaroWinkler.normalized_similarity, dtype=np.float32,
                          workers=-1).ravel()


def names_swapped(first_l: np.ndarray, last_l: np.ndarray, first_r: np.ndarray, last_r: np.ndarray,
                  values: np.ndarray) -> np.ndarray:
    """1 where a pair's names agree better written the other way round, 0 where not, NaN where a name is missing.

    Codes index one vocabulary of first and last names. Swapped means: the first name of each
    record is near the other's last name (Jaro–Winkler ≥ 0.7 both ways), and the two crossed
    similarities add up to clearly more (by 0.3) than the straight ones.
    """
    out = np.full(len(first_l), np.nan, dtype=np.float32)
    known = (first_l >= 0) & (last_l >= 0) & (first_r >= 0) & (last_r >= 0)
    out[known] = 0.0
    check = np.flatnonzero(known & (last_l != last_r) & (first_l != first_r))
    if len(check):
        def sim(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return similarity_of_distinct_pairs(a[check], b[check], values, _jaro_winkler, _NAME_SIMILARITIES)

        crossed_1, crossed_2 = sim(first_l, last_r), sim(last_l, first_r)
        straight = sim(first_l, first_r) + sim(last_l, last_r)
        swapped = ((np.minimum(crossed_1, crossed_2) >= _SWAPPED_SIMILARITY)
                   & (crossed_1 + crossed_2 >= straight + _SWAP_MARGIN))
        out[check] = swapped.astype(np.float32)
    return out


class NamesSwapped(_MultiColumnComparison):
    """1 when the records' first and last names are written the other way round ("Jensen Mette" /
    "Mette Jensen"), 0 when not, NaN when a record lacks one of them (:func:`names_swapped`).

    It also turns such pairs round for every other comparison: :class:`~workbench.linkage.features.PairCompare`
    gives them the right record with the columns of each pair in :attr:`swaps` exchanged, so a
    swapped pair compares, scores and is explained as if written alike. The columns of each
    pair must share one vocabulary (:func:`~workbench.linkage.records.prepare_records` sees to it).

    Args:
        column: The first-name column.
        other_column: The last-name column.
        also: Further column pairs exchanged with them (the names' phonetic keys).
        other_field: The record field of the last name (``field`` is the first name's).
    """

    type_name = "names_swapped"
    default_levels = ()

    def __init__(self, column: str = "first_name_key", *, other_column: str = "last_name_key",
                 also: Sequence[Sequence[str]] = (("first_name_phonetic_key", "last_name_phonetic_key"),),
                 label: str = "names_swapped", field: str = "first_name", other_field: str = "last_name",
                 title: str = "first and last name", **options: Any) -> None:
        super().__init__(column, other_column=other_column, label=label, field=field, title=title, **options)
        self.also = tuple(tuple(pair) for pair in also)
        self.other_field = other_field

    @property
    def swaps(self) -> tuple[tuple[str, str], ...]:
        """Column pairs exchanged on the right record of a swapped pair."""
        return ((self.column, self.other_column), *self.also)  # type: ignore[return-value]

    @property
    def display_swaps(self) -> tuple[tuple[str, str], ...]:
        """Record fields exchanged in a swapped pair's display values."""
        return ((self.field, self.other_field),)

    def compute_values(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        """Whether aligned names are swapped: first and last name of the left, then of the right record."""
        return self._compute_vectorized(*columns)

    def _compute_vectorized(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        codes, values = _codes_over_one_vocabulary([pd.Series(c) for c in columns])
        return names_swapped(*codes, values)

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        out[similarity == 1] = f"{self.title} swapped"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "also": [list(pair) for pair in self.also], "other_field": self.other_field}


def _codes_over_one_vocabulary(columns: Sequence[pd.Series]) -> tuple[list[np.ndarray], np.ndarray]:
    """Integer codes of several columns over one vocabulary (categoricals sharing theirs are used as they are)."""
    first = columns[0]
    if all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns) and all(
            c.cat.categories is first.cat.categories for c in columns):
        return ([np.asarray(c.cat.codes, dtype=np.int64) for c in columns],
                np.asarray(first.cat.categories, dtype=object))
    values = np.concatenate([np.asarray(c, dtype=object) for c in columns])
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return list(np.split(codes.astype(np.int64), np.cumsum([len(c) for c in columns])[:-1])), np.asarray(uniques,
                                                                                                      dtype=object)


class AddressSimilarity(_MultiColumnComparison):
    """Street and postcode as one address, so a move — new street, postcode and city at once — counts once.

    The street similarity (:class:`StreetSimilarity`, house numbers known) when the postcodes
    agree, half of it when they differ (a postcode typo with the same street stays half-way, a
    move falls to the bottom); with one of the two missing, half of the other's agreement.

    Examples:
        >>> address = AddressSimilarity()
        >>> [round(float(x), 2) for x in address.compute_values(
        ...     pd.Series(["hauptstr 5", "hauptstr 5", "hauptstr 5", None]), pd.Series(["10115"] * 4),
        ...     pd.Series(["hauptstr 5", "hauptstr 7", "gartenweg 2", "gartenweg 2"]),
        ...     pd.Series(["10115", "10115", "80331", "10115"]))]
        [1.0, 0.5, 0.25, 0.5]
    """

    type_name = "address"
    default_levels = (1.0, 0.9, 0.45)

    def __init__(self, column: str = "street_key", *, other_column: str = "postcode_key", label: str = "address",
                 field: str = "street", title: str = "address", explain: bool = False, **options: Any) -> None:
        super().__init__(column, other_column=other_column, label=label, field=field, title=title, explain=explain,
                         **options)
        self._street = StreetSimilarity(column)

    def compute_values(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        """Similarities of aligned addresses: street and postcode of the left, then of the right record."""
        return self._compute_vectorized(*columns)

    def _compute_vectorized(self, *columns: pd.Series) -> np.ndarray:  # type: ignore[override]
        street_l, postcode_l, street_r, postcode_r = (pd.Series(c) for c in columns)
        street = self._street._compute_vectorized(street_l, street_r)
        postcode = ExactMatch(self.other_column)._compute_vectorized(postcode_l, postcode_r)
        out = np.where(postcode == 1, street, street * np.float32(0.5))
        only_postcode = np.isnan(street) & ~np.isnan(postcode)
        out[only_postcode] = postcode[only_postcode] * np.float32(0.5)
        return out.astype(np.float32)

    def describe(self, similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        out = np.full(len(similarity), "", dtype=object)
        known = ~np.isnan(similarity)
        out[known] = _percent_text(similarity[known], self.title)
        return out


COMPARISON_TYPES: Mapping[str, type[Comparison]] = {
    cls.type_name: cls
    for cls in (ExactMatch, StringSimilarity, StreetSimilarity, AddressSimilarity, CompanySimilarity,
                FirstNamesCompatible, FirstNameSimilarity, PersonRecords, NamesSwapped)
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
