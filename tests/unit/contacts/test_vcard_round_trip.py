"""Exported vCards read back unchanged: names, e-mails, phones, addresses, photos and IDs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from workbench.contacts import WORKBENCH_ID, contact_uid, export_contacts, prepare_import
from workbench.io import read_table, write_table

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40

CONTACTS = pd.DataFrame({
    "customer_no": ["50001", "50002", "50003"],
    "partner_no": ["10001", "10001", "10002"],
    "company": ["Müller & Söhne GmbH", "Müller & Söhne GmbH", "Holm; Hansen I/S"],
    "first_name": ["Jürgen", "Anne-Marie", "Søren"],
    "last_name": ["Weiß", "O'Neill, Jr.", "Aagaard"],
    "email": ["j.weiss@mueller-soehne.de", None, "sa@holm-hansen.dk"],
    "phone": ["+49 221 123456", "0221 654321", None],
    "mobile": ["+49 171 1234567", None, "+45 20 30 40 50"],
    "street": ["Hauptstraße 5", "Hauptstraße 5", "Skolevej 1, st. tv."],
    "postcode": ["50667", "50667", "1120"],
    "city": ["Köln", "Köln", "København K"],
    "country": ["DE", "DE", "DK"],
    "PHOTO": [PNG, None, None],
    "PHOTO type": ["image/png", None, None],
}, index=pd.Index([2, 3, 4], name="row"))
FIELDS = ["first_name", "last_name", "company", "email", "phone", "mobile", "street", "postcode", "city", "country"]


def test_exported_contacts_read_back_unchanged(tmp_path: Path, store) -> None:
    report = export_contacts(CONTACTS, ["50001", "50002", "50003"], tmp_path / "outlook.vcf", store)
    assert report.exported == ["50001", "50002", "50003"]
    back = read_table(tmp_path / "outlook.vcf", "contact").frame
    assert back[FIELDS].values.tolist() == CONTACTS[FIELDS].values.tolist()
    assert back["PHOTO"].iloc[0] == PNG
    assert back["PHOTO type"].iloc[0] == "image/png"
    assert back["PHOTO"].iloc[1:].isna().all()
    assert back[WORKBENCH_ID].tolist() == ["50001", "50002", "50003"]
    assert back["UID"].tolist() == [contact_uid(n) for n in ["50001", "50002", "50003"]]


def test_an_exported_file_comes_back_as_known_contacts(tmp_path: Path, store) -> None:
    export_contacts(CONTACTS, ["50001", "50003"], tmp_path / "outlook.vcf", store)
    back = read_table(tmp_path / "outlook.vcf", "contact")
    session = prepare_import(back, CONTACTS.drop(columns=["PHOTO", "PHOTO type"]), pd.DataFrame(
        {"customer_no": ["10001", "10002"], "company": ["Müller & Söhne GmbH", "Holm; Hansen I/S"]}), store)
    assert session.candidates.empty
    assert session.known["contact_no"].tolist() == ["50001", "50003"]
    assert session.known["changed_fields"].tolist() == [[], []]


def test_the_outlook_sample_survives_read_write_read(tmp_path: Path, cards, truth) -> None:
    write_table(cards.frame, tmp_path / "again.vcf")
    again = read_table(tmp_path / "again.vcf", "contact").frame
    columns = [*FIELDS, "TITLE", "UID", WORKBENCH_ID]
    pd.testing.assert_frame_equal(again[columns], cards.frame[columns])
    photos = {row: hashlib.sha256(photo).hexdigest() for row, photo in again["PHOTO"].items()
              if isinstance(photo, bytes)}
    assert photos == {row: card["photo_sha256"] for row, card in truth.items() if card["photo_sha256"]}


def test_the_workbench_uid_is_the_one_the_sample_cards_carry(cards, truth) -> None:
    known = [card for card in truth.values() if card["known"]]
    assert [contact_uid(card["workbench_id"]) for card in known] == [card["uid"] for card in known]
