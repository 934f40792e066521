import random

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.normalize import classify_phones, phone_e164, phone_issue, phone_key, read_phones
from workbench.normalize.phones import _describe, _fast_e164, _fast_region, _parse_key, _written

FAST_REGIONS = {region: rule for region in sorted(phonenumbers.SUPPORTED_REGIONS) if (rule := _fast_region(region))}


def e164(value, region=None, default_region="DE"):
    return phone_e164(pd.Series([value], dtype=object), region, default_region).tolist()[0]


@pytest.mark.parametrize(
    "value",
    ["0171 1234567", "+49 (0)171 123 45 67", "0049-171-1234567", "0171/1234567", "+49 171 1234567",
     "+491711234567", "01711234567", "0171-123 45 67", "(0171) 1234567", "0171.123.4567", "+49 171 1234567 ",
     "1711234567", "1711234567.0", "491711234567", "491711234567.0", "4.91711234567E+11", "+49\u00a0171\u00a01234567"],
)
def test_german_mobile_in_every_format(value):
    assert e164(value) == "+491711234567"


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("(030) 123456-78", "+493012345678"),
        ("030 123456", "+4930123456"),
        ("4930123456.0", "+4930123456"),  # Excel float of +49 30 123456
        ("30123456.0", "+4930123456"),  # Excel float of 030 123456 (leading 0 lost)
        ("089 / 12 34 56", "+4989123456"),
        ("+49 89 123456", "+4989123456"),
    ],
)
def test_german_landlines(value, key):
    assert e164(value) == key


@pytest.mark.parametrize("value", ["20 30 40 50", "+45 2030 4050", "0045 20304050", "+45 20 30 40 50", "20304050",
                                   "4520304050", "20304050.0"])
def test_danish_numbers(value):
    assert e164(value, "DK") == "+4520304050"


def test_region_comes_from_each_row_else_the_default():
    numbers = pd.Series(["20 30 40 50", "20 30 40 50", "0171 1234567", "0171 1234567"], index=[7, 8, 9, 10])
    regions = pd.Series(["DK", None, None, "XX"])  # XX is no region: read in the default
    # 20 30 40 50 read in Germany is Duisburg (0203) 04050
    assert phone_e164(numbers, regions).tolist() == ["+4520304050", "+4920304050", "+491711234567", "+491711234567"]
    assert phone_e164(numbers, regions).index.tolist() == [7, 8, 9, 10]
    assert phone_e164(numbers, None, default_region="DK").tolist()[:2] == ["+4520304050", "+4520304050"]


def test_international_numbers_ignore_the_region():
    assert e164("+45 2030 4050", "DE") == "+4520304050"
    assert e164("0045 2030 4050", "DE") == "+4520304050"
    assert e164("+1 650 253 0000", "DK") == "+16502530000"
    assert e164("+43 1 5123456", "DE") == "+4315123456"


@pytest.mark.parametrize("value", ["0000000", "000000000", "123456", "0123456789", "1234567890", "987654321",
                                   "1111111", "0 111 111 1111", "n/a", "-", "keine", "---", "?", "k.A."])
def test_placeholders(value):
    assert e164(value) is None
    assert phone_issue(pd.Series([value])).tolist() == ["placeholder"]


@pytest.mark.parametrize("value", ["0171 12", "12345678901234567890", "0171 1234567 89 99 99", "+999 1234567",
                                   "030 ABC", "0800-FLOWERS x"])
def test_invalid_numbers_get_no_key(value):
    assert e164(value) is None
    assert phone_key(pd.Series([value])).tolist() == [None]
    assert phone_issue(pd.Series([value])).tolist() == ["invalid"]


@pytest.mark.parametrize(("value", "region", "key"), [
    ("+45 1234 5678", "DE", "+4512345678"),  # no Danish number starts with 1, says phonenumbers' metadata
    ("13 57 24 68", "DK", "+4513572468"),
    ("0045 12345678", "DE", "+4512345678"),
    ("+45 11 22 33 44", None, "+4511223344"),
    ("0171 98765432109876", "DE", None),  # too long for Germany: not a number at all
])
def test_numbers_phonenumbers_cannot_validate_keep_country_code_and_digits(value, region, key):
    assert e164(value, region) is None
    assert phone_key(pd.Series([value]), region).tolist() == [key]
    assert phone_issue(pd.Series([value]), region).tolist() == ["unvalidated" if key else "invalid"]


def test_every_written_form_of_an_unvalidated_number_gives_one_key():
    forms = pd.Series(["+45 13 57 24 68", "13572468", "0045-1357 2468", "+4513572468", "(+45) 13 57 24 68"])
    assert phone_key(forms, "DK").tolist() == ["+4513572468"] * 5


def test_phone_key_is_e164_where_the_number_is_valid():
    numbers = pd.Series(["0171 1234567", "20 30 40 50", "n/a", None], index=[4, 5, 6, 7])
    assert phone_key(numbers, pd.Series(["DE", "DK", "DK", "DK"])).tolist() == [
        "+491711234567", "+4520304050", None, None]
    assert phone_key(numbers).index.tolist() == [4, 5, 6, 7]


def test_read_phones_flags_the_unvalidated_keys():
    read = read_phones(pd.Series(["+45 1234 5678", "+45 2030 4050", "n/a", None], index=[1, 2, 3, 4]))
    assert read.index.tolist() == [1, 2, 3, 4]
    assert read["key"].tolist() == ["+4512345678", "+4520304050", None, None]
    assert read["unvalidated"].tolist() == [True, False, False, False]


def test_phone_issue_for_missing_and_valid():
    assert phone_issue(pd.Series([None, "", "  ", "0171 1234567"])).tolist() == ["missing", "missing", "missing", None]


def test_classify_phones_reuses_known_keys():
    numbers = pd.Series(["0171 1234567", "0000", "0171 12", None, "+45 1234 5678"])
    assert classify_phones(numbers, phone_e164(numbers)).tolist() == [
        None, "placeholder", "invalid", "missing", "invalid"]
    read = read_phones(numbers)
    assert classify_phones(numbers, read["key"], read["unvalidated"]).tolist() == [
        None, "placeholder", "invalid", "missing", "unvalidated"]


@pytest.mark.parametrize("value", ["+49 171 1234567 ext. 12", "0171 1234567 (privat)", "0171 1234567 privat",
                                   "Tel. 0171 1234567", "mobil: 0171/1234567", "0171 1234567 Durchwahl 12"])
def test_notes_and_extensions_are_not_part_of_the_key(value):
    assert e164(value) == "+491711234567"


def test_letters_are_never_read_as_digits():
    assert e164("030 123456 App. 12") == "+4930123456"
    assert e164("030 ABC") is None


def test_every_written_form_of_one_number_gives_one_key():
    forms = pd.Series(["0171 1234567", "+49 171 1234567", "0049 171 1234567", "01711234567", "0171/1234567"] * 3)
    assert phone_e164(forms).nunique() == 1


# The fast path must give phonenumbers' answer whenever it gives one.

def _fast(values, regions):
    return _fast_e164(_written(pd.Series(values, dtype=object)), np.asarray(regions, dtype=object))


def _library(values, regions):
    cleaned = _written(pd.Series(values, dtype=object))["text"]
    readings = [None if text is None else _parse_key(text, region)
                for text, region in zip(cleaned, regions, strict=True)]
    return [reading[0] if reading is not None and reading[1] else None for reading in readings]


def _numbers_like_real_ones(seed: int, per_region: int):
    """Mutations of each fast region's example numbers, written in every shape the fast path reads."""
    rng = random.Random(seed)
    shapes = ["+{cc} {n}", "00{cc} {n}", "0{n}", "{n}", "+{cc} (0){n}", "+{cc}-{n}", "({n}", "00{cc}0{n}", "{cc}{n}"]
    types = [phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
             phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.VOIP]
    values, regions = [], []
    for region, rule in FAST_REGIONS.items():
        seeds = [str(n.national_number) for t in types if (n := phonenumbers.example_number_for_type(region, t))]
        for _ in range(per_region):
            base = rng.choice(seeds or ["123456"])
            keep = rng.randint(len(base) // 2, len(base))
            nsn = base[:keep] + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, len(base) - keep + 1)))
            text = rng.choice(shapes).format(cc=rule.country_code, n=nsn)
            if rng.random() < 0.3:
                text = "".join(c + rng.choice(["", "", " ", "-", "/", "."]) for c in text)
            values.append(text)
            regions.append(rng.choice([region, region, "DE", "DK"]))
    return values, regions


def test_fast_path_agrees_with_phonenumbers_in_every_region_it_handles():
    values, regions = _numbers_like_real_ones(seed=11, per_region=150)
    fast, library = _fast(values, regions), _library(values, regions)
    accepted = [i for i, key in enumerate(fast) if key is not None]
    disagreements = [(values[i], regions[i], fast[i], library[i]) for i in accepted if fast[i] != library[i]]
    assert disagreements == []
    # and it does the bulk of the work: most numbers valid to phonenumbers never reach it
    valid = [i for i, key in enumerate(library) if key is not None]
    assert len(accepted) >= 0.9 * len(valid)
    assert len(FAST_REGIONS) > 100


def test_fast_path_reads_the_everyday_formats():
    values = ["0171 1234567", "+49 (0)171 123 45 67", "0049-171-1234567", "(030) 123456-78", "0171/1234567",
              "20 30 40 50", "+45 2030 4050", "0045 20304050"]
    regions = ["DE"] * 5 + ["DK"] * 3
    assert list(_fast(values, regions)) == _library(values, regions)
    assert None not in list(_fast(values, regions))


@settings(max_examples=300, deadline=None)
@given(
    region=st.sampled_from(sorted(FAST_REGIONS)),
    row_region=st.sampled_from(["DE", "DK", "AT", "CH", "SE", "FR", "NL", "PL"]),
    international=st.sampled_from(["", "+", "00"]),
    trunk=st.sampled_from(["", "0"]),
    nsn=st.text(alphabet="0123456789", min_size=2, max_size=16),
    separator=st.sampled_from(["", " ", "-", "/", ".", " / "]),
)
def test_fast_path_never_disagrees_with_phonenumbers(region, row_region, international, trunk, nsn, separator):
    code = FAST_REGIONS[region].country_code if international else ""
    text = f"{international}{code}{separator}{trunk}{nsn[:3]}{separator}{nsn[3:]}"
    fast = _fast([text], [row_region])[0]
    # declining is allowed (phonenumbers decides then); how much the fast path accepts is
    # asserted by test_fast_path_agrees_with_phonenumbers_in_every_region_it_handles
    assert fast in (None, _library([text], [row_region])[0])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_phone_e164_output_is_none_or_reparses_to_itself(text):
    key = e164(text)
    assert key is None or key.startswith("+")
    assert key is None or e164(key) == key
    reparsed = phonenumbers.format_number(phonenumbers.parse(key), phonenumbers.PhoneNumberFormat.E164) if key else None
    assert reparsed == key


def test_example_numbers_of_every_fast_region_give_keys_that_reparse_to_themselves():
    numbers = [n for region in FAST_REGIONS if (n := phonenumbers.example_number_for_type(
        region, phonenumbers.PhoneNumberType.MOBILE))]
    written = [phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL) for n in numbers]
    keys = [e164(text) for text in written]
    assert len(keys) > 100
    assert keys == [phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in numbers]
    assert [e164(key) for key in keys] == keys


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="+0123456789 -/()", max_size=20), st.sampled_from(["DE", "DK", "SE"]))
def test_phone_key_output_is_none_or_reads_back_as_itself(text, region):
    key = phone_key(pd.Series([text]), region).tolist()[0]
    if key is not None:
        assert key.startswith("+")
        assert key[1:].isdigit()
        assert phone_key(pd.Series([key]), region).tolist() == [key]


@settings(max_examples=400, deadline=None)
@given(numbers=st.lists(st.one_of(st.text(alphabet="0123456789 +-/.()eEx\u00a0\t", max_size=22),
                                  st.sampled_from(["0171 1234567", "+49 (0)171 123 45 67", "0049-171-1234567",
                                                   "4930123456.0", "1e5", "123456", "0000000", " 030 1234", "+"])),
                        max_size=15))
def test_plain_numbers_read_in_arrow_say_what_reading_one_by_one_says(numbers):
    written = _written(pd.Series(numbers, dtype=object))
    assert [tuple(row) for row in written.itertuples(index=False)] == [_describe(number) for number in numbers]


@pytest.mark.parametrize("regions", [None, "DK", "series", "array"])
def test_numbers_read_in_batches_give_what_one_reading_gives(monkeypatch, regions):
    from workbench.normalize import phones

    numbers = pd.Series(["0171 1234567", "20 30 40 50", None, "+45 2030 4050", "0000000", "491711234567",
                         "030 123456 App. 12"], index=[10, 11, 12, 13, 14, 15, 16])
    by_row = pd.Series(["DE", "DK", None, "DE", "DE", "DE", "DE"], index=numbers.index)
    given = {"series": by_row, "array": by_row.to_numpy(dtype=object)}.get(regions, regions)
    whole = read_phones(numbers, given)
    e164 = phone_e164(numbers, given)
    monkeypatch.setattr(phones, "_BATCH_ROWS", 2)
    pd.testing.assert_frame_equal(read_phones(numbers, given), whole)
    pd.testing.assert_series_equal(phone_e164(numbers, given), e164)
    assert read_phones(numbers.iloc[:0], None).empty
