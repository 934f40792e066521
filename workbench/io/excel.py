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
A sheet with formulas that have no calculated value (the file was written by a
program that does not calculate) is refused with the cells named: they would read as
empty.

Writing is the home of every spreadsheet output: text longer than an Excel cell holds
is cut with a marker saying how long it was (CSV, Parquet and the store keep it whole).
"""

from __future__ import annotations

import re
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
"""Excel refuses longer text in a cell; the writer cuts such text with :data:`CUT_MARK`."""
CUT_MARK = "… [cut: {length:,} characters in all; the full text is in the CSV output and the store]"
"""Ends a cell whose text was longer than Excel allows (``length``: the whole text's)."""
_FORMULA = re.compile(rb"<(\w+:)?f[\s>/]")
_NAMED_CELLS = 10

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
        _refuse_uncalculated(path, chosen, str(source))
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
        while the stored value stays unchanged. Text longer than Excel allows is cut
        (:func:`fit_excel_cell`). Binary values (photos) are written as their size only;
        CSV and vCard files carry them.
        """
        import xlsxwriter

        columns = [(fit_excel_cell(header), _fitted(texts)) for header, texts in writable_columns(frame, binary="size")]
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


def fit_excel_cell(text: str) -> str:
    """``text``, or its start and :data:`CUT_MARK` when it is longer than an Excel cell holds.

    Examples:
        >>> fit_excel_cell("Hauptstraße 1")
        'Hauptstraße 1'
        >>> cut = fit_excel_cell("x" * 40_000)
        >>> len(cut), cut[-86:]
        (32767, 'xxx… [cut: 40,000 characters in all; the full text is in the CSV output and the store]')
    """
    if len(text) <= EXCEL_MAX_CELL_CHARS:
        return text
    mark = CUT_MARK.format(length=len(text))
    return text[:EXCEL_MAX_CELL_CHARS - len(mark)] + mark


def _fitted(texts: list[str | None]) -> list[str | None]:
    if max((len(text) for text in texts if text is not None), default=0) <= EXCEL_MAX_CELL_CHARS:
        return texts
    return [fit_excel_cell(text) if text is not None else None for text in texts]


def formulas_without_value(path: Path, part: str) -> list[str]:
    """The cells of a sheet (``B5``, in sheet order) that hold a formula but no calculated value.

    Excel stores the value it calculated beside each formula; a program that does not
    calculate (a script, some exports) writes the formula alone, which every reader
    takes for an empty cell. Only a sheet that holds a formula at all is parsed.
    """
    with zipfile.ZipFile(path) as archive:
        if not _holds_formula(archive, part):
            return []
        cells = []
        with archive.open(part) as stream:
            for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
                if element.tag == f"{_SHEET_NS}c" and element.find(f"{_SHEET_NS}f") is not None:
                    value = element.find(f"{_SHEET_NS}v")
                    # an empty value is a calculated empty text only in a text cell (t="str")
                    if value is None or (not value.text and element.get("t") != "str"):
                        cells.append(element.get("r") or "?")
                elif element.tag == f"{_SHEET_NS}row":
                    element.clear()
        return cells


def _holds_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _refuse_uncalculated(path: Path, sheet: SheetInfo, source: str) -> None:
    cells = formulas_without_value(path, sheet.part)
    if cells:
        named = ", ".join(cells[:_NAMED_CELLS]) + (f" and {len(cells) - _NAMED_CELLS:,} more"
                                                    if len(cells) > _NAMED_CELLS else "")
        raise InputError(f"sheet {sheet.name!r} has {len(cells):,} formula cell{'s' if len(cells) > 1 else ''} "
                         f"without a calculated value ({named}); they would be read as empty", file=source,
                         hint="The program that wrote the file did not calculate its formulas: open it in Excel "
                              "(or LibreOffice Calc), save it there, and read the saved file.")


def _unreadable(source: str | Path, error: Exception) -> InputError:
    return InputError(
        f"the workbook cannot be read ({type(error).__name__}: {error})",
        file=str(source),
        hint="Open it in Excel and save it again as .xlsx (Excel Workbook).",
    )
