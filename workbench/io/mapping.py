"""From raw cells to a mapped table: find the header, map it to fields, apply defaults.

The rules, in the order they apply:

1. **Header row.** Sources whose columns are positions (spreadsheets, CSV) carry the
   header among their rows. The first 30 rows are scanned and the row with the most
   cells that name a field of the kind (an alias such as "Kundennr." or "PLZ", or a
   header named in ``mapping``) is the header; title rows above it are skipped. At
   least two recognised cells are needed (one in a one-column table). ``header_row=``
   names the row instead; a row holding every header named in ``mapping`` is taken
   at once. Sources with named columns (SQL, vCard) skip this step.
2. **Names.** Header cells are trimmed; empty header cells over empty columns are
   dropped, over filled columns they are named after the column ("column E"); repeated
   headers get a counter ("Notiz", "Notiz (2)").
3. **Fields.** Each header is looked up with :meth:`RecordKind.field_for_header`.
   ``mapping={source_header: field}`` overrides this (``None`` keeps the column as an
   extra column); a field claimed by two columns is an error naming both.
4. **Defaults.** ``defaults={field: value}`` fills empty cells of the field, adding the
   column when the source lacks it; the number of filled cells is reported.
5. **Frame.** Canonical fields first in the kind's order, then the other columns under
   their header; rows that are entirely empty are dropped; the index is the source row.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.errors import ConfigError, InputError
from workbench.io.base import ImportedTable, RawTable
from workbench.schema import RECORD_KINDS, RecordKind, detect_kind, get_kind, header_key

HEADER_SCAN_ROWS = 30
"""How many rows from the top are searched for the header."""


def map_columns(
    raw: RawTable,
    kind: str | RecordKind = "customer",
    *,
    mapping: Mapping[str, str | None] | None = None,
    defaults: Mapping[str, str] | None = None,
    header_row: int | None = None,
) -> ImportedTable:
    """Map the raw cells of a source to the canonical fields of ``kind``.

    Args:
        raw: Cells as a connector read them.
        kind: The record kind (name or :class:`RecordKind`).
        mapping: ``{source header: field}``; overrides the header aliases. A field of
            ``None`` keeps that column as an extra column.
        defaults: ``{field: value}`` for empty or missing fields.
        header_row: The row holding the header (as the source shows it), instead of
            searching for it.

    Returns:
        The mapped table; its frame follows the canonical frame contract.

    Raises:
        ConfigError: ``mapping`` or ``defaults`` name a field the kind does not have.
        InputError: no header found, a mapped header is not in the source, or two
            columns claim one field.

    Examples:
        >>> cells = pd.DataFrame([["Kundenliste", None], ["Kd.-Nr.", "PLZ"], ["10001", "01067"]],
        ...                      index=pd.Index([1, 2, 3], name="row"), columns=[1, 2])
        >>> table = map_columns(RawTable(cells, "kunden.csv"), "customer", defaults={"country": "DE"})
        >>> table.header_row, table.columns, table.defaults
        (2, {'customer_no': 'Kd.-Nr.', 'postcode': 'PLZ'}, {'country': 1})
        >>> table.frame
            customer_no postcode country
        row
        3         10001    01067      DE
    """
    kind = get_kind(kind)
    explicit = _checked_mapping(mapping, kind)
    fill = _checked_defaults(defaults, kind)
    cells = raw.cells
    if _has_named_columns(cells):
        if header_row is not None:
            raise ConfigError(
                f"header_row= applies to spreadsheets and CSV files; the columns of {raw.source} are already named"
            )
        found_row, first = raw.header_row, 0
        arrays = [cells.iloc[:, p].to_numpy(dtype=object) for p in range(cells.shape[1])]
        headers = [str(column).strip() for column in cells.columns]
    else:
        found_row = _header_row(raw, kind, explicit, header_row)
        first = cells.index.get_loc(found_row) + 1
        header_cells = cells.iloc[first - 1].tolist()
        arrays, headers = [], []
        for position, (label, header) in enumerate(zip(cells.columns, header_cells, strict=True)):
            values = cells.iloc[first:, position].to_numpy(dtype=object)  # a view, not a copy
            if _text(header) or pd.notna(values).any():
                arrays.append(values)
                headers.append(_text(header) or _unnamed(raw, label))
    index = pd.Index(cells.index[first:], name="row")

    names = _unique(headers)
    targets = _targets(names, headers, kind, explicit, raw)
    if not any(targets.values()) and not explicit:
        raise _no_header(raw, kind, "none of its columns is named like a field of the kind")

    fields = [name for name in kind.field_names if name in targets.values()]
    source_of = {field: name for name, field in targets.items() if field}
    extras = [name for name in names if not targets[name]]
    array_of = dict(zip(names, arrays, strict=True))
    columns = {field: array_of[source_of[field]] for field in fields} | {name: array_of[name] for name in extras}
    frame = pd.DataFrame(columns, index=index, dtype=object)
    filled = frame.notna().to_numpy().any(axis=1)
    if len(frame.columns) and not filled.all():
        frame = frame.loc[filled]

    notes = list(raw.notes)
    empty_rows = len(index) - len(frame)
    if empty_rows:
        notes.append(f"skipped {empty_rows} empty row{'s' if empty_rows != 1 else ''}")
    frame, counts = _apply_defaults(frame, fill, kind)
    missing = [name for name in kind.required_fields if name not in frame.columns]
    if missing and not raw.named_fields:  # vCards never carry the record numbers of a system
        notes.append(f"no column for the required field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return ImportedTable(
        frame=frame,
        kind=kind,
        source=raw.source,
        columns={field: source_of[field] for field in fields},
        unmapped=extras,
        defaults=counts,
        header_row=found_row,
        sheet=raw.sheet,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        notes=notes,
    )


def find_header_row(
    cells: pd.DataFrame, kind: RecordKind, mapping: Mapping[str, str | None] | None = None
) -> int | None:
    """The row (index label) of the header among the first rows, or None if no row qualifies.

    Examples:
        >>> from workbench.schema import CUSTOMER
        >>> cells = pd.DataFrame([["Export 2024", None], ["E-Mail", "Ort"]], index=[1, 2])
        >>> find_header_row(cells, CUSTOMER)
        2
        >>> find_header_row(cells.head(1), CUSTOMER) is None
        True
    """
    wanted = {header_key(header) for header in (mapping or {})}
    needed = 1 if cells.shape[1] == 1 else 2
    best, best_score = None, 0
    top = cells.head(HEADER_SCAN_ROWS)
    for label, values in zip(top.index, top.to_numpy(), strict=True):
        keys = {header_key(text) for text in map(_text, values) if text}
        score = sum(1 for key in keys if key in wanted or kind.field_for_header(key) is not None)
        if wanted and wanted <= keys:
            return int(label)
        if score > best_score:
            best, best_score = label, score
    return int(best) if best is not None and best_score >= needed else None


def detect_source_kind(raw: RawTable, header_row: int | None = None) -> RecordKind:
    """The kind of record a source holds, told by its header (:func:`workbench.schema.detect_kind`).

    The header is the source's column names (databases, vCards) or ``header_row``, else
    the first of the top rows in which a kind's key field has a column.

    Raises:
        InputError: No row names the key field of any kind.

    Examples:
        >>> cells = pd.DataFrame([["Personalstamm", None], ["Pers.-Nr.", "Geburtsdatum"], ["17", "01.02.1980"]],
        ...                      index=pd.Index([1, 2, 3], name="row"), columns=[1, 2])
        >>> detect_source_kind(RawTable(cells, "personal.csv")).name
        'employee'
    """
    if raw.kind is not None:
        return get_kind(raw.kind)
    cells = raw.cells
    if _has_named_columns(cells):
        rows = [list(cells.columns)]
    elif header_row is not None and header_row in cells.index:
        rows = [cells.loc[header_row].tolist()]
    else:
        rows = cells.head(HEADER_SCAN_ROWS).to_numpy().tolist()
    for values in rows:
        found = detect_kind(map(_text, values))
        if found is not None:
            return found
    keys = ", ".join(f"{get_kind(k).id_field} ({get_kind(k).fields[0].aliases[0]})" for k in RECORD_KINDS)
    raise InputError("cannot tell which kind of records this is: no column names a record number", file=raw.source,
                     hint=f"Name the key column like one of {keys}, or give the kind (e.g. kind='employee').")


def _header_row(raw: RawTable, kind: RecordKind, explicit: Mapping[str, str | None], header_row: int | None) -> int:
    cells = raw.cells
    if cells.empty:
        where = f"sheet {raw.sheet!r}" if raw.sheet else "the file"
        raise InputError(f"{where} holds no cells at all", file=raw.source, hint="Check that this is the right file.")
    if header_row is None:
        found = find_header_row(cells, kind, explicit)
        if found is None:
            raise _no_header(raw, kind, f"no header row found in the first {HEADER_SCAN_ROWS} rows")
        return found
    if header_row not in cells.index:
        raise InputError(
            f"header_row={header_row} is not a row of the source (it has rows {cells.index[0]} to {cells.index[-1]})",
            file=raw.source,
            hint="Give the row number of the header as the spreadsheet shows it.",
        )
    return header_row


def _no_header(raw: RawTable, kind: RecordKind, what: str) -> InputError:
    if raw.named_fields:
        return InputError(f"{what}: its records carry no name, e-mail, phone, company or address", file=raw.source,
                          hint="Check that this is the right export, and that its records are filled.")
    examples = ", ".join(f.aliases[0] if f.aliases else f.name for f in kind.fields[:9])
    sheet = f"sheet {raw.sheet!r}: " if raw.sheet else ""
    return InputError(
        f"{sheet}{what}",
        file=raw.source,
        hint=f"Expected {kind.name} headers such as {examples}. If the header is there but named differently, "
        "name its fields: --map '<your header>=<field>' with workbench import or validate, "
        "mapping={'<your header>': '<field>'} "
        "(and header_row=<row number> if needed) in Python.",
    )


def _targets(
    names: Sequence[str], headers: Sequence[str], kind: RecordKind, explicit: Mapping[str, str | None], raw: RawTable
) -> dict[str, str | None]:
    """Source column name -> field (None for extra columns); enforces one column per field."""
    chosen = _resolve_explicit(explicit, names, raw)
    explicit_fields = {field for field in chosen.values() if field is not None}
    targets: dict[str, str | None] = {}
    claimed: dict[str, str] = {}
    for name, header in zip(names, headers, strict=True):
        if name in chosen:
            field = chosen[name]
        else:
            field = (header if header in kind.field_names else None) if raw.named_fields \
                else kind.field_for_header(header)
            if field in explicit_fields:
                field = None  # an explicit mapping beats an alias
        if field is not None and field in claimed:
            raise InputError(
                f"the columns {claimed[field]!r} and {name!r} both mean the field {field}",
                file=raw.source,
                hint=f"Rename one of them in the file, or keep {name!r} as an extra column with an explicit "
                f"mapping: mapping={{{name!r}: None}} in Python, --map '{name}=' with workbench import or validate.",
            )
        if field is not None:
            claimed[field] = name
        targets[name] = field
    return targets


def _resolve_explicit(explicit: Mapping[str, str | None], names: Sequence[str], raw: RawTable) -> dict[str, str | None]:
    """Explicit mapping keyed by the actual column names (exact match, else a unique folded match)."""
    resolved: dict[str, str | None] = {}
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(header_key(name), []).append(name)
    for header, field in explicit.items():
        if header in names:
            name = header
        elif len(by_key.get(header_key(header), [])) == 1:
            name = by_key[header_key(header)][0]
        else:
            raise InputError(
                f"the mapping names the header {header!r}, which is not in the source",
                file=raw.source,
                hint=f"The headers are: {', '.join(map(repr, names))}.",
            )
        resolved[name] = field
    duplicates = {f for f in resolved.values() if f is not None and list(resolved.values()).count(f) > 1}
    if duplicates:
        field = sorted(duplicates)[0]
        both = [name for name, f in resolved.items() if f == field]
        raise InputError(
            f"the mapping sends both {both[0]!r} and {both[1]!r} to the field {field}",
            file=raw.source,
            hint="Map each field from one column only.",
        )
    return resolved


def _checked_mapping(mapping: Mapping[str, str | None] | None, kind: RecordKind) -> dict[str, str | None]:
    checked = dict(mapping or {})
    unknown = sorted(str(f) for f in checked.values() if f is not None and f not in kind.field_names)
    if unknown:
        raise ConfigError(
            f"the mapping names {', '.join(map(repr, unknown))}, which {'is' if len(unknown) == 1 else 'are'} "
            f"not a field of the kind {kind.name!r}",
            hint=f"Use one of: {', '.join(kind.field_names)} (or None to keep a column as it is).",
        )
    return checked


def _checked_defaults(defaults: Mapping[str, str] | None, kind: RecordKind) -> dict[str, str]:
    checked = dict(defaults or {})
    unknown = sorted(str(f) for f in checked if f not in kind.field_names)
    if unknown:
        raise ConfigError(
            f"defaults are given for {', '.join(map(repr, unknown))}, not a field of the kind {kind.name!r}",
            hint=f"Use one of: {', '.join(kind.field_names)}.",
        )
    empty = sorted(f for f, v in checked.items() if not isinstance(v, str) or not v.strip())
    if empty:
        raise ConfigError(f"the default for {', '.join(empty)} must be non-empty text")
    return checked


def _apply_defaults(
    frame: pd.DataFrame, fill: Mapping[str, str], kind: RecordKind
) -> tuple[pd.DataFrame, dict[str, int]]:
    counts: dict[str, int] = {}
    if not fill:
        return frame, counts
    for field, value in fill.items():
        if field in frame.columns:
            values = frame[field].to_numpy(dtype=object, copy=True)
            empty = pd.isna(values)
            values[empty] = value
            frame[field] = values
            counts[field] = int(empty.sum())
        else:
            frame[field] = np.full(len(frame), value, dtype=object)
            counts[field] = len(frame)
    canonical = [name for name in kind.field_names if name in frame.columns]
    return frame[canonical + [c for c in frame.columns if c not in kind.field_names]], counts


def _has_named_columns(cells: pd.DataFrame) -> bool:
    """Columns labelled by position (int) carry their header in a row; others are named."""
    return not all(isinstance(label, int | np.integer) for label in cells.columns)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _unnamed(raw: RawTable, label: Hashable) -> str:
    """A name for a filled column without header: its letter in a spreadsheet, else its number."""
    number = int(label)  # type: ignore[call-overload]
    if raw.sheet is None:
        return f"column {number}"
    from openpyxl.utils import get_column_letter  # only here: importing openpyxl costs 0.2 s

    return f"column {get_column_letter(number)}"


def _unique(headers: Sequence[str]) -> list[str]:
    """Headers made unique with a counter: Notiz, Notiz (2), Notiz (3)."""
    taken: set[str] = set()
    names = []
    for header in headers:
        name, count = header, 1
        while name in taken:
            count += 1
            name = f"{header} ({count})"
        taken.add(name)
        names.append(name)
    return names
