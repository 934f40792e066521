"""The ERP export: a ``;``-separated cp1252 CSV with a title line, and the same rows in SQLite.

The CSV is what a Danish ERP's report writer produces: Danish headers, a title line
above them, Windows line ends, quotes only where needed (a remark spanning two lines).
The SQLite table ``customers`` holds the same records in the same order, empty cells
as NULL and the change time as ISO text, for demos of SQL sources and targets.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime
from pathlib import Path

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.layouts import ERP, ERP_SQLITE_TABLE, EXPORT_DATE, EXTRA
from workbench.synthetic.samples.world import SampleWorld

TITLE = f"Kundeliste ERP - udtræk pr. {EXPORT_DATE}"


def _cell(record: Record, header: str, field: str | None) -> str | None:
    value = record["_extra"].get(header) if field == EXTRA else record[field]
    if field == "updated_at" and value:
        return datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
    return value


def erp_csv(world: SampleWorld) -> bytes:
    """The bytes of ``erp_customers.csv`` (cp1252)."""
    text = io.StringIO(newline="")
    text.write(TITLE + "\r\n")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _ in ERP.columns])
    for record in world.erp:
        writer.writerow(["" if (v := _cell(record, h, f)) is None else v for h, f in ERP.columns])
    return text.getvalue().encode("cp1252")


def write_erp_sqlite(world: SampleWorld, path: Path) -> None:
    """Write the ERP records into a new SQLite file at ``path`` (table :data:`ERP_SQLITE_TABLE`)."""
    columns = ", ".join(f'"{header}" TEXT' for header, _ in ERP.columns)
    marks = ", ".join("?" for _ in ERP.columns)
    rows = []
    for record in world.erp:
        row = []
        for header, field in ERP.columns:
            value = record["_extra"].get(header) if field == EXTRA else record[field]
            row.append(value.replace("T", " ") if field == "updated_at" and value else value)
        rows.append(row)
    connection = sqlite3.connect(path)
    try:
        with connection:
            # The identifiers are the fixed headers of the ERP layout; values go in as parameters.
            connection.execute(f"CREATE TABLE {ERP_SQLITE_TABLE} ({columns})")
            connection.executemany(f"INSERT INTO {ERP_SQLITE_TABLE} VALUES ({marks})", rows)  # noqa: S608
    finally:
        connection.close()
