"""Every key function takes any text without raising, and keys of keys are the keys."""

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.normalize import (
    city_key,
    company_key,
    country_key,
    email_issue,
    email_key,
    first_names_compatible,
    fold,
    fold_series,
    is_role_mailbox,
    name_key,
    phone_e164,
    phone_issue,
    phone_key,
    phonetic_key,
    postcode_key,
    read_phones,
    status_key,
    street_key,
    updated_at_key,
    vat_key,
)

AWKWARD = [
    "", " ", "\t\n", "\x00", "\ufeff", "\u200b", "ẞ", "İ", "ß", "ǅ", "ﬁ", "Ⅻ", "²", "😀", "👩‍👩‍👧", "e\u0301",
    "\u0308", "ͅ", "ΐ", "ŉ", "ᾳ", "ﬀ", "@", "@@", "a@b", "+", "00", "0", ".0", "1e5", "1E+99", "٠١٧١", "Müller GmbH",
    "+49 (0)171 123 45 67", "01.02.2026 13:45", "46054.5", "D-12345", "x" * 5000, "0" * 300, "A/S" * 50,
]
PIECES = ["GmbH", "& Co.", "KG", "A/S", "a", "s", "str.", "Str", "St.", "Gl.", "pl", "Müller", "ß", "Ø", "5", "12a",
          ",", "-", ".", "/", "und", "u.", "ApS", "e.K.", "Dr.", "Herr", "'", "D-", "DK", "+49", "(0)", "0", "@", "x"]
TEXT = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=7).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=7).map("".join),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.text(alphabet="0123456789 +-/.()eE", max_size=25),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),
    st.sampled_from(AWKWARD),
)
CELLS = st.lists(st.one_of(TEXT, st.none(), st.just(math.nan)), max_size=12)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDEMPOTENT_KEYS = [fold_series, email_key, name_key, company_key, street_key, postcode_key, city_key, country_key,
                   status_key, vat_key]
OTHER_FUNCTIONS = [phone_e164, phone_key, read_phones, phone_issue, phonetic_key, email_issue, is_role_mailbox]


def column(cells):
    return pd.Series(cells, dtype=object, index=range(10, 10 + len(cells)))


@pytest.mark.parametrize("key", IDEMPOTENT_KEYS, ids=lambda f: f.__name__)
@SETTINGS
@given(cells=CELLS)
def test_keys_never_raise_and_are_idempotent(key, cells):
    values = column(cells)
    keys = key(values)
    assert keys.index.equals(values.index)
    assert all(k is None or (isinstance(k, str) and k) for k in keys)
    assert key(keys).tolist() == keys.tolist()


@pytest.mark.parametrize("function", OTHER_FUNCTIONS, ids=lambda f: f.__name__)
@SETTINGS
@given(cells=CELLS)
def test_other_functions_never_raise(function, cells):
    values = column(cells)
    result = function(values)
    assert result.index.equals(values.index)


@SETTINGS
@given(cells=CELLS)
def test_phone_keys_reparse_to_themselves(cells):
    keys = phone_e164(column(cells))
    present = keys.dropna()
    assert phone_e164(present).tolist() == present.tolist()


@SETTINGS
@given(text=TEXT)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@SETTINGS
@given(cells=CELLS)
def test_timestamps_never_raise_and_read_their_own_output(cells):
    stamps = updated_at_key(column(cells))
    assert stamps.dtype == "datetime64[ns]"
    present = stamps.dropna()
    assert updated_at_key(present.astype(str)).tolist() == present.tolist()


@SETTINGS
@given(a=CELLS, b=CELLS)
def test_first_names_compatible_never_raises_and_is_symmetric(a, b):
    size = min(len(a), len(b))
    left, right = column(a[:size]), column(b[:size])
    forward = first_names_compatible(left, right)
    assert forward.tolist() == first_names_compatible(right, left).tolist()
    assert first_names_compatible(left, left).all()
