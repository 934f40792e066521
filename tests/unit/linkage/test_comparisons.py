"""Comparisons: each level of each comparison, recordlinkage compatibility, and the run-wide memo."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import recordlinkage
from rapidfuzz.distance import JaroWinkler

from workbench.errors import ConfigError
from workbench.linkage.comparisons import (
    AddressSimilarity,
    CompanySimilarity,
    DistinctPairMemo,
    ExactMatch,
    FirstNamesCompatible,
    NamesSwapped,
    PersonRecords,
    StreetSimilarity,
    StringSimilarity,
    comparison_from_dict,
    similarity_of_distinct_pairs,
)
from workbench.linkage.features import PairCompare, compare_pairs
from workbench.linkage.testing import compare_records


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("+491711234567", "+491711234567", 1.0), ("+491711234567", "+491719999999", 0.0), (None, "+491711234567", None),
])
def test_exact_match(left: str | None, right: str | None, expected: float | None) -> None:
    got = compare_records(ExactMatch("mobile_key"), {"mobile_key": left}, {"mobile_key": right})
    assert math.isnan(got) if expected is None else got == expected


def test_string_similarity_is_jaro_winkler_symmetric_and_one_when_equal() -> None:
    name = StringSimilarity("last_name_key")
    got = compare_records(name, {"last_name_key": "meier"}, {"last_name_key": "meyer"})
    assert got == pytest.approx(JaroWinkler.normalized_similarity("meier", "meyer"), abs=1e-6)
    assert compare_records(name, {"last_name_key": "meyer"}, {"last_name_key": "meier"}) == pytest.approx(got)
    assert compare_records(name, {"last_name_key": "berg"}, {"last_name_key": "berg"}) == 1.0
    assert math.isnan(compare_records(name, {"last_name_key": "berg"}, {}))


def test_other_string_measures() -> None:
    levenshtein = StringSimilarity("x", measure="levenshtein")
    assert compare_records(levenshtein, {"x": "abcd"}, {"x": "abce"}) == pytest.approx(0.75)
    with pytest.raises(ConfigError):
        StringSimilarity("x", measure="soundex")


def test_a_comparison_can_read_another_column_on_the_right() -> None:
    swapped = StringSimilarity("first_name_key", right_column="last_name_key", label="first_as_last")
    anna, swapped_anna = {"first_name_key": "anna", "last_name_key": "berg"}, {"first_name_key": "berg",
                                                                               "last_name_key": "anna"}
    assert compare_records(swapped, anna, swapped_anna) == 1.0
    assert compare_records(swapped, anna, anna) < 0.6
    assert comparison_from_dict(swapped.to_dict()) == swapped
    frame = pd.DataFrame({"first_name_key": ["anna", "berg"], "last_name_key": ["berg", "anna"]})
    pairs = pd.MultiIndex.from_tuples([(1, 0)])
    assert PairCompare([swapped]).compute(pairs, frame)["first_as_last"].tolist() == [1.0]


def test_street_similarity_tells_house_numbers_apart() -> None:
    street = StreetSimilarity("street_key")
    assert compare_records(street, {"street_key": "hauptstr 5"}, {"street_key": "hauptstr 7"}) == 0.5
    assert compare_records(street, {"street_key": "hauptstr 5"}, {"street_key": "hauptsrt 5"}) > 0.9
    assert compare_records(street, {"street_key": "hauptstr"}, {"street_key": "hauptstr 5"}) > 0.9


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("hans", "johannes", 1.0), ("jens", "j", 1.0), ("anna", "peter", 0.0), ("daniel", "daniela", 0.0),
    ("anna", None, None),
])
def test_first_names_compatible(left: str, right: str | None, expected: float | None) -> None:
    got = compare_records(FirstNamesCompatible("first_name_key"), {"first_name_key": left}, {"first_name_key": right})
    assert math.isnan(got) if expected is None else got == expected


def test_pair_compare_gives_what_plain_recordlinkage_gives() -> None:
    a = pd.DataFrame({"name": ["meier", "schmidt", None, "berg"], "zip": ["1", "2", "3", "1"]}, index=[10, 11, 12, 13])
    b = pd.DataFrame({"name": ["meyer", "schmitt", "berg"], "zip": ["1", "2", None]}, index=[20, 21, 22])
    pairs = pd.MultiIndex.from_product([a.index, b.index])
    features = [StringSimilarity("name"), ExactMatch("zip")]
    plain = recordlinkage.Compare(features).compute(pairs, a, b)
    fast = PairCompare(features).compute(pairs, a, b)
    pd.testing.assert_frame_equal(plain, fast)


def test_pair_compare_runs_recordlinkage_own_features() -> None:
    frame = pd.DataFrame({"zip": ["1", "1", "2"]}, index=[1, 2, 3])
    compare = PairCompare()
    compare.exact("zip", "zip", label="zip")
    pairs = pd.MultiIndex.from_tuples([(2, 1), (3, 1)])
    assert compare.compute(pairs, frame)["zip"].tolist() == [1, 0]


def test_memo_computes_each_distinct_pair_once_per_vocabulary() -> None:
    calls: list[int] = []

    def measure(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        calls.append(len(a))
        return np.full(len(a), 0.5)

    values = np.array(["a", "b", "c"], dtype=object)
    memo = DistinctPairMemo()
    first = similarity_of_distinct_pairs(np.array([0, 1, 0]), np.array([1, 0, 2]), values, measure, memo)
    second = similarity_of_distinct_pairs(np.array([1, 2]), np.array([0, 0]), values, measure, memo)
    assert first.tolist() == [0.5, 0.5, 0.5]
    assert second.tolist() == [0.5, 0.5]
    assert calls == [2]  # (a, b) and (a, c) once; the second batch only repeats them
    other = np.array(["a", "b", "c"], dtype=object)  # another run's vocabulary starts afresh
    similarity_of_distinct_pairs(np.array([0]), np.array([1]), other, measure, memo)
    assert calls == [2, 1]


def test_term_frequency_column_holds_the_agreed_values_share() -> None:
    name = StringSimilarity("last_name_key", term_frequencies=True)
    frame = pd.DataFrame({"last_name_key": pd.Categorical(["meier", "meier", "berg", "meier"])})
    pairs = pd.MultiIndex.from_tuples([(1, 0), (2, 0)])
    frequencies = {"last_name_key": np.array([0.25, 0.75])}  # categories: berg, meier
    features = compare_pairs(pairs, frame, None, [name], frequencies)
    assert features["last_name_tf"].iloc[0] == 0.75
    assert math.isnan(features["last_name_tf"].iloc[1])


def test_comparisons_round_trip_and_refuse_bad_data() -> None:
    for comparison in (ExactMatch("mobile_key"), StringSimilarity("a_key", levels=(1.0, 0.9), term_frequencies=True),
                       StreetSimilarity("street_key", different_number=0.4), FirstNamesCompatible("first_name_key")):
        assert comparison_from_dict(comparison.to_dict()) == comparison
    with pytest.raises(ConfigError):
        comparison_from_dict({"type": "fuzzy", "column": "x"})
    with pytest.raises(ConfigError):
        comparison_from_dict({"type": "exact"})
    with pytest.raises(ConfigError):
        comparison_from_dict({"type": "exact", "column": "x", "colour": "red"})
    with pytest.raises(ConfigError):
        ExactMatch("x", levels=(0.5, 0.9))


def test_company_similarity_tells_a_subsidiary_from_a_typo() -> None:
    company = CompanySimilarity("company_key")
    assert compare_records(company, {"company_key": "vega malerfirma"}, {"company_key": "veyga malerfirma"}) > 0.9
    assert compare_records(company, {"company_key": "becker wesack"}, {"company_key": "becker wesack autohaus"}) > 0.85
    for subsidiary in ("blauwal bau holding", "blauwal bau nord", "blauwal bau verwaltungs"):
        assert compare_records(company, {"company_key": "blauwal bau"}, {"company_key": subsidiary}) == 0.5
    assert comparison_from_dict(company.to_dict()) == company


def test_address_counts_a_move_once() -> None:
    address = AddressSimilarity()
    home = {"street_key": "hauptstr 5", "postcode_key": "10115"}
    assert compare_records(address, home, home) == 1.0
    assert compare_records(address, home, {"street_key": "hauptsrt 5", "postcode_key": "10115"}) > 0.9
    assert compare_records(address, home, {"street_key": "hauptstr 5", "postcode_key": "10117"}) == 0.5  # a typo
    assert compare_records(address, home, {"street_key": "gartenweg 2", "postcode_key": "80331"}) < 0.45  # moved
    assert compare_records(address, home, {"street_key": None, "postcode_key": "10115"}) == 0.5
    assert math.isnan(compare_records(address, home, {}))


def test_persons_tells_person_records_from_company_records() -> None:
    persons = PersonRecords()
    anna, company = {"first_name_key": "anna", "last_name_key": "berg"}, {"first_name_key": None}
    assert compare_records(persons, anna, {"last_name_key": "berg"}) == 1.0
    assert compare_records(persons, company, company) == 0.0
    assert math.isnan(compare_records(persons, anna, company))


@pytest.mark.parametrize(("right", "expected"), [
    ({"first_name_key": "jensen", "last_name_key": "mette"}, 1.0),
    ({"first_name_key": "holk", "last_name_key": "hans"}, 1.0),  # and a typo
    ({"first_name_key": "mette", "last_name_key": "jensen"}, 0.0),
    ({"first_name_key": "mette", "last_name_key": "hansen"}, 0.0),
    ({"first_name_key": None, "last_name_key": "jensen"}, None),
])
def test_names_swapped(right: dict, expected: float | None) -> None:
    left = {"first_name_key": "mette", "last_name_key": "jensen"} if right["last_name_key"] != "hans" else {
        "first_name_key": "hans", "last_name_key": "holm"}
    got = compare_records(NamesSwapped(), left, right)
    assert math.isnan(got) if expected is None else got == expected


def test_a_swapped_pair_is_compared_turned_round() -> None:
    names = pd.DataFrame({"first_name_key": ["mette", "jensen", "anna"], "last_name_key": ["jensen", "mette", "berg"]})
    pairs = pd.MultiIndex.from_tuples([(1, 0), (2, 0)])
    features = PairCompare([NamesSwapped(also=()), StringSimilarity("last_name_key"),
                            FirstNamesCompatible("first_name_key", label="first_names")]).compute(pairs, names)
    assert features["names_swapped"].tolist() == [1.0, 0.0]
    assert features["last_name"].iloc[0] == 1.0
    assert features["first_names"].iloc[0] == 1.0
    assert features["last_name"].iloc[1] < 0.8
    assert comparison_from_dict(NamesSwapped().to_dict()) == NamesSwapped()


def test_the_street_similarity_one_comparison_hands_to_the_next_is_the_one_it_would_compute() -> None:
    streets = np.array(["hauptstr 5", "hauptstr 7", "gartenweg 2", "hauptsrt 5"], dtype=object)
    left, right = np.array([0, 0, 1, -1]), np.array([1, 3, 2, 2])
    alone = StreetSimilarity("street_key", different_number=0.4).similarity(left, right, streets)
    StreetSimilarity("street_key", different_number=0.4).similarity(left, right, streets)  # fills the hand-over
    assert np.allclose(StreetSimilarity("street_key", different_number=0.4).similarity(left, right, streets), alone,
                       equal_nan=True)
    other_setting = StreetSimilarity("street_key", different_number=0.2).similarity(left, right, streets)
    assert other_setting[0] == pytest.approx(0.2)  # 5 vs 7: capped by each setting's own number
    assert alone[0] == pytest.approx(0.4)
    other_pairs = StreetSimilarity("street_key", different_number=0.4).similarity(left[::-1], right, streets)
    assert math.isnan(other_pairs[0])  # (missing, 7 vs 5): not the answer for the last pairs
    assert other_pairs[1] <= 0.4
    same_words = np.array(["hauptstr 5", "hauptstr 7", "gartenweg 2", "hauptsrt 5"], dtype=object)  # a new vocabulary
    assert np.allclose(StreetSimilarity("street_key", different_number=0.4).similarity(left, right, same_words), alone,
                       equal_nan=True)
