"""Prepared records: derived keys are worked out once per distinct combination, with per-record results."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.linkage import LinkageConfig
from workbench.linkage.blocking import sort_ranks
from workbench.linkage.mailboxes import without_shared_mailboxes
from workbench.linkage.records import DERIVED_KEYS, MAILBOX_NAME, PERSONAL_EMAIL, prepare_records, record_keys
from workbench.normalize import add_keys


def _people() -> pd.DataFrame:
    rows = [  # a shared office mailbox (three names), one person twice, a role mailbox, gaps
        ("Anna", "Berg", "team@firma.de"), ("Jens", "Lund", "team@firma.de"), ("Eva", "Holm", "team@firma.de"),
        ("Anna", "Berg", "anna.berg@web.de"), ("Anne", "Berg", "anna.berg@web.de"), ("Piet", "Berg", "info@berg.de"),
        (None, "Berg", "x.berg@gmx.de"), ("Ole", None, None), ("Jens", "Lund", "team@firma.de"),
    ]
    return pd.DataFrame(rows, columns=["first_name", "last_name", "email"], index=pd.RangeIndex(1, len(rows) + 1))


def _values(values: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else v for v in values.astype(object)]


def test_derived_keys_equal_the_functions_run_on_every_record() -> None:
    frame, config = _people(), LinkageConfig(kind="contact")
    prepared = prepare_records([frame.iloc[:5], frame.iloc[5:]], config)
    stacked = add_keys(frame)
    for name, (_, function) in DERIVED_KEYS.items():  # every record, in the listed order
        stacked[name] = function(stacked, config)
    by_record = record_keys([frame.iloc[:5], frame.iloc[5:]], config)
    for name in DERIVED_KEYS:
        assert _values(by_record[name]) == _values(stacked[name]), name
    stacked[PERSONAL_EMAIL] = without_shared_mailboxes(stacked[PERSONAL_EMAIL], stacked[MAILBOX_NAME], min_names=3)
    derived = [name for name in DERIVED_KEYS if name in prepared[0].columns]
    assert PERSONAL_EMAIL in derived
    for name in derived:
        got = _values(pd.concat([p[name].astype(object) for p in prepared]))
        assert got == _values(stacked[name]), name
    personal = _values(pd.concat([p["personal_email_key"].astype(object) for p in prepared]))
    assert personal[:6] == [None, None, None, "anna.berg@web.de", "anna.berg@web.de", None]


def test_sort_ranks_order_joined_keys_as_text_over_both_frames() -> None:
    a = pd.DataFrame({"last": ["van", "van der", None, "berg"], "first": ["der y", "x", "anna", None]})
    b = pd.DataFrame({"last": ["berg", "van"], "first": ["anna", "der y"]})
    prepared = [frame.astype("category") for frame in (a, b)]
    ranks = sort_ranks(prepared, ["last", "first"])
    # "berg " < "berg anna" < "van der x" < "van der y" (the space joins, so "van"+"der y" sorts after "van der"+"x")
    assert [r.tolist() for r in ranks] == [[3, 2, -1, 0], [1, 3]]
    assert np.array_equal(np.concatenate(ranks), np.concatenate(sort_ranks([a, b], ["last", "first"])))


def test_sort_ranks_follow_python_string_order_beyond_ascii() -> None:
    words = ["zeta", "ärger", "Zeta", "straße", "strasse", "ωmega", "𝔘nicode", "zeta"]
    ranks = sort_ranks([pd.DataFrame({"name": pd.Categorical(words)})], ["name"])[0]
    order = {word: rank for rank, word in enumerate(sorted(set(words)))}
    assert ranks.tolist() == [order[word] for word in words]


def test_a_key_one_frame_brings_is_used_as_given_and_made_for_the_frame_without_it() -> None:
    frame, config = _people(), LinkageConfig(kind="contact")
    given = frame.iloc[:5].assign(last_name_key=["berg-given"] * 5)  # not normalised again
    prepared = prepare_records([given, frame.iloc[5:]], config)
    made = add_keys(frame.iloc[5:])["last_name_key"]
    assert _values(prepared[0]["last_name_key"]) == ["berg-given"] * 5
    assert _values(prepared[1]["last_name_key"]) == _values(made) == ["berg", "berg", None, "lund"]
    assert prepared[0]["last_name_key"].cat.categories.equals(prepared[1]["last_name_key"].cat.categories)


def test_keys_made_for_every_frame_equal_add_keys_and_absent_fields_give_missing_keys() -> None:
    frame, config = _people(), LinkageConfig(kind="contact")
    prepared = prepare_records([frame.iloc[:5], frame.iloc[5:]], config)
    stacked = add_keys(frame)
    for column in ("last_name_key", "first_name_key", "last_name_phonetic_key", "mobile_key", "street_key"):
        got = _values(pd.concat([p[column].astype(object) for p in prepared]))
        assert got == _values(stacked[column]), column
    assert all(p["mobile_key"].isna().all() for p in prepared)  # the records have no mobile field
