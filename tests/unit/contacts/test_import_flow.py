"""Importing an Outlook export: known contacts updated, candidates checked, sure duplicates never imported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.contacts import (
    ImportPolicy,
    export_contacts,
    import_outlook,
    outlook_state,
    prepare_import,
    set_outlook_sync,
)
from workbench.errors import ConfigError, InputError
from workbench.io import read_table, write_table


def test_the_samples_import_as_the_answer_key_says(tmp_path: Path, store, cards, crm_contacts, crm_customers,
                                                    truth) -> None:
    session, report = import_outlook(cards, crm_contacts, crm_customers, store, tmp_path / "records.xlsx")
    known = {row for row, card in truth.items() if card["known"]}
    assert set(session.known.index) == known
    assert session.known.set_index("contact_no").loc["50167", "changed_fields"] == ["phone"]
    outcomes = report.outcomes.set_index("row")
    for row, card in truth.items():
        if card["known"]:
            assert outcomes.at[row, "outcome"] in ("updated", "unchanged")
        elif card["duplicate"]["class"] == "sure":
            assert outcomes.at[row, "outcome"] == "skipped"
            assert outcomes.at[row, "reason"] == "sure duplicate of an existing contact"
            assert outcomes.at[row, "contact_no"] == card["duplicate"]["contact"]["customer_no"]
        elif card["duplicate"]["class"] == "possible":
            assert outcomes.at[row, "reason"] == "possible duplicate, not selected"
        elif card["partner"] is None:
            assert outcomes.at[row, "reason"] == "no business partner assigned"
        else:
            assert outcomes.at[row, "outcome"] == "imported"
            assert outcomes.at[row, "partner_no"] == card["partner"]["customer_no"]
    assert report.summary() == "9 imported, 5 updated, 10 unchanged, 26 skipped"
    assert report.counts()["cards"].sum() == 50
    records = read_table(tmp_path / "records.xlsx", "contact").frame
    assert records["action"].value_counts().to_dict() == {"create": 9, "update": 5}
    created = records[records["action"] == "create"]
    assert created["customer_no"].tolist() == [str(n) for n in range(50271, 50280)]
    assert not set(created["customer_no"]) & set(crm_contacts["customer_no"])
    updated = records[(records["action"] == "update") & (records["customer_no"] == "50167")].iloc[0]
    assert updated["changed_fields"] == "phone"
    assert updated["phone"] == truth[5]["values"]["phone"]


def test_imported_and_known_contacts_are_not_imported_again(tmp_path: Path, store, cards, crm_contacts,
                                                            crm_customers) -> None:
    _, first = import_outlook(cards, crm_contacts, crm_customers, store, tmp_path / "first.xlsx")
    created = read_table(tmp_path / "first.xlsx", "contact").frame
    created = created[created["action"] == "create"].drop(columns=["action", "changed_fields"])
    contacts_now = pd.concat([crm_contacts, created], ignore_index=True)
    session, second = import_outlook(cards, contacts_now, crm_customers, store, tmp_path / "second.xlsx")
    assert second.count("imported") == 0
    assert len(session.known) == 15 + first.count("imported")
    assert set(outlook_state(store)["contact_no"]) >= set(created["customer_no"])


def test_a_sure_duplicate_cannot_be_selected_nor_imported(tmp_path: Path, store, cards, crm_contacts,
                                                          crm_customers) -> None:
    session = prepare_import(cards, crm_contacts, crm_customers, store)
    with pytest.raises(InputError, match=r"card 16 .* is a sure duplicate of contact 50091 and cannot be imported"):
        session.select([16])
    session.candidates["selected"] = True  # even when forced past the model
    report = session.run(store, tmp_path / "records.csv", policy=ImportPolicy(require_partner=False))
    outcomes = report.outcomes.set_index("row")
    sure = session.candidates.index[session.candidates["duplicate_class"] == "sure"]
    assert (outcomes.loc[sure, "outcome"] == "skipped").all()
    assert report.count("imported") == 22  # 8 possible + 14 none


def test_the_steward_assigns_a_partner_and_selects_a_possible_duplicate(tmp_path: Path, store, cards, crm_contacts,
                                                                        crm_customers) -> None:
    session = prepare_import(cards, crm_contacts, crm_customers, store)
    changes: list[int] = []
    session.on_change(lambda model: changes.append(int(model.candidates["selected"].sum())))
    session.assign(49, "10004")
    session.select([29, 49])
    assert changes == [0, 2]
    assert session.candidates.loc[49, ["partner_no", "partner_reason"]].tolist() == ["10004", "chosen by the steward"]
    with pytest.raises(InputError, match="there is no business partner 99999"):
        session.assign(49, "99999")
    with pytest.raises(InputError, match="card 3 is not a candidate"):
        session.select([3])
    report = session.run(store, tmp_path / "records.xlsx")
    assert report.outcomes.set_index("row").loc[[29, 49], "outcome"].tolist() == ["imported", "imported"]
    assert report.count("imported") == 2
    assert report.outcomes.set_index("row").at[37, "reason"] == "not selected"


def test_policies_choose_possible_duplicates_on_request(store, cards, crm_contacts, crm_customers) -> None:
    session = prepare_import(cards, crm_contacts, crm_customers, store)
    session.apply_policy(ImportPolicy())
    assert int(session.candidates["selected"].sum()) == 9
    session.apply_policy(ImportPolicy(import_possible=True))
    assert int(session.candidates["selected"].sum()) == 17
    session.apply_policy(ImportPolicy(require_partner=False))
    assert int(session.candidates["selected"].sum()) == 14
    with pytest.raises(ConfigError):
        ImportPolicy(conflicts="maybe")


CONTACT = pd.DataFrame({"customer_no": ["50001"], "partner_no": ["10"], "first_name": ["Anna"],
                        "last_name": ["Berg"], "email": ["anna@berg.de"], "phone": ["+49 431 1111"],
                        "mobile": ["+49 171 2222222"], "country": ["DE"]}, index=pd.Index([2], name="row"))
PARTNERS = pd.DataFrame({"customer_no": ["10"], "company": ["Berg GmbH"]})


def edited_export(tmp_path: Path, store, **outlook_values: str) -> pd.DataFrame:
    export_contacts(CONTACT, ["50001"], tmp_path / "out.vcf", store)
    cards = read_table(tmp_path / "out.vcf", "contact").frame.assign(**outlook_values)
    write_table(cards, tmp_path / "back.vcf")
    return read_table(tmp_path / "back.vcf", "contact").frame


@pytest.mark.parametrize(
    ("outlook", "contact", "changed", "conflicts"),
    [({"phone": "+49 431 3333"}, {}, ["phone"], []),                                  # only Outlook changed: take it
     ({}, {"phone": "+49 431 4444"}, [], []),                                         # only the contact: keep it
     ({"phone": "+49 431 3333"}, {"phone": "+49 431 4444"}, [], ["phone"]),           # both: conflict
     ({"phone": "0431 1111"}, {}, [], [])],                                           # same number, other format
)
def test_known_contacts_are_compared_three_way_with_the_last_export(
        tmp_path: Path, store, outlook: dict, contact: dict, changed: list, conflicts: list) -> None:
    back = edited_export(tmp_path, store, **outlook)
    session = prepare_import(back, CONTACT.assign(**contact), PARTNERS, store)
    assert session.known.iloc[0][["changed_fields", "conflicts"]].tolist() == [changed, conflicts]


def test_conflicts_follow_the_policy(tmp_path: Path, store) -> None:
    back = edited_export(tmp_path, store, phone="+49 431 3333")
    edited = CONTACT.assign(phone="+49 431 4444")
    session = prepare_import(back, edited, PARTNERS, store)
    asked = session.run(store, tmp_path / "ask.csv")
    assert "phone changed in both systems since the last export" in asked.outcomes.at[0, "reason"]
    assert asked.count("updated") == 0
    session = prepare_import(back, edited, PARTNERS, store)
    taken = session.run(store, tmp_path / "outlook.csv", policy=ImportPolicy(conflicts="outlook"))
    assert taken.count("updated") == 1
    assert read_table(tmp_path / "outlook.csv", "contact").frame["phone"].tolist() == ["+49 431 3333"]


def test_without_a_recorded_export_an_empty_outlook_value_clears_nothing(tmp_path: Path, store) -> None:
    export_contacts(CONTACT, ["50001"], tmp_path / "out.vcf", store)
    cards = read_table(tmp_path / "out.vcf", "contact").frame.assign(phone=None, mobile="+49 171 9999999")
    fresh = prepare_import(cards, CONTACT, PARTNERS, store=None)
    assert fresh.known.iloc[0]["changed_fields"] == ["mobile"]


def test_a_known_contact_with_sync_off_is_not_updated(tmp_path: Path, store) -> None:
    back = edited_export(tmp_path, store, phone="+49 431 3333")
    set_outlook_sync(store, "50001", False)
    report = prepare_import(back, CONTACT, PARTNERS, store).run(store, tmp_path / "r.csv")
    assert report.outcomes[["outcome", "reason"]].values.tolist() == [
        ["skipped", "known contact whose Outlook sync is off"]]


def imported_rows(report) -> list[int]:
    return report.outcomes.loc[report.outcomes["outcome"] == "imported", "row"].tolist()


def test_a_card_changed_in_outlook_after_its_import_is_written_again_with_the_new_values(
        tmp_path: Path, store, cards, crm_contacts, crm_customers) -> None:
    _, first = import_outlook(cards, crm_contacts, crm_customers, store, tmp_path / "first.csv")
    row = imported_rows(first)[0]
    number = first.outcomes.set_index("row").at[row, "contact_no"]
    changed = cards.frame.copy()
    changed.loc[row, "mobile"] = "+49 160 9876543"  # same UID, a new mobile in Outlook
    session, second = import_outlook(changed, crm_contacts, crm_customers, store, tmp_path / "second.csv")
    assert session.imported_before.at[row, "changed_fields"] == ["mobile"]
    outcome = second.outcomes.set_index("row").loc[row]
    assert outcome[["outcome", "contact_no"]].tolist() == ["updated", number]
    assert outcome["reason"] == ("imported before and changed in Outlook since: mobile; "
                                 "its record is written again")
    assert second.summary() == "0 imported, 1 updated, 23 unchanged, 26 skipped"
    records = read_table(tmp_path / "second.csv", "contact").frame
    assert records[["action", "customer_no", "mobile", "changed_fields"]].values.tolist() == [
        ["create", number, "+49 160 9876543", "mobile"]]
    assert records.at[records.index[0], "partner_no"] == first.outcomes.set_index("row").at[row, "partner_no"]
    snapshot = outlook_state(store).set_index("contact_no").at[number, "snapshot"]
    assert snapshot["mobile"] == "+49 160 9876543"
    _, third = import_outlook(changed, crm_contacts, crm_customers, store, tmp_path / "third.csv")
    assert third.summary() == "0 imported, 0 updated, 24 unchanged, 26 skipped"


def test_cards_without_uid_are_recognised_by_name_and_e_mail_or_phone(
        tmp_path: Path, store, cards, crm_contacts, crm_customers) -> None:
    anonymous = cards.frame.drop(columns=["UID"])
    _, first = import_outlook(anonymous, crm_contacts, crm_customers, store, tmp_path / "first.csv")
    assert first.summary() == "9 imported, 5 updated, 10 unchanged, 26 skipped"
    numbers = first.outcomes.set_index("row").loc[imported_rows(first), "contact_no"]
    row = numbers.index[0]
    edited = anonymous.copy()
    edited.loc[row, "email"] = "neu." + str(edited.at[row, "email"])  # a new e-mail: still known by name + phone
    edited.loc[row, "first_name"] = str(edited.at[row, "first_name"]).upper()  # case is no change, nor a new key
    session, second = import_outlook(edited, crm_contacts, crm_customers, store, tmp_path / "second.csv")
    assert session.imported_before["contact_no"].sort_index().equals(numbers.sort_index().rename("contact_no"))
    assert second.summary() == "0 imported, 1 updated, 23 unchanged, 26 skipped"
    assert session.imported_before.at[row, "changed_fields"] == ["email"]
    _, third = import_outlook(edited, crm_contacts, crm_customers, store, tmp_path / "third.csv")
    assert third.summary() == "0 imported, 0 updated, 24 unchanged, 26 skipped"
    assert len(outlook_state(store)) == 15 + 9
