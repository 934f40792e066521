"""read_table(kind="auto"): the kind told by the column of a kind's key field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.io.io_builders import write_xlsx
from workbench.errors import InputError
from workbench.io import read_table
from workbench.schema import CUSTOMER, EMPLOYEE


def test_an_employee_csv_is_read_as_employees(tmp_path: Path) -> None:
    path = tmp_path / "personal.csv"
    path.write_text("Personalstamm\nPers.-Nr.;Nachname;Geburtsdatum;Eintritt\n17;Weiß;01.02.1980;01.04.2010\n",
                    encoding="cp1252")
    table = read_table(path, "auto")
    assert table.kind is EMPLOYEE
    assert table.header_row == 2
    assert table.frame.loc[3].to_dict() == {"employee_no": "17", "last_name": "Weiß", "birth_date": "01.02.1980",
                                            "hire_date": "01.04.2010"}


def test_in_a_workbook_the_first_sheet_with_records_of_any_kind_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {
        "Hinweise": [["Export aus der Lohnabrechnung"], ["Bitte nicht ändern"]],
        "Kunden": [["Kundenliste"], ["Kundennummer", "Firma", "PLZ"], ["K1", "Berg GmbH", "10115"]],
    })
    table = read_table(path, "auto")
    assert (table.kind, table.sheet, table.rows) == (CUSTOMER, "Kunden", 1)


def test_without_a_key_column_the_kind_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "namen.csv"
    path.write_text("Vorname;Nachname\nAnna;Berg\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell which kind") as error:
        read_table(path, "auto")
    assert "kind='employee'" in error.value.hint
    assert read_table(path, "employee").kind is EMPLOYEE
