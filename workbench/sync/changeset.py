"""Change sets: what must be created, updated or deactivated in each system to be in sync.

:func:`build_changeset` reads a :class:`~workbench.sync.categories.SyncOverview`
(which already reflects the stored decisions) and lists, per system:

* **create** – partners planned by *create partner*, with the source record's values;
* **update** – fields to carry over: one-sided changes since the last sync, values
  of the side that leads a field (:class:`~workbench.connections.SyncRules`), decided
  conflicts, typed corrections, and differences only in form where the rules
  harmonise them from the leading side (undecided conflicts are left out);
* **deactivate** – records whose partner is gone (category *deleted*) while the link
  syncs, set to the system's inactive status word; an update setting the status
  inactive counts too.

Values go into each system in its own words (a field's value list translates them),
a created record gets the rules' default where its value is empty, and the fields
stand in the system's own order (its connection's ``review_fields`` first).

Each system's changes are a frame in the workbench format (``action``, the key
field, the record's fields with their new values, ``changed_fields``), exported
with :func:`export_changeset` (xlsx or csv, atomic, formula-safe) or applied to a
SQL table with :func:`apply_changes` (one transaction; applying twice changes
nothing the second time). Once both systems have their changes, apply
:class:`~workbench.sync.actions.RecordSync` so the links remember the synced values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from workbench.connections.syncrules import value_map
from workbench.errors import ConfigError
from workbench.io import write_table
from workbench.normalize import status_key
from workbench.normalize.status import ACTIVE as ACTIVE_STATUS
from workbench.normalize.status import INACTIVE as INACTIVE_STATUS
from workbench.schema import RecordKind
from workbench.store.targets import AppliedChanges, SqlTable
from workbench.sync.categories import (
    A_TO_B,
    B_TO_A,
    BOTH_CHANGED,
    CATEGORIES,
    CONFLICT,
    CORRECTION,
    DELETED,
    NEW,
    SIDES,
    SYNCHRONIZED,
    SyncOverview,
    same_values,
    translated,
)

CREATE, UPDATE, DEACTIVATE = "create", "update", "deactivate"
INTERNAL_COLUMNS = ("link_id", "category")
"""Columns of :attr:`SystemChanges.records` that are not written to a system."""
RECORD_CHANGES = (CREATE, UPDATE, DEACTIVATE)
"""What a change set does to a record (its ``action`` column), unlike the sync actions of
:data:`workbench.sync.actions.ACTIONS` (what a steward does)."""
STATUS = "status"


@dataclass
class SystemChanges:
    """The changes one system needs.

    Attributes:
        records: One row per record to touch: ``action``, the key field, the
            record's fields as they should be (in the system's field order),
            ``changed_fields``, and the internal ``link_id`` and ``category`` (the
            overview category the record's link is in; ``new`` for a created one).
    """

    system: str
    side: str
    kind: RecordKind
    records: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """Records per action."""
        found = self.records["action"].value_counts()
        return {action: int(found.get(action, 0)) for action in RECORD_CHANGES}

    def table(self) -> pd.DataFrame:
        """The changes in the workbench format (without the internal ``link_id`` and ``category``)."""
        return self.records.drop(columns=list(INTERNAL_COLUMNS))


@dataclass
class ChangeSet:
    """The changes for both systems, and the values their links hold once both are applied.

    Attributes:
        snapshots: ``link_id``, ``link_version`` and ``snapshot`` (field -> value)
            for every link that is in sync once the changes are applied.
        ended: ``link_id`` and ``link_version`` of links whose partner is gone and
            whose remaining record is deactivated: they end when the sync is recorded,
            and that record counts as *inactive* from then on.
    """

    a: SystemChanges
    b: SystemChanges
    snapshots: pd.DataFrame
    ended: pd.DataFrame

    def __iter__(self) -> Iterator[SystemChanges]:
        return iter((self.a, self.b))

    def for_system(self, name: str) -> SystemChanges:
        """The changes of the system called ``name``."""
        for changes in self:
            if changes.system == name:
                return changes
        raise ConfigError(f"this change set is for {self.a.system} and {self.b.system}, not {name!r}")

    def summary(self) -> pd.DataFrame:
        """Records per action (rows) and system (columns)."""
        return pd.DataFrame({changes.system: changes.counts for changes in self}).rename_axis("action")

    def by_category(self) -> pd.DataFrame:
        """What would be written where, per overview category: one row per category, system and action,
        with the number of ``records`` and the ``fields`` written (comma-separated, in the system's order).

        Examples:
            >>> empty = pd.DataFrame(columns=["action", "customer_no", "changed_fields", "link_id", "category"])
            >>> from workbench.schema import CUSTOMER
            >>> ChangeSet(SystemChanges("CRM", "a", CUSTOMER, empty), SystemChanges("ERP", "b", CUSTOMER, empty),
            ...           pd.DataFrame(), pd.DataFrame()).by_category().columns.tolist()
            ['category', 'system', 'action', 'records', 'fields']
        """
        rows = []
        for changes in self:
            records = changes.records
            for (category, action), group in records.groupby(["category", "action"], sort=False):
                written = {name.strip() for text in group["changed_fields"].dropna() for name in text.split(",")}
                order = [c for c in records.columns if c in written]
                rows.append([category, changes.system, action, len(group), ", ".join(order)])
        table = pd.DataFrame(rows, columns=["category", "system", "action", "records", "fields"])
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        return table.sort_values(["category", "system"], key=lambda c: c.map(rank) if c.name == "category" else c,
                                 kind="stable").reset_index(drop=True)


def build_changeset(overview: SyncOverview) -> ChangeSet:
    """The change set that brings the overview's two systems in sync (as far as decided).

    Build it from an overview loaded after the decisions were taken (decisions turn
    conflicts into updates when the overview is computed).
    """
    edits = pd.concat([_carried(overview), _deactivations(overview)], ignore_index=True)
    per_side = {side: _records(overview, side, edits[edits["side"] == side]) for side in SIDES}
    return ChangeSet(
        a=SystemChanges(overview.system_a, "a", overview.kind, per_side["a"]),
        b=SystemChanges(overview.system_b, "b", overview.kind, per_side["b"]),
        snapshots=_snapshots(overview),
        ended=_ended(overview),
    )


def _ended(overview: SyncOverview) -> pd.DataFrame:
    """Links whose partner is gone and whose remaining record is (made) inactive: they end with the sync."""
    deleted = overview.pairs[overview.pairs["category"] == DELETED]
    survivor_has_status = np.where(deleted["a_row"].notna(), STATUS in overview.a.columns, STATUS in overview.b.columns)
    return deleted.loc[survivor_has_status.astype(bool), ["link_id", "link_version"]].reset_index(drop=True)


def export_changeset(changeset: ChangeSet, folder: str | Path, *, suffix: str = ".xlsx") -> list[Path]:
    """Write each system's changes as ``changes_<system><suffix>`` (xlsx or csv) in ``folder``.

    Writes are atomic and formula-safe (:func:`workbench.io.write_table`).
    Returns the written files.
    """
    if suffix not in (".xlsx", ".csv"):
        raise ConfigError(f"change sets are written as .xlsx or .csv, not {suffix!r}")
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [Path(write_table(changes.table(), target / f"changes_{_file_name(changes.system)}{suffix}"))
            for changes in changeset]


def apply_changes(changes: SystemChanges, target: str | Engine, table: str, *, schema: str | None = None,
                  ) -> AppliedChanges:
    """Apply one system's changes to its SQL table in one transaction (bound parameters only).

    Columns are matched to fields by their names or header aliases (``Kundennummer``
    means ``customer_no``). Creates insert missing records, updates and deactivations
    change differing values only, so applying the same changes again changes nothing.

    Raises:
        InputError: The table or its key column is missing.
        StoreError: A record to update is gone, or a record to create exists with other
            values; nothing is changed then.
    """
    return SqlTable(target, table, changes.kind, schema=schema).apply(changes.table())


def _file_name(system: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in system)


def _carried(overview: SyncOverview) -> pd.DataFrame:
    """Field values to write per side: updates A→B, B→A, corrections (to both sides) and harmonised forms.

    A value the receiving side already holds is left out: for a harmonised form, only as written.
    """
    changes = pd.concat([overview.changes.assign(form=False), _harmonised(overview).assign(form=True)],
                        ignore_index=True)
    parts = []
    for side, kinds, own in (("b", (A_TO_B, CORRECTION), "b_value"), ("a", (B_TO_A, CORRECTION), "a_value")):
        chosen = changes[changes["change"].isin(kinds)]
        already = np.zeros(len(chosen), dtype=bool)
        for (name, form), rows in chosen.groupby(["field", "form"], sort=False).indices.items():
            at = np.zeros(len(chosen), dtype=bool)
            at[rows] = True
            already[at] = same_values(name, chosen.loc[at, own], chosen.loc[at, "value"],
                                      strict=bool(form) or overview.rules.rule(name).strict)
        chosen = chosen[~already]
        parts.append(pd.DataFrame({"side": side, "no": chosen[f"{side}_no"], "link_id": chosen["link_id"],
                                   "field": chosen["field"], "value": chosen["value"]}))
    return pd.concat(parts, ignore_index=True)


def _harmonised(overview: SyncOverview) -> pd.DataFrame:
    """Differences only in form that the rules harmonise: the leading side's form, as an update."""
    cosmetic = overview.cosmetic[overview.cosmetic["value"].notna()]
    return cosmetic.assign(change=cosmetic["leader"]).drop(columns="leader")


def _deactivations(overview: SyncOverview) -> pd.DataFrame:
    """Status changes for records whose partner is gone while their link syncs."""
    parts = []
    syncing = set(overview.links.loc[overview.links["sync"].astype(bool), "link_id"])
    for side in SIDES:
        frame = overview.side_frame(side)
        if STATUS not in frame.columns:
            continue
        records = overview.records
        gone = records[(records["side"] == side) & (records["category"] == DELETED)
                       & records["link_id"].isin(syncing)]
        active = (status_key(frame.loc[gone["row"], STATUS]) != INACTIVE_STATUS).to_numpy()
        gone = gone[active]
        parts.append(pd.DataFrame({"side": side, "no": gone["no"], "link_id": gone["link_id"], "field": STATUS,
                                   "value": inactive_word(frame[STATUS])}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["side", "no", "link_id", "field", "value"])


def inactive_word(statuses: pd.Series) -> str:
    """The word a system uses for inactive records: its most frequent one; else the negation of its
    active word when that is aktiv / active (inaktiv / inactive, in the same case); else ``inactive``.

    Examples:
        >>> inactive_word(pd.Series(["aktiv", "inaktiv", "Inaktiv", "inaktiv"]))
        'inaktiv'
        >>> inactive_word(pd.Series(["Aktiv", None]))
        'Inaktiv'
        >>> inactive_word(pd.Series(["ja", None]))
        'inactive'
    """
    keys = status_key(statuses)
    words = statuses[keys == INACTIVE_STATUS]
    if not words.empty:
        return str(words.value_counts().index[0])
    active = statuses[keys == ACTIVE_STATUS]
    word = str(active.value_counts().index[0]) if not active.empty else ""
    if word.casefold() in ("aktiv", "active"):
        return ("In" if word[0].isupper() else "in") + word.lower()
    return INACTIVE_STATUS


def _records(overview: SyncOverview, side: str, edits: pd.DataFrame) -> pd.DataFrame:
    kind, frame = overview.kind, overview.side_frame(side)
    shown = overview.rules.order(side, [f for f in kind.field_names if f in frame.columns or f in overview.fields])
    columns = ["action", *shown, "changed_fields", *INTERNAL_COLUMNS]
    updated = _updated_records(overview, side, edits, shown)
    created = _created_records(overview, side, shown)
    records = pd.concat([df for df in (created, updated) if not df.empty], ignore_index=True) \
        if not (created.empty and updated.empty) else pd.DataFrame(columns=columns)
    category = overview.pairs.set_index("link_id")["category"]
    records["category"] = np.where(records["action"] == CREATE, NEW,
                                   records["link_id"].map(category).to_numpy(dtype=object))
    records = records.reindex(columns=columns).astype(object)
    return records.where(records.notna(), None)


def _updated_records(overview: SyncOverview, side: str, edits: pd.DataFrame, shown: list[str]) -> pd.DataFrame:
    if edits.empty:
        return pd.DataFrame()
    kind, frame = overview.kind, overview.side_frame(side)
    records = overview.records[overview.records["side"] == side].set_index("no")
    edits = edits.drop_duplicates(["no", "field"], keep="last")
    wide = edits.pivot(index="no", columns="field", values="value")
    current = frame.loc[records.loc[wide.index, "row"]].reindex(columns=shown)
    current.index = wide.index
    desired = current.copy()
    for name in wide.columns:
        given = edits.set_index(["no", "field"])["value"].xs(name, level="field")
        desired.loc[given.index, name] = given.to_numpy()
    changed = edits.groupby("no", sort=False)["field"].agg(lambda f: ", ".join(n for n in shown if n in set(f)))
    desired[kind.id_field] = wide.index
    action = np.full(len(desired), UPDATE, dtype=object)
    if STATUS in desired.columns:
        now_inactive = (status_key(desired[STATUS]) == INACTIVE_STATUS).to_numpy()
        was_inactive = (status_key(current[STATUS]) == INACTIVE_STATUS).to_numpy()
        action[now_inactive & ~was_inactive] = DEACTIVATE
    desired.insert(0, "action", action)
    desired["changed_fields"] = changed.reindex(desired.index).to_numpy()
    desired["link_id"] = edits.drop_duplicates("no").set_index("no")["link_id"].reindex(desired.index).to_numpy()
    return desired.reset_index(drop=True)


def _created_records(overview: SyncOverview, side: str, shown: list[str]) -> pd.DataFrame:
    other = "b" if side == "a" else "a"
    records = overview.records
    planned = records[(records["side"] == other) & (records["category"] == NEW) & records["partner_no"].notna()]
    if planned.empty:
        return pd.DataFrame()
    created = created_values(overview, other, planned["row"])
    created = created[[f for f in shown if f in created.columns]]
    created[overview.kind.id_field] = planned["partner_no"].to_numpy()
    created.insert(0, "action", CREATE)
    created["changed_fields"] = ", ".join(c for c in shown if c in created.columns and c != overview.kind.id_field)
    created["link_id"] = planned["link_id"].to_numpy()
    return created


def _snapshots(overview: SyncOverview) -> pd.DataFrame:
    """The mapped values each link's two records hold once the changes are applied."""
    pairs = overview.pairs
    synced = pairs[pairs["category"].isin([SYNCHRONIZED, CONFLICT])]
    values = {name: synced[f"a_{name}"].to_numpy(dtype=object).copy() for name in overview.fields}
    position = pd.Series(np.arange(len(synced)), index=synced["link_id"].to_numpy())
    changes = overview.changes[overview.changes["link_id"].isin(position.index)]
    open_fields: dict[int, set[str]] = {}
    for link_id, name, change, value in changes[["link_id", "field", "change", "value"]].itertuples(index=False):
        if change == BOTH_CHANGED:
            open_fields.setdefault(int(link_id), set()).add(name)
        elif change != A_TO_B:  # A keeps its value when it is carried to B (snapshots hold A's words)
            values[name][position[link_id]] = value
    old = _old_snapshots(overview, synced["link_id"])
    snapshots = []
    for i, link_id in enumerate(synced["link_id"].to_numpy()):
        snapshot = {name: values[name][i] for name in overview.fields}
        for name in open_fields.get(int(link_id), ()):  # still undecided: keep what was synced last, if anything
            if old[i] is not None and name in old[i]:
                snapshot[name] = old[i][name]
            else:
                del snapshot[name]
        snapshots.append(snapshot)
    result = pd.DataFrame({"link_id": synced["link_id"].to_numpy(), "link_version": synced["link_version"].to_numpy(),
                           "snapshot": snapshots})
    return pd.concat([result, _created_snapshots(overview)], ignore_index=True)


def _old_snapshots(overview: SyncOverview, link_ids: pd.Series) -> list[dict | None]:
    return overview.links.set_index("link_id")["snapshot"].reindex(link_ids.to_numpy()).tolist()


def _created_snapshots(overview: SyncOverview) -> pd.DataFrame:
    records = overview.records
    planned = records[(records["category"] == NEW) & records["partner_no"].notna()]
    rows = []
    for side in SIDES:
        mine = planned[planned["side"] == side]
        values = created_values(overview, side, mine["row"])[list(overview.fields)]
        if side == "a":  # snapshots hold A's words
            values = values.apply(lambda column: translated(column, value_map(overview.rules.rule(column.name), "a")))
        rows += [(int(link_id), int(version), snapshot) for link_id, version, snapshot in
                 zip(mine["link_id"], mine["link_version"], values.to_dict("records"), strict=True)]
    return pd.DataFrame(rows, columns=["link_id", "link_version", "snapshot"])


def created_values(overview: SyncOverview, source: str, rows: pd.Series) -> pd.DataFrame:
    """What the partners created for ``source``'s records in ``rows`` hold: the mapped fields in the other
    system's words, and the rules' defaults where a value is empty (also for fields the source lacks)."""
    target = "b" if source == "a" else "a"
    values = overview.side_frame(source).loc[rows, list(overview.fields)].reset_index(drop=True)
    for name in values.columns:
        values[name] = translated(values[name], value_map(overview.rules.rule(name), target))
    for name, rule in overview.rules.fields.items():
        if rule.default is None or not rule.writes_to(target):
            continue
        column = values[name] if name in values.columns else pd.Series(None, index=values.index, dtype=object)
        empty = column.isna() | column.astype(str).str.strip().eq("")
        values[name] = column.where(~empty, rule.default)
    return values
