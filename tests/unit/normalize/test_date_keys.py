"""Date keys: the day a birth, hire or leave date names, one definition for matching, validation and sync."""

import pandas as pd

from workbench.normalize import KEY_COLUMNS, add_keys, date_key, normalization_issues


def test_every_way_of_writing_a_day_gives_one_key() -> None:
    written = ["15.03.1980", "15-03-1980", "1980-03-15", "15/3/1980", "29295", "1980-03-15T00:00:00", " 15.3.1980 "]
    assert set(date_key(pd.Series(written))) == {"1980-03-15"}


def test_unreadable_or_missing_dates_have_no_key() -> None:
    assert date_key(pd.Series(["31.02.1980", "1980", "bald", "", None], dtype=object)).tolist() == [None] * 5


def test_add_keys_makes_the_birth_date_key_always() -> None:
    assert "birth_date_key" in KEY_COLUMNS
    frame = pd.DataFrame({"last_name": ["Berg", "Holm"], "birth_date": ["15.03.1980", None]})
    assert add_keys(frame)["birth_date_key"].tolist() == ["1980-03-15", None]
    assert add_keys(frame.drop(columns="birth_date"))["birth_date_key"].tolist() == [None, None]


def test_unreadable_dates_of_any_date_field_are_reported() -> None:
    frame = pd.DataFrame({"birth_date": ["31.02.1980", "15.03.1980"], "leave_date": [None, "irgendwann"]},
                         index=pd.Index([2, 3], name="row"))
    assert normalization_issues(frame).to_dict("records") == [
        {"row": 2, "field": "birth_date", "value": "31.02.1980", "problem": "unreadable date"},
        {"row": 3, "field": "leave_date", "value": "irgendwann", "problem": "unreadable date"},
    ]
