"""The mapping rules: header row, aliases, explicit mapping, defaults, extra columns, the frame contract."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.unit.io.io_builders import assert_canonical_frame, cells
from workbench.errors import ConfigError, InputError
from workbench.io import RawTable, map_columns
from workbench.io.mapping import find_header_row
from workbench.schema import CONTACT, CUSTOMER


def raw(rows: list[list[str | None]], source: str = "kunden.csv", sheet: str | None = None) -> RawTable:
    width = max(len(row) for row in rows)
    frame = pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object,
                         index=pd.Index(range(1, len(rows) + 1), name="row"), columns=range(1, width + 1))
    return RawTable(frame, source, sheet=sheet)


def test_on_a_tie_the_upper_row_is_the_header() -> None:
    table = map_columns(raw([["Export", "Kunden"], ["Kd.-Nr.", "Ort"], ["Kundennummer", "Firma"], ["1", "A"]]))
    assert table.header_row == 2
    assert table.frame.loc[3].tolist() == ["Kundennummer", "Firma"]


def test_find_header_row_prefers_the_row_with_more_aliases() -> None:
    cells_ = pd.DataFrame([["Kd.-Nr.", "Ort", "Notiz"], ["Kundennummer", "Firma", "PLZ"]], index=[5, 6])
    assert find_header_row(cells_, CUSTOMER) == 6


def test_a_single_alias_is_not_a_header_unless_the_table_has_one_column() -> None:
    with pytest.raises(InputError, match="no header row"):
        map_columns(raw([["Status", "Zeichen"], ["aktiv", "x"]]))
    table = map_columns(raw([["E-Mail"], ["a@example.de"]]))
    assert cells(table) == [{"row": 2, "email": "a@example.de"}]


def test_aliases_in_three_languages() -> None:
    table = map_columns(raw([["Kundenummer", "Virksomhed", "Fornavn", "Efternavn", "Tlf.", "Postnr.", "By",
                              "CVR-nr.", "Ændret"], ["1", "A/S", "Søren", "Ærø", "12", "8000", "Århus", "DK1",
                                                   "2024-01-01"]]))
    assert list(table.frame.columns) == ["customer_no", "company", "first_name", "last_name", "phone", "postcode",
                                         "city", "vat_id", "updated_at"]


def test_explicit_mapping_overrides_aliases_and_can_keep_a_column() -> None:
    table = map_columns(raw([["Nr", "Name", "Firma", "Firmenname"], ["1", "Weiß", "alt", "Neu GmbH"]]),
                        mapping={"Nr": "customer_no", "Firmenname": "company", "Name": None})
    assert table.columns == {"customer_no": "Nr", "company": "Firmenname"}
    assert table.unmapped == ["Name", "Firma"]
    assert cells(table) == [{"row": 2, "customer_no": "1", "company": "Neu GmbH", "Name": "Weiß", "Firma": "alt"}]


def test_explicit_mapping_matches_headers_loosely() -> None:
    table = map_columns(raw([["Kd Nr", "PLZ"], ["1", "01067"]]), mapping={"kd-nr": "customer_no"})
    assert table.columns["customer_no"] == "Kd Nr"


def test_mapping_to_an_unknown_field_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'kundennr', which is not a field of the kind 'customer'") as caught:
        map_columns(raw([["Nr", "PLZ"], ["1", "2"]]), mapping={"Nr": "kundennr"})
    assert "customer_no" in caught.value.hint


def test_mapping_a_header_the_file_lacks_is_an_input_error() -> None:
    with pytest.raises(InputError, match="names the header 'Debitor', which is not in the source") as caught:
        map_columns(raw([["Kundennummer", "PLZ"], ["1", "2"]]), mapping={"Debitor": "customer_no"}, header_row=1)
    assert "'Kundennummer', 'PLZ'" in caught.value.hint


def test_mapping_one_field_twice_is_an_input_error() -> None:
    with pytest.raises(InputError, match="sends both 'A' and 'B' to the field phone"):
        map_columns(raw([["Kundennummer", "A", "B"], ["1", "2", "3"]]), mapping={"A": "phone", "B": "phone"})


def test_two_aliases_of_one_field_name_both_columns_and_the_field() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(raw([["Kundennummer", "Firma", "Firmenname"], ["1", "a", "b"]]))
    assert caught.value.message == "the columns 'Firma' and 'Firmenname' both mean the field company"
    assert "mapping={'Firmenname': None}" in caught.value.hint


def test_repeated_headers_are_numbered_and_the_numbered_name_can_be_mapped() -> None:
    rows = [["Kundennummer", "E-Mail", "E-Mail"], ["1", "a@x.de", "b@x.de"]]
    with pytest.raises(InputError, match="'E-Mail' and 'E-Mail \\(2\\)' both mean the field email"):
        map_columns(raw(rows))
    table = map_columns(raw(rows), mapping={"E-Mail (2)": None})
    assert cells(table) == [{"row": 2, "customer_no": "1", "email": "a@x.de", "E-Mail (2)": "b@x.de"}]


def test_unknown_columns_are_kept_under_their_header_and_duplicates_numbered() -> None:
    table = map_columns(raw([["Notiz", "Kundennummer", "Notiz", "PLZ", "Notiz (2)"], ["a", "1", "b", "2", "c"]]))
    assert list(table.frame.columns) == ["customer_no", "postcode", "Notiz", "Notiz (2)", "Notiz (2) (2)"]
    assert table.unmapped == ["Notiz", "Notiz (2)", "Notiz (2) (2)"]


def test_empty_columns_without_header_are_dropped_filled_ones_named() -> None:
    table = map_columns(raw([["Kundennummer", None, "PLZ", None], ["1", None, "2", "x"]]))
    assert list(table.frame.columns) == ["customer_no", "postcode", "column 4"]
    sheet = map_columns(raw([["Kundennummer", None, "PLZ", None], ["1", None, "2", "x"]], sheet="S"))
    assert list(sheet.frame.columns) == ["customer_no", "postcode", "column D"]


def test_a_header_over_an_empty_column_is_kept() -> None:
    table = map_columns(raw([["Kundennummer", "Land"], ["1", None]]))
    assert cells(table) == [{"row": 2, "customer_no": "1", "country": None}]


def test_header_row_override() -> None:
    rows = [["Kundennummer", "PLZ"], ["Kd.-Nr.", "Ort"], ["1", "Köln"]]
    assert map_columns(raw(rows)).header_row == 1
    table = map_columns(raw(rows), header_row=2)
    assert cells(table) == [{"row": 3, "customer_no": "1", "city": "Köln"}]
    with pytest.raises(InputError, match=r"header_row=9 is not a row of the source .it has rows 1 to 3"):
        map_columns(raw(rows), header_row=9)


def test_defaults_fill_empty_cells_add_missing_fields_and_are_counted() -> None:
    table = map_columns(raw([["Kundennummer", "Land"], ["1", None], ["2", "AT"], ["3", None]]),
                        defaults={"country": "DE", "status": "aktiv"})
    assert table.frame["country"].tolist() == ["DE", "AT", "DE"]
    assert table.frame["status"].tolist() == ["aktiv"] * 3
    assert table.defaults == {"country": 2, "status": 3}
    assert list(table.frame.columns) == ["customer_no", "country", "status"]
    assert_canonical_frame(table)


def test_defaults_for_unknown_fields_or_empty_values_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="'land'"):
        map_columns(raw([["Kundennummer"], ["1"]]), defaults={"land": "DE"})
    with pytest.raises(ConfigError, match="must be non-empty text"):
        map_columns(raw([["Kundennummer"], ["1"]]), defaults={"country": " "})


def test_empty_rows_are_dropped_and_row_numbers_kept() -> None:
    table = map_columns(raw([["Kundennummer", "PLZ"], [None, None], ["1", "2"], [None, None]]))
    assert list(table.frame.index) == [3]
    assert table.notes == ["skipped 2 empty rows"]


def test_canonical_fields_first_in_kind_order_then_extras_in_source_order() -> None:
    table = map_columns(raw([["Zusatz", "Ort", "Partnernummer", "Kundennummer", "Bemerkung"],
                             ["z", "Köln", "P1", "1", "b"]]), CONTACT)
    assert list(table.frame.columns) == ["customer_no", "city", "partner_no", "Zusatz", "Bemerkung"]
    assert table.missing_fields[:3] == ["company", "first_name", "last_name"]
    assert_canonical_frame(table)


def test_a_missing_required_field_is_noted() -> None:
    table = map_columns(raw([["Name", "PLZ"], ["Weiß", "1"]]))
    assert "no column for the required field customer_no" in table.notes


def test_named_columns_skip_header_detection() -> None:
    frame = pd.DataFrame({"customer_no": ["1"], "Firmenname": ["A"], "extra": [None]},
                         index=pd.Index([1], name="row"), dtype=object)
    table = map_columns(RawTable(frame, "sqlite:///crm.db"))
    assert cells(table) == [{"row": 1, "customer_no": "1", "company": "A", "extra": None}]
    with pytest.raises(ConfigError, match="header_row= applies to spreadsheets"):
        map_columns(RawTable(frame, "sqlite:///crm.db"), header_row=1)
    with pytest.raises(InputError, match="none of its columns is named like a field"):
        map_columns(RawTable(frame[["extra"]], "sqlite:///crm.db"))


def test_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown record kind 'lieferant'"):
        map_columns(raw([["Kundennummer"], ["1"]]), "lieferant")
