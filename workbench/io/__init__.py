"""Read customer, contact and employee tables from files and databases; write them back.

``read_table`` is the one call most code needs: it finds the connector for the source
(by suffix or URL scheme, see :mod:`workbench.io.registry`), reads every cell as text,
finds the header and maps it to the fields of a record kind (:mod:`workbench.io.mapping`).
``write_table`` writes a frame in the workbench format (xlsx, csv, vcf or a database
table), atomically. See ``docs/reading.md`` for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import InputError
from workbench.io.base import ImportedTable, RawTable, ensure_fields
from workbench.io.limits import ReadLimits
from workbench.io.mapping import detect_source_kind, map_columns
from workbench.io.registry import connector_for
from workbench.io.sources import shown_source, url_scheme
from workbench.schema import AUTO, RecordKind, get_kind

__all__ = ["ImportedTable", "RawTable", "ReadLimits", "detect_source_kind", "ensure_fields", "map_columns", "read_raw",
           "read_table", "write_table"]


def read_table(
    source: str | Path,
    kind: str | RecordKind | None = None,
    *,
    mapping: Mapping[str, str | None] | None = None,
    defaults: Mapping[str, str] | None = None,
    sheet: str | None = None,
    table: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: ReadLimits | None = None,
) -> ImportedTable:
    """Read a source and map it to the canonical fields of ``kind``.

    Args:
        source: A file (.xlsx, .xlsm, .csv, .tsv, .txt, .vcf, .db, .sqlite) or a
            database URL (``sqlite:///…``, ``postgresql://…``).
        kind: Record kind, e.g. ``"customer"``, ``"contact"`` or ``"employee"``; ``"auto"``
            tells it from the header (:func:`detect_source_kind`: the column of a kind's key field);
            None (default): the kind the format holds by nature (vCards: contact), else customer.
        mapping: ``{source header: field}`` overriding the header aliases (``None``
            keeps a column as an extra column).
        defaults: ``{field: value}`` filling empty cells; adds the field when absent.
        sheet: Worksheet name (default: the first visible sheet with a header).
        table: Database table (default: the only one).
        header_row: Row of the header as the source shows it (default: detected).
        encoding: Text encoding of a CSV file (default: detected).
        delimiter: CSV separator (default: detected).
        limits: Size limits (default :class:`ReadLimits`).

    Returns:
        The mapped table; ``.frame`` follows the canonical frame contract.

    Raises:
        InputError: the source cannot be read or mapped (file, row, column and a hint
            are in the message).
        ConfigError: an option names an unknown kind or field.

    Examples:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "kunden.csv"
        >>> _ = path.write_text("Kundenliste März\\nKd.-Nr.;Name;PLZ\\n0815;Weiß;01067\\n", encoding="cp1252")
        >>> table = read_table(path, defaults={"country": "DE"})
        >>> table.encoding, table.delimiter, table.header_row
        ('cp1252', ';', 2)
        >>> table.frame
            customer_no last_name postcode country
        row
        3          0815      Weiß    01067      DE
    """
    record_kind = None if kind in (AUTO, None) else get_kind(kind)
    options = {"kind": record_kind or AUTO, "sheet": sheet, "table": table, "encoding": encoding,
               "delimiter": delimiter, "limits": limits}
    raw = read_raw(source, **{name: value for name, value in options.items() if value is not None})
    if record_kind is None:
        record_kind = detect_source_kind(raw, header_row) if kind == AUTO else get_kind(raw.kind or "customer")
    return map_columns(raw, record_kind, mapping=mapping, defaults=defaults, header_row=header_row)


def read_raw(source: str | Path, **options: Any) -> RawTable:
    """Read every cell of a source through its connector, without mapping.

    Options are passed to the connector: ``sheet``, ``table``, ``encoding``,
    ``delimiter``, ``limits``, ``kind`` (used to pick a worksheet).
    """
    connector = connector_for(source)
    try:
        raw = connector.read(source, options)
    except OSError as error:
        raise InputError(f"the file cannot be read ({error.strerror or error})", file=shown_source(source),
                         hint="Check that it exists, that you may read it, and that no program locks it.") from None
    return replace(raw, source=shown_source(raw.source))  # as shown in reports: no password, printable


def write_table(frame: pd.DataFrame | ImportedTable, target: str | Path, **options: Any) -> Path | str:
    """Write a frame in the workbench format, atomically: the target is complete or unchanged.

    The format follows the suffix: ``.xlsx`` (one sheet, header row, text cells,
    formula-like text quote-prefixed), ``.csv`` (UTF-8 with BOM, ``;``, formula-like
    text with a leading apostrophe), ``.vcf`` (vCard 3.0), ``.db``/``.sqlite`` or a
    database URL (``table=`` required; replaced in one transaction).

    Returns:
        The written file, or the database URL as given.

    Examples:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "out.csv"
        >>> write_table(pd.DataFrame({"customer_no": ["0815"], "company": ["=Evil"]}), target).name
        'out.csv'
        >>> target.read_bytes()
        b"\\xef\\xbb\\xbfcustomer_no;company\\r\\n0815;'=Evil\\r\\n"
    """
    if isinstance(frame, ImportedTable):
        frame = frame.frame
    connector = connector_for(target)
    try:
        connector.write(frame, target, options)
    except OSError as error:
        raise InputError(f"the file cannot be written ({error.strerror or error})", file=shown_source(target),
                         hint="Check that the folder exists and that you may write there.") from None
    return str(target) if url_scheme(target) is not None else Path(target)
