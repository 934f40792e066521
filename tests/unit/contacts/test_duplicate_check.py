"""The duplicate check of incoming contacts: sure, possible, none, each with its reason."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.contacts import check_duplicates

EXISTING = pd.DataFrame({
    "customer_no": ["50001", "50002", "50003", "50004"],
    "partner_no": ["10", "10", "11", "12"],
    "first_name": ["Anna", "Jens", "Petra", "Karl"],
    "last_name": ["Berg", "Holm", "Lange", "Neumann"],
    "email": ["anna.berg@firma.de", "info@holm.dk", "p.lange@web.de", None],
    "phone": [None, None, None, "+49 7071 583477"],
    "mobile": [None, "+45 20 30 40 50", "+49 171 5556667", None],
    "country": ["DE", "DK", "DE", "DE"],
}, index=pd.Index([2, 3, 4, 5], name="row"))


def check(**card: str | None) -> pd.Series:
    return check_duplicates(pd.DataFrame([card], index=pd.Index([1], name="row")), EXISTING).iloc[0]


def test_the_same_personal_email_is_sure() -> None:
    found = check(first_name="Anna", last_name="Berg-Olsen", email=" Anna.Berg@FIRMA.de ", country="DE")
    assert (found["duplicate_class"], found["duplicate_of"]) == ("sure", "50001")
    assert found["duplicate_reason"].startswith("sure: same personal email")


def test_the_same_last_name_and_mobile_is_sure() -> None:
    found = check(first_name="Jens", last_name="Holm", mobile="20304050", country="DK")
    assert (found["duplicate_class"], found["duplicate_of"]) == ("sure", "50002")
    assert found["duplicate_reason"].startswith("sure: same last name Holm and mobile")


def test_a_shared_role_mailbox_is_no_proof() -> None:
    found = check(first_name="Ole", last_name="Dahl", email="info@holm.dk", country="DK")
    assert found["duplicate_class"] == "none"
    assert found["duplicate_of"] is None
    assert found["duplicate_reason"].startswith("no existing contact shares")


def test_same_last_name_and_mobile_with_clearly_other_first_names_is_only_possible() -> None:
    found = check(first_name="Peter", last_name="Lange", mobile="0171 5556667", country="DE")
    assert found["duplicate_class"] == "possible"
    assert "but first names clearly differ (Peter/Petra)" in found["duplicate_reason"]


def test_similar_names_with_a_shared_landline_are_possible() -> None:
    found = check(first_name="Karl", last_name="Neuman", phone="07071 583477", country="DE")
    assert (found["duplicate_class"], found["duplicate_of"]) == ("possible", "50004")
    assert "same phone" in found["duplicate_reason"]


def test_a_stranger_is_none() -> None:
    assert check(first_name="Ida", last_name="Iversen", email="ida@iversen.dk", country="DK")["duplicate_class"] == \
        "none"


@pytest.mark.parametrize("rows", [[], [1]])
def test_no_contacts_or_no_candidates_give_none_without_error(rows: list[int]) -> None:
    incoming = pd.DataFrame({"first_name": ["Ida"] * len(rows), "last_name": ["Iversen"] * len(rows)},
                            index=pd.Index(rows, name="row"))
    found = check_duplicates(incoming, EXISTING.iloc[0:0])
    assert found["duplicate_class"].tolist() == ["none"] * len(rows)


def test_the_sample_cards_get_the_classes_of_the_answer_key(cards, crm_contacts, truth) -> None:
    strangers = cards.frame[cards.frame["X-WORKBENCH-ID"].isna()]
    found = check_duplicates(strangers, crm_contacts)
    expected = {row: (truth[row]["duplicate"]["class"], (truth[row]["duplicate"].get("contact") or {}).get(
        "customer_no")) for row in strangers.index}
    assert dict(zip(found.index, zip(found["duplicate_class"], found["duplicate_of"], strict=True),
                    strict=True)) == expected
