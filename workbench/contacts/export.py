"""Exporting contacts to a vCard file for Outlook, remembered in the store.

Every card carries the contact's workbench ID (``X-WORKBENCH-ID`` and a UID derived
from it, see :mod:`workbench.contacts.identity`) and its photo when the contacts frame
has one (``PHOTO`` bytes and ``PHOTO type``, as :mod:`workbench.io.vcard` reads them).
The file is written atomically inside the store transaction that records the export,
so either both happen or neither does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.contacts.identity import UID, WORKBENCH_ID, contact_uid
from workbench.contacts.tracking import EXPORT_CONTACTS, OutlookSystems, outlook_state, outlook_uids, record_export
from workbench.errors import InputError
from workbench.io import write_table
from workbench.io.vcard import MEDIA_TYPE_SUFFIX
from workbench.store import STEWARD, Store, current_actor
from workbench.team import guarded

CARD_FIELDS = ("first_name", "last_name", "company", "email", "phone", "mobile", "street", "postcode", "city",
               "country")
CARD_EXTRAS = ("TITLE", "NOTE", "PHOTO", f"PHOTO{MEDIA_TYPE_SUFFIX}")
"""vCard properties a contacts frame may carry besides the canonical fields."""
SYNC_OFF = "Outlook sync is off"
UNKNOWN = "not among the contacts"


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and what it left out (with the reason)."""

    file: Path
    exported: list[str]
    skipped: pd.DataFrame
    """``contact_no, reason``"""
    audit_id: int

    def summary(self) -> str:
        """One sentence, e.g. ``12 contacts exported to out.vcf, 1 skipped (Outlook sync is off: 1)``."""
        text = f"{len(self.exported)} contacts exported to {self.file}"
        if self.skipped.empty:
            return text
        reasons = ", ".join(f"{reason}: {count}" for reason, count in self.skipped["reason"].value_counts().items())
        return f"{text}, {len(self.skipped)} skipped ({reasons})"


def cards_frame(contacts: pd.DataFrame, uids: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The contacts as vCard rows: canonical fields, workbench ID, UID and the kept card properties.

    ``uids`` keeps Outlook's own UID of contacts that came from Outlook (number -> UID),
    so Outlook updates its card instead of adding a second one; the others get
    :func:`~workbench.contacts.identity.contact_uid`.

    Examples:
        >>> cards = cards_frame(pd.DataFrame({"customer_no": ["50215"], "last_name": ["Schwarz"],
        ...                                   "Position": ["Einkauf"]}))
        >>> cards.loc[0, ["last_name", "X-WORKBENCH-ID", "UID"]].tolist()
        ['Schwarz', '50215', 'urn:uuid:157da0a6-ccc6-5067-b65c-ba0ae433aa1d']
    """
    numbers = contacts["customer_no"].astype(str)
    cards = pd.DataFrame({name: contacts[name] for name in CARD_FIELDS if name in contacts.columns})
    for name in CARD_EXTRAS:
        if name in contacts.columns:
            cards[name] = contacts[name]
    if "TITLE" not in cards.columns and "Position" in contacts.columns:
        cards["TITLE"] = contacts["Position"]
    cards[WORKBENCH_ID] = numbers
    own = uids or {}
    cards[UID] = [own.get(number) or contact_uid(number) for number in numbers]
    return cards.reset_index(drop=True)


def export_contacts(contacts: pd.DataFrame, selected: Iterable[str] | pd.DataFrame, target: str | Path,
                    store: Store, *, systems: OutlookSystems | None = None,
                    actor: str | None = None) -> ExportReport:
    """Write the selected contacts to a vCard file and remember the export.

    Args:
        contacts: Contacts (canonical frame with ``customer_no``; company and address
            filled from the partner, see :func:`~workbench.contacts.selection.with_partner_details`).
        selected: Contact numbers, or an assignment table (rows with ``selected`` True).
        target: The ``.vcf`` file to write (replaced atomically).
        store: The state store.
        systems: The names of the contacts' system and of Outlook in the store.
        actor: Who exports (default: the operating-system user).

    Returns:
        The report: file, exported numbers, skipped ones with the reason (sync off,
        unknown number) and the audit entry.

    Raises:
        InputError: the target is not a ``.vcf`` file, or nothing is left to export.
    """
    if Path(target).suffix.lower() not in (".vcf", ".vcard"):
        raise InputError("an Outlook export must be a .vcf file", file=str(target),
                         hint="Name the target e.g. outlook_contacts.vcf.")
    chosen = systems or OutlookSystems()
    if isinstance(selected, pd.DataFrame):
        selected = selected.loc[selected["selected"].astype(bool), "customer_no"]
    wanted = list(dict.fromkeys(str(number) for number in selected))
    state = outlook_state(store, chosen)
    off = set(state.loc[~state["outlook_sync"].astype(bool), "contact_no"])
    known = set(contacts["customer_no"].dropna().astype(str))
    skipped = [(number, SYNC_OFF if number in off else UNKNOWN) for number in wanted
               if number in off or number not in known]
    exported = [number for number in wanted if number in known and number not in off]
    if not exported:
        raise InputError("no contact is left to export" + (f" ({skipped[0][1]})" if skipped else ""),
                         file=str(target), hint="Select contacts whose Outlook sync is on.")
    rows = contacts[contacts["customer_no"].astype(str).isin(exported)].drop_duplicates("customer_no")
    with guarded(store, EXPORT_CONTACTS, actor=current_actor(actor), role=STEWARD) as tx:
        entry = record_export(tx, rows, systems=chosen, target=str(target), actor=actor)
        written = write_table(cards_frame(rows, outlook_uids(state)), target)
    return ExportReport(file=Path(written), exported=rows["customer_no"].astype(str).tolist(),
                        skipped=pd.DataFrame(skipped, columns=["contact_no", "reason"]), audit_id=entry.id)
