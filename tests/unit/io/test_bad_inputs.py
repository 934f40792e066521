"""Bad input gives one clear InputError (file, row/column where it applies, what to do), never a traceback."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tests.unit.io.io_builders import CUSTOMER_HEADER, CUSTOMER_ROWS, rewrite_zip, write_xlsx
from workbench.errors import InputError
from workbench.io import ReadLimits, read_table

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "kunden.xlsx", {"Kunden": [CUSTOMER_HEADER, *CUSTOMER_ROWS]})


@pytest.mark.parametrize("name", ["leer.xlsx", "leer.csv", "leer.vcf"])
def test_an_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty") as caught:
        read_table(path)
    assert caught.value.file == str(path)


def test_a_csv_with_only_a_header_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "kopf.csv"
    path.write_text("Kundennummer;Name;PLZ\r\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == 0
    assert list(table.frame.columns) == ["customer_no", "last_name", "postcode"]


def test_no_recognisable_header(tmp_path: Path) -> None:
    path = tmp_path / "farben.csv"
    path.write_text("Farbe;Größe\nrot;L\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header row found") as caught:
        read_table(path)
    assert "Kundennummer" in caught.value.hint
    assert "header_row=" in caught.value.hint


def test_two_columns_mapping_to_one_field_name_both(tmp_path: Path) -> None:
    path = tmp_path / "doppelt.csv"
    path.write_text("Kundennummer;Telefon;Tel.\n1;030 1;030 2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'Telefon' and 'Tel.' both mean the field phone") as caught:
        read_table(path)
    assert "mapping=" in caught.value.hint


def test_an_xlsx_that_is_a_renamed_text_file(tmp_path: Path) -> None:
    path = tmp_path / "kunden.xlsx"
    path.write_text("Kundennummer;Name\n1;Weiß\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an Excel workbook") as caught:
        read_table(path)
    assert ".csv" in caught.value.hint


def test_a_truncated_workbook(tmp_path: Path, workbook: Path) -> None:
    path = tmp_path / "halb.xlsx"
    path.write_bytes(workbook.read_bytes()[: workbook.stat().st_size // 2])
    with pytest.raises(InputError, match="damaged or incomplete") as caught:
        read_table(path)
    assert "copy it again" in caught.value.hint


@pytest.mark.parametrize("name", ["geschuetzt.xlsx", "alt.xlsm"])
def test_a_password_protected_workbook_or_old_xls(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE2 + bytes(504))  # an OLE2 compound file, as Excel writes encrypted workbooks
    with pytest.raises(InputError, match=r"encrypted .password-protected. workbook or an old .xls") as caught:
        read_table(path)
    assert "remove the password" in caught.value.hint
    assert "save it as .xlsx" in caught.value.hint


def test_an_old_xls_file_is_sent_to_excel(tmp_path: Path) -> None:
    path = tmp_path / "alt.xls"
    path.write_bytes(OLE2 + bytes(504))
    with pytest.raises(InputError, match=r"cannot read or write .xls files") as caught:
        read_table(path)
    assert "save it as .xlsx" in caught.value.hint


def test_a_zip_that_holds_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="workbook cannot be read"):
        read_table(path)


def test_entity_declarations_are_refused_without_expanding(tmp_path: Path, workbook: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                         for i in range(1, 10))
              + b"]>")

    def bomb(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        return laughs + data.split(b"?>", 1)[1].replace(b"M\xc3\xbcller GmbH", b"&lol9;")

    path = rewrite_zip(workbook, tmp_path / "lol.xlsx", bomb)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="declares a DTD or XML entities") as caught:
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "xl/sharedStrings.xml" in caught.value.message
    assert peak < 20 * 1024**2


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path, workbook: Path) -> None:
    path = _with_declared_size(workbook, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 0xFFFF0000)
    with pytest.raises(InputError, match="unpacks to more than 2,147,483,648 bytes") as caught:
        read_table(path)
    assert "zip bomb" in caught.value.hint


def test_a_zip_bomb_is_refused_while_unpacking(tmp_path: Path, workbook: Path) -> None:
    def padded(name: str, data: bytes) -> bytes:
        return data.replace(b"<sheetData>", b"<sheetData>" + b" " * 3_000_000) if name.endswith("sheet1.xml") else data

    path = rewrite_zip(workbook, tmp_path / "gross.xlsx", padded)
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="unpacks to more than 1,000,000 bytes"):
        read_table(path, limits=ReadLimits(max_unpacked_bytes=1_000_000))


def test_a_zip_whose_headers_understate_the_size_is_damaged(tmp_path: Path, workbook: Path) -> None:
    path = _with_declared_size(workbook, tmp_path / "luege.xlsx", "xl/worksheets/sheet1.xml", 100)
    with pytest.raises(InputError, match="damaged or incomplete"):
        read_table(path)


def test_a_100_mb_cell_in_a_workbook_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "riesig.xlsx"
    base = write_xlsx(tmp_path / "base.xlsx", {"Kunden": [["Kundennummer", "Notiz"], ["1", "PLATZHALTER"]]})
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename != "xl/sharedStrings.xml":
                new.writestr(info.filename, data)
                continue
            head, tail = data.split(b"PLATZHALTER")
            with new.open(info.filename, "w") as part:
                part.write(head)
                for _ in range(100):
                    part.write(b"x" * 1_000_000)
                part.write(tail)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than the limit of 1,000,000") as caught:
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "max_cell_chars" in caught.value.hint
    assert peak < 40 * 1024**2


def test_a_cell_just_above_a_configured_limit_names_row_and_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lang.xlsx", {"Kunden": [["Kundennummer", "Notiz"], ["1", "kurz"], ["2", "x" * 101]]})
    with pytest.raises(InputError) as caught:
        read_table(path, limits=ReadLimits(max_cell_chars=100))
    assert (caught.value.row, caught.value.column) == (3, "B")


def test_a_100_mb_cell_in_a_csv_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "riesig.csv"
    with open(path, "wb") as handle:
        handle.write(b"Kundennummer;Notiz\r\n1;")
        for _ in range(100):
            handle.write(b"x" * 1_000_000)
        handle.write(b"\r\n")
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than the limit of 1,000,000") as caught:
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.row == 2
    assert peak < 40 * 1024**2


def test_a_quoted_csv_cell_above_the_limit_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    text = "Kundennummer;Notiz\r\n1;kurz\r\n2;\"" + "Zeile; mit Semikolon\n" * 10 + "\"\r\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="more than the limit of 100") as caught:
        read_table(path, limits=ReadLimits(max_cell_chars=100))
    assert caught.value.row == 3


def test_bytes_invalid_in_utf8_and_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"Kundennummer;Name\r\n1;M\xfcller\r\n2;\x81\x8d\r\n")
    with pytest.raises(InputError, match=r"neither UTF-8 nor Windows-1252 \(byte 0x81 in line 3\)") as caught:
        read_table(path)
    assert "encoding=" in caught.value.hint


def test_utf16_without_bom_shows_as_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("Kundennummer;Name\r\n1;Weiß\r\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="NUL bytes") as caught:
        read_table(path)
    assert "utf-16-le" in caught.value.hint
    assert read_table(path, encoding="utf-16-le").frame["last_name"].tolist() == ["Weiß"]


def test_utf8_broken_part_way(tmp_path: Path) -> None:
    path = tmp_path / "gemischt.csv"
    path.write_bytes("Kundennummer;Name\r\n1;Müller\r\n".encode() + b"2;Wei\xdf\r\n")
    with pytest.raises(InputError, match="UTF-8 up to line 3"):
        read_table(path)
    assert read_table(path, encoding="cp1252").frame["last_name"].tolist() == ["MÃ¼ller", "Weiß"]


def test_a_wrong_explicit_encoding_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "cp.csv"
    path.write_bytes(b"Kundennummer;Name\r\n1;Wei\xdf\r\n")
    with pytest.raises(InputError, match=r"not valid utf-8 \(line 2\)"):
        read_table(path, encoding="utf-8")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "fehlt.csv")


def _with_declared_size(source: Path, target: Path, member: str, size: int) -> Path:
    """A copy of a zip whose central directory declares ``size`` bytes unpacked for ``member``."""
    data = bytearray(source.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_length].decode() == member:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))
    return target
