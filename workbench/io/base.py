"""What connectors hand over: raw cells, and the mapped table built from them.

A connector reads a source into a :class:`RawTable` (cells as text, rows numbered
as the source shows them); :mod:`workbench.io.mapping` finds the header, maps it
to a :class:`~workbench.schema.RecordKind` and returns an :class:`ImportedTable`.

The canonical frame contract, relied on by validation, linkage and sync:

* the index is named ``row`` and holds the 1-based row number a person sees in
  the source (title rows and header included; the card number in a vCard file,
  the ordinal row in a SQL table);
* canonical fields come first, in the kind's order, under their snake_case names:
  every mapped field plus every field filled from a default — fields the source
  lacks are *absent* (see :func:`ensure_fields`);
* unknown source columns follow under their original header, never dropped;
* every cell is a ``str`` or ``None``: no numbers, no NaN, no empty strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from workbench.schema import RecordKind


@dataclass
class RawTable:
    """Cells as a connector read them, before any header is mapped.

    Args:
        cells: Text cells (``str`` or ``None``). Without ``header`` the columns are
            positions and the header is still among the rows; with ``header`` the
            columns are already named (SQL tables, vCards).
        source: The file path or URL, as shown in messages.
        header_row: The row holding the header, when the connector knows it.
        notes: What a steward should know about the reading (rows left out, repairs).
        named_fields: The connector named the canonical fields itself (vCards): the
            other columns are kept as they are, not mapped by header aliases.
        kind: The kind of records the format holds by nature (vCards: ``contact``),
            used when no kind is asked for.
    """

    cells: pd.DataFrame
    source: str
    header_row: int | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    named_fields: bool = False
    kind: str | None = None


@dataclass
class ImportedTable:
    """A source read, mapped to a record kind, with everything a steward should see."""

    frame: pd.DataFrame
    kind: RecordKind
    source: str
    columns: dict[str, str]
    """canonical field -> the source header it came from"""
    unmapped: list[str]
    """source headers kept as extra columns"""
    defaults: dict[str, int] = field(default_factory=dict)
    """canonical field -> number of cells filled from a default"""
    header_row: int | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Number of data rows."""
        return len(self.frame)

    @property
    def missing_fields(self) -> list[str]:
        """Canonical fields neither mapped nor defaulted."""
        return [name for name in self.kind.field_names if name not in self.frame.columns]


@runtime_checkable
class Connector(Protocol):
    """One kind of source or target (xlsx, csv, vcard, sql, or a third party's)."""

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """Read every cell of ``source``; raise :class:`~workbench.errors.InputError` on bad input."""
        ...

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Write ``frame`` atomically: the target is complete or untouched."""
        ...


def ensure_fields(frame: pd.DataFrame, kind: RecordKind) -> pd.DataFrame:
    """The frame with every canonical field of ``kind`` present (absent ones as None), canonical first."""
    missing = [name for name in kind.field_names if name not in frame.columns]
    if not missing:
        return frame
    out = frame.assign(**dict.fromkeys(missing))
    extras = [c for c in frame.columns if c not in kind.field_names]
    return out[[*kind.field_names, *extras]]
