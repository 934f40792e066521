"""What a steward (or a policy) does to two systems' links: command objects with apply() and undo().

Every action runs in one transaction together with its audit-log entry (who, when,
why, and a payload from which it can be undone). :meth:`Action.undo` — or
:func:`undo_entry` with an entry id, e.g. after a restart — reverts it in one
transaction and records the undo in the audit log too. An action built from a
:class:`~workbench.sync.categories.SyncOverview` carries the link versions the
steward saw: if somebody changed a link since, applying it raises
:class:`~workbench.errors.StaleWriteError` ("reload and decide again").

Actions: :class:`LinkPartners` (choose partner), :class:`CreatePartner` /
:class:`CreatePartners` (partner records to be created by the change set),
:class:`ResolveConflict` / :class:`ResolveConflicts`, :class:`SetSync`,
:class:`Unlink`, :class:`ImportLinks`, :class:`DecidePair` and :class:`RecordSync`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from workbench.errors import ConfigError, InputError, StoreError
from workbench.linkage.classify import SURE
from workbench.schema import get_kind
from workbench.store import (
    ADMIN,
    DIFFERENT,
    SAME,
    STEWARD,
    TYPED,
    WINNER_A,
    WINNER_B,
    AuditEntry,
    Store,
    Transaction,
    current_actor,
)
from workbench.store.entities import when
from workbench.sync.categories import NEW, SyncOverview
from workbench.sync.linkfile import read_links
from workbench.sync.numbering import Numbering
from workbench.team import guarded

if TYPE_CHECKING:
    from workbench.sync.changeset import ChangeSet

UNDO = "undo"
"""Action name of the audit entries that undo another entry."""

LINKING = "linking"
"""Lock name (with the two systems) of actions that link many records after checking which are linked."""
MEANWHILE = "decided meanwhile by another run"
"""Why a record a run planned for is left out: another run (or steward) linked it since the run's overview."""
MATCH_COLUMNS = ("a_no", "b_no", "match_class")
"""Columns of the matching result :class:`CreatePartners` needs: record numbers in A and B, and the class."""


@dataclass(kw_only=True)
class Action(ABC):
    """Base of the sync actions. Subclasses implement ``_apply`` and ``_revert``.

    Every action needs the role :attr:`role` in a store with users (a steward's by
    default); a refusal is kept in the audit log (:func:`workbench.team.guarded`).

    Args:
        actor: Who acts (default: :func:`workbench.store.current_actor`).
        reason: Why, in the steward's words (kept in the audit log).
    """

    name: ClassVar[str]
    role: ClassVar[str] = STEWARD
    """The role the action needs; undoing somebody else's action needs an admin."""
    actor: str | None = None
    reason: str | None = None
    entry: AuditEntry | None = field(default=None, init=False, repr=False)
    """The audit entry of the application, once applied."""

    def apply(self, store: Store) -> AuditEntry | None:
        """Do it, in one transaction with its audit entry; None (and no entry) when it changed nothing.

        Raises:
            AccessError: The actor's role does not allow it.
            StoreError: It was applied already, or the store refuses it (message says why).
            StaleWriteError: A link or decision changed since the overview was loaded.
        """
        if self.entry is not None:
            raise StoreError(f"this {self.name} was applied already (audit entry {self.entry.id})",
                             hint="Create a new action to do it again.")
        actor = current_actor(self.actor)
        with guarded(store, self.name, actor=actor, role=self.role) as tx:
            payload = self._apply(tx, actor)
            if payload is not None:
                self.entry = tx.audit.append(self.name, payload, actor=actor, reason=self.reason)
        return self.entry

    def undo(self, store: Store, *, actor: str | None = None, reason: str | None = None) -> AuditEntry:
        """Revert it (see :func:`undo_entry`)."""
        if self.entry is None:
            raise StoreError(f"this {self.name} has not been applied: there is nothing to undo")
        return undo_entry(store, self.entry.id, actor=actor or self.actor, reason=reason)

    @abstractmethod
    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any] | None:
        """Change the store; return the JSON payload ``_revert`` needs (None: nothing changed, nothing to record)."""

    @classmethod
    @abstractmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        """Change the store back, from the payload of the application."""


def undo_entry(store: Store, entry_id: int, *, actor: str | None = None, reason: str | None = None) -> AuditEntry:
    """Undo the action recorded as audit entry ``entry_id``, and record the undo.

    Undoing one's own action needs the role the action needs; undoing somebody else's
    needs an admin.

    Raises:
        AccessError: The role of ``actor`` does not allow it.
        StoreError: The entry is an undo itself, was undone already, or cannot be undone.
        StaleWriteError: What it changed has been changed again since (the message says by whom).
    """
    who = current_actor(actor)
    with guarded(store, UNDO, actor=who) as tx:
        entry = tx.audit.get(entry_id)
        if entry.action == UNDO:
            raise StoreError(f"audit entry {entry_id} is itself an undo", hint="Apply the action again instead.")
        undone = tx.audit.undoing(entry_id)
        if undone is not None:
            raise StoreError(f"{entry.action} (audit entry {entry_id}) was already undone by {undone.actor} at "
                             f"{when(undone.at)}")
        action = ACTIONS.get(entry.action)
        if action is None:
            raise StoreError(f"audit entry {entry_id} ({entry.action!r}) cannot be undone")
        if entry.actor == who:
            tx.users.require(who, action.role, action=f"undo {entry.action}")
        else:
            tx.users.require(who, ADMIN, action=f"undo {entry.action} of {entry.actor}")
        action._revert(tx, entry.payload, who)
        return tx.audit.append(UNDO, {"action": entry.action}, actor=who, reason=reason, undoes=entry_id)


def _end_links(tx: Transaction, links: Sequence[Sequence[int]], actor: str) -> None:
    for link_id, version in links:
        tx.links.end(link_id, expected_version=version, actor=actor)


def _link_version(overview: SyncOverview, link_id: int) -> int:
    found = overview.pairs.loc[overview.pairs["link_id"] == link_id, "link_version"]
    if found.empty:
        raise StoreError(f"link {link_id} is not in this overview of {overview.system_a} and {overview.system_b}",
                         hint="Reload the overview.")
    return int(found.iloc[0])


def _require_record(overview: SyncOverview, side: str, number: str) -> None:
    records = overview.records
    if not ((records["side"] == side) & (records["no"] == number)).any():
        raise StoreError(f"{overview.system(side)} has no record {number}",
                         hint="Check the number, or reload the overview if the record is new.")


@dataclass(kw_only=True)
class LinkPartners(Action):
    """Choose partner: link a record of A with a record of B.

    Refused, naming the existing link, when either record is linked already. The
    new link has no snapshot: until the first sync every differing field is a conflict.

    Args:
        system_a, a_no, system_b, b_no: The two records.
        sync: Start with sync on (default) or off.
        overview: When given, both records must be in it.
    """

    name: ClassVar[str] = "link partners"
    system_a: str
    a_no: str
    system_b: str
    b_no: str
    sync: bool = True
    overview: SyncOverview | None = field(default=None, repr=False)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        if self.overview is not None:
            _require_record(self.overview, "a", self.a_no)
            _require_record(self.overview, "b", self.b_no)
        link = tx.links.create(tx.systems.get(self.system_a), self.a_no, tx.systems.get(self.system_b), self.b_no,
                               actor=actor, sync=self.sync)
        return {"links": [[link.id, link.version]], "a_no": self.a_no, "b_no": self.b_no}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        _end_links(tx, payload["links"], actor)


@dataclass(kw_only=True)
class CreatePartners(Action):
    """Create partners in the opposite system for new records (all of a side, or the ones named).

    The partner records are created by the change set; until then the link waits
    with the partner's number (category *new*, ``partner_no`` set). Numbers are kept
    when free in the target, else assigned by ``numbering``; never one the target
    uses, one the store holds for it, or one given twice in the batch. Records with
    a **sure** partner in the other system (per ``matches``) are not created: they
    are reported in :attr:`refused` and are to be linked instead.

    Args:
        overview: The sync overview the steward works from.
        matches: The matching result: columns :data:`MATCH_COLUMNS`
            (``a_no``, ``b_no``, ``match_class`` in sure / possible / none).
        side: ``a`` (partners in B), ``b`` (partners in A), or None for both.
        record_nos: Only these records of ``side`` (default: every new record without a planned partner).
        numbering: How the partners are numbered.

    Attributes:
        created: After apply: ``side``, ``no``, ``partner_no``, ``link_id`` per partner.
        refused: After apply: ``side``, ``no``, ``row``, ``sure_partner`` and ``reason`` per record left
            out (a sure partner in the other system, no record number, a number two records share, or
            :data:`MEANWHILE`: linked since the overview was loaded).
    """

    name: ClassVar[str] = "create partners"
    strict: ClassVar[bool] = False
    overview: SyncOverview = field(repr=False)
    matches: pd.DataFrame = field(repr=False)
    side: str | None = None
    record_nos: Sequence[str] | None = None
    numbering: Numbering = field(default_factory=Numbering)
    created: pd.DataFrame = field(init=False, repr=False, default_factory=pd.DataFrame)
    refused: pd.DataFrame = field(init=False, repr=False, default_factory=pd.DataFrame)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        sure = _sure_partners(self.matches)
        overview = self.overview
        tx.lock(LINKING, overview.system_a, overview.system_b)  # another run's links are seen, not raced
        system_a, system_b = tx.systems.get(overview.system_a), tx.systems.get(overview.system_b)
        links, created, refused = [], [], []
        for side in (self.side,) if self.side else ("a", "b"):
            other_side = "b" if side == "a" else "a"
            target = overview.system(other_side)
            candidates = self._candidates(side)
            numberless = candidates["no"].isna().to_numpy()
            refused += [[side, None, int(row), None, "it has no record number to link by"]
                        for row in candidates["row"][numberless]]
            repeated = overview.repeated
            shared = candidates["row"].isin(repeated.loc[repeated["side"] == side, "row"]).to_numpy() & ~numberless
            refused += [[side, number, int(row), None, f"another {overview.system(side)} record has its number too"]
                        for number, row in zip(candidates["no"][shared], candidates["row"][shared], strict=True)]
            candidates = candidates[~numberless & ~shared]
            partner = sure[side].reindex(candidates["no"]).to_numpy(dtype=object)
            has_sure = ~pd.isna(partner)
            refused += [[side, number, int(row), other, f"it has a sure partner in {target}: {other}"]
                        for number, row, other in zip(candidates["no"][has_sure], candidates["row"][has_sure],
                                                      partner[has_sure], strict=True)]
            chosen = candidates[~has_sure]
            linked = tx.links.frame(system_a, system_b).set_index(f"{side}_no")[f"{other_side}_no"]
            meanwhile = chosen["no"].isin(linked.index).to_numpy()  # new and unlinked in the overview, not now
            refused += [[side, number, int(row), None, f"{MEANWHILE} (linked to {target} {linked[number]})"]
                        for number, row in zip(chosen["no"][meanwhile], chosen["row"][meanwhile], strict=True)]
            chosen = chosen[~meanwhile]
            if chosen.empty:
                continue
            records = overview.records
            taken = set(records.loc[records["side"] == other_side, "no"].dropna())
            taken |= tx.links.numbers(system_a if other_side == "a" else system_b)
            numbers = self.numbering.assign(chosen["no"].tolist(), taken)
            source = overview.side_frame(side).loc[chosen["row"], list(overview.fields)]
            snapshots = source.to_dict("records")
            rows = [{"a_no": mine if side == "a" else new, "b_no": new if side == "a" else mine,
                     "pending_side": other_side, "snapshot": snapshot}
                    for mine, new, snapshot in zip(chosen["no"], numbers, snapshots, strict=True)]
            ids = tx.links.create_many(system_a, system_b, rows, actor=actor)
            links += [[link_id, 1] for link_id in ids]
            created += [[side, mine, new, link_id, target]
                        for mine, new, link_id in zip(chosen["no"], numbers, ids, strict=True)]
        self.created = pd.DataFrame(created, columns=["side", "no", "partner_no", "link_id", "target"])
        self.refused = pd.DataFrame(refused, columns=["side", "no", "row", "sure_partner", "reason"])
        if self.strict and refused:
            side, number, row, other, reason = refused[0]
            system = overview.system(side)
            record = f"{system} {number}" if number else f"the {system} record in row {row}"
            raise StoreError(f"{record}: no partner is created because {reason}",
                             hint=f"Link {number} with {other} (choose partner) instead." if other else None)
        return {"links": links, "created": created, "refused": refused}

    def _candidates(self, side: str) -> pd.DataFrame:
        records = self.overview.records
        mine = records[records["side"] == side]
        if self.record_nos is None:
            return mine[(mine["category"] == NEW) & mine["partner_no"].isna()]
        # numberless records cannot be named; a number two records share is refused in _apply, with its reason
        numbered = mine.dropna(subset=["no"]).drop_duplicates("no")
        wanted = numbered.set_index("no").reindex(list(self.record_nos))
        system = self.overview.system(side)
        unfit = wanted["category"].isna() | (wanted["category"] != NEW) | wanted["partner_no"].notna()
        for number, row in wanted[unfit.to_numpy()].head(1).iterrows():  # the first unfit record is reported
            if pd.isna(row["category"]):
                raise StoreError(f"{system} has no record {number}", hint="Check the number or reload the overview.")
            if row["category"] != NEW or not pd.isna(row["partner_no"]):
                state = f"linked to {row['partner_no']}" if not pd.isna(row["partner_no"]) else row["category"]
                raise StoreError(f"{system} {number} is not a new record without partner (it is {state})",
                                 hint="Create partners only for new records; reload the overview.")
        return wanted.reset_index()

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        _end_links(tx, payload["links"], actor)


@dataclass(kw_only=True)
class CreatePartner(CreatePartners):
    """Create the partner of one new record in the opposite system (refused when it has a sure partner).

    Args:
        side: ``a`` or ``b``: the system the record is in.
        record_no: The record's number.
    """

    name: ClassVar[str] = "create partner"
    strict: ClassVar[bool] = True
    record_no: str

    def __post_init__(self) -> None:
        if self.side not in ("a", "b"):
            raise ConfigError(f"side must be 'a' or 'b', not {self.side!r}")
        self.record_nos = [self.record_no]


def _sure_partners(matches: pd.DataFrame) -> dict[str, pd.Series]:
    missing = [c for c in MATCH_COLUMNS if c not in matches.columns]
    if missing:
        raise ConfigError(f"the matching result lacks the columns {', '.join(missing)}",
                          hint=f"Pass the pairs with columns {', '.join(MATCH_COLUMNS)} (find_partners).")
    sure = matches[matches["match_class"] == SURE]
    return {"a": sure.drop_duplicates("a_no").set_index("a_no")["b_no"],
            "b": sure.drop_duplicates("b_no").set_index("b_no")["a_no"]}


@dataclass(frozen=True)
class Resolution:
    """The decision on one conflicting field of a link.

    Args:
        link_id: The link.
        field: The field.
        winner: ``a`` or ``b`` (that side's value wins) or ``value`` (``value`` was typed).
        value: The typed value (only with ``winner="value"``; None clears the field).
    """

    link_id: int
    field: str
    winner: str
    value: str | None = None


@dataclass(kw_only=True)
class ResolveConflicts(Action):
    """Decide conflicting fields: a winning side per field, or a typed value.

    The decision turns the field into an update (carried by the change set) for as
    long as both values are the ones decided on; if either side changes again, the
    field is a conflict again.

    Args:
        overview: The overview the decisions were taken on (gives the values seen and the link versions).
        resolutions: One :class:`Resolution` per field.
    """

    name: ClassVar[str] = "resolve conflicts"
    overview: SyncOverview = field(repr=False)
    resolutions: Sequence[Resolution] = ()

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        if not self.resolutions:
            return {"decisions": [], "links": []}
        changes = self.overview.changes.set_index(["link_id", "field"])
        verdicts, versions = [], {}
        for resolution in self.resolutions:
            key = (resolution.link_id, resolution.field)
            if key not in changes.index:
                raise StoreError(f"field {resolution.field} of link {resolution.link_id} does not differ in this "
                                 "overview: there is nothing to resolve", hint="Reload the overview.")
            row = changes.loc[key]
            if resolution.winner not in (WINNER_A, WINNER_B, TYPED):
                raise ConfigError(f"winner must be 'a', 'b' or 'value', not {resolution.winner!r}")
            value = {WINNER_A: row["a_value"], WINNER_B: row["b_value"]}.get(resolution.winner, resolution.value)
            verdicts.append({"link_id": resolution.link_id, "field": resolution.field,
                             "outcome": resolution.winner, "value": value,
                             "seen": {"a": row["a_value"], "b": row["b_value"], "last_synced": row["last_synced"]}})
            versions[resolution.link_id] = _link_version(self.overview, resolution.link_id)
        new_versions = tx.links.update_many({link_id: {} for link_id in versions}, expected=versions, actor=actor)
        decided = tx.decisions.decide_fields(verdicts, actor=actor, reason=self.reason)
        return {"decisions": [list(pair) for pair in decided],
                "links": [[link_id, version] for link_id, version in new_versions.items()]}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        for decision_id, _replaced in payload["decisions"]:
            tx.decisions.undo(decision_id, expected_version=1, actor=actor)
        for _decision_id, replaced in payload["decisions"]:
            if replaced is not None:
                tx.decisions.reinstate(replaced, expected_version=None, actor=actor)
        tx.links.update_many({link_id: {} for link_id, _ in payload["links"]},
                             expected=dict(payload["links"]), actor=actor)


@dataclass(kw_only=True)
class ResolveConflict(ResolveConflicts):
    """Resolve the conflicts of one link: pick a winning side per field and/or type corrections.

    Args:
        link_id: The link (from the overview's conflict list).
        winners: field -> ``a`` or ``b``.
        corrections: field -> the value typed by the steward (None clears the field).
    """

    name: ClassVar[str] = "resolve conflict"
    link_id: int
    winners: Mapping[str, str] = field(default_factory=dict)
    corrections: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        both = set(self.winners) & set(self.corrections)
        if both:
            raise ConfigError(f"field {sorted(both)[0]} has both a winner and a correction; choose one")
        self.resolutions = [Resolution(self.link_id, name, winner) for name, winner in self.winners.items()] + [
            Resolution(self.link_id, name, TYPED, value) for name, value in self.corrections.items()]


@dataclass(kw_only=True)
class SetSync(Action):
    """Switch sync off (category *disabled*) or on again for a link.

    Args:
        link_id: The link (see :meth:`for_record`).
        on: True to sync, False to stop syncing.
        expected_version: The link version the steward saw (None: no check).
    """

    name: ClassVar[str] = "set sync"
    link_id: int
    on: bool
    expected_version: int | None = None

    @classmethod
    def for_record(cls, overview: SyncOverview, side: str, record_no: str, on: bool, **options: Any) -> SetSync:
        """The action for the link of record ``record_no`` on ``side`` of the overview."""
        link_id = _link_of(overview, side, record_no)
        return cls(link_id=link_id, on=on, expected_version=_link_version(overview, link_id), **options)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        before = tx.links.get(self.link_id)
        if not before.active:
            raise StoreError(f"{before.describe()} was unlinked by {before.ended_by} at {when(before.ended_at)}",
                             hint="Reload the overview.")
        after = tx.links.update(self.link_id, expected_version=self.expected_version, actor=actor, sync=self.on)
        return {"link_id": self.link_id, "before": before.sync, "version": after.version}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        tx.links.update(payload["link_id"], expected_version=payload["version"], actor=actor, sync=payload["before"])


def _link_of(overview: SyncOverview, side: str, record_no: str) -> int:
    records = overview.records
    found = records.loc[(records["side"] == side) & (records["no"] == record_no), "link_id"]
    if found.empty or pd.isna(found.iloc[0]):
        raise StoreError(f"{overview.system(side)} {record_no} is not linked", hint="Reload the overview.")
    return int(found.iloc[0])


@dataclass(kw_only=True)
class Unlink(Action):
    """End a link; both records become unlinked (they may be linked again later, to anyone).

    Args:
        link_id: The link (see :meth:`for_record`).
        expected_version: The link version the steward saw (None: no check).
    """

    name: ClassVar[str] = "unlink"
    link_id: int
    expected_version: int | None = None

    @classmethod
    def for_record(cls, overview: SyncOverview, side: str, record_no: str, **options: Any) -> Unlink:
        """The action for the link of record ``record_no`` on ``side`` of the overview."""
        link_id = _link_of(overview, side, record_no)
        return cls(link_id=link_id, expected_version=_link_version(overview, link_id), **options)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        ended = tx.links.end(self.link_id, expected_version=self.expected_version, actor=actor)
        return {"link_id": self.link_id, "version": ended.version}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        tx.links.reopen(payload["link_id"], expected_version=payload["version"], actor=actor)


@dataclass(kw_only=True)
class ImportLinks(Action):
    """Import an existing links file (``a_<key field>, b_<key field>, sync, synced_at``, e.g. ``a_customer_no``).

    Links already in the store unchanged are skipped, so importing the same file
    twice adds nothing (and records no audit entry). Imported links have no snapshot:
    until the first sync any differing field is a conflict.

    Args:
        path: The file.
        system_a, system_b: The systems its columns refer to.
        kind: The record kind of both systems.
        skip_linked: Leave out rows whose record the store links already, to this partner or
            another (listed in :attr:`meanwhile`), instead of skipping or refusing them: for links a
            run planned from an overview that another run may have changed since.

    Raises:
        InputError: A bad row (row and column named), a record listed twice, or a
            record the store links to another partner (unless ``skip_linked``).
    """

    name: ClassVar[str] = "import links"
    path: str | Path
    system_a: str
    system_b: str
    kind: str = "customer"
    skip_linked: bool = False
    imported: int = field(default=0, init=False)
    skipped: int = field(default=0, init=False)
    meanwhile: pd.DataFrame = field(init=False, repr=False, default_factory=pd.DataFrame)
    """After apply with ``skip_linked``: ``row``, ``a_no``, ``b_no`` and ``reason`` per row left out."""

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        kind = get_kind(self.kind)
        table = read_links(self.path, kind)
        tx.lock(LINKING, self.system_a, self.system_b)
        system_a = tx.systems.ensure(self.system_a, kind.name)
        system_b = tx.systems.ensure(self.system_b, kind.name)
        existing = tx.links.frame(system_a, system_b)
        known = pd.MultiIndex.from_frame(existing[["a_no", "b_no"]])
        unchanged = pd.MultiIndex.from_frame(table[["a_no", "b_no"]]).isin(known) if len(table) else []
        new = table[~np.asarray(unchanged, dtype=bool)]
        if self.skip_linked and len(new) < len(table):
            same = table[np.asarray(unchanged, dtype=bool)]
            self.meanwhile = pd.DataFrame({"row": same.index.to_numpy(), "a_no": same["a_no"].to_numpy(),
                                           "b_no": same["b_no"].to_numpy(), "reason": f"{MEANWHILE} (the same link)"})
        for column, header, partners, other in (
                ("a_no", table.attrs["headers"][0], existing.set_index("a_no")["b_no"], self.system_b),
                ("b_no", table.attrs["headers"][1], existing.set_index("b_no")["a_no"], self.system_a)):
            clash = new[column].isin(partners.index)
            if clash.any() and self.skip_linked:
                left_out = new[clash.to_numpy()]
                self.meanwhile = pd.concat([self.meanwhile, pd.DataFrame({
                    "row": left_out.index.to_numpy(), "a_no": left_out["a_no"].to_numpy(),
                    "b_no": left_out["b_no"].to_numpy(),
                    "reason": [f"{MEANWHILE} (linked to {other} {partners[number]})" for number in left_out[column]],
                })], ignore_index=True)
                new = new[~clash.to_numpy()]
            elif clash.any():
                row = new.index[clash.to_numpy()][0]
                number = new.loc[row, column]
                raise InputError(f"{number} is already linked to {other} {partners[number]} in the store",
                                 file=str(self.path), row=int(row), column=header,
                                 hint="Unlink it first, or correct the file.")
        rows = [{"a_no": a_no, "b_no": b_no, "sync": bool(sync), "synced_at": _moment(synced_at)}
                for a_no, b_no, sync, synced_at in new[["a_no", "b_no", "sync", "synced_at"]].itertuples(index=False)]
        ids = tx.links.create_many(system_a, system_b, rows, actor=actor)
        self.imported, self.skipped = len(ids), len(table) - len(new) - len(self.meanwhile)
        if not ids:
            return None
        return {"links": [[link_id, 1] for link_id in ids], "file": str(self.path), "skipped": self.skipped}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        _end_links(tx, payload["links"], actor)


def _moment(value: Any) -> datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


@dataclass(kw_only=True)
class DecidePair(Action):
    """A steward's verdict on a pair of records: the same (``same``) or not (``different``).

    Works for duplicates within one system (``left_system == right_system``) and for
    partner candidates across two. The decision is remembered in the store.

    Args:
        left_system, left_no, right_system, right_no: The two records.
        outcome: ``same`` or ``different``.
        expected_id: The active decision on this pair the steward saw (None: none).
        kind: The record kind (systems are registered on first use).
    """

    name: ClassVar[str] = "decide pair"
    left_system: str
    left_no: str
    right_system: str
    right_no: str
    outcome: str
    expected_id: int | None = None
    kind: str = "customer"

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        _require_outcome(self.outcome)
        left = tx.systems.ensure(self.left_system, get_kind(self.kind).name)
        right = tx.systems.ensure(self.right_system, get_kind(self.kind).name)
        decision, replaced = tx.decisions.decide_pair(left, self.left_no, right, self.right_no, self.outcome,
                                                      actor=actor, reason=self.reason, expected_id=self.expected_id)
        return {"decision": decision.id, "replaced": replaced.id if replaced else None}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        DecidePairs._revert(tx, {"decisions": [payload["decision"]], "replaced": [payload["replaced"]]}, actor)


@dataclass(kw_only=True)
class DecidePairs(Action):
    """Verdicts on many pairs in one step (*accept all sure*, a headless policy): one
    transaction, one audit entry, undone as one.

    Args:
        left_system, right_system: The systems of the left and right records (one system for duplicates).
        verdicts: dicts with ``left_no``, ``right_no``, ``outcome`` (``same`` / ``different``),
            and optionally ``reason`` (default: the action's) and ``expected_id`` (see :class:`DecidePair`).
        kind: The record kind (systems are registered on first use).

    Attributes:
        decided: After apply: the new decision id per verdict, in order.
    """

    name: ClassVar[str] = "decide pairs"
    left_system: str
    right_system: str
    verdicts: Sequence[Mapping[str, Any]] = field(repr=False)
    kind: str = "customer"
    decided: list[int] = field(init=False, repr=False, default_factory=list)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        for verdict in self.verdicts:
            _require_outcome(verdict["outcome"])
        left = tx.systems.ensure(self.left_system, get_kind(self.kind).name)
        right = tx.systems.ensure(self.right_system, get_kind(self.kind).name)
        verdicts = [{**verdict, "reason": verdict.get("reason") or self.reason} for verdict in self.verdicts]
        decided = tx.decisions.decide_pairs(left, right, verdicts, actor=actor)
        self.decided = [new_id for new_id, _ in decided]
        return {"decisions": self.decided, "replaced": [replaced.id if replaced else None for _, replaced in decided]}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        tx.decisions.undo_many(payload["decisions"], actor=actor)
        for replaced in payload["replaced"]:
            if replaced is not None:
                tx.decisions.reinstate(replaced, expected_version=None, actor=actor)


def _require_outcome(outcome: str) -> None:
    if outcome not in (SAME, DIFFERENT):
        raise ConfigError(f"a pair is {SAME!r} or {DIFFERENT!r}, not {outcome!r}")


@dataclass(kw_only=True)
class RecordSync(Action):
    """Record that a change set has been applied to both systems: the links' snapshots
    become the values both systems now hold, ``synced_at`` is set, created partners are
    no longer pending, and links whose partner is gone (and whose remaining record was
    deactivated) end.

    Args:
        changeset: The change set that was applied.
    """

    name: ClassVar[str] = "record sync"
    changeset: ChangeSet = field(repr=False)

    def _apply(self, tx: Transaction, actor: str) -> dict[str, Any]:
        synced, ended = self.changeset.snapshots, self.changeset.ended
        before = {int(link_id): [snapshot, None if pd.isna(synced_at) else synced_at.isoformat(), pending]
                  for link_id, snapshot, synced_at, pending in tx.links.frame_of(synced["link_id"].tolist())[
                      ["link_id", "snapshot", "synced_at", "pending_side"]].itertuples(index=False)}
        moment = pd.Timestamp.now(tz="UTC").to_pydatetime()
        changes = {int(link_id): {"snapshot": snapshot, "synced_at": moment, "pending_side": None}
                   for link_id, snapshot in zip(synced["link_id"], synced["snapshot"], strict=True)}
        expected = dict(zip(synced["link_id"].astype(int), synced["link_version"].astype(int), strict=True))
        versions = tx.links.update_many(changes, expected=expected, actor=actor) if changes else {}
        finished = [[link.id, link.version] for link in (
            tx.links.end(int(link_id), expected_version=int(version), actor=actor)
            for link_id, version in zip(ended["link_id"], ended["link_version"], strict=True))]
        return {"links": [[link_id, *before[link_id], versions[link_id]] for link_id in changes], "ended": finished}

    @classmethod
    def _revert(cls, tx: Transaction, payload: Mapping[str, Any], actor: str) -> None:
        for link_id, version in payload["ended"]:
            tx.links.reopen(link_id, expected_version=version, actor=actor)
        changes = {link_id: {"snapshot": snapshot, "pending_side": pending,
                             "synced_at": datetime.fromisoformat(synced_at) if synced_at else None}
                   for link_id, snapshot, synced_at, pending, _version in payload["links"]}
        expected = {link_id: version for link_id, *_rest, version in payload["links"]}
        if changes:
            tx.links.update_many(changes, expected=expected, actor=actor)


ACTIONS: dict[str, type[Action]] = {
    action.name: action
    for action in (LinkPartners, CreatePartners, CreatePartner, ResolveConflicts, ResolveConflict, SetSync, Unlink,
                   ImportLinks, DecidePair, DecidePairs, RecordSync)
}
"""Action name (as in the audit log) -> class, for :func:`undo_entry`."""

