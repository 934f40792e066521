"""Reading .xlsx: title rows, merged titles, hidden and empty columns, formulas, sheets, value text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

from tests.unit.io.io_builders import CUSTOMER_HEADER, CUSTOMER_ROWS, assert_canonical_frame, write_xlsx
from workbench.errors import InputError
from workbench.io import read_raw, read_table


def test_title_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(customer_xlsx: Path) -> None:
    table = read_table(customer_xlsx)
    assert table.header_row == 3
    assert table.sheet == "Kunden"
    assert list(table.frame.index) == [4, 5]
    assert table.frame.loc[4, "customer_no"] == "10001"
    assert table.frame.loc[5, "company"] is None
    assert table.columns["postcode"] == "PLZ"
    assert_canonical_frame(table)


def test_merged_title_cells_above_the_header(tmp_path: Path) -> None:
    rows = [[], ["Stand: 01.03.2024"], CUSTOMER_HEADER, *CUSTOMER_ROWS]
    path = write_xlsx(tmp_path / "merged.xlsx", {"Export": rows},
                      merged_titles={"Export": "Kundenliste der Vertriebsregion Süd"})
    table = read_table(path)
    assert table.header_row == 3
    assert table.frame["last_name"].tolist() == ["Müller", "Weiß"]


def test_hidden_and_empty_columns_are_skipped(tmp_path: Path) -> None:
    # columns: A empty, B Kundennummer, C hidden "Intern", D empty, E Nachname
    rows = [[None, "Kundennummer", "Intern", None, "Nachname"], [None, "1", "geheim", None, "Weiß"]]
    path = write_xlsx(tmp_path / "hidden.xlsx", {"Kunden": rows}, hidden_columns={"Kunden": [2]})
    raw = read_raw(path)
    assert list(raw.cells.columns) == [2, 5]
    assert "skipped hidden column C" in raw.notes
    table = read_table(path)
    assert list(table.frame.columns) == ["customer_no", "last_name"]
    assert "geheim" not in table.frame.to_numpy()


def test_numbers_dates_and_text_come_out_as_the_text_a_person_typed(tmp_path: Path) -> None:
    rows = [["Kundennummer", "PLZ", "Telefon", "Geändert", "Umsatz", "Aktiv"],
            [10001, "01067", 4930123456, dt.date(2024, 3, 5), 1234.5, None],
            [10002.0, 80331, "+49 30 1", dt.datetime(2024, 3, 5, 10, 30), 0.1 + 0.2, None]]
    path = write_xlsx(tmp_path / "types.xlsx", {"Kunden": rows})
    frame = read_table(path).frame
    assert frame["customer_no"].tolist() == ["10001", "10002"]
    assert frame["postcode"].tolist() == ["01067", "80331"]
    assert frame["phone"].tolist() == ["4930123456", "+49 30 1"]
    assert frame["updated_at"].tolist() == ["2024-03-05", "2024-03-05T10:30:00"]
    assert frame["Umsatz"].tolist() == ["1234.5", "0.3"]
    assert "status" in frame.columns  # header "Aktiv" is an alias of status, column empty
    assert frame["status"].tolist() == [None, None]


def test_formula_cells_read_as_their_calculated_values(tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Kundennummer", "Vorname", "Nachname", "Name komplett"])
    sheet.write_row(1, 0, ["1", "Anna", "Weiß"])
    sheet.write_formula(1, 3, '=B2&" "&C2', None, "Anna Weiß")
    sheet.write_formula(2, 0, "=A2+1", None, 2)
    workbook.close()
    frame = read_table(path).frame
    assert frame.loc[2, "Name komplett"] == "Anna Weiß"
    assert frame.loc[3, "customer_no"] == "2"


def test_sheet_by_name_and_case_insensitive(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", {"Info": [["Kundennummer", "Ort"], ["1", "Köln"]],
                                              "Kunden": [CUSTOMER_HEADER, *CUSTOMER_ROWS]})
    assert read_table(path, sheet="Kunden").rows == 2
    assert read_table(path, sheet="kunden").sheet == "Kunden"
    with pytest.raises(InputError, match="no sheet 'Adressen'") as caught:
        read_table(path, sheet="Adressen")
    assert "'Info', 'Kunden'" in caught.value.hint


def test_without_sheet_the_first_visible_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sheets.xlsx", {
        "Deckblatt": [["Kundenexport"], ["erstellt am 01.03.2024"]],
        "Alt": [CUSTOMER_HEADER, ["99", "Alt GmbH", None, None, None, None, None]],
        "Kunden": [CUSTOMER_HEADER, *CUSTOMER_ROWS],
    }, hidden_sheets=["Alt"])
    table = read_table(path)
    assert table.sheet == "Kunden"
    assert table.frame["customer_no"].tolist() == ["10001", "10002"]


def test_a_workbook_without_a_recognisable_header_names_file_and_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nix.xlsx", {"Tabelle1": [["Farbe", "Größe"], ["rot", "L"]]})
    with pytest.raises(InputError, match="sheet 'Tabelle1': no header row found in the first 30 rows") as caught:
        read_table(path)
    assert caught.value.file == str(path)
    assert "Kundennummer" in caught.value.hint


def test_the_header_is_found_below_up_to_29_title_rows(tmp_path: Path) -> None:
    titles = [[f"Titel {n}"] for n in range(29)]
    path = write_xlsx(tmp_path / "deep.xlsx", {"S": [*titles, CUSTOMER_HEADER, *CUSTOMER_ROWS]})
    assert read_table(path).header_row == 30


def test_an_empty_sheet_is_an_input_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", {"Leer": []})
    with pytest.raises(InputError, match="sheet 'Leer' holds no cells"):
        read_table(path)


def test_data_starting_below_and_right_of_a1_keeps_row_and_column_numbers(tmp_path: Path) -> None:
    rows = [[], [], [None, None, "Kundennummer", "Ort"], [None, None, "1", "Köln"], [], [None, None, "2", None, "x"]]
    path = write_xlsx(tmp_path / "versetzt.xlsx", {"S": rows})
    raw = read_raw(path)
    assert list(raw.cells.columns) == [3, 4, 5]
    assert list(raw.cells.index) == [3, 4, 5, 6]
    table = read_table(path)
    assert table.header_row == 3
    assert table.frame.to_dict("index") == {4: {"customer_no": "1", "city": "Köln", "column E": None},
                                            6: {"customer_no": "2", "city": None, "column E": "x"}}


def test_formulas_without_a_calculated_value_are_refused_with_their_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()  # openpyxl writes formulas without calculating them, as scripts do
    sheet = workbook.active
    sheet.title = "Kunden"
    sheet.append(["Kundennummer", "Firma", "Umsatz"])
    for number in range(1, 14):
        sheet.append([str(number), f"Firma {number}", f"=2*{number}"])
    sheet.append(["14", "Firma 14", 28])
    workbook.save(tmp_path / "skript.xlsx")

    with pytest.raises(InputError) as refused:
        read_table(tmp_path / "skript.xlsx")

    assert str(refused.value) == (
        f"{tmp_path / 'skript.xlsx'}: sheet 'Kunden' has 13 formula cells without a calculated value (C2, C3, C4, C5, "
        "C6, C7, C8, C9, C10, C11 and 3 more); they would be read as empty. The program that wrote the file did "
        "not calculate its formulas: open it in Excel (or LibreOffice Calc), save it there, and read the saved file.")


def test_formulas_with_calculated_values_are_read_as_their_values(tmp_path: Path) -> None:
    path = tmp_path / "excel.xlsx"
    workbook = xlsxwriter.Workbook(str(path))  # stores a calculated value beside each formula, as Excel does
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Kundennummer", "Firma", "Umsatz"])
    sheet.write_row(1, 0, ["1", "Berg GmbH"])
    sheet.write_formula(1, 2, "=2*3", None, 6)
    workbook.close()

    frame = read_table(path).frame

    assert frame[["customer_no", "Umsatz"]].to_dict("records") == [{"customer_no": "1", "Umsatz": "6"}]
