"""The scaled benchmark sets: exact sizes, the frame contract, and truth an independent reading confirms."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import phonenumbers
import pytest

from workbench.schema import CUSTOMER
from workbench.synthetic import dedup_set, link_sets, sync_scenario
from workbench.synthetic.scaled import LINK_SHARES

COUNTRIES = {"Deutschland": "DE", "DE": "DE", "Tyskland": "DE", "Dänemark": "DK", "Danmark": "DK", "DK": "DK"}
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})


def _assert_contract(frame: pd.DataFrame, n: int) -> None:
    assert len(frame) == n
    assert frame.index.name == "row"
    assert frame.index.tolist() == list(range(1, n + 1))
    assert list(frame.columns) == list(CUSTOMER.field_names)
    assert all(v is None or (isinstance(v, str) and v.strip()) for column in frame for v in frame[column])
    assert frame["customer_no"].is_unique


def _e164(value: str | None, country: str) -> str | None:
    if value is None:
        return None
    number = phonenumbers.parse(value, COUNTRIES[country])
    assert phonenumbers.is_valid_number(number), value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _folded(value: str | None) -> str | None:
    if value is None:
        return None
    text = re.sub(r"str\.", "strasse", value.casefold().translate(FOLD))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split()) or None


def _same(a: pd.Series, b: pd.Series, field: str, other: str | None = None) -> bool:
    return _folded(a[field]) is not None and _folded(a[field]) == _folded(b[other or field])


def _sure(a: pd.Series, b: pd.Series) -> bool:
    """The sure rules, read from the visible values (the pairs are one person: no veto)."""
    emails = [x.strip().lower() if x else None for x in (a["email"], b["email"])]
    roles = ("info@", "kontakt@", "post@", "office@", "mail@")
    if emails[0] and emails[0] == emails[1] and not emails[0].startswith(roles):
        return True
    mobile = [_e164(r["mobile"], r["country"]) for r in (a, b)]
    if _same(a, b, "last_name") and mobile[0] is not None and mobile[0] == mobile[1]:
        return True
    names = ((_same(a, b, "first_name") and _same(a, b, "last_name"))
             or (_same(a, b, "first_name", "last_name") and _same(a, b, "last_name", "first_name")))
    second_mobile = None not in mobile and mobile[0] != mobile[1]
    vat_id = _same(a, b, "vat_id")
    if names and _same(a, b, "street") and _same(a, b, "postcode") and not second_mobile:
        return _shares(a, b, "phone") or vat_id
    return a["last_name"] is None is b["last_name"] and vat_id and _same(a, b, "company")


@pytest.fixture(scope="module")
def dedup() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return dedup_set(3000, seed=5)


def test_dedup_set_has_the_promised_shape(dedup: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    frame, pairs, _ = dedup
    _assert_contract(frame, 3000)
    assert pairs.index.names == ["row_1", "row_2"]
    rows = pairs.index.to_frame(index=False)
    assert (rows["row_1"] < rows["row_2"]).all()
    assert rows.isin(frame.index).all().all()
    in_pairs = len(set(rows["row_1"]) | set(rows["row_2"]))
    entities = pairs["entity"].nunique() + (len(frame) - in_pairs)
    assert 0.5 <= pairs["entity"].nunique() / entities <= 0.7
    assert set(pairs["expected_class"]) == {"sure", "possible"}


def test_dedup_set_expected_classes_agree_with_the_values(dedup) -> None:
    frame, pairs, _ = dedup
    for (row_1, row_2), expected in pairs["expected_class"].items():
        assert _sure(frame.loc[row_1], frame.loc[row_2]) == (expected == "sure"), (row_1, row_2)


def test_dedup_set_is_reproducible() -> None:
    first, second, other = dedup_set(300, seed=9), dedup_set(300, seed=9), dedup_set(300, seed=10)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    pd.testing.assert_frame_equal(first[2], second[2])
    assert not first[0].equals(other[0])


def _shares(a: pd.Series, b: pd.Series, field: str) -> bool:
    return _key(a, field) is not None and _key(a, field) == _key(b, field)


def _group(one: str, other: str) -> bool:
    """One company's name (its legal form aside) begins the other's: a parent and its subsidiary."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short.rsplit(" ", 1)[0]) and short != long


LOOK_ALIKE = {  # what each kind of trap shares, read from the visible values
    "colleagues_same_company": lambda a, b: _shares(a, b, "company") and _shares(a, b, "street"),
    "shared_role_mailbox": lambda a, b: _shares(a, b, "email") and a["email"].split("@")[0].strip().lower() in
    ("info", "kontakt", "office", "post", "mail", "service", "salg", "kontor", "buero"),
    "household": lambda a, b: _shares(a, b, "street") and _shares(a, b, "last_name") and "famili" in a["email"],
    "name_twin": lambda a, b: _shares(a, b, "first_name") and _shares(a, b, "last_name"),
    "parent_vs_subsidiary": lambda a, b: a["last_name"] is None is b["last_name"] and _group(a["company"],
                                                                                             b["company"]),
    "recycled_mobile": lambda a, b: _shares(a, b, "mobile") and not _shares(a, b, "last_name"),
    "recycled_mobile_same_surname": lambda a, b: _shares(a, b, "mobile") and _shares(a, b, "last_name"),
    "swapped_name_lookalike": lambda a, b: a["first_name"] == b["last_name"] and a["last_name"] == b["first_name"],
}


def test_dedup_set_holds_every_kind_of_look_alike_and_none_is_a_pair(dedup) -> None:
    frame, pairs, traps = dedup
    assert set(traps["trap"]) == set(LOOK_ALIKE)
    assert len(traps) == 30  # 2 % of the records, two per trap
    assert not set(traps.index) & set(pairs.index)
    for (row_1, row_2), kind in traps["trap"].items():
        assert LOOK_ALIKE[kind](frame.loc[row_1], frame.loc[row_2]), (kind, row_1, row_2)
        if _sure(frame.loc[row_1], frame.loc[row_2]):  # a sure rule that the first names veto
            assert kind in ("household", "recycled_mobile_same_surname"), kind
            assert frame.at[row_1, "first_name"][0] != frame.at[row_2, "first_name"][0]


def test_link_sets_overlap_and_pairs() -> None:
    a, b, pairs, traps = link_sets(400, 300, 0.6, seed=4, trap_share=0.04)
    _assert_contract(a, 400)
    _assert_contract(b, 300)
    assert len(pairs) == 240
    assert pairs.index.names == ["row_a", "row_b"]
    assert pairs.index.get_level_values("row_b").is_unique
    for (row_a, row_b), expected in pairs["expected_class"].items():
        assert _sure(a.loc[row_a], b.loc[row_b]) == (expected == "sure")
    assert len(traps) == 16
    assert set(traps["trap"]) == set(LOOK_ALIKE)
    assert not set(traps.index) & set(pairs.index)
    for (row_a, row_b), kind in traps["trap"].items():
        assert LOOK_ALIKE[kind](a.loc[row_a], b.loc[row_b]), (kind, row_a, row_b)
    with pytest.raises(ValueError, match="overlap"):
        link_sets(100, 10, 0.5)


def _key(record: pd.Series, field: str) -> str | None:
    value = record[field]
    if value is None:
        return None
    if field in ("phone", "mobile"):
        return _e164(value, record["country"])
    if field == "email":
        return value.strip().lower()
    if field == "country":
        return COUNTRIES[value]
    return value.lower() if field in ("company", "first_name", "last_name") else value


def test_sync_scenario_categories_follow_from_links_and_values() -> None:
    a, b, links, expected = sync_scenario(1200, 1100, 800, seed=6)
    _assert_contract(a, 1200)
    _assert_contract(b, 1100)
    assert list(links.columns) == ["a_customer_no", "b_customer_no", "sync", "synced_at"]
    assert len(links) == 800
    assert set(links["sync"]) == {"on", "off"}
    assert len(expected) == len(a) + len(b)
    a_by_no, b_by_no = a.reset_index().set_index("customer_no"), b.reset_index().set_index("customer_no")
    found: dict[tuple[str, int], str] = {}
    compared = [f for f in CUSTOMER.field_names if f not in ("customer_no", "updated_at")]
    for link in links.itertuples():
        ra = a_by_no.loc[link.a_customer_no] if link.a_customer_no in a_by_no.index else None
        rb = b_by_no.loc[link.b_customer_no] if link.b_customer_no in b_by_no.index else None
        if ra is not None and rb is not None:
            differ = [f for f in compared if _key(ra, f) != _key(rb, f)]
            category = "disabled" if link.sync == "off" else "conflict" if differ else "synchronized"
            found[("A", ra["row"])] = found[("B", rb["row"])] = category
        else:
            assert (ra is None) != (rb is None)
            found[("A", ra["row"]) if ra is not None else ("B", rb["row"])] = "deleted"
    for system, frame in (("A", a), ("B", b)):
        for row, status in frame["status"].items():
            found.setdefault((system, row), "inactive" if status == "inaktiv" else "new")
    assert {(s, r): c for s, r, c in expected[["system", "row", "category"]].itertuples(index=False)} == found
    counts = Counter(c for (s, _), c in found.items() if s == "A")
    assert counts["conflict"] == round(LINK_SHARES["conflict"] * 800)
    assert counts["disabled"] == round(LINK_SHARES["disabled"] * 800)
    assert set(counts) == {"conflict", "new", "deleted", "disabled", "synchronized", "inactive"}


def test_sync_scenario_refuses_impossible_sizes() -> None:
    with pytest.raises(ValueError, match="links need"):
        sync_scenario(100, 100, 500)
