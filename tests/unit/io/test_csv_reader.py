"""Reading CSV: encodings, separators, quoted line breaks, title lines, ragged rows, apostrophes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.unit.io.io_builders import assert_canonical_frame, cells
from workbench.errors import InputError
from workbench.io import read_raw, read_table
from workbench.io.csv import sniff_delimiter

ROWS = [["Kundennummer", "Firma", "Nachname", "PLZ", "Ort"],
        ["0815", "Bäckerei Weiß, Söhne", "Weiß", "01067", "Dresden"],
        ["0816", None, "Ærø", "8000", "Århus"]]


def _write(path: Path, rows: list[list[str | None]], *, encoding: str, delimiter: str) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(
            [[value or "" for value in row] for row in rows])
    return path


@pytest.mark.parametrize(("encoding", "reported"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                    ("cp1252", "cp1252"), ("utf-16", "utf-16")])
def test_each_encoding_is_detected(tmp_path: Path, encoding: str, reported: str) -> None:
    table = read_table(_write(tmp_path / "k.csv", ROWS, encoding=encoding, delimiter=";"))
    assert table.encoding == reported
    assert table.frame["last_name"].tolist() == ["Weiß", "Ærø"]
    assert table.frame["city"].tolist() == ["Dresden", "Århus"]
    assert table.frame.columns[0] == "customer_no"  # the BOM is not part of the first header
    assert_canonical_frame(table)


def test_an_explicit_encoding_overrides_the_detection(tmp_path: Path) -> None:
    path = _write(tmp_path / "k.csv", ROWS, encoding="utf-8", delimiter=";")
    table = read_table(path, encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert table.frame["last_name"].tolist() == ["WeiÃ\x9f", "Ã\x86rÃ¸"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_each_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    table = read_table(_write(tmp_path / "k.csv", ROWS, encoding="utf-8", delimiter=delimiter))
    assert table.delimiter == delimiter
    assert table.frame["company"].tolist() == ["Bäckerei Weiß, Söhne", None]


def test_an_explicit_delimiter_overrides_the_detection(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Kundennummer,Firma;Name,Ort\n1,A;B,C\n", encoding="utf-8")
    assert read_table(path).delimiter == ","
    table = read_table(path, delimiter=";", mapping={"Kundennummer,Firma": "customer_no"})
    assert cells(table) == [{"row": 2, "customer_no": "1,A", "Name,Ort": "B,C"}]


def test_excels_sep_line_chooses_the_separator() -> None:
    assert sniff_delimiter("sep=,\nKundennummer,Name;Zusatz\n1,a;b\n") == ","


def test_quoted_line_breaks_keep_row_numbers_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(b'Kundennummer;Name;Notiz\r\n1;Weiss;"erste Zeile\r\nzweite Zeile"\r\n'
                     b'2;Kunz;"a\nb\nc"\r\n3;Lutz;\r\n')
    table = read_table(path)
    assert cells(table) == [
        {"row": 2, "customer_no": "1", "last_name": "Weiss", "Notiz": "erste Zeile\r\nzweite Zeile"},
        {"row": 3, "customer_no": "2", "last_name": "Kunz", "Notiz": "a\nb\nc"},
        {"row": 4, "customer_no": "3", "last_name": "Lutz", "Notiz": None},
    ]


def test_title_lines_and_blank_lines_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Kundenliste Vertrieb Süd\nStand: 01.03.2024\n\nKundennummer;Name;PLZ\n1;Weiß;01067\n\n"
                    "2;Kunz;80331\n", encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 4
    assert list(table.frame.index) == [5, 7]
    assert "skipped 1 empty row" in table.notes


def test_ragged_rows_are_padded_and_extra_cells_kept(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Kundennummer;Name;PLZ\n1;Weiß\n2;Kunz;80331;übrig\n", encoding="utf-8")
    table = read_table(path)
    assert cells(table) == [
        {"row": 2, "customer_no": "1", "last_name": "Weiß", "postcode": None, "column 4": None},
        {"row": 3, "customer_no": "2", "last_name": "Kunz", "postcode": "80331", "column 4": "übrig"},
    ]


def test_a_protective_apostrophe_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Kundennummer;Telefon;Notiz\n1;'+49 30 1;'=SUMME(A1)\n2;'-5;''@x\n3;O'Brien;'Zitat'\n",
                    encoding="utf-8")
    frame = read_table(path).frame
    assert frame["phone"].tolist() == ["+49 30 1", "-5", "O'Brien"]
    assert frame["Notiz"].tolist() == ["=SUMME(A1)", "'@x", "'Zitat'"]


def test_leading_zeros_and_whitespace_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("Kundennummer;PLZ;Name\n007;01067; Weiß \n", encoding="utf-8")
    assert cells(read_table(path)) == [{"row": 2, "customer_no": "007", "postcode": "01067", "last_name": " Weiß "}]


def test_raw_cells_are_positional_and_one_based(tmp_path: Path) -> None:
    raw = read_raw(_write(tmp_path / "k.csv", ROWS, encoding="cp1252", delimiter=";"))
    assert list(raw.cells.columns) == [1, 2, 3, 4, 5]
    assert list(raw.cells.index) == [1, 2, 3]
    assert raw.cells.loc[3, 2] is None


def test_csv_field_limit_is_restored(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    read_table(_write(tmp_path / "k.csv", ROWS, encoding="utf-8", delimiter=";"))
    assert csv.field_size_limit() == before


def test_more_than_one_block_of_rows(tmp_path: Path) -> None:
    path = tmp_path / "viele.csv"
    lines = ["Kundennummer;Name"] + [f"{n};Name {n}" for n in range(1, 100_002)] + ["100002;Ende;überzählig"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == 100_002
    assert table.frame.loc[100_002, "last_name"] == "Name 100001"
    assert table.frame.loc[100_003, "column 3"] == "überzählig"
    assert table.frame.loc[2, "column 3"] is None


def _customers(count: int) -> list[str]:
    return ["Kundennummer;Name;Ort"] + [f"{n};Name {n};Ort {n}" for n in range(1, count + 1)]


def test_a_stray_quote_that_swallows_rows_is_refused_with_its_line(tmp_path: Path) -> None:
    lines = _customers(1_000)
    lines[12] = '12;"Mül ler;Ort 12'  # opens a quote; the one in line 501 closes it
    lines[501] = '501;Name 501";Ort 501'
    path = tmp_path / "k.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(InputError) as refused:
        read_table(path)

    assert str(refused.value) == (
        f"{path}, row 13: a quote in line 13 opens a cell that runs over 490 lines and swallows what look like "
        "488 further rows. Remove the stray quote, or double it (\"\") where it belongs to the text, or quote the "
        "whole cell; then read the file again.")


def test_a_quote_never_closed_is_refused_with_its_line(tmp_path: Path) -> None:
    lines = _customers(1_000)
    lines[12] = '12;"Mül ler;Ort 12'
    path = tmp_path / "k.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"row 13: a quote in line 13 opens a cell that is never closed"):
        read_table(path)


def test_text_after_a_closing_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("\n".join([*_customers(3), '4;"Name" 4;Ort 4', "5;Name 5;Ort 5"]) + "\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"row 5: a quote in line 5 closes a cell that goes on after it"):
        read_table(path)


def test_quoted_line_breaks_that_hold_separators_but_no_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text('Kundennummer;Name;Ort;Notiz\n1;Weiss;Köln;"Anruf; bitte\nzurückrufen; danke"\n2;Kunz;Bonn;\n',
                    encoding="utf-8")

    table = read_table(path)

    assert table.rows == 2
    assert table.frame["Notiz"].tolist() == ["Anruf; bitte\nzurückrufen; danke", None]


def test_a_quote_inside_an_unquoted_cell_is_text(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("\n".join([*_customers(2), '3;Zoll 12" Rohr;Ort 3']) + "\n", encoding="utf-8")

    assert read_table(path).frame["last_name"].tolist() == ["Name 1", "Name 2", 'Zoll 12" Rohr']
