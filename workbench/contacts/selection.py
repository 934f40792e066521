"""Choosing contacts to export: their company's details, a search, and the assignment table.

The assignment table is what a steward ticks: one row per contact with ``selected``
pre-set for the contacts exported before whose Outlook sync is on; contacts whose sync
is off are never pre-selected (and an export leaves them out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from workbench.errors import InputError
from workbench.normalize import fold_series

ADDRESS_FIELDS = ("street", "postcode", "city", "country")
SEARCHED = ("first_name", "last_name", "company", "city")
TABLE_COLUMNS = ("selected", "customer_no", "first_name", "last_name", "company", "city", "email", "mobile",
                 "outlook_sync", "exported_at")


def with_partner_details(contacts: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Contacts with their business partner's company name and address where they lack their own.

    Examples:
        >>> contacts = pd.DataFrame({"customer_no": ["50001"], "partner_no": ["10"], "last_name": ["Berg"],
        ...                          "city": [None]})
        >>> partners = pd.DataFrame({"customer_no": ["10"], "company": ["Berg GmbH"], "city": ["Kiel"],
        ...                          "postcode": ["24103"]})
        >>> with_partner_details(contacts, partners)[["company", "city", "postcode"]].values.tolist()
        [['Berg GmbH', 'Kiel', '24103']]
    """
    if "partner_no" not in contacts.columns:
        return contacts
    lookup = partners.drop_duplicates("customer_no").set_index("customer_no")
    result = contacts.copy()
    for name in ("company", *ADDRESS_FIELDS):
        if name not in lookup.columns:
            continue
        theirs = contacts["partner_no"].map(lookup[name])
        own = result[name] if name in result.columns else pd.Series(None, index=result.index, dtype=object)
        filled = own.where(own.notna(), theirs).astype(object)
        result[name] = filled.where(filled.notna(), None)
    return result


def search_contacts(contacts: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """The contacts whose name, company or city contains every word of ``text`` (case and umlauts folded).

    Examples:
        >>> contacts = pd.DataFrame({"first_name": ["Jürgen", "Anna"], "last_name": ["Weiß", "Berg"],
        ...                          "company": ["Weiß Logistik", "Berg GmbH"], "city": ["Köln", "Kiel"]})
        >>> search_contacts(contacts, "weiss koeln")["first_name"].tolist()
        ['Jürgen']
        >>> len(search_contacts(contacts, ""))
        2
    """
    words = fold_series(pd.Series((text or "").split(), dtype=object)).dropna().tolist()
    if not words:
        return contacts
    present = [name for name in SEARCHED if name in contacts.columns]
    haystack = pd.Series("", index=contacts.index, dtype=object)
    for name in present:
        haystack = haystack + " " + fold_series(contacts[name].astype(object)).fillna("")
    mask = pd.Series(True, index=contacts.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return contacts[mask]


def assignment_table(contacts: pd.DataFrame, state: pd.DataFrame, search: str | None = None) -> pd.DataFrame:
    """One row per (found) contact to tick for export, with its Outlook state.

    Args:
        contacts: Contacts (canonical frame, e.g. from :func:`with_partner_details`).
        state: :func:`workbench.contacts.tracking.outlook_state`.
        search: Words to search for in name, company and city (None: all contacts).

    Returns:
        :data:`TABLE_COLUMNS`; ``outlook_sync`` is ``on``, ``off`` or None (never
        exported), ``selected`` is True where exported before and sync is on.
    """
    found = search_contacts(contacts, search)
    by_number = state.set_index("contact_no") if not state.empty else None
    numbers = found["customer_no"]
    sync = numbers.map(by_number["outlook_sync"]) if by_number is not None else pd.Series(None, index=found.index)
    exported = numbers.map(by_number["exported_at"]) if by_number is not None else pd.Series(None, index=found.index)
    table = pd.DataFrame({name: found[name] if name in found.columns else None for name in TABLE_COLUMNS[1:8]},
                         index=found.index)
    table.insert(0, "selected", (sync.eq(True) & exported.notna()).to_numpy())
    table["outlook_sync"] = sync.map({True: "on", False: "off"}).astype(object).where(sync.notna(), None)
    table["exported_at"] = exported.where(exported.notna(), None)
    return table


class ExportSelection:
    """The export's assignment table as a model a view (or a script) works on.

    Holds the contacts, the Outlook state and the ticks; :meth:`search` narrows what is
    shown (ticks stay), :meth:`select` ticks or unticks, observers registered with
    :meth:`on_change` are called after each change. :meth:`table` is the visible part.

    Examples:
        >>> contacts = pd.DataFrame({"customer_no": ["1", "2"], "last_name": ["Berg", "Holm"], "city": ["Kiel", "Ulm"]})
        >>> state = pd.DataFrame(columns=["contact_no", "link_id", "link_version", "outlook_sync", "exported_at",
        ...                               "snapshot"])
        >>> selection = ExportSelection(contacts, state)
        >>> selection.search("ulm"); selection.select(["2"])
        >>> selection.table()[["customer_no", "selected"]].values.tolist(), selection.selected
        ([['2', True]], ['2'])
    """

    def __init__(self, contacts: pd.DataFrame, state: pd.DataFrame) -> None:
        self.contacts = contacts
        self.state = state
        self.query: str | None = None
        full = assignment_table(contacts, state)
        self._ticked = dict(zip(full["customer_no"], full["selected"].astype(bool), strict=True))
        self._sync = dict(zip(full["customer_no"], full["outlook_sync"], strict=True))
        self._observers: list[Callable[[ExportSelection], None]] = []

    def on_change(self, observer: Callable[[ExportSelection], None]) -> Callable[[], None]:
        """Call ``observer(self)`` after every change; returns a function that stops it."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer)

    def _changed(self) -> None:
        for observer in self._observers:
            observer(self)

    def search(self, text: str | None) -> None:
        """Show only the contacts whose name, company or city contain every word of ``text``."""
        self.query = text or None
        self._changed()

    def select(self, numbers: Iterable[str], selected: bool = True) -> None:
        """Tick (or untick) contacts; a contact whose Outlook sync is off cannot be ticked.

        Raises:
            InputError: an unknown number, or a contact whose sync is off.
        """
        chosen = list(numbers)
        for number in chosen:
            if number not in self._ticked:
                raise InputError(f"there is no contact {number}", hint="Choose a contact from the table.")
            if selected and self._sync.get(number) == "off":
                raise InputError(f"Outlook sync of contact {number} is off, so it is not exported",
                                 hint="Switch its sync on first (workbench contacts sync NUMBER on).")
        self._ticked.update(dict.fromkeys(chosen, selected))
        self._changed()

    @property
    def selected(self) -> list[str]:
        """The ticked contact numbers (also those the search hides)."""
        return [number for number, ticked in self._ticked.items() if ticked]

    def table(self) -> pd.DataFrame:
        """The assignment table of the contacts the search finds, with the current ticks."""
        table = assignment_table(self.contacts, self.state, self.query)
        return table.assign(selected=table["customer_no"].map(self._ticked).fillna(False).astype(bool))
