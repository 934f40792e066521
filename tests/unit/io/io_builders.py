"""Builders for the files the io tests read, and the canonical-frame contract check (no fixtures)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from workbench.io import ImportedTable

Cell = str | int | float | dt.date | None


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Cell]]], *, hidden_sheets: Sequence[str] = (),
               hidden_columns: dict[str, Sequence[int]] | None = None,
               merged_titles: dict[str, str] | None = None) -> Path:
    """A workbook with one sheet per entry; cells written with their Python type (int/float as numbers)."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        for column in (hidden_columns or {}).get(name, ()):
            sheet.set_column(column, column, None, None, {"hidden": True})
        if merged_titles and name in merged_titles:
            sheet.merge_range(0, 0, 0, 4, merged_titles[name])
        if name in hidden_sheets:
            sheet.hide()
    workbook.close()
    return path


def rewrite_zip(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of a zip with every member passed through ``change(name, data)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


CUSTOMER_HEADER = ["Kundennummer", "Firma", "Vorname", "Nachname", "E-Mail", "PLZ", "Ort"]
CUSTOMER_ROWS = [
    ["10001", "Müller GmbH", "Jürgen", "Müller", "j.mueller@example.de", "01067", "Dresden"],
    ["10002", None, "Anna", "Weiß", "anna.weiss@example.de", "80331", "München"],
]


def assert_canonical_frame(table: ImportedTable, *, binary_columns: Sequence[str] = ()) -> None:
    """The frame contract of workbench.io.base, checked cell by cell."""
    frame = table.frame
    assert frame.index.name == "row"
    assert str(frame.index.dtype) == "int64"
    assert frame.index.is_unique
    assert frame.index.is_monotonic_increasing
    assert (frame.index >= 1).all()
    names = table.kind.field_names
    canonical = [column for column in frame.columns if column in names]
    assert list(frame.columns[: len(canonical)]) == canonical, "canonical fields come first"
    assert canonical == [name for name in names if name in canonical], "in the kind's order"
    for column in frame.columns:
        for value in frame[column]:
            allowed: tuple[type, ...] = (str, bytes) if column in binary_columns else (str,)
            assert value is None or isinstance(value, allowed), (column, value)
            assert value != "", column


def cells(table: ImportedTable) -> list[dict[str, Any]]:
    """The frame as a list of row dicts including the row number, for compact assertions."""
    return [{"row": row, **values} for row, values in table.frame.to_dict("index").items()]
