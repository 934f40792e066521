"""The employee exports: the HR workbook, the field-service CSV and the links file of the earlier sync.

The workbook is byte-stable like the customer one (fixed properties, stored zip entries); the
CSV is what a Danish report writer produces (cp1252, ``;``, CRLF).
"""

from __future__ import annotations

import csv
import io

import xlsxwriter

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.crm_workbook import CREATED, stored_zip
from workbench.synthetic.samples.layouts import EXPORT_DATE, EXTRA, Layout
from workbench.synthetic.samples.staff import FSM, HR, StaffWorld


def hr_workbook(world: StaffWorld) -> bytes:
    """The bytes of ``hr_employees.xlsx``: a title, the export date, the header, one row per employee."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": "Personalstamm", "author": "Lohnabrechnung", "created": CREATED})
    header = book.add_format({"bold": True, "bottom": 1})
    sheet = book.add_worksheet(HR.sheet)
    sheet.write_string(0, 0, "Personalstamm – Export aus der Lohnabrechnung", book.add_format({"bold": True}))
    sheet.write_string(1, 0, f"Stand {EXPORT_DATE}")
    for col, (title, _) in enumerate(HR.columns):
        sheet.write_string(HR.header_row - 1, col, title, header)
    for record in world.hr:
        for col, value in enumerate(_cells(record, HR)):
            if value is not None:
                sheet.write_string(record["_row"] - 1, col, value)
    book.close()
    return stored_zip(buffer.getvalue())


def _cells(record: Record, layout: Layout) -> list[str | None]:
    return [record["_extra"].get(title) if name == EXTRA else record[name] for title, name in layout.columns]


def fsm_csv(world: StaffWorld) -> bytes:
    """The bytes of ``fsm_employees.csv`` (cp1252, ``;``, Windows line ends)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in FSM.columns])
    for record in world.fsm:
        writer.writerow(["" if v is None else v for v in _cells(record, FSM)])
    return text.getvalue().encode("cp1252")


def links_csv(world: StaffWorld) -> bytes:
    """The bytes of ``employee_links.csv`` (``a_employee_no, b_employee_no, sync, synced_at``)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=["a_employee_no", "b_employee_no", "sync", "synced_at"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(world.links, key=lambda r: (r["a_employee_no"], r["b_employee_no"])))
    return text.getvalue().encode("utf-8")
