import pandas as pd
import pytest

from workbench.normalize import updated_at_key

FEB_1_1345 = pd.Timestamp("2026-02-01 13:45")
FEB_1 = pd.Timestamp("2026-02-01")


@pytest.mark.parametrize(
    ("value", "stamp"),
    [
        ("2026-02-01", FEB_1), ("2026-02-01T13:45:00", FEB_1_1345), ("2026-02-01 13:45", FEB_1_1345),
        ("2026-02-01T13:45:00Z", FEB_1_1345), ("2026-02-01T14:45:00+01:00", FEB_1_1345), ("20260201", FEB_1),
        ("01.02.2026 13:45", FEB_1_1345), ("01.02.2026 13:45:00", FEB_1_1345), ("1.2.2026", FEB_1),
        ("01.02.26", FEB_1), ("01-02-2026", FEB_1), ("01-02-2026 13:45", FEB_1_1345), ("01/02/2026", FEB_1),
        ("01.02.2026 kl. 13.45", FEB_1_1345), ("01-02-2026 kl. 13:45", FEB_1_1345), (" 01.02.2026 ", FEB_1),
        ("46054", FEB_1), ("46054.572916667", FEB_1_1345), ("46054.0", FEB_1),
        ("31.12.69", pd.Timestamp("1969-12-31")),
    ],
)
def test_readable_dates(value, stamp):
    assert updated_at_key(pd.Series([value])).tolist() == [stamp]


@pytest.mark.parametrize("value", ["31.02.2026", "gestern", "2026", "12345678901", "13/13/2026", "01.02.2026 25:00",
                                   "", None, "2026-02-30", "123"])
def test_unreadable_dates_are_nat(value):
    assert updated_at_key(pd.Series([value], dtype=object)).isna().tolist() == [True]


def test_result_is_a_datetime_column_with_the_index():
    values = pd.Series(["01.02.2026", None, "2026-02-01"], index=[4, 5, 6])
    result = updated_at_key(values)
    assert result.dtype == "datetime64[ns]"
    assert result.index.tolist() == [4, 5, 6]
    assert result.tolist()[0] == result.tolist()[2]


def test_mixed_offsets_become_one_utc_clock():
    values = pd.Series(["2026-02-01T13:45:00+01:00", "2026-02-01T12:45:00Z", "2026-02-01T12:45:00"])
    assert updated_at_key(values).nunique() == 1
