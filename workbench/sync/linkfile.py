"""The links exchange file ``links.csv``: ``a_<key field>, b_<key field>, sync, synced_at``.

One row per link between a record of system A and one of system B; ``sync`` is
``on`` or ``off`` (also yes/no, true/false, 1/0, ja/nein); ``synced_at`` is empty
or a date and time as sources write them (ISO 8601, ``01.02.2026 13:45``; read
as UTC). The key column names follow the record kind: ``a_<key field>``,
``b_<key field>``. Header case and surrounding spaces do not matter; the
file is read like any CSV or xlsx source (:func:`workbench.io.read_raw`: encoding and
separator detected, title rows above the header allowed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.errors import InputError
from workbench.io import read_raw
from workbench.normalize import updated_at_key
from workbench.schema import RecordKind

SYNC_WORDS = {"on": True, "off": False, "yes": True, "no": False, "true": True, "false": False, "1": True,
              "0": False, "ja": True, "nein": False, "nej": False}


def link_columns(kind: RecordKind) -> tuple[str, str, str, str]:
    """The header of a links file for ``kind``.

    Examples:
        >>> from workbench.schema import CUSTOMER
        >>> link_columns(CUSTOMER)
        ('a_customer_no', 'b_customer_no', 'sync', 'synced_at')
    """
    return f"a_{kind.id_field}", f"b_{kind.id_field}", "sync", "synced_at"


def read_links(path: str | Path, kind: RecordKind) -> pd.DataFrame:
    """Read and check a links file.

    Returns:
        One row per link, indexed by the file's row number (as a spreadsheet shows
        it), with columns ``a_no``, ``b_no``, ``sync`` (bool) and ``synced_at`` (UTC
        Timestamp or None); ``attrs["headers"]`` holds the two key columns' headers as written.

    Raises:
        InputError: The file cannot be read, a column is missing, or a row is bad
            (empty number, unknown sync word, unreadable date, a record listed twice);
            the message names the row and column.
    """
    name = str(path)
    cells = read_raw(path).cells
    wanted = link_columns(kind)
    header_row = next((row for row, values in cells.iterrows()
                       if wanted[0] in [str(v).strip().casefold() for v in values if v is not None]), None)
    if header_row is None:
        raise InputError(f"the links file has no header with {wanted[0]!r}", file=name,
                         hint=f"The header must be: {', '.join(wanted)}.")
    header = {str(v).strip().casefold(): (position, str(v).strip())
              for position, v in cells.loc[header_row].items() if v is not None}
    for column in wanted:
        if column not in header:
            raise InputError(f"the links file has no column {column!r}", file=name, row=int(header_row),
                             hint=f"The header must be: {', '.join(wanted)}.")
    body = cells.loc[cells.index > header_row, [header[c][0] for c in wanted]]
    body.columns = ["a_no", "b_no", "sync", "synced_at"]
    body = body.apply(lambda column: column.str.strip()).replace("", None).astype(object)
    body = body.where(body.notna(), None)[body.notna().any(axis=1)]
    shown = {column: header[w][1] for column, w in zip(body.columns, wanted, strict=True)}

    def refuse(mask: pd.Series, column: str, message: str, hint: str | None = None) -> None:
        if mask.any():
            row = int(body.index[mask.to_numpy()][0])
            raise InputError(message.format(value=body.loc[row, column]), file=name, row=row, column=shown[column],
                             hint=hint)

    for column in ("a_no", "b_no"):
        refuse(body[column].isna(), column, "the record number is empty", "Fill it in or delete the row.")
        refuse(body[column].duplicated(), column, "{value} is linked twice",
               "A record has one partner: keep one of its rows.")
    sync = body["sync"].str.casefold().map(SYNC_WORDS)
    refuse(sync.isna(), "sync", "sync must be on or off, not {value!r}")
    moments = updated_at_key(body["synced_at"])
    refuse(body["synced_at"].notna() & moments.isna(), "synced_at", "{value!r} is not a date and time",
           "Write e.g. 2026-02-01T13:45:00 or leave it empty.")
    frame = pd.DataFrame({"a_no": body["a_no"], "b_no": body["b_no"], "sync": sync.astype(bool),
                          "synced_at": [None if pd.isna(m) else m.tz_localize("UTC") for m in moments]},
                         index=body.index)
    frame.attrs["headers"] = (shown["a_no"], shown["b_no"])
    return frame
