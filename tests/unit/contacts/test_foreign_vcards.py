"""A real Outlook export the workbench did not write (tests/data/vcards/README.md) imports correctly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.contacts import import_outlook, prepare_import
from workbench.io import read_table, write_table

OUTLOOK_DE = Path(__file__).resolve().parents[2] / "data" / "vcards" / "outlook_2016_de.vcf"


@pytest.fixture(scope="module")
def card() -> pd.Series:
    return read_table(OUTLOOK_DE, "contact").frame.iloc[0]


def test_the_outlook_card_reads_into_the_canonical_fields(card: pd.Series) -> None:
    assert card[["first_name", "last_name", "company", "email"]].tolist() == [
        "Max", "Mustermann", "Musterfirma GmbH", "max.mustermann@musterfirma.de"]
    assert card[["phone", "mobile"]].tolist() == ["+49 (0611) 123456 - 11", "+49 (0611) 123456 - 14"]
    assert card[["street", "postcode", "city", "country"]].tolist() == [
        "Musterstrasse 12", "65201", "Wiesbaden", "Deutschland"]
    assert card["TITLE"] == "Musterposition"
    assert card["LABEL"] == "Musterstrasse 12\r\n\r\n65201  Wiesbaden  Hessen"  # quoted-printable soft breaks
    assert "WORK,FAX: +49 (0611) 123456 - 13" in card["TEL (all)"]
    assert card["X-MS-OL-DESIGN"].endswith("</card>")
    assert "Geschäftlich" in card["X-MS-OL-DESIGN"]


def test_the_photo_is_the_whole_jpeg(card: pd.Series) -> None:
    photo = card["PHOTO"]
    assert card["PHOTO type"] == "image/jpeg"
    assert len(photo) == 23182
    assert photo[:3] == b"\xff\xd8\xff"
    assert photo[-2:] == b"\xff\xd9"


def test_it_survives_a_workbench_write_and_read(tmp_path: Path, card: pd.Series) -> None:
    frame = read_table(OUTLOOK_DE, "contact").frame
    write_table(frame, tmp_path / "again.vcf")
    again = read_table(tmp_path / "again.vcf", "contact").frame.iloc[0]
    for column in ("first_name", "last_name", "company", "email", "phone", "mobile", "street", "postcode", "city",
                   "country", "TITLE", "NOTE", "PHOTO", "X-MS-OL-DESIGN", "X-MS-IMADDRESS", "TEL (all)"):
        assert again[column] == card[column], column


def test_it_imports_as_a_new_contact_of_its_company(tmp_path: Path, store) -> None:
    partners = pd.DataFrame({"customer_no": ["10001", "10002"], "company": ["Musterfirma GmbH", "Beispiel AG"],
                             "email": ["info@musterfirma.de", "info@beispiel.de"], "postcode": ["65201", "10115"],
                             "city": ["Wiesbaden", "Berlin"]})
    contacts = pd.DataFrame({"customer_no": ["50001"], "partner_no": ["10002"], "first_name": ["Erika"],
                             "last_name": ["Musterfrau"], "email": ["erika@beispiel.de"]},
                            index=pd.Index([2], name="row"))
    cards = read_table(OUTLOOK_DE, "contact")
    session = prepare_import(cards, contacts, partners, store)
    candidate = session.candidates.iloc[0]
    assert candidate["partner_no"] == "10001"
    # "musterfirma.de" is a placeholder domain to normalisation (German for "sample company"): no mail evidence
    assert candidate["partner_reason"] == ("organisation name 1.00 (Musterfirma GmbH / Musterfirma GmbH), "
                                           "same postcode 65201")
    assert candidate["duplicate_class"] == "none"
    _, report = import_outlook(cards, contacts, partners, store, tmp_path / "records.xlsx")
    assert report.summary() == "1 imported, 0 updated, 0 unchanged, 0 skipped"
    created = read_table(tmp_path / "records.xlsx", "contact").frame.iloc[0]
    assert created[["customer_no", "partner_no", "last_name", "mobile"]].tolist() == [
        "50002", "10001", "Mustermann", "+49 (0611) 123456 - 14"]
    photo = cards.frame.iloc[0]["PHOTO"]
    assert created["PHOTO"] == f"(binary data, {len(photo):,} bytes)"  # a spreadsheet shows no picture
    assert created["PHOTO type"] == "image/jpeg"


def test_its_photo_travels_to_the_contacts_system_in_a_csv_records_file(tmp_path: Path, store) -> None:
    import base64

    partners = pd.DataFrame({"customer_no": ["10001"], "company": ["Musterfirma GmbH"], "postcode": ["65201"]})
    contacts = pd.DataFrame({"customer_no": ["50001"], "partner_no": ["10001"], "last_name": ["Beispiel"]})
    cards = read_table(OUTLOOK_DE, "contact")
    import_outlook(cards, contacts, partners, store, tmp_path / "records.csv")
    created = read_table(tmp_path / "records.csv", "contact").frame.iloc[0]
    assert base64.b64decode(created["PHOTO"]) == cards.frame.iloc[0]["PHOTO"]
