"""vCard files: 2.1 (Outlook), 3.0 and 4.0 read into rows; vCard 3.0 written; round trips."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from tests.unit.io.io_builders import assert_canonical_frame
from workbench.errors import InputError
from workbench.io import read_raw, read_table, write_table

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")

V3 = f"""BEGIN:VCARD\r
VERSION:3.0\r
N:Müller;Jürgen;Karl;Dr.;\r
FN:Dr. Jürgen Müller\r
ORG:Müller GmbH;Vertrieb\r
TITLE:Leiter Vertrieb\r
EMAIL;TYPE=INTERNET,WORK:j.mueller@mueller-gmbh.de\r
EMAIL;TYPE=INTERNET,PREF:juergen@example.de\r
TEL;TYPE=CELL:+49 170 1234567\r
TEL;TYPE=WORK,VOICE:+49 30 123456\r
TEL;TYPE=FAX:+49 30 999\r
ADR;TYPE=HOME:;;Gartenweg 1;Potsdam;;14467;Deutschland\r
ADR;TYPE=WORK,PREF:;Haus B;Hauptstraße 5;Berlin;BE;10115;DE\r
UID:8f2c7a1e-0000-4000-8000-000000000001\r
X-WORKBENCH-ID:wb-000001\r
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r
PHOTO;ENCODING=b;TYPE=JPEG:{base64.b64encode(JPEG).decode()}\r
NOTE:Rückruf erbeten\\, bitte vormittags\\nZweite Zeile\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:Weiß;Anna;;;\r
FN:Anna Weiß\r
TEL:+49 89 555\r
END:VCARD\r
"""

V4 = f"""BEGIN:VCARD
VERSION:4.0
KIND:individual
N:Ærø;Søren;;;
FN:Søren Ærø
EMAIL;TYPE=work:soren@example.dk
EMAIL;PREF=1:s@privat.dk
TEL;VALUE=uri;TYPE="cell,voice":tel:+45-20-123456
TEL;VALUE=uri;TYPE=work:tel:+45-86-123456
ADR;TYPE=work:;;Vestergade 2;Århus;;8000;Danmark
PHOTO:data:image/png;base64,{base64.b64encode(PNG).decode()}
UID:urn:uuid:0b2e-4
END:VCARD
"""

# vCard 2.1 as Outlook writes it: bare parameters, quoted-printable in Windows-1252, folded base64.
V21 = (b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
       b"N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
       b"FN:Juergen Mueller\r\nORG:M\xfcller GmbH\r\n"
       b"TEL;CELL;VOICE:+49 170 1\r\nTEL;WORK;VOICE:+49 30 1\r\nEMAIL;PREF;INTERNET:j@example.de\r\n"
       b"ADR;WORK;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=DFe 1=0D=0AHinterhaus;Berlin;;"
       b"10115;=\r\nDeutschland\r\n"
       b"NOTE;ENCODING=QUOTED-PRINTABLE:Hallo, Welt\r\n"
       b"PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n " + base64.b64encode(JPEG)[:20] + b"\r\n "
       + base64.b64encode(JPEG)[20:] + b"\r\n\r\nEND:VCARD\r\n")


@pytest.fixture
def v3_file(tmp_path: Path) -> Path:
    path = tmp_path / "outlook.vcf"
    path.write_text(V3, encoding="utf-8", newline="")
    return path


def test_vcard_3_fields(v3_file: Path) -> None:
    table = read_table(v3_file, "contact")
    frame = table.frame
    assert list(frame.index) == [1, 2]
    first = frame.loc[1]
    assert (first["first_name"], first["last_name"], first["company"]) == ("Jürgen", "Müller", "Müller GmbH")
    assert first["email"] == "juergen@example.de"  # the PREF one
    assert first["EMAIL (all)"] == "INTERNET,WORK: j.mueller@mueller-gmbh.de\nINTERNET,PREF: juergen@example.de"
    assert (first["mobile"], first["phone"]) == ("+49 170 1234567", "+49 30 123456")
    assert "FAX: +49 30 999" in first["TEL (all)"]
    assert (first["street"], first["postcode"], first["city"], first["country"]) == (
        "Hauptstraße 5", "10115", "Berlin", "DE")  # the PREF address
    assert first["ADR (all)"].splitlines()[0] == "HOME: ;;Gartenweg 1;Potsdam;;14467;Deutschland"
    assert first["N"] == "Müller;Jürgen;Karl;Dr.;"
    assert first["ORG"] == "Müller GmbH;Vertrieb"
    assert first["TITLE"] == "Leiter Vertrieb"
    assert first["NOTE"] == "Rückruf erbeten, bitte vormittags\nZweite Zeile"
    assert first["UID"] == "8f2c7a1e-0000-4000-8000-000000000001"
    assert first["X-WORKBENCH-ID"] == "wb-000001"
    assert first["X-MS-OL-DEFAULT-POSTAL-ADDRESS"] == "2"
    assert first["PHOTO"] == JPEG
    assert first["PHOTO type"] == "image/jpeg"
    second = frame.loc[2]
    assert (second["phone"], second["mobile"], second["email"]) == ("+49 89 555", None, None)
    assert table.columns["email"] == "email"
    assert_canonical_frame(table, binary_columns=["PHOTO"])


def test_vcard_4_fields(tmp_path: Path) -> None:
    path = tmp_path / "v4.vcf"
    path.write_text(V4, encoding="utf-8")
    row = read_table(path, "contact").frame.loc[1]
    assert (row["first_name"], row["last_name"], row["city"]) == ("Søren", "Ærø", "Århus")
    assert row["email"] == "s@privat.dk"
    assert (row["mobile"], row["phone"]) == ("+45-20-123456", "+45-86-123456")
    assert row["PHOTO"] == PNG
    assert row["PHOTO type"] == "image/png"
    assert row["KIND"] == "individual"


def test_vcard_2_1_as_outlook_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "v21.vcf"
    path.write_bytes(V21)
    row = read_table(path, "contact").frame.loc[1]
    assert (row["first_name"], row["last_name"], row["company"]) == ("Jürgen", "Müller", "Müller GmbH")
    assert (row["mobile"], row["phone"], row["email"]) == ("+49 170 1", "+49 30 1", "j@example.de")
    assert row["street"] == "Hauptstraße 1\r\nHinterhaus"
    assert row["country"] == "Deutschland"
    assert row["NOTE"] == "Hallo, Welt"  # vobject's own decoding would cut this at the comma
    assert row["PHOTO"] == JPEG


def test_round_trip_keeps_every_column(v3_file: Path, tmp_path: Path) -> None:
    first = read_raw(v3_file)
    written = write_table(first.cells, tmp_path / "wieder.vcf")
    second = read_raw(written)
    pd.testing.assert_frame_equal(first.cells, second.cells)
    text = written.read_bytes().decode("utf-8")
    assert "VERSION:3.0\r\n" in text
    assert "PHOTO;ENCODING=b;TYPE=JPEG:" in text
    assert "X-WORKBENCH-ID:wb-000001" in text


@pytest.mark.parametrize("content", [V4, V21])
def test_round_trip_from_other_versions_is_stable(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "quelle.vcf"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    first = read_raw(write_table(read_raw(path).cells, tmp_path / "a.vcf"))
    second = read_raw(write_table(first.cells, tmp_path / "b.vcf"))
    pd.testing.assert_frame_equal(first.cells, second.cells)
    assert first.cells.loc[1, "PHOTO"] == read_raw(path).cells.loc[1, "PHOTO"]


def test_edited_canonical_values_replace_what_they_were_read_from(v3_file: Path, tmp_path: Path) -> None:
    frame = read_raw(v3_file).cells.copy()
    frame.loc[1, ["mobile", "email", "city", "last_name"]] = ["+49 171 7654321", "neu@example.de", "Hamburg", "Meier"]
    frame.loc[2, "mobile"] = "+49 160 1"
    again = read_raw(write_table(frame, tmp_path / "neu.vcf")).cells
    assert again.loc[1, "mobile"] == "+49 171 7654321"
    assert again.loc[1, "TEL (all)"].splitlines() == ["CELL: +49 171 7654321", "WORK,VOICE: +49 30 123456",
                                                      "FAX: +49 30 999"]
    assert again.loc[1, "email"] == "neu@example.de"
    assert again.loc[1, "EMAIL (all)"].splitlines()[0] == "INTERNET,WORK: j.mueller@mueller-gmbh.de"
    assert again.loc[1, "city"] == "Hamburg"
    assert again.loc[1, "ADR (all)"].splitlines()[1] == "WORK,PREF: ;Haus B;Hauptstraße 5;Hamburg;BE;10115;DE"
    assert again.loc[1, "N"] == "Meier;Jürgen;Karl;Dr.;"
    assert again.loc[2, "mobile"] == "+49 160 1"


def test_contacts_from_a_spreadsheet_can_be_written(tmp_path: Path) -> None:
    frame = pd.DataFrame({"first_name": ["Anna"], "last_name": ["Weiß"], "company": ["Weiß & Co, KG"],
                          "email": ["anna@example.de"], "mobile": ["+49 160 1"], "street": ["Ring 1"],
                          "postcode": ["01067"], "city": ["Dresden"], "customer_no": ["K-1"], "Notiz": ["x"],
                          "UID": ["wb-7"], "X-WORKBENCH-ID": ["wb-7"]})
    path = write_table(frame, tmp_path / "kontakte.vcf")
    text = path.read_bytes().decode("utf-8")
    assert "ORG:Weiß & Co\\, KG\r\n" in text
    assert "ADR;TYPE=WORK:;;Ring 1;Dresden;;01067;\r\n" in text
    assert "Notiz" not in text  # not a vCard property
    row = read_table(path, "contact").frame.loc[1]
    assert (row["first_name"], row["last_name"], row["company"], row["postcode"]) == (
        "Anna", "Weiß", "Weiß & Co, KG", "01067")
    assert (row["FN"], row["UID"], row["X-WORKBENCH-ID"]) == ("Anna Weiß", "wb-7", "wb-7")


def test_uid_can_be_mapped_to_the_key(v3_file: Path) -> None:
    table = read_table(v3_file, "contact", mapping={"UID": "customer_no"})
    assert table.frame.loc[1, "customer_no"] == "8f2c7a1e-0000-4000-8000-000000000001"


def test_broken_base64_in_a_photo_names_card_and_contact(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.vcf"
    path.write_text(V3.replace("PHOTO;ENCODING=b;TYPE=JPEG:", "PHOTO;ENCODING=b;TYPE=JPEG:@@@")
                    .replace("BEGIN:VCARD", "BEGIN:VCARD\r\nFN:Erst\r\nEND:VCARD\r\nBEGIN:VCARD", 1),
                    encoding="utf-8")
    table = read_table(path, "contact")
    assert table.frame.loc[2, "last_name"] == "Müller"
    assert "PHOTO" not in table.frame.columns  # no other card has one
    assert table.notes[0].startswith("card 2 (Dr. Jürgen Müller, line 4): its PHOTO (line 20) is not valid base64")
    assert "remove the picture" in table.notes[0]


def test_a_file_without_cards(tmp_path: Path) -> None:
    path = tmp_path / "leer.vcf"
    path.write_text("Das ist keine vCard.\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no vCard"):
        read_table(path, "contact")


def test_a_damaged_line_names_line_and_card(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nkein doppelpunkt\nEND:VCARD\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"card 1 \(Anna, line 1\) left out: line 4 is not a vCard property"):
        read_table(path, "contact")


def test_a_windows_1252_file_without_quoted_printable(tmp_path: Path) -> None:
    path = tmp_path / "cp.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Jörg;;;\r\nFN:Jörg Weiß\r\nEND:VCARD\r\n".encode("cp1252"))
    raw = read_raw(path)
    assert raw.encoding == "cp1252"
    assert raw.cells.loc[1, "last_name"] == "Weiß"
