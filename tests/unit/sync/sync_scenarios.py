"""Small hand-made scenarios for the sync tests: canonical frames and links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from workbench.schema import CUSTOMER

COLUMNS = ["customer_no", "company", "last_name", "email", "phone", "city", "country", "status", "updated_at"]


def customers(*rows: Mapping[str, str | None], first_row: int = 2) -> pd.DataFrame:
    """A canonical customer frame (index ``row`` from ``first_row``; absent cells None).

    Its columns are :data:`COLUMNS` and any other field a row names (``vat_id``, ``postcode``, …).
    """
    columns = [*COLUMNS, *dict.fromkeys(c for row in rows for c in row if c not in COLUMNS)]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns, dtype=object)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
    return frame.where(frame.notna(), None)


def person(no: str | None, last_name: str, **values: str | None) -> dict[str, Any]:
    """One customer with a few defaults (active, Germany)."""
    mailbox = f"{last_name.lower()}@kunde-{(no or 'x').lower()}.de"
    return {"customer_no": no, "last_name": last_name, "email": mailbox,
            "city": "Köln", "country": "DE", "status": "aktiv", **values}


def link(store, a_no: str, b_no: str, *, sync: bool = True, snapshot: Mapping[str, str | None] | None = None,
         system_a: str = "CRM", system_b: str = "ERP") -> int:
    """Create a link directly in the store; returns its id."""
    with store.transaction() as tx:
        a = tx.systems.ensure(system_a, CUSTOMER.name)
        b = tx.systems.ensure(system_b, CUSTOMER.name)
        return tx.links.create(a, a_no, b, b_no, actor="setup", sync=sync, snapshot=snapshot).id


def categories(overview) -> dict[tuple[str, str], str]:
    """(side, record number) -> category."""
    return {(side, no): category for side, no, category in overview.records[["side", "no", "category"]]
            .itertuples(index=False)}
