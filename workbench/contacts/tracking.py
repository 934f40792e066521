"""What the store remembers about Outlook: which contacts were exported, when, with which values,
and whether each one is synced with Outlook.

A contact exported to Outlook is a link of the store between the contacts' system (A,
default ``CRM contacts``) and ``Outlook`` (B), both numbered by the contact's number
(the workbench ID the card carries). The link's ``sync`` flag is the per-contact Outlook
sync switch, its snapshot the values last exported, ``synced_at`` the export time; each
export is an entry of the audit log. No table of its own is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from workbench.store import AuditEntry, Store, System, Transaction, current_actor
from workbench.sync.actions import LinkPartners, SetSync

CONTACT_KIND = "contact"
SYNCED_FIELDS = ("first_name", "last_name", "email", "phone", "mobile", "street", "postcode", "city", "country")
"""The contact's own fields carried to Outlook and back (the company belongs to the business partner)."""
UID_KEY = "UID"
"""Snapshot key of Outlook's own UID of a contact imported from Outlook."""
CARD_KEYS = "card keys"
"""Snapshot key of the content keys of a contact imported from a card without UID
(:func:`workbench.contacts.identity.content_keys`): they recognise the card on the next import."""
PARTNER_KEYS = ("partner_no", "company")
"""Snapshot keys of the business partner of a contact imported from Outlook (for the records written again)."""
EXPORT_CONTACTS, IMPORT_CONTACTS = "export contacts", "import contacts"
"""Action names of the contacts' exports and imports in the audit log."""
STATE_COLUMNS = ("contact_no", "link_id", "link_version", "outlook_sync", "exported_at", "snapshot", "pending")
"""Columns of :func:`outlook_state`; ``pending``: imported from Outlook, not yet in the contacts' system."""


@dataclass(frozen=True)
class OutlookSystems:
    """The names of the two systems in the store.

    Args:
        contacts: The system holding the contacts (e.g. the CRM's contact list).
        outlook: The Outlook address book.
    """

    contacts: str = "CRM contacts"
    outlook: str = "Outlook"

    def ensure(self, tx: Transaction) -> tuple[System, System]:
        """Both systems, registered (kind ``contact``) on first use."""
        return tx.systems.ensure(self.contacts, CONTACT_KIND), tx.systems.ensure(self.outlook, CONTACT_KIND)


def outlook_state(store: Store, systems: OutlookSystems | None = None) -> pd.DataFrame:
    """Per contact linked with Outlook: link, version, sync switch, last export and exported values.

    Returns:
        A frame with :data:`STATE_COLUMNS`, indexed by nothing (one row per contact).
    """
    chosen = systems or OutlookSystems()
    with store.reading() as tx:
        contacts, outlook = chosen.ensure(tx)
        links = tx.links.frame(contacts, outlook)
    return pd.DataFrame({
        "contact_no": links["a_no"].astype(object), "link_id": links["link_id"],
        "link_version": links["version"], "outlook_sync": links["sync"], "exported_at": links["synced_at"],
        "snapshot": links["snapshot"], "pending": links["pending_side"].eq("a").astype(bool),
    }, columns=list(STATE_COLUMNS))


def set_outlook_sync(store: Store, contact_no: str, on: bool, *, systems: OutlookSystems | None = None,
                     expected_version: int | None = None, actor: str | None = None,
                     reason: str | None = None) -> AuditEntry:
    """Switch Outlook sync of one contact on or off; off removes it from the next export.

    A contact never exported gets a link with the switch as given, so it stays out of
    exports (off) or is pre-selected for the next one (on). Undo with
    :func:`workbench.sync.undo_entry` and the returned entry's id.
    """
    chosen = systems or OutlookSystems()
    state = outlook_state(store, chosen)
    found = state.loc[state["contact_no"] == contact_no]
    if found.empty:
        action: SetSync | LinkPartners = LinkPartners(system_a=chosen.contacts, a_no=contact_no,
                                                      system_b=chosen.outlook, b_no=contact_no, sync=on,
                                                      actor=actor, reason=reason)
    else:
        action = SetSync(link_id=int(found["link_id"].iloc[0]), on=on, actor=actor, reason=reason,
                         expected_version=expected_version)
    return action.apply(store)


def record_export(tx: Transaction, exported: pd.DataFrame, *, systems: OutlookSystems, target: str,
                  actor: str | None = None) -> AuditEntry:
    """Remember an export in the open transaction: links created or refreshed, and an audit entry.

    Args:
        tx: The transaction the export runs in (the file is written inside it).
        exported: The exported contacts: ``customer_no`` and the :data:`SYNCED_FIELDS` present.
        systems: The two systems.
        target: The written file, for the audit log.
        actor: Who exported (default: the operating-system user).
    """
    who = current_actor(actor)
    contacts, outlook = systems.ensure(tx)
    links = tx.links.frame(contacts, outlook).set_index("a_no")
    moment = pd.Timestamp.now(tz="UTC").to_pydatetime()
    snapshots = _snapshots(exported)
    new = [number for number in snapshots if number not in links.index]
    tx.links.create_many(contacts, outlook, [{"a_no": number, "b_no": number, "sync": True,
                                              "snapshot": snapshots[number], "synced_at": moment}
                                             for number in new], actor=who)
    known = [number for number in snapshots if number in links.index]
    changes = {int(links.at[number, "link_id"]): {
        "snapshot": _keep_identity(snapshots[number], links.at[number, "snapshot"]), "synced_at": moment}
        for number in known}
    if changes:
        tx.links.update_many(changes, expected=dict.fromkeys(changes), actor=who)
    payload = {"file": target, "contacts": list(snapshots), "linked": new, "at": _iso(moment)}
    return tx.audit.append(EXPORT_CONTACTS, payload, actor=who)


def _snapshots(exported: pd.DataFrame) -> dict[str, dict[str, Any]]:
    fields = [name for name in SYNCED_FIELDS if name in exported.columns]
    return {str(number): {name: (None if pd.isna(value) else value) for name, value in zip(fields, values,
                                                                                             strict=True)}
            for number, *values in exported[["customer_no", *fields]].itertuples(index=False)}


def _keep_identity(snapshot: dict[str, Any], before: Any) -> dict[str, Any]:
    """The new snapshot, keeping Outlook's own UID (or the card's content keys) from the one before."""
    kept = {key: before[key] for key in (UID_KEY, CARD_KEYS) if isinstance(before, dict) and before.get(key)}
    return {**snapshot, **kept}


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def outlook_uids(state: pd.DataFrame) -> dict[str, str]:
    """Contact number -> Outlook's own UID, for contacts imported from Outlook (kept in the snapshot)."""
    return {number: snapshot[UID_KEY] for number, snapshot in zip(state["contact_no"], state["snapshot"], strict=True)
            if isinstance(snapshot, dict) and snapshot.get(UID_KEY)}


def outlook_keys(state: pd.DataFrame) -> dict[str, list[str]]:
    """Contact number -> content keys, for contacts imported from Outlook cards without UID."""
    return {number: list(snapshot[CARD_KEYS]) for number, snapshot in
            zip(state["contact_no"], state["snapshot"], strict=True)
            if isinstance(snapshot, dict) and snapshot.get(CARD_KEYS)}


def exported_numbers(state: pd.DataFrame, *, synced_only: bool = True) -> Sequence[str]:
    """Contacts exported before (by default only those whose Outlook sync is on)."""
    chosen = state[state["exported_at"].notna()]
    if synced_only:
        chosen = chosen[chosen["outlook_sync"]]
    return chosen["contact_no"].tolist()


def pair_decisions(store: Store, systems: OutlookSystems | None = None) -> dict[tuple[str, str], str]:
    """Stewards' verdicts on Outlook cards vs contacts: (card number, contact number) -> ``same``/``different``.

    Written by the duplicate review (:class:`workbench.review.DuplicateReview` with
    ``system=systems.outlook, partner_system=systems.contacts``) through ``DecidePair``.
    """
    chosen = systems or OutlookSystems()
    with store.reading() as tx:
        contacts, outlook = chosen.ensure(tx)
        frame = tx.decisions.pair_frame(outlook, contacts)
    outlook_first = outlook.id < contacts.id
    return {((left, right) if outlook_first else (right, left)): outcome
            for left, right, outcome in frame[["left_no", "right_no", "outcome"]].itertuples(index=False)}
