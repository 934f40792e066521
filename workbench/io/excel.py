"""Excel workbooks (.xlsx, .xlsm): read cells as text, write the workbench format.

Reading takes three steps. :func:`~workbench.io.ooxml.check_workbook_package` refuses
files that are not a complete, harmless xlsx. openpyxl (with defusedxml in effect)
reads the workbook structure: sheet names, which sheets are hidden, where each sheet's
XML is, and from that XML the hidden columns (only the ``<cols>`` element before
``<sheetData>`` is parsed). python-calamine reads the cell values, about five times
faster than openpyxl; both give formula cells as their last calculated value.

Every cell comes out as text: numbers without a spurious ``.0`` ("10001"), dates as
ISO text ("2024-03-05"), booleans as TRUE/FALSE, empty cells as None. Text cells keep
their leading zeros ("01067"). Hidden columns and columns without any value are
skipped; title rows stay in the raw table for :mod:`workbench.io.mapping` to skip.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from defusedxml.ElementTree import iterparse
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from workbench.atomic import atomic_path
from workbench.errors import InputError
from workbench.io.base import RawTable
from workbench.io.cells import (
    FORMULA_TRIGGERS,
    blocks_of,
    check_cell_sizes,
    columns_from_blocks,
    frame_from_columns,
    writable_columns,
)
from workbench.io.limits import DEFAULT_LIMITS, ReadLimits
from workbench.io.mapping import detect_source_kind, find_header_row
from workbench.io.ooxml import check_workbook_package
from workbench.io.sources import existing_file
from workbench.schema import AUTO, RecordKind, get_kind

EXCEL_MAX_CELL_CHARS = 32_767
"""Excel refuses longer text in a cell; the writer reports such cells instead of cutting them."""

_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PROBE_ROWS = 30


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet as the workbook lists it."""

    name: str
    visible: bool
    part: str
    """path of the sheet's XML inside the package"""


class ExcelConnector:
    """Reads and writes .xlsx/.xlsm files.

    Read options: ``sheet`` (name; default: the first visible sheet with a header of
    ``kind``, or of any kind for ``"auto"``), ``kind``, ``limits`` (:class:`ReadLimits`). Write options: ``sheet``
    (default "records").
    """

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """Read one sheet of a workbook as text cells (see the module docstring)."""
        path = existing_file(source)
        limits: ReadLimits = options.get("limits") or DEFAULT_LIMITS
        check_workbook_package(path, limits)
        from openpyxl.utils import get_column_letter  # openpyxl takes a second to import: only when reading

        sheets = workbook_sheets(path)
        kind = options.get("kind")
        kind = get_kind(kind) if kind and kind != AUTO else kind
        try:
            with CalamineWorkbook.from_path(str(path)) as workbook:
                chosen, sheet = _choose_sheet(workbook, sheets, options.get("sheet"), kind, str(source))
                top, left = sheet.start or (0, 0)  # where to_python() starts: the first row/column with a value
                columns, height = columns_from_blocks(blocks_of(sheet.to_python()))
        except CalamineError as error:
            raise _unreadable(source, error) from None
        hidden = hidden_columns(path, chosen.part)
        kept = {
            left + 1 + position: values
            for position, values in enumerate(columns)
            if left + 1 + position not in hidden and pd.notna(values).any()
        }
        cells = frame_from_columns(kept, range(top + 1, top + 1 + height))
        check_cell_sizes(cells, limits.max_cell_chars, str(source), get_column_letter)
        notes = []
        if len(sheets) > 1:
            notes.append(f"read sheet {chosen.name!r}; the workbook has {len(sheets)} sheets: "
                         f"{', '.join(repr(s.name) for s in sheets)}")
        skipped = sorted(hidden)
        if skipped:
            notes.append(f"skipped hidden column{'s' if len(skipped) > 1 else ''} "
                         f"{', '.join(map(get_column_letter, skipped))}")
        return RawTable(cells=cells, source=str(source), sheet=chosen.name, notes=notes)

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Write ``frame`` as one table in the workbench format, atomically.

        Row 1 holds the column names, the data follows from row 2; every value is
        stored as text (nothing becomes a formula, number or link), and text starting
        with ``= + - @``, tab or CR gets Excel's quote prefix, so it displays as text
        while the stored value stays unchanged. Binary values (photos) are written as
        their size only; CSV and vCard files carry them.

        Raises:
            InputError: a cell is longer than Excel allows (32,767 characters).
        """
        import xlsxwriter

        columns = writable_columns(frame, binary="size")
        _check_excel_cell_sizes(columns, str(target))
        with atomic_path(target) as tmp:
            workbook = xlsxwriter.Workbook(
                str(tmp),
                {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                 "constant_memory": True},
            )
            try:
                sheet = workbook.add_worksheet(options.get("sheet") or "records")
                bold = workbook.add_format({"bold": True})
                quoted = workbook.add_format({"quote_prefix": True})
                for number, (header, _) in enumerate(columns):
                    sheet.write_string(0, number, header, bold)
                write = sheet.write_string
                for row, values in enumerate(zip(*(texts for _, texts in columns), strict=True), start=1):
                    for number, value in enumerate(values):
                        if value is not None:
                            write(row, number, value, quoted if value.startswith(FORMULA_TRIGGERS) else None)
                if columns:
                    sheet.freeze_panes(1, 0)
                    sheet.autofilter(0, 0, len(frame), len(columns) - 1)
            finally:
                workbook.close()


def workbook_sheets(path: Path) -> list[SheetInfo]:
    """The worksheets of a workbook in tab order (chart sheets left out), read with openpyxl.

    Raises:
        InputError: when the zip holds no readable workbook.
    """
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(str(path), read_only=True, keep_links=False)
    except Exception as error:
        raise _unreadable(path, error) from None
    try:
        reader.read_manifest()
        reader.read_workbook()
        return [
            SheetInfo(name=sheet.name, visible=(sheet.state or "visible") == "visible", part=rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.Type.endswith("/worksheet")
        ]
    except Exception as error:  # openpyxl raises KeyError, OSError, TypeError… on foreign zips
        raise _unreadable(path, error) from None
    finally:
        reader.archive.close()


def hidden_columns(path: Path, part: str) -> set[int]:
    """1-based numbers of the columns a sheet hides, from its ``<cols>`` element.

    Only the start of the sheet XML is parsed (defusedxml, no DTDs), up to ``<sheetData>``.
    """
    hidden: set[int] = set()
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        for _, element in iterparse(stream, events=("start",), forbid_dtd=True):
            if element.tag == f"{_SHEET_NS}sheetData":
                break
            if element.tag == f"{_SHEET_NS}col" and element.get("hidden") in ("1", "true"):
                first, last = int(element.get("min", "0")), int(element.get("max", "0"))
                hidden.update(range(first, last + 1))
    return hidden


def _choose_sheet(
    workbook: CalamineWorkbook, sheets: list[SheetInfo], wanted: str | None, kind: RecordKind | str | None,
    source: str
) -> tuple[SheetInfo, CalamineSheet]:
    """The sheet to read: the one named, else the first visible one with a header of ``kind`` (any kind: ``auto``)."""
    if wanted is not None:
        matches = [s for s in sheets if s.name == wanted] or [
            s for s in sheets if s.name.casefold() == wanted.casefold()
        ]
        if not matches:
            raise InputError(
                f"the workbook has no sheet {wanted!r}",
                file=source,
                hint=f"Its sheets are: {', '.join(repr(s.name) for s in sheets)}.",
            )
        return matches[0], workbook.get_sheet_by_name(matches[0].name)
    visible = [s for s in sheets if s.visible]
    if not visible:
        raise InputError("the workbook has no visible worksheet", file=source,
                         hint="Unhide a sheet in Excel or name it with sheet=.")
    if kind is not None and len(visible) > 1:
        for info in visible:
            sheet = workbook.get_sheet_by_name(info.name)
            top = sheet.to_python(skip_empty_area=False, nrows=_PROBE_ROWS)
            columns, height = columns_from_blocks([top])
            probe = frame_from_columns(dict(enumerate(columns, start=1)), range(1, height + 1))
            if height and _holds_records(probe, kind, source):
                return info, sheet
    return visible[0], workbook.get_sheet_by_name(visible[0].name)


def _holds_records(probe: pd.DataFrame, kind: RecordKind | str, source: str) -> bool:
    """Whether the top of a sheet has a header of ``kind`` (of any kind for ``auto``)."""
    if isinstance(kind, RecordKind):
        return find_header_row(probe, kind) is not None
    try:
        detect_source_kind(RawTable(probe, source))
    except InputError:
        return False
    return True


def _check_excel_cell_sizes(columns: list[tuple[str, list[str | None]]], target: str) -> None:
    for header, texts in columns:
        lengths = [len(value) if value is not None else 0 for value in texts]
        if lengths and max(lengths) > EXCEL_MAX_CELL_CHARS:
            position = lengths.index(max(lengths))
            raise InputError(
                f"a cell holds {lengths[position]:,} characters; Excel allows at most {EXCEL_MAX_CELL_CHARS:,}",
                file=target,
                row=position + 2,
                column=header,
                hint="Shorten the text, or write a .csv file instead.",
            )


def _unreadable(source: str | Path, error: Exception) -> InputError:
    return InputError(
        f"the workbook cannot be read ({type(error).__name__}: {error})",
        file=str(source),
        hint="Open it in Excel and save it again as .xlsx (Excel Workbook).",
    )
