"""Both directions without a steward: the same steps a notebook shows, decided by policy."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from workbench.contacts.export import ExportReport, export_contacts
from workbench.contacts.importing import ContactImport, ImportPolicy, ImportReport, prepare_import
from workbench.contacts.selection import assignment_table, search_contacts, with_partner_details
from workbench.contacts.tracking import OutlookSystems, outlook_state
from workbench.io import ImportedTable
from workbench.store import Store


def _frame(table: ImportedTable | pd.DataFrame) -> pd.DataFrame:
    return table.frame if isinstance(table, ImportedTable) else table


def export_selection(contacts: ImportedTable | pd.DataFrame, partners: ImportedTable | pd.DataFrame, store: Store,
                     *, search: str | None = None, numbers: Iterable[str] | None = None,
                     systems: OutlookSystems | None = None) -> pd.DataFrame:
    """The assignment table a batch export uses: the contacts exported before (sync on), plus
    the contacts named, or else those the search finds (no search: every contact)."""
    details = with_partner_details(_frame(contacts), _frame(partners))
    table = assignment_table(details, outlook_state(store, systems))
    if numbers is not None:
        extra = table["customer_no"].isin(list(numbers))
    else:
        extra = table.index.isin(search_contacts(details, search).index)
    table["selected"] = (table["selected"] | extra) & table["outlook_sync"].ne("off")
    return table


def export_outlook(contacts: ImportedTable | pd.DataFrame, partners: ImportedTable | pd.DataFrame, store: Store,
                   target: str | Path, *, search: str | None = None, numbers: Iterable[str] | None = None,
                   systems: OutlookSystems | None = None, actor: str | None = None) -> ExportReport:
    """Export the :func:`export_selection` to a vCard file and remember it in the store."""
    table = export_selection(contacts, partners, store, search=search, numbers=numbers, systems=systems)
    details = with_partner_details(_frame(contacts), _frame(partners))
    return export_contacts(details, table, target, store, systems=systems, actor=actor)


def import_outlook(cards: ImportedTable | pd.DataFrame, contacts: ImportedTable | pd.DataFrame,
                   partners: ImportedTable | pd.DataFrame, store: Store, target: str | Path, *,
                   policy: ImportPolicy | None = None, systems: OutlookSystems | None = None,
                   actor: str | None = None) -> tuple[ContactImport, ImportReport]:
    """Prepare the import, let the policy select, import; returns the session and its report."""
    chosen = policy or ImportPolicy()
    session = prepare_import(cards, _frame(contacts), _frame(partners), store, systems=systems)
    session.apply_policy(chosen)
    return session, session.run(store, target, policy=chosen, actor=actor)
