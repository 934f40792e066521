"""Importing an Outlook vCard export: known contacts updated, new ones checked and imported.

:func:`prepare_import` splits the cards:

* **known** — the card carries a workbench ID (or a UID the workbench gave or kept):
  its differing fields become updates of the contact, judged three-way against the
  values of the last export when there was one (a field only the contacts' system
  changed since stays; one changed on both sides is a conflict for a steward or the
  policy). Without a recorded export Outlook's value is taken, but an empty Outlook
  value never clears a contact's value. Known cards are never imported again.
* **imported before** — the card's UID (or workbench ID, or for a card without UID its
  content keys, :func:`~workbench.contacts.identity.content_keys`) is that of a contact an
  earlier import created and the contacts' system does not hold yet: it keeps its
  number and is neither imported nor linked again (so importing one export twice
  changes nothing). If the card changed in Outlook since, its record is written again
  with the new values (same number, ``create``) and the link remembers them.
* **candidates** — the others: each gets a proposed business partner
  (:mod:`workbench.contacts.partners`) and a duplicate class against the existing
  contacts (:mod:`workbench.contacts.duplicates`).

:class:`ContactImport` is the plain-Python model a widget or a policy works on
(``assign``, ``select``, ``apply_policy``, ``on_change``); :meth:`ContactImport.run`
writes the records for the contacts' system (new contacts with a number, updates),
links them with Outlook in the store and returns an :class:`ImportReport`. Sure
duplicates cannot be selected nor imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.contacts.duplicates import card_numbers, duplicate_classes, match_candidates
from workbench.contacts.identity import UID, WORKBENCH_ID, content_keys, recognised_numbers
from workbench.contacts.partners import PartnerRules, propose_partners
from workbench.contacts.tracking import (
    CARD_KEYS,
    IMPORT_CONTACTS,
    PARTNER_KEYS,
    STATE_COLUMNS,
    SYNCED_FIELDS,
    UID_KEY,
    OutlookSystems,
    outlook_keys,
    outlook_state,
    outlook_uids,
    pair_decisions,
)
from workbench.errors import ConfigError, InputError
from workbench.io import ImportedTable, write_table
from workbench.linkage import LinkageConfig, MatchResult
from workbench.linkage.classify import NONE, POSSIBLE, SURE
from workbench.store import STEWARD, Store, System, Transaction, current_actor
from workbench.sync.categories import same_values
from workbench.sync.numbering import Numbering
from workbench.team import guarded

OUTLOOK_WINS, CONTACTS_WIN, ASK = "outlook", "contacts", "ask"
CANDIDATE_COLUMNS = ("selected", "name", "first_name", "last_name", "company", "email", "mobile", "partner_no",
                     "partner_company", "partner_reason", "partner_ambiguous", "duplicate_class", "duplicate_of",
                     "duplicate_reason", "card_no", "decision")
RECORD_COLUMNS = ("action", "customer_no", "partner_no", "company", *SYNCED_FIELDS, "changed_fields", "outlook_row",
                  "outlook_uid", "PHOTO", "PHOTO type")
"""Columns of the records file; a new contact carries its card's photo (base64 in CSV, its size in xlsx)."""

IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"
REASON_SURE = "sure duplicate of an existing contact"
REASON_SAME = "the same person as an existing contact (steward's decision)"
SAME, DIFFERENT = "same", "different"
REASON_NO_PARTNER = "no business partner assigned"
REASON_NOT_SELECTED = "not selected"
REASON_POSSIBLE = "possible duplicate, not selected"
REASON_SYNC_OFF = "known contact whose Outlook sync is off"
REASON_CONFLICT = "changed in both systems since the last export: left for a steward"
REASON_IMPORTED_BEFORE = "imported before, waiting for the contacts' system"
REASON_CHANGED_SINCE = "imported before and changed in Outlook since: {fields}; its record is written again"


@dataclass(frozen=True)
class ImportPolicy:
    """What a batch run imports without a steward.

    Args:
        import_possible: Import possible duplicates too (default: only class none).
        require_partner: Import only candidates with a business partner.
        conflicts: Known contacts changed on both sides since the last export:
            ``outlook`` (Outlook's value wins), ``contacts`` (the contact's stays) or
            ``ask`` (reported, left for a steward).
    """

    import_possible: bool = False
    require_partner: bool = True
    conflicts: str = ASK

    def __post_init__(self) -> None:
        if self.conflicts not in (OUTLOOK_WINS, CONTACTS_WIN, ASK):
            raise ConfigError(f"import policy conflicts={self.conflicts!r} is not outlook, contacts or ask")


@dataclass
class ImportReport:
    """What an import did with every card."""

    file: Path | None
    outcomes: pd.DataFrame
    """one row per card: ``row, name, outcome, reason, contact_no, partner_no``"""
    audit_id: int | None = None

    def counts(self) -> pd.DataFrame:
        """Cards per outcome and reason."""
        counted = self.outcomes.groupby(["outcome", "reason"], dropna=False).size().rename("cards").reset_index()
        return counted.sort_values(["outcome", "cards"], ascending=[True, False], ignore_index=True)

    def count(self, outcome: str) -> int:
        """Cards with this outcome (imported, updated, unchanged, skipped)."""
        return int((self.outcomes["outcome"] == outcome).sum())

    def summary(self) -> str:
        """One sentence, e.g. ``9 imported, 3 updated, 12 unchanged, 26 skipped``."""
        return ", ".join(f"{self.count(outcome)} {outcome}" for outcome in (IMPORTED, UPDATED, UNCHANGED, SKIPPED))


@dataclass
class ContactImport:
    """The state of one import: known cards with their updates, candidates with partner and class.

    Build it with :func:`prepare_import`. Views and policies change it only through
    :meth:`assign`, :meth:`select` and :meth:`apply_policy`; observers registered with
    :meth:`on_change` are called after each change.
    """

    cards: pd.DataFrame
    known: pd.DataFrame
    """one row per known card: ``contact_no, changed_fields, conflicts, name, outlook_sync`` (None: not linked)"""
    candidates: pd.DataFrame
    """one row per candidate card: :data:`CANDIDATE_COLUMNS` (index = card number)"""
    imported_before: pd.DataFrame
    """one row per card an earlier import created a contact for: ``contact_no, name, changed_fields, outlook_sync``
    (index = card number; ``changed_fields``: changed in Outlook since that import)"""
    partners: pd.DataFrame
    """the business partners to choose from: ``customer_no, company, city``"""
    contacts: pd.DataFrame
    systems: OutlookSystems = field(default_factory=OutlookSystems)
    matches: MatchResult | None = None
    """the candidates matched against the contacts: what :class:`workbench.review.DuplicateReview` shows"""
    _observers: list[Callable[[ContactImport], None]] = field(default_factory=list, repr=False)

    def on_change(self, observer: Callable[[ContactImport], None]) -> Callable[[], None]:
        """Call ``observer(self)`` after every change; returns a function that stops it."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer)

    def _changed(self) -> None:
        for observer in self._observers:
            observer(self)

    def assign(self, row: int, partner_no: str | None) -> None:
        """Assign candidate ``row`` (its card number) to a business partner (None: to none).

        Raises:
            InputError: no such candidate, or no such business partner.
        """
        self._require(row)
        if partner_no is None:
            company, reason = None, "no business partner (chosen by the steward)"
        else:
            found = self.partners.loc[self.partners["customer_no"] == partner_no, "company"]
            if found.empty:
                raise InputError(f"there is no business partner {partner_no}", row=row,
                                 hint="Choose one of the listed companies.")
            company, reason = found.iloc[0], "chosen by the steward"
        self.candidates.loc[row, ["partner_no", "partner_company", "partner_reason"]] = [partner_no, company, reason]
        self.candidates.loc[row, "partner_ambiguous"] = False
        self._changed()

    def select(self, rows: Iterable[int], selected: bool = True) -> None:
        """Select (or deselect) candidates for import.

        Raises:
            InputError: a candidate is a sure duplicate (it cannot be imported: link it).
        """
        chosen = list(rows)
        for row in chosen:
            self._require(row)
            if selected and self.candidates.at[row, "duplicate_class"] == SURE:
                raise InputError(
                    f"card {row} ({self.candidates.at[row, 'name']}) is a sure duplicate of contact "
                    f"{self.candidates.at[row, 'duplicate_of']} and cannot be imported",
                    row=row, hint=f"{self.candidates.at[row, 'duplicate_reason']}. Update that contact instead.")
            if selected and self.candidates.at[row, "decision"] == SAME:
                raise InputError(f"card {row} ({self.candidates.at[row, 'name']}) was decided to be contact "
                                 f"{self.candidates.at[row, 'duplicate_of']} and cannot be imported", row=row,
                                 hint="Undo that decision in the duplicate review to import it.")
        self.candidates.loc[chosen, "selected"] = selected
        self._changed()

    def apply_policy(self, policy: ImportPolicy) -> None:
        """Select what the policy imports: class none, and possible ones a steward decided are different
        (or all possible ones, if the policy says so) — never one decided to be the same — with a
        partner if required."""
        classes, decided = self.candidates["duplicate_class"], self.candidates["decision"]
        wanted = (classes.eq(NONE) | (classes.eq(POSSIBLE) & (policy.import_possible | decided.eq(DIFFERENT)))) \
            & decided.ne(SAME)
        if policy.require_partner:
            wanted &= self.candidates["partner_no"].notna()
        self.candidates["selected"] = wanted.astype(bool)
        self._changed()

    def refresh_decisions(self, store: Store) -> None:
        """Read the stewards' same/different decisions on the candidates' duplicates (e.g. after a review)."""
        verdicts = pair_decisions(store, self.systems)
        self.candidates["decision"] = [verdicts.get((card, contact)) for card, contact in
                                       zip(self.candidates["card_no"], self.candidates["duplicate_of"], strict=True)]
        same = self.candidates["decision"].eq(SAME)
        self.candidates.loc[same, "selected"] = False
        self._changed()

    def _require(self, row: int) -> None:
        if row not in self.candidates.index:
            raise InputError(f"card {row} is not a candidate for import",
                             hint="Known contacts are updated, not imported; choose a card from the candidates.")

    def run(self, store: Store, target: str | Path, *, policy: ImportPolicy | None = None,
            numbering: Numbering | None = None, actor: str | None = None) -> ImportReport:
        """Import the selected candidates and update the known contacts.

        Writes the records for the contacts' system to ``target`` (xlsx or csv:
        ``action`` create/update, the contact's fields, ``changed_fields``), links the
        imported contacts with Outlook in the store (sync on, Outlook's UID kept) and
        refreshes the known contacts' last-export values, all in one transaction.

        Args:
            store: The state store.
            target: The records file for the contacts' system.
            policy: Used for ``require_partner`` and ``conflicts`` (selection is as it stands).
            numbering: How new contacts are numbered (default: after the highest number in use).
            actor: Who imports (default: the operating-system user).
        """
        chosen = policy or ImportPolicy()
        outcomes, created = self._candidate_outcomes(chosen)
        state = outlook_state(store, self.systems)
        taken = set(self.contacts["customer_no"].dropna().astype(str)) | set(state["contact_no"])
        numbers = (numbering or _next_numbers(taken)).assign([None] * len(created), taken)
        created = created.assign(customer_no=numbers)
        outcomes.loc[created.index, "contact_no"] = numbers
        updates, known_outcomes = self._known_outcomes(chosen)
        rewritten, before = self._before_outcomes(store)
        records = pd.concat([frame for frame in (self._create_records(created), rewritten, updates) if len(frame)]
                            or [self._create_records(created)], ignore_index=True)
        who = current_actor(actor)
        with guarded(store, IMPORT_CONTACTS, actor=who, role=STEWARD) as tx:
            contacts_system, outlook = self.systems.ensure(tx)
            moment = pd.Timestamp.now(tz="UTC").to_pydatetime()
            tx.links.create_many(contacts_system, outlook, [
                {"a_no": number, "b_no": number, "sync": True, "synced_at": moment, "pending_side": "a",
                 "snapshot": _snapshot(card, uid, keys)}
                for number, card, uid, keys in zip(numbers, created.to_dict("records"),
                                                   self._column(created.index, UID), content_keys(created),
                                                   strict=True)], actor=who)
            self._refresh_links(tx, contacts_system, outlook, moment, chosen, who)
            self._refresh_before(tx, contacts_system, outlook, rewritten, moment, who)
            parts = [frame for frame in (outcomes, known_outcomes, before) if len(frame)] or [outcomes]
            report = ImportReport(file=None, outcomes=pd.concat(parts, ignore_index=True).sort_values(
                "row", ignore_index=True))
            entry = tx.audit.append(IMPORT_CONTACTS, {"file": str(target), "imported": numbers,
                                                        "counts": {o: report.count(o) for o in
                                                                   (IMPORTED, UPDATED, UNCHANGED, SKIPPED)}},
                                    actor=who)
            written = write_table(records.reindex(columns=list(RECORD_COLUMNS)), target)
        report.file, report.audit_id = Path(written), entry.id
        return report

    def _before_outcomes(self, store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Cards imported before: unchanged, or changed in Outlook since (their records written again)."""
        before = self.imported_before
        state = outlook_state(store, self.systems)
        snapshots = {number: snapshot if isinstance(snapshot, dict) else {}
                     for number, snapshot in zip(state["contact_no"], state["snapshot"], strict=True)}
        changed = before["changed_fields"].map(bool) & before["outlook_sync"].ne(False)
        rows = before.index[changed]
        records = pd.DataFrame({name: self._column(rows, name) for name in SYNCED_FIELDS}, index=rows)
        for name in PARTNER_KEYS:
            records[name] = [snapshots.get(number, {}).get(name) for number in before.loc[rows, "contact_no"]]
        records = records.assign(action="create", customer_no=before.loc[rows, "contact_no"],
                                 changed_fields=before.loc[rows, "changed_fields"].map(", ".join),
                                 outlook_row=rows.astype(str), outlook_uid=self._column(rows, UID),
                                 PHOTO=self._column(rows, "PHOTO"), **{"PHOTO type": self._column(rows, "PHOTO type")})
        outcomes = pd.DataFrame({
            "row": before.index, "name": before["name"].to_numpy(),
            "outcome": np.where(changed, UPDATED, np.where(before["outlook_sync"].eq(False), SKIPPED, UNCHANGED)),
            "reason": [REASON_CHANGED_SINCE.format(fields=", ".join(fields)) if change else
                       REASON_SYNC_OFF if sync is False else REASON_IMPORTED_BEFORE
                       for fields, change, sync in zip(before["changed_fields"], changed, before["outlook_sync"],
                                                       strict=True)],
            "contact_no": before["contact_no"].to_numpy(),
            "partner_no": [snapshots.get(number, {}).get("partner_no") for number in before["contact_no"]]})
        return records.reindex(columns=list(RECORD_COLUMNS)), outcomes

    def _refresh_before(self, tx: Transaction, contacts_system: System, outlook: System, rewritten: pd.DataFrame,
                        moment: datetime, actor: str) -> None:
        """Cards imported before and changed since: their links remember the values written again."""
        if rewritten.empty:
            return
        links = tx.links.frame(contacts_system, outlook).set_index("a_no")
        keys = content_keys(self.cards.loc[rewritten.index])
        changes = {int(links.at[number, "link_id"]): {
            "snapshot": _snapshot(record, record["outlook_uid"], keys[row]), "synced_at": moment}
            for row, number, record in zip(rewritten.index, rewritten["customer_no"],
                                           rewritten.to_dict("records"), strict=True)}
        tx.links.update_many(changes, expected=dict.fromkeys(changes), actor=actor)

    def _refresh_links(self, tx: Transaction, contacts_system: System, outlook: System, moment: datetime,
                       policy: ImportPolicy, actor: str) -> None:
        """Known contacts: the values both sides now agree on become the link's snapshot (linked when not yet)."""
        synced = self.known[self.known["outlook_sync"].ne(False)]
        if synced.empty:
            return
        links = tx.links.frame(contacts_system, outlook).set_index("a_no")
        fields = [name for name in SYNCED_FIELDS if name in self.cards.columns]
        new, changes = [], {}
        for row, known in synced.iterrows():
            number = known["contact_no"]
            before = links.at[number, "snapshot"] if number in links.index else None
            before = before if isinstance(before, dict) else {}
            kept = [] if policy.conflicts == OUTLOOK_WINS else list(known["conflicts"])
            snapshot = {name: (before.get(name) if name in kept else _value(self.cards.at[row, name]))
                        for name in fields}
            if before.get(UID_KEY):
                snapshot[UID_KEY] = before[UID_KEY]
            if before.get(CARD_KEYS):
                snapshot[CARD_KEYS] = list(content_keys(self.cards.loc[[row]]).iloc[0]) or before[CARD_KEYS]
            if number in links.index:
                changes[int(links.at[number, "link_id"])] = {"snapshot": snapshot, "synced_at": moment}
            else:
                new.append({"a_no": number, "b_no": number, "sync": True, "snapshot": snapshot, "synced_at": moment})
        tx.links.create_many(contacts_system, outlook, new, actor=actor)
        if changes:
            tx.links.update_many(changes, expected=dict.fromkeys(changes), actor=actor)

    def _column(self, rows: pd.Index, name: str) -> list[Any]:
        if name not in self.cards.columns:
            return [None] * len(rows)
        return [None if pd.isna(value) else value for value in self.cards.loc[rows, name]]

    def _candidate_outcomes(self, policy: ImportPolicy) -> tuple[pd.DataFrame, pd.DataFrame]:
        c = self.candidates
        reason = np.select(
            [c["duplicate_class"].eq(SURE), c["decision"].eq(SAME),
             ~c["selected"].astype(bool) & c["duplicate_class"].eq(POSSIBLE) & c["decision"].ne(DIFFERENT),
             c["partner_no"].isna() & policy.require_partner, ~c["selected"].astype(bool)],
            [REASON_SURE, REASON_SAME, REASON_POSSIBLE, REASON_NO_PARTNER, REASON_NOT_SELECTED], default="")
        imported = reason == ""
        outcomes = pd.DataFrame({
            "row": c.index, "name": c["name"].to_numpy(), "outcome": np.where(imported, IMPORTED, SKIPPED),
            "reason": np.where(imported, "new contact", reason),
            "contact_no": np.where(c["duplicate_class"].eq(SURE) | c["decision"].eq(SAME), c["duplicate_of"], None),
            "partner_no": c["partner_no"].to_numpy(),
        }, index=c.index)
        return outcomes, self.cards.loc[c.index[imported]].assign(partner_no=c.loc[imported, "partner_no"],
                                                                 company=c.loc[imported, "partner_company"])

    def _create_records(self, created: pd.DataFrame) -> pd.DataFrame:
        records = pd.DataFrame({name: created[name] if name in created.columns else None
                                for name in RECORD_COLUMNS if name not in ("action", "outlook_row", "outlook_uid",
                                                                           "changed_fields")})
        records.insert(0, "action", "create")
        records["outlook_row"] = created.index.astype(str)
        records["outlook_uid"] = self._column(created.index, UID)
        return records

    def _known_outcomes(self, policy: ImportPolicy) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows, outcomes = [], []
        mine = self.contacts.drop_duplicates("customer_no").set_index("customer_no")
        for row, known in self.known.iterrows():
            if known["outlook_sync"] is False:
                outcomes.append({"row": row, "name": known["name"], "outcome": SKIPPED, "reason": REASON_SYNC_OFF,
                                 "contact_no": known["contact_no"], "partner_no": None})
                continue
            fields = list(known["changed_fields"])
            if policy.conflicts == OUTLOOK_WINS:
                fields += list(known["conflicts"])
            if fields:
                record = {name: mine.at[known["contact_no"], name] if name in mine.columns else None
                          for name in RECORD_COLUMNS if name in mine.columns}
                record.update({name: self.cards.at[row, name] for name in fields})
                rows.append({**record, "action": "update", "customer_no": known["contact_no"],
                             "changed_fields": ", ".join(fields), "outlook_row": str(row),
                             "outlook_uid": self._column(pd.Index([row]), UID)[0]})
            open_conflicts = policy.conflicts == ASK and bool(known["conflicts"])
            outcomes.append({"row": row, "name": known["name"], "outcome": UPDATED if fields else UNCHANGED,
                             "reason": (f"known contact: {', '.join(fields)} from Outlook" if fields
                                        else "known contact, nothing to take over")
                             + (f"; {', '.join(known['conflicts'])} {REASON_CONFLICT}" if open_conflicts else ""),
                             "contact_no": known["contact_no"], "partner_no": mine.at[known["contact_no"], "partner_no"]
                             if "partner_no" in mine.columns else None})
        return (pd.DataFrame(rows, columns=list(RECORD_COLUMNS)),
                pd.DataFrame(outcomes, columns=["row", "name", "outcome", "reason", "contact_no", "partner_no"]))


def prepare_import(cards: ImportedTable | pd.DataFrame, contacts: pd.DataFrame, partners: pd.DataFrame,
                   store: Store | None = None, *, systems: OutlookSystems | None = None,
                   config: LinkageConfig | None = None, rules: PartnerRules | None = None) -> ContactImport:
    """Split an Outlook export into known cards and candidates, with proposals and duplicate classes.

    Args:
        cards: The Outlook export read as contacts (``read_table(path, "contact")``).
        contacts: The existing contacts (canonical frame with ``customer_no``, ``partner_no``).
        partners: The customer base (business partners are the rows with a company).
        store: The state store, for the values of the last export and Outlook's UIDs
            (None: no export recorded).
        systems: The names of the contacts' system and of Outlook in the store.
        config: Linkage settings of the duplicate check.
        rules: Settings of the partner proposal.
    """
    frame = cards.frame if isinstance(cards, ImportedTable) else cards
    chosen = systems or OutlookSystems()
    state = outlook_state(store, chosen) if store is not None else pd.DataFrame(columns=list(STATE_COLUMNS))
    existing = set(contacts["customer_no"].dropna().astype(str))
    waiting = set(state.loc[state["pending"].astype(bool), "contact_no"].astype(str)) - existing
    numbers = recognised_numbers(frame, existing | waiting, {uid: no for no, uid in outlook_uids(state).items()},
                                 outlook_keys(state))
    names = _names(frame)
    before_rows = numbers.isin(waiting).to_numpy()
    sync = dict(zip(state["contact_no"], state["outlook_sync"], strict=True))
    imported_before = _changes_since_import(frame[before_rows], numbers[before_rows], state).assign(
        name=names[before_rows], outlook_sync=[sync.get(number) for number in numbers[before_rows]])
    numbers, names = numbers[~before_rows], names[~before_rows]
    known_rows = numbers.notna()
    all_cards, frame = frame, frame[~before_rows]
    known = _known_changes(frame[known_rows], numbers[known_rows], contacts, state).assign(
        name=names[known_rows], outlook_sync=[sync.get(number) for number in numbers[known_rows]])
    strangers = frame[~known_rows]
    strangers = strangers.drop(columns=[c for c in ("customer_no", WORKBENCH_ID) if c in strangers.columns])
    proposal = propose_partners(strangers, partners, contacts, rules)
    matches = match_candidates(strangers, contacts, config) if len(strangers) and len(contacts) else None
    duplicates = duplicate_classes(matches, strangers.index)
    candidates = pd.concat([pd.DataFrame({"selected": False, "name": names[~known_rows]}, index=strangers.index),
                            strangers.reindex(columns=["first_name", "last_name", "company", "email", "mobile"]),
                            proposal, duplicates, card_numbers(strangers).to_frame()],
                           axis=1).reindex(columns=list(CANDIDATE_COLUMNS))
    candidates["decision"] = None
    business = partners[partners["company"].notna()] if "company" in partners.columns else partners.iloc[0:0]
    choices = business.reindex(columns=["customer_no", "company", "city"]).reset_index(drop=True)
    session = ContactImport(cards=all_cards, known=known, candidates=candidates, imported_before=imported_before,
                            partners=choices, contacts=contacts, systems=chosen, matches=matches)
    if store is not None:
        session.refresh_decisions(store)
    return session


def _names(cards: pd.DataFrame) -> pd.Series:
    """How each card is called: FN, else first and last name, else the e-mail."""
    def column(name: str) -> pd.Series:
        return cards[name] if name in cards.columns else pd.Series(None, index=cards.index, dtype=object)

    joined = (column("first_name").fillna("") + " " + column("last_name").fillna("")).str.strip()
    joined = joined.where(joined != "", None)
    return column("FN").fillna(joined).fillna(column("email")).fillna("(no name)").astype(str)


def _known_changes(cards: pd.DataFrame, numbers: pd.Series, contacts: pd.DataFrame,
                   state: pd.DataFrame) -> pd.DataFrame:
    """Per known card: the fields to take over from Outlook and the conflicts (see the module docstring)."""
    result = pd.DataFrame({"contact_no": numbers, "changed_fields": [[] for _ in numbers],
                           "conflicts": [[] for _ in numbers]}, index=cards.index)
    if cards.empty:
        return result
    mine = contacts.assign(customer_no=contacts["customer_no"].astype(str)).drop_duplicates("customer_no")
    theirs = mine.set_index("customer_no").loc[numbers.to_numpy()]
    snapshots = dict(zip(state["contact_no"], state["snapshot"], strict=True))
    snaps = [snapshots.get(number) if isinstance(snapshots.get(number), dict) else None for number in numbers]
    countries = (cards["country"] if "country" in cards.columns else None,
                 theirs["country"] if "country" in theirs.columns else None)
    for name in (f for f in SYNCED_FIELDS if f in cards.columns and f in theirs.columns):
        outlook_value, contact_value = cards[name].astype(object), theirs[name].astype(object)
        has_snapshot = np.array([snap is not None and name in snap for snap in snaps])
        last = pd.Series([snap.get(name) if snap else None for snap in snaps], dtype=object)
        differ = ~same_values(name, outlook_value, contact_value, *countries)
        outlook_changed = ~same_values(name, outlook_value, last, countries[0], countries[0])
        contact_changed = ~same_values(name, contact_value, last, countries[1], countries[1])
        take = differ & np.where(has_snapshot, outlook_changed & ~contact_changed, outlook_value.notna().to_numpy())
        clash = differ & has_snapshot & outlook_changed & contact_changed
        for position in np.flatnonzero(take):
            result.iloc[position, 1].append(name)
        for position in np.flatnonzero(clash):
            result.iloc[position, 2].append(name)
    return result


def _changes_since_import(cards: pd.DataFrame, numbers: pd.Series, state: pd.DataFrame) -> pd.DataFrame:
    """Per card imported before: the fields changed in Outlook since (against the values the link remembers)."""
    snapshots = dict(zip(state["contact_no"], state["snapshot"], strict=True))
    last = pd.DataFrame([snapshots.get(number) if isinstance(snapshots.get(number), dict) else {}
                         for number in numbers], index=cards.index)
    changed: list[list[str]] = [[] for _ in range(len(cards))]
    countries = cards["country"] if "country" in cards.columns else None
    for name in (f for f in SYNCED_FIELDS if f in cards.columns):
        remembered = last[name] if name in last.columns else pd.Series(None, index=cards.index, dtype=object)
        for position in np.flatnonzero(~same_values(name, cards[name].astype(object), remembered,
                                                    countries, countries)):
            changed[position].append(name)
    return pd.DataFrame({"contact_no": numbers, "changed_fields": changed}, index=cards.index)


def _value(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _snapshot(card: dict[str, Any], uid: str | None, keys: tuple[str, ...]) -> dict[str, Any]:
    """What the link of a contact imported from Outlook remembers: its values, partner and how to know its card."""
    values = {name: _value(card.get(name)) for name in (*SYNCED_FIELDS, *PARTNER_KEYS)}
    identity = {UID_KEY: uid} if _value(uid) else {CARD_KEYS: list(keys)} if keys else {}
    return {**values, **identity}


def _next_numbers(taken: set[str]) -> Numbering:
    """Numbers after the highest numeric number in use."""
    numeric = [int(number) for number in taken if number.isdigit()]
    return Numbering(keep=False, start=max(numeric, default=0) + 1)
