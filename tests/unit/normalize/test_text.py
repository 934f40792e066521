import numpy as np
import pandas as pd
import pytest

from workbench.normalize import fold, fold_series, read_phones
from workbench.normalize.text import distinct_texts, map_unique


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["Müller", "MUELLER", "Mueller ", " müller", "MÜLLER"], "mueller"),
        (["Jørgensen", "Joergensen", "JØRGENSEN"], "joergensen"),
        (["Straße", "STRASSE", "Strasse", "STRAẞE"], "strasse"),
        (["Ærø", "AEROE", "aeroe"], "aeroe"),
        (["Ålborg", "Aalborg"], "aalborg"),
        (["José", "JOSE", "Jose\u0301"], "jose"),  # composed and decomposed accent
        (["François", "Francois"], "francois"),
        (["Łódź", "Lodz"], "lodz"),
        (["Hans  \t Peter\n", "hans peter"], "hans peter"),
        (["Ｍüller", "Müller"], "mueller"),  # full-width M
    ],
)
def test_fold_gives_one_key_for_spellings_of_one_name(variants, key):
    assert {fold(v) for v in variants} == {key}


def test_fold_removes_control_and_zero_width_characters():
    assert fold("\ufeffAnna\u200b Berg\x00") == "anna berg"
    assert fold("Sankt\u00adPeter") == "sanktpeter"  # soft hyphen vanishes


def test_fold_keeps_other_scripts():
    assert fold("Σωκράτης") == "σωκρατησ"  # case-folded: final sigma becomes σ
    assert fold("Иванов") == "иванов"


def test_fold_keeps_distinct_names_distinct():
    assert fold("Müller") != fold("Muller")  # u and ue are different letters when written so
    assert fold("Moller") != fold("Møller")


def test_fold_series_keeps_index_and_gives_none_for_missing_and_blank():
    values = pd.Series(["Ærø", None, "  ", np.nan, "Ærø"], index=[10, 11, 12, 13, 14])
    folded = fold_series(values)
    assert folded.index.tolist() == [10, 11, 12, 13, 14]
    assert folded.tolist() == ["aeroe", None, None, None, "aeroe"]


def test_map_unique_calls_the_function_once_per_distinct_value():
    calls = []

    def spy(text):
        calls.append(text)
        return text.upper()

    result = map_unique(pd.Series(["a", "b", "a", None, "b", "a"]), spy)
    assert result.tolist() == ["A", "B", "A", None, "B", "A"]
    assert sorted(calls) == ["a", "b"]


def test_map_unique_passes_non_strings_as_text():
    assert map_unique(pd.Series([1711234567.0, 12], dtype=object), str).tolist() == ["1711234567.0", "12"]


def test_map_unique_on_empty_and_all_missing_columns():
    assert map_unique(pd.Series([], dtype=object), str).tolist() == []
    assert map_unique(pd.Series([None, np.nan]), str).tolist() == [None, None]
    assert map_unique(pd.Series([pd.NA, None, np.nan, pd.NaT], dtype=object), str).tolist() == [None] * 4


def test_distinct_texts_tell_apart_what_pandas_alone_would_not():
    codes, texts = distinct_texts(pd.Series(["ab", "ab\x00c", None, 12, "12", "ab"], dtype=object))
    assert texts.tolist() == ["ab", "ab\x00c", "12"]  # pandas' factorize takes "ab\x00c" for "ab"; 12 reads as "12"
    assert codes.tolist() == [0, 1, -1, 2, 2, 0]


def test_text_that_is_not_utf8_is_still_keyed():
    assert map_unique(pd.Series(["\ud800", None, "\ud800x"], dtype=object), len).tolist() == [1, None, 2]
    assert read_phones(pd.Series(["\ud800", "0171 1234567"], dtype=object))["key"].tolist() == [None, "+491711234567"]
