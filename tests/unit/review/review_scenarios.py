"""Scenarios of the review tests: a small customer base with known pairs, its matching result, an empty
SQLite store (the store itself is tested on PostgreSQL too, in ``tests/unit/store``), and readers of the
store's state. The conftests of ``review`` and ``widgets`` import the fixtures from here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from workbench.linkage import LinkageConfig, MatchResult, find_duplicates
from workbench.store import Store, open_store

COLUMNS = ("customer_no", "first_name", "last_name", "email", "mobile", "street", "postcode", "city")
BASE = [
    ("1", "Anna", "Schmidt", "anna.schmidt@gmx.de", None, "Hauptstr. 5", "10115", "Berlin"),
    ("2", "Anna", "Schmidt", " ANNA.SCHMIDT@GMX.DE", None, "Gartenweg 2", "20095", "Hamburg"),  # sure: email
    ("3", "Hans", "Berg", None, "0171 2223334", None, None, None),
    ("4", "Johannes", "Berg", None, "+49 171 2223334", None, None, None),  # sure: last name and mobile
    ("5", "Paul", "Krause", "info@krause-bau.de", None, None, None, None),
    ("6", "Petra", "Krause", "info@krause-bau.de", None, None, None, None),  # none: role mailbox only
    ("7", "Eva", "Lund", "lund@web.de", None, None, None, None),
    ("8", "Jens", "Lund", "lund@web.de", None, None, None, None),
    ("9", "Lars", "Lund", "lund@web.de", None, None, None, None),
    ("10", "Karl", "Meier", None, "0160 5556667", None, None, None),
    ("11", "Karla", "Meier", None, "0160 5556667", None, None, None),  # possible: vetoed, first names differ
    ("12", "Jürgen", "Müller", None, None, "Hauptstraße 7", "80331", "München"),
    ("13", "Juergen", "Mueller", None, None, "Hauptstrasse 7", "80331", "Muenchen"),  # possible: similar names
    ("14", "Tom", "Weber", "tom@weber.dk", None, None, "8000", "Aarhus"),
]
SURE_PAIRS = {("1", "2"), ("3", "4")}
POSSIBLE_PAIRS = {("12", "13"), ("10", "11")}


def customers(rows: list[tuple] = BASE) -> pd.DataFrame:
    """The rows as a canonical frame (index ``row`` from 2)."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS), index=pd.Index(range(2, 2 + len(rows)), name="row"))
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture(scope="session")
def duplicates() -> MatchResult:
    """The base's duplicates, none pairs kept (2 sure, 2 possible, the rest none)."""
    return find_duplicates(customers(), LinkageConfig(keep_none=True))


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workbench.db'}"


@pytest.fixture
def store(store_path: str) -> Iterator[Store]:
    opened = open_store(store_path)
    try:
        yield opened
    finally:
        opened.close()


def pair_decisions(store: Store, system: str = "CRM") -> dict[tuple[str, str], str]:
    """(left_no, right_no) -> outcome of the store's active pair decisions within ``system``."""
    with store.transaction() as tx:
        found = tx.systems.find(system)
        if found is None:
            return {}
        frame = tx.decisions.pair_frame(found, found)
    return {tuple(sorted((left, right))): outcome for left, right, outcome in
            frame[["left_no", "right_no", "outcome"]].itertuples(index=False)}


def audit_actions(store: Store) -> list[tuple[str, str, str | None]]:
    """(action, actor, reason) of the audit log, oldest first."""
    with store.transaction() as tx:
        frame = tx.audit.frame()
    return list(frame[["action", "actor", "reason"]].itertuples(index=False, name=None))[::-1]


SYSTEM_COLUMNS = ("customer_no", "first_name", "last_name", "email", "phone", "city", "country", "status")


def system(*rows: dict[str, str | None], first_row: int = 2) -> pd.DataFrame:
    """A canonical frame of one system's customers (absent cells None)."""
    frame = pd.DataFrame([{c: row.get(c) for c in SYSTEM_COLUMNS} for row in rows], columns=list(SYSTEM_COLUMNS),
                         dtype=object, index=pd.Index(range(first_row, first_row + len(rows)), name="row"))
    return frame.where(frame.notna(), None)


def customer(no: str, last_name: str, **values: str | None) -> dict[str, str | None]:
    """One active German customer with a personal mailbox."""
    return {"customer_no": no, "first_name": "Eva", "last_name": last_name, "email": f"{last_name.lower()}@web.de",
            "city": "Köln", "country": "DE", "status": "aktiv", **values}


def link(store: Store, a_no: str, b_no: str, *, snapshot: dict[str, str | None] | None = None,
         sync: bool = True) -> int:
    """A link CRM ``a_no`` ↔ ERP ``b_no`` made directly in the store; returns its id."""
    with store.transaction() as tx:
        crm, erp = tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")
        return tx.links.create(crm, a_no, erp, b_no, actor="setup", snapshot=snapshot, sync=sync).id


SYNC_CRM = system(customer("1", "Arndt"), customer("2", "Berg", city="Bonn"), customer("3", "Claus"),
                  customer("4", "Dahl"), customer("5", "Eck", status="inaktiv"), customer("6", "Fink"),
                  customer("7", "Gans"), customer(None, "Holm"))
"""CRM of the sync scenario: every category, a sure partner (Claus), a record without number (row 9)."""
SYNC_ERP = system(customer("E1", "Arndt"), customer("E2", "Berg", city="Berlin"), customer("E3", "Claus"),
                  customer("E6", "Fink"), customer("E8", "Iversen"))


def sync_links(store: Store) -> dict[str, int]:
    """The scenario's links, by the category they give: category -> link id."""
    return {"synchronized": link(store, "1", "E1"), "conflict": link(store, "2", "E2"),
            "disabled": link(store, "6", "E6", sync=False), "deleted": link(store, "7", "E7")}
