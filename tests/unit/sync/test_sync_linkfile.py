"""Reading links.csv: the exchange format, and bad rows reported with row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.schema import CONTACT, CUSTOMER
from workbench.sync.linkfile import link_columns, read_links

HEADER = "a_customer_no,b_customer_no,sync,synced_at\n"


def links_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "links.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_links_file_with_title_rows_semicolons_and_blank_lines_is_read(tmp_path) -> None:
    text = "Verknüpfungen CRM/ERP;;;\n\nA_Customer_No ; B_Customer_No;Sync;Synced_At\n1001;D-1;on;01.02.2026 13:45\n" \
           "\n1002;D-2;OFF;\n"
    links = read_links(links_file(tmp_path, text, "cp1252"), CUSTOMER)
    assert links.index.tolist() == [4, 6]
    assert links[["a_no", "b_no", "sync"]].values.tolist() == [["1001", "D-1", True], ["1002", "D-2", False]]
    assert str(links.loc[4, "synced_at"]) == "2026-02-01 13:45:00+00:00"
    assert links.attrs["headers"] == ("A_Customer_No", "B_Customer_No")


@pytest.mark.parametrize(("body", "row", "column", "message"), [
    ("1001,D-1,maybe,\n", 2, "sync", "sync must be on or off, not 'maybe'"),
    ("1001,D-1,,\n", 2, "sync", "sync must be on or off, not None"),
    ("1001,,on,\n", 2, "b_customer_no", "the record number is empty"),
    ("1001,D-1,on,\n1002,D-2,on,\n1001,D-3,on,\n", 4, "a_customer_no", "1001 is linked twice"),
    ("1001,D-1,on,\n1002,D-1,on,\n", 3, "b_customer_no", "D-1 is linked twice"),
    ("1001,D-1,on,yesterday\n", 2, "synced_at", "'yesterday' is not a date and time"),
])
def test_a_bad_row_is_an_input_error_naming_row_and_column(tmp_path, body, row, column, message) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_links(links_file(tmp_path, HEADER + body), CUSTOMER)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert caught.value.file.endswith("links.csv")


def test_a_missing_column_or_header_is_reported(tmp_path) -> None:
    with pytest.raises(InputError, match="no column 'synced_at'"):
        read_links(links_file(tmp_path, "a_customer_no,b_customer_no,sync\n1,2,on\n"), CUSTOMER)
    with pytest.raises(InputError, match="no header with 'a_customer_no'"):
        read_links(links_file(tmp_path, "x,y\n1,2\n"), CUSTOMER)


def test_the_key_columns_follow_the_record_kind() -> None:
    assert link_columns(CONTACT)[:2] == ("a_customer_no", "b_customer_no")
