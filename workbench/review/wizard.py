"""Import wizard: a file (path or uploaded bytes) → detected header and proposed mapping → defaults →
validation summary → confirmed :class:`~workbench.io.base.ImportedTable`.

:class:`ImportWizard` reads the source once (:func:`workbench.io.read_raw`), finds the
header row and proposes a field for every column from the header aliases
(:func:`workbench.io.map_columns`); the steward may change the header row, any column's
field and the defaults for missing fields, sees sample values per column, runs the
Great Expectations suite of the kind (:func:`workbench.validation.validate`) and
confirms. The confirmed table leaves out the rows an error blocks, unless asked to keep them.
"""

from __future__ import annotations

import dataclasses
from numbers import Integral
from pathlib import Path

from workbench.atomic import atomic_open
from workbench.errors import ConfigError, InputError
from workbench.io import ImportedTable, RawTable, map_columns, read_raw
from workbench.io.mapping import HEADER_SCAN_ROWS, find_header_row
from workbench.review.cells import cell_text
from workbench.review.observers import Observable
from workbench.schema import RecordKind, get_kind
from workbench.validation import ValidationReport, validate

UPLOADS = Path("uploads")
"""Default folder (relative to the working folder) that keeps uploaded files."""

SAMPLE_VALUES = 3
"""Sample values shown per column."""


class ImportWizard(Observable):
    """The steps of importing one file, as state a view shows and a steward changes.

    Args:
        source: The file (or database URL) to import.
        kind: The record kind.
        sheet: The worksheet (default: the first with a header).
        suite: The validation suite (default: the kind's).

    Raises:
        InputError: The source cannot be read (the message names file and problem).

    Examples:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "kunden.csv"
        >>> _ = path.write_text("Export\\nKd.-Nr.;Name;Bemerkung\\n0815;Weiß;VIP\\n", encoding="utf-8")
        >>> wizard = ImportWizard(path)
        >>> wizard.header_row, wizard.mapping
        (2, {'Kd.-Nr.': 'customer_no', 'Name': 'last_name', 'Bemerkung': None})
        >>> wizard.set_field("Bemerkung", "company"); wizard.set_default("country", "DE")
        >>> wizard.table.frame
            customer_no company last_name country
        row
        3          0815     VIP      Weiß      DE
    """

    def __init__(self, source: str | Path | None = None, kind: str | RecordKind = "customer", *,
                 sheet: str | None = None, suite: str | None = None,
                 upload_folder: str | Path = UPLOADS) -> None:
        super().__init__()
        self.kind = get_kind(kind)
        self.upload_folder = Path(upload_folder)
        """Where uploaded files are kept (default ``uploads/`` in the working folder)."""
        self.suite = suite
        self.source: str | Path | None = None
        """The file being imported (None until one is loaded)."""
        self.raw: RawTable | None = None
        self.header_row: int | None = None
        self.mapping: dict[str, str | None] = {}
        """Source column -> field (None: kept as an extra column); mapped columns first, in the kind's order."""
        self.defaults: dict[str, str] = {}
        """Field -> value filling its empty cells (adding the column when the source lacks it)."""
        self.problem: str | None = "no file chosen yet"
        """Why no mapping could be proposed (no file yet, no header row found, …), else None."""
        self.report: ValidationReport | None = None
        """The validation of the current mapping (None until :meth:`validate`, and after a change)."""
        self.confirmed: ImportedTable | None = None
        self._table: ImportedTable | None = None
        if source is not None:
            self.load(source, sheet=sheet)

    def load(self, source: str | Path, *, sheet: str | None = None) -> None:
        """Read ``source`` (a file or database URL), find its header and propose the mapping.

        Raises:
            InputError: The source cannot be read (the message names file and problem).
        """
        options = {"kind": self.kind} | ({"sheet": sheet} if sheet else {})
        raw = read_raw(source, **options)
        self.source, self.raw, self.defaults = source, raw, {}
        self.header_row = raw.header_row if self.named_columns else find_header_row(raw.cells, self.kind)
        self._propose()

    def upload(self, name: str, content: bytes, *, folder: str | Path | None = None) -> Path:
        """Load uploaded bytes: written (atomically) as ``name`` into ``folder`` (default:
        :attr:`upload_folder`, so the file the import came from is kept), then read like a file of
        that name. Returns the file written."""
        safe_name = Path(name).name
        if not safe_name or safe_name in (".", ".."):
            raise InputError(f"the uploaded file name {name!r} cannot be used", hint="Rename the file and upload it.")
        target = Path(folder or self.upload_folder) / safe_name
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(target, "wb") as handle:
            handle.write(content)
        self.load(target)
        return target

    # -- what the screen shows -------------------------------------------------------------------

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a column may be mapped to."""
        return self.kind.field_names

    @property
    def missing_fields(self) -> list[str]:
        """Fields of the kind no column is mapped to (candidates for a default)."""
        mapped = set(self.mapping.values())
        return [name for name in self.kind.field_names if name not in mapped]

    @property
    def missing_required(self) -> list[str]:
        """Required fields with neither a column nor a default."""
        return [name for name in self.kind.required_fields if name in self.missing_fields
                and name not in self.defaults]

    @property
    def samples(self) -> dict[str, list[str]]:
        """Up to :data:`SAMPLE_VALUES` non-empty values per source column."""
        frame = self.table.frame
        where = {column: field or column for column, field in self.mapping.items()}
        return {column: list(map(cell_text, frame[name].dropna().head(SAMPLE_VALUES)))
                if name in frame.columns else [] for column, name in where.items()}

    @property
    def table(self) -> ImportedTable:
        """The source mapped with the current header row, mapping and defaults.

        Raises:
            InputError: The mapping does not fit the source (the message says why).
        """
        if self.problem is not None or self.raw is None:
            raise InputError(self.problem or "no file chosen yet")
        if self._table is None:
            self._table = map_columns(self.raw, self.kind, mapping=self.mapping, defaults=self.defaults,
                                      header_row=None if self.named_columns else self.header_row)
        return self._table

    # -- changing ----------------------------------------------------------------------------------

    def set_header_row(self, row: int) -> None:
        """Take ``row`` (as the source shows it) as the header; the mapping is proposed again."""
        if self.raw is None:
            raise ConfigError("choose a file first")
        if self.named_columns:
            raise ConfigError(f"the columns of {self.raw.source} are named already: there is no header row to choose")
        if row not in self.raw.cells.index:
            cells = self.raw.cells.index
            raise InputError(f"row {row} is not in the source (rows {cells[0]} to {cells[-1]})",
                             file=self.raw.source, hint="Give the header's row number as the spreadsheet shows it.")
        self.header_row = int(row)
        self._propose()
        self.changed()

    def set_field(self, column: str, field: str | None) -> None:
        """Map ``column`` to ``field`` (None: keep it as an extra column). A column that had the field loses it."""
        if column not in self.mapping:
            raise ConfigError(f"the source has no column {column!r}", hint=f"One of {', '.join(self.mapping)}.")
        if field is not None and field not in self.kind.field_names:
            raise ConfigError(f"{field!r} is not a field of {self.kind.name} records",
                              hint=f"One of {', '.join(self.kind.field_names)}.")
        for other, chosen in self.mapping.items():
            if field is not None and chosen == field:
                self.mapping[other] = None
        self.mapping[column] = field
        self._invalidate()

    def set_default(self, field: str, value: str | None) -> None:
        """Fill the empty cells of ``field`` with ``value`` (empty or None: no default)."""
        if field not in self.kind.field_names:
            raise ConfigError(f"{field!r} is not a field of {self.kind.name} records")
        text = (value or "").strip()
        if text:
            self.defaults[field] = text
        else:
            self.defaults.pop(field, None)
        self._invalidate()

    def validate(self) -> ValidationReport:
        """Validate the mapped table with the suite (the summary to show before confirming)."""
        self.report = validate(self.table, self.suite)
        self.changed()
        return self.report

    def confirm(self, *, keep_rows_with_errors: bool = False) -> ImportedTable:
        """The imported table: validated first when needed; rows an error blocks are left out (and
        counted in its notes) unless ``keep_rows_with_errors``."""
        report = self.report or self.validate()
        table = self.table
        if not keep_rows_with_errors and len(report.rows_with_errors):
            kept = report.accepted(table)
            left_out = len(table.frame) - len(kept)
            table = dataclasses.replace(table, frame=kept,
                                        notes=[*table.notes, f"left out {left_out} rows with errors"])
        self.confirmed = table
        self.changed()
        return table

    # -- inside ------------------------------------------------------------------------------------

    @property
    def named_columns(self) -> bool:
        """Columns labelled by position carry their header in a row (spreadsheets, CSV); SQL and vCard name them."""
        return self.raw is not None and not all(isinstance(label, Integral) for label in self.raw.cells.columns)

    def _propose(self) -> None:
        self.mapping, self.problem = {}, None
        try:
            if self.header_row is None and not self.named_columns:
                raise InputError(f"no header row found in the first {HEADER_SCAN_ROWS} rows", file=self.raw.source,
                                 hint="Choose the row that holds the header.")
            proposed = map_columns(self.raw, self.kind, header_row=None if self.named_columns else self.header_row)
        except InputError as problem:
            self.problem = str(problem)
        else:
            self.mapping = {header: field for field, header in proposed.columns.items()}
            self.mapping.update(dict.fromkeys(proposed.unmapped))
        self._invalidate()

    def _invalidate(self) -> None:
        self._table, self.report, self.confirmed = None, None, None
        self.changed()

