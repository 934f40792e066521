"""The CRM export as an Excel workbook: a notes sheet, customers under title rows, and contacts.

Written the way a CRM's export wizard does it: a merged title, the export date, an
empty spacer row, a frozen and filtered header, an empty column, a hidden internal
column, numbers as numbers, dates as date cells, and a few cells as formulas with
their cached values. The file is byte-stable: fixed document properties, and the
zip entries stored uncompressed with fixed times (no dependence on the zlib build).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

import xlsxwriter

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.layouts import CRM, CRM_CONTACTS, CRM_HIDDEN_COLUMNS, EXPORT_DATE, EXTRA, Layout
from workbench.synthetic.samples.world import SampleWorld

CREATED = datetime(2026, 11, 1, 6, 30)
NOTES = (
    "Kundenliste aus dem CRM – automatischer Export",
    f"Exportiert am {EXPORT_DATE} um 06:30 Uhr durch den nächtlichen Exportlauf.",
    "Bitte Datensätze nicht in dieser Datei ändern; Änderungen immer im CRM vornehmen.",
    "Das Blatt mit den Ansprechpartnern enthält die Personen der Firmenkunden.",
    "Fragen an die Stammdatenpflege, Durchwahl 214.",
)
NUMERIC_HEADERS = ("Kundennummer", "Firma-Nr.")
"""Columns the CRM exports as numbers."""


def crm_workbook(world: SampleWorld) -> bytes:
    """The bytes of ``crm_customers.xlsx``."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": "Kundenliste CRM", "author": "CRM-Export", "company": "Stammdatenpflege",
                         "created": CREATED})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"}),
        "date": book.add_format({"num_format": "dd.mm.yyyy hh:mm"}),
    }
    notes = book.add_worksheet("Hinweise")
    notes.set_column(0, 0, 90)
    for row, text in enumerate(NOTES):
        notes.write_string(row, 0, text)
    customers = book.add_worksheet("Kunden")
    customers.merge_range(0, 0, 0, len(CRM.columns) - 1, "Kundenliste CRM", styles["title"])
    customers.write_string(1, 0, f"Export vom {EXPORT_DATE}")
    _write_table(customers, CRM, world.crm, styles)
    for index, (header, _) in enumerate(CRM.columns):
        if header in CRM_HIDDEN_COLUMNS:
            customers.set_column(index, index, 20, None, {"hidden": True})
    customers.freeze_panes(CRM.header_row, 0)
    customers.autofilter(CRM.header_row - 1, 0, CRM.first_row - 2 + len(world.crm), len(CRM.columns) - 1)
    contacts = book.add_worksheet("Ansprechpartner")
    _write_table(contacts, CRM_CONTACTS, world.contacts, styles)
    contacts.freeze_panes(1, 0)
    book.close()
    return stored_zip(buffer.getvalue())


def _write_table(sheet: Any, layout: Layout, records: list[Record], styles: dict[str, Any]) -> None:
    header_row = layout.header_row - 1
    for col, (header, _) in enumerate(layout.columns):
        if header:
            sheet.write_string(header_row, col, header, styles["header"])
        sheet.set_column(col, col, 4 if not header else 16)
    for record in records:
        row = record["_row"] - 1
        cells = record.get("_cells", {})
        for col, (header, field) in enumerate(layout.columns):
            if field is None:
                continue
            value = record["_extra"].get(header) if field == EXTRA else record[field]
            if header in cells and cells[header][0] == "formula":
                sheet.write_formula(row, col, cells[header][1], None, value)
            elif value is None:
                continue
            elif field == "updated_at":
                sheet.write_datetime(row, col, datetime.fromisoformat(value), styles["date"])
            elif header in NUMERIC_HEADERS or header in cells:
                sheet.write_number(row, col, int(value))
            else:
                sheet.write_string(row, col, value)


def stored_zip(data: bytes) -> bytes:
    """The same zip with every entry stored uncompressed, fixed times and attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
