"""vCards as address books really export them: charsets, byte-order marks, Outlook's quirks, damaged cards.

Every card here is written for the test (see tests/data/vcards/README.md on outside files).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from workbench.errors import InputError
from workbench.io import read_raw, read_table, write_table

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


def write(tmp_path: Path, content: str | bytes, name: str = "export.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(("charset", "name", "city"), [
    ("Windows-1253", "Ευάγγελος", "Αθήνα"),
    ("Windows-1251", "Дмитрий", "Москва"),
    ("Windows-1255", "אברהם", "חיפה"),
    ("ISO-8859-2", "Łukasz", "Łódź"),
])
def test_vcard_2_1_charset_parameters_decide_the_text(tmp_path: Path, charset: str, name: str, city: str) -> None:
    codec = charset.lower()
    label = "".join(f"={byte:02X}" for byte in f"{city} 1".encode(codec))
    data = (f"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET={charset}:Test;".encode("ascii") + name.encode(codec)
            + f"\r\nADR;WORK;CHARSET={charset}:;;Weg 1;".encode("ascii") + city.encode(codec)
            + f";;;\r\nLABEL;WORK;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:{label}\r\nEND:VCARD\r\n".encode("ascii"))
    row = read_table(write(tmp_path, data), "contact").frame.loc[1]
    assert (row["first_name"], row["city"], row["LABEL"]) == (name, city, f"{city} 1")


def test_a_utf_8_file_keeps_its_text_whatever_a_charset_parameter_says(tmp_path: Path) -> None:
    path = write(tmp_path, card("N;CHARSET=Windows-1252:Weiß;Jörg", "ORG:KMS Außenstelle", version="2.1"))
    row = read_table(path, "contact").frame.loc[1]
    assert (row["last_name"], row["company"]) == ("Weiß", "KMS Außenstelle")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_and_utf_16(tmp_path: Path, encoding: str) -> None:
    text = card("N:Weiß;Jörg;;;", "FN:Jörg Weiß", "ORG:Straße & Söhne") + card("N:Ærø;Søren;;;")
    raw = read_raw(write(tmp_path, text.encode(encoding)))
    assert raw.cells["last_name"].tolist() == ["Weiß", "Ærø"]
    assert raw.cells.loc[1, "company"] == "Straße & Söhne"


def test_a_card_with_only_a_full_name_gets_first_and_last_name(tmp_path: Path) -> None:
    path = write(tmp_path, card("FN:Dr. Anna Maria Weiß", "EMAIL: anna@weiss.de ")
                 + card("FN:Kowalski, Jan") + card("N:;;;;", "FN:Ole") + card("FN:Weiß GmbH", "ORG:Weiß GmbH"))
    frame = read_table(path, "contact").frame
    assert frame[["first_name", "last_name"]].values.tolist() == [
        ["Anna Maria", "Weiß"], ["Jan", "Kowalski"], [None, "Ole"], [None, None]]
    assert frame.loc[1, "email"] == "anna@weiss.de"  # trimmed
    assert frame.loc[1, "EMAIL (all)"] == "anna@weiss.de"
    assert frame.loc[4, "company"] == "Weiß GmbH"


@pytest.mark.parametrize("org_line", [
    b"ORG:KMS Au\xc3\x9fenstelle", b"ORG:KMS Au\xdfenstelle", b"ORG;CHARSET=ISO-8859-1:KMS Au\xdfenstelle",
    b"ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:KMS Au=C3=9Fenstelle",
])
def test_an_organisation_with_umlauts_is_kept(tmp_path: Path, org_line: bytes) -> None:
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kurz;Kai\r\n" + org_line + b"\r\nEND:VCARD\r\n"
    assert read_table(write(tmp_path, data), "contact").frame.loc[1, "company"] == "KMS Außenstelle"


def test_several_organisations_the_first_is_the_company_and_all_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, card("N:Kurz;Kai;;;", "FN:Kai Kurz", "ORG:Weiß Logistik GmbH;Einkauf",
                                "ORG:Sportverein Nord e.V."))
    first = read_raw(path).cells
    assert first.loc[1, "company"] == "Weiß Logistik GmbH"
    assert first.loc[1, "ORG"] == "Weiß Logistik GmbH;Einkauf\nSportverein Nord e.V."
    text = write_table(first, tmp_path / "again.vcf").read_bytes().decode("utf-8")
    assert "ORG:Weiß Logistik GmbH;Einkauf\r\nORG:Sportverein Nord e.V.\r\n" in text
    pd.testing.assert_frame_equal(read_raw(tmp_path / "again.vcf").cells, first)


def test_outlooks_empty_parameter_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, card("N:Kurz;Kai", "ADR;HOME;PREF;:;;Gartenweg 1;Potsdam;;14467;Deutschland",
                                "TEL;WORK;;VOICE:+49 331 1", version="2.1"))
    row = read_table(path, "contact").frame.loc[1]
    assert (row["street"], row["postcode"], row["phone"]) == ("Gartenweg 1", "14467", "+49 331 1")
    assert row["ADR (all)"] == "HOME,PREF: ;;Gartenweg 1;Potsdam;;14467;Deutschland"


def test_vcard_2_1_base64_lines_that_start_in_column_one(tmp_path: Path) -> None:
    encoded = base64.b64encode(JPEG).decode("ascii")
    path = write(tmp_path, card("N:Kurz;Kai", f"PHOTO;ENCODING=BASE64;TYPE=JPEG:{encoded[:12]}", encoded[12:24],
                                encoded[24:], "", "EMAIL;INTERNET:kai@kurz.de", version="2.1"))
    row = read_raw(path).cells.loc[1]
    assert row["PHOTO"] == JPEG
    assert row["email"] == "kai@kurz.de"


def test_one_broken_photo_leaves_out_that_photo_only(tmp_path: Path) -> None:
    good = base64.b64encode(JPEG).decode("ascii")
    cards = [card(f"FN:Person {n}", f"PHOTO;ENCODING=b;TYPE=JPEG:{'@@not base64@@' if n == 4 else good}")
             for n in range(1, 7)]
    raw = read_raw(write(tmp_path, "".join(cards)))
    assert raw.cells.index.tolist() == [1, 2, 3, 4, 5, 6]
    assert raw.cells.loc[4, "PHOTO"] is None
    assert raw.cells.loc[5, "PHOTO"] == JPEG
    assert raw.notes == ["card 4 (Person 4, line 16): its PHOTO (line 19) is not valid base64 and was left out; "
                         "remove the picture from that contact in the address book and export again to keep it"]


def test_a_card_without_end_in_the_middle_ends_where_the_next_begins(tmp_path: Path) -> None:
    text = card("FN:Anna Weiß") + card("FN:Ben Kurz").replace("END:VCARD\r\n", "") + card("FN:Cem Yıldız")
    table = read_table(write(tmp_path, text), "contact")
    assert table.frame["FN"].tolist() == ["Anna Weiß", "Ben Kurz", "Cem Yıldız"]
    assert table.notes[0] == ("card 2 (Ben Kurz, line 5): it has no END:VCARD line; it ends at line 7, where the "
                              "next card begins")


@pytest.mark.parametrize("cards", [1, 3])
def test_a_last_card_without_end_is_read_with_a_note(tmp_path: Path, cards: int) -> None:
    text = "".join(card(f"FN:Person {n}") for n in range(1, cards + 1)).removesuffix("END:VCARD\r\n")
    raw = read_raw(write(tmp_path, text))
    assert raw.cells["FN"].tolist() == [f"Person {n}" for n in range(1, cards + 1)]
    assert raw.notes == [f"card {cards} (Person {cards}, line {4 * cards - 3}): the file ends at line "
                         f"{4 * cards - 1} without its END:VCARD line; check that the card is complete"]


def test_a_damaged_card_is_left_out_with_its_name_and_line_and_the_others_are_read(tmp_path: Path) -> None:
    text = card("FN:Anna Weiß") + card("FN:Ben Kurz", "kein doppelpunkt", "EMAIL:ben@kurz.de") + card("FN:Cem")
    table = read_table(write(tmp_path, text), "contact")
    assert table.frame.index.tolist() == [1, 3]  # rows keep the card numbers
    assert table.notes[0] == "card 2 (Ben Kurz, line 5) left out: line 8 is not a vCard property ('kein doppelpunkt')"


def test_a_value_over_the_limit_leaves_out_its_card(tmp_path: Path) -> None:
    from workbench.io import ReadLimits
    text = card("FN:Anna", "NOTE:" + "x" * 200) + card("FN:Ben")
    table = read_table(write(tmp_path, text), "contact", limits=ReadLimits(max_cell_chars=100))
    assert table.frame["FN"].tolist() == ["Ben"]
    assert "card 1 (Anna, line 1) left out: its NOTE (line 4) holds 200 characters" in table.notes[0]


def test_a_file_whose_every_card_is_damaged_is_refused_naming_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, card("FN:Anna", "kaputt") + card("FN:Ben", "auch kaputt"))
    with pytest.raises(InputError, match=r"none of its 2 cards can be read; card 1 \(Anna, line 1\) left out: "
                                         r"line 4 is not a vCard property"):
        read_raw(path)


def test_vcard_properties_are_not_mapped_by_spreadsheet_header_aliases(tmp_path: Path) -> None:
    path = write(tmp_path, card("NAME:Adressbuch Vertrieb", "N:Weiß;Anna;;;", "FN:Anna Weiß", "TITLE:Dr."))
    table = read_table(path)  # the kind of a vCard is contact
    assert table.kind.name == "contact"
    assert table.frame.loc[1, "last_name"] == "Weiß"
    assert table.frame.loc[1, "NAME"] == "Adressbuch Vertrieb"


def test_cards_without_any_field_get_no_spreadsheet_advice(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_table(write(tmp_path, card("NOTE:nur eine Notiz")), "contact")
    assert "header_row" not in str(caught.value)
    assert "--map" not in str(caught.value)
    assert "carry no name, e-mail, phone, company or address" in str(caught.value)
