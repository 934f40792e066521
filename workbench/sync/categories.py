"""The sync overview: every record of two systems in exactly one category.

Given system A and system B as canonical frames (see :mod:`workbench.io.base`)
and the links in the store, :func:`categorize` puts each record in one of

* **conflict** – linked, sync on, and at least one mapped field differs in a way
  nobody has decided yet: changed on both sides since the last sync, or differing
  while the link has no snapshot yet and the field has no leading side;
* **new** – in one system only, not linked, active (a partner may already be
  planned by *create partner*: then ``partner_no`` names it);
* **deleted** – linked, and the partner is gone from its system, whatever the sync
  flag (a deletion is news a steward must act on, so it comes before *disabled*);
* **disabled** – linked with sync switched off, both records present;
* **synchronized** – linked, sync on, both present, and nothing to decide: the
  mapped fields are equal, or differ only by changes the field's rule carries over
  (*updates*: made on one side since the last sync, or from the side that leads the
  field) or settled by a decision;
* **inactive** – not linked and inactive.

**Equal** is equal after the field's normalisation (:func:`comparable`): e-mail
case and spaces, phones as E.164 (or country code + digits where phonenumbers
cannot validate the number, digits where it cannot read it), postcodes with the
leading zeros Excel dropped, VAT ids with or without their country prefix,
country names and codes, status words, the day a date names; every other field
compared without regard to case and spacing. A difference only in form is no
conflict: it is listed apart (:attr:`SyncOverview.cosmetic`) and written only
when the rules say to harmonise it from the leading side. A field whose rule is
*strict* is compared exactly as written.

A link remembers the mapped values at the last sync (its *snapshot*): a field
changed on one side only is an update A→B or B→A; changed on both sides to
different values it is a conflict. Before the first sync there is no snapshot:
the field's rule (:class:`~workbench.connections.SyncRules`) decides — the side
that leads it (``>``, ``<``, ``<>`` with a winner) wins; a field without a leader,
or compared only (``=``), is a conflict.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.connections.syncrules import COMPARE_ONLY, HARMONISE, NO_RULES, FieldRule, SyncRules, value_map
from workbench.errors import InputError
from workbench.io.base import ImportedTable
from workbench.normalize import (
    country_key,
    date_key,
    email_key,
    fold,
    phone_key,
    postcode_key,
    status_key,
    vat_key,
)
from workbench.normalize.status import INACTIVE as INACTIVE_STATUS
from workbench.normalize.text import map_unique
from workbench.normalize.vocabulary import DEFAULT_REGION
from workbench.schema import DATE_FIELDS, RecordKind, detect_kind, get_kind
from workbench.store import TYPED, WINNER_A, WINNER_B, Store

CONFLICT, NEW, DELETED, DISABLED, SYNCHRONIZED, INACTIVE = (
    "conflict", "new", "deleted", "disabled", "synchronized", "inactive")
CATEGORIES: tuple[str, ...] = (CONFLICT, NEW, DELETED, DISABLED, SYNCHRONIZED, INACTIVE)
LINKED_CATEGORIES: tuple[str, ...] = (CONFLICT, DELETED, DISABLED, SYNCHRONIZED)

A_TO_B, B_TO_A, BOTH_CHANGED, CORRECTION = "a_to_b", "b_to_a", "conflict", "correction"
"""Kinds of difference in :attr:`SyncOverview.changes`: carry A's value to B, B's to A,
a conflict to decide, or a value a steward typed (carried to both)."""

SIDES = ("a", "b")
NOT_COMPARED = ("updated_at", "partner_no")
"""Fields never compared: the moment of the last change, and references to numbers of the own system."""

_KEYED = {
    "email": lambda values, _countries, _region: email_key(values),
    "phone": lambda values, countries, region: phone_key(values, country_key(countries), region),
    "mobile": lambda values, countries, region: phone_key(values, country_key(countries), region),
    "postcode": lambda values, countries, _region: postcode_key(values, country_key(countries)),
    "vat_id": lambda values, countries, _region: vat_key(values, country_key(countries)),
    "country": lambda values, _countries, _region: country_key(values),
    "status": lambda values, _countries, _region: status_key(values),
    **{name: lambda values, _countries, _region: date_key(values) for name in sorted(DATE_FIELDS)},
}
"""Fields with a key of their own in :mod:`workbench.normalize` (dates: the day they name); the
others compare as text without regard to case and spacing (:func:`text_form`)."""

_UNREADABLE = {"phone", "mobile"}
"""Fields whose values without a key (unreadable) compare by their digits."""

COSMETIC_COLUMNS = ("link_id", "a_no", "b_no", "field", "a_value", "b_value", "leader", "value")

Key = Callable[[pd.Series, pd.Series, str], pd.Series]

RECORD_COLUMNS = ("side", "system", "row", "no", "category", "link_id", "link_version", "partner_no")
CHANGE_COLUMNS = ("link_id", "a_no", "b_no", "field", "a_value", "b_value", "last_synced", "change", "value",
                  "decision_id")
PAIR_COLUMNS = ("link_id", "link_version", "category", "sync", "synced_at", "a_row", "a_no", "b_row", "b_no",
                "differing", "conflicts")


@dataclass
class SyncOverview:
    """The result of :func:`categorize`.

    Attributes:
        records: One row per record of both systems: ``side`` (``a``/``b``),
            ``system``, ``row`` (as in its source), ``no``, ``category``, ``link_id``,
            ``link_version`` and ``partner_no`` (the linked or planned partner's number).
        pairs: One row per active link with a present record: link id and version,
            ``category``, sync flag, both record numbers and rows, ``differing`` and
            ``conflicts`` (field names, comma-separated) and both sides' values as
            ``a_<field>`` / ``b_<field>`` (plus ``a_updated_at`` / ``b_updated_at``).
        changes: One row per differing field of a linked pair: both values, the
            value at the last sync, ``change`` (``a_to_b``, ``b_to_a``, ``conflict``,
            ``correction``), the ``value`` to carry and the deciding ``decision_id``.
        cosmetic: One row per field of a linked pair (sync on) whose values differ only in
            form (``Müller GmbH`` / ``MÜLLER GMBH``): both values, ``leader``
            (``a_to_b``, ``b_to_a`` or None) and the ``value`` to write where the rules
            harmonise (else None). Never a conflict.
        orphans: Links neither of whose records is present.
        links: The active links as the store holds them (with ``snapshot``, ``pending_side``).
        repeated: Records whose number another record of the same system has too
            (``side``, ``system``, ``row``, ``no``): they cannot be linked by it.
    """

    system_a: str
    system_b: str
    kind: RecordKind
    fields: tuple[str, ...]
    a: pd.DataFrame
    b: pd.DataFrame
    records: pd.DataFrame
    pairs: pd.DataFrame
    changes: pd.DataFrame
    orphans: pd.DataFrame
    links: pd.DataFrame
    repeated: pd.DataFrame
    rules: SyncRules = NO_RULES
    cosmetic: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COSMETIC_COLUMNS)))
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        """Records per category (both systems), in the order of :data:`CATEGORIES`."""
        found = self.records["category"].value_counts()
        return {category: int(found.get(category, 0)) for category in CATEGORIES}

    def summary(self) -> pd.DataFrame:
        """Records per category and system: rows :data:`CATEGORIES`, columns system A, system B, total."""
        table = pd.crosstab(self.records["category"], self.records["side"]).reindex(
            index=list(CATEGORIES), columns=list(SIDES), fill_value=0)
        table.columns = [self.system_a, self.system_b]
        table["total"] = table.sum(axis=1)
        table.index.name = "category"
        return table

    def frame(self, category: str) -> pd.DataFrame:
        """The browsable list of one category.

        Linked categories (conflict, deleted, disabled, synchronized) list one row
        per link, as :attr:`pairs`; new and inactive list one row per record with
        ``side``, ``system``, ``row``, ``no``, ``partner_no`` and the record's fields.
        """
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; one of {', '.join(CATEGORIES)}")
        if category not in self._frames:
            if category in LINKED_CATEGORIES:
                self._frames[category] = self.pairs[self.pairs["category"] == category].reset_index(drop=True)
            else:
                self._frames[category] = self._single_records(category)
        return self._frames[category]

    def system(self, side: str) -> str:
        """The name of the system on ``side`` (``a`` or ``b``)."""
        return self.system_a if side == "a" else self.system_b

    def side_frame(self, side: str) -> pd.DataFrame:
        """The canonical frame of the system on ``side``."""
        return self.a if side == "a" else self.b

    def _single_records(self, category: str) -> pd.DataFrame:
        parts = []
        for side in SIDES:
            chosen = self.records[(self.records["category"] == category) & (self.records["side"] == side)]
            source = self.side_frame(side)
            values = source.loc[chosen["row"], [f for f in self.kind.field_names if f in source.columns]]
            parts.append(pd.concat([chosen[["side", "system", "row", "no", "partner_no"]].reset_index(drop=True),
                                    values.reset_index(drop=True)], axis=1))
        return pd.concat(parts, ignore_index=True)


def categorize(
    a: pd.DataFrame | ImportedTable,
    b: pd.DataFrame | ImportedTable,
    store: Store,
    *,
    system_a: str = "A",
    system_b: str = "B",
    kind: str | RecordKind | None = None,
    fields: Sequence[str] | None = None,
    default_region: str = DEFAULT_REGION,
    rules: SyncRules | None = None,
) -> SyncOverview:
    """Put every record of systems A and B in exactly one sync category.

    Args:
        a, b: The two systems' records as canonical frames (or imported tables).
        store: The state store holding the links (systems are registered on first use).
        system_a, system_b: The systems' names in the store.
        kind: The record kind (default: the imported tables' kind, else the kind the
            frames' key column shows, else customer).
        fields: The mapped fields to compare (default: the kind's fields present in
            both frames, without the key field and :data:`NOT_COMPARED`, in the field
            order of system B, the target: ``rules.order_b`` first).
        default_region: Region for phone numbers of records without a country.
        rules: How each field syncs (direction, strictness, value lists; see
            :class:`~workbench.connections.SyncRules`); default: both ways, no leader.

    Records sharing a number with another record of their system cannot be linked
    by it: they are new (or inactive) and listed in :attr:`SyncOverview.repeated`.

    Raises:
        InputError: A frame lacks the key field, the two tables (or a table and ``kind``)
            hold different kinds of records, a link names a number that two records
            of its system share (which one is meant?), or a value is missing from its
            field's value list (all such values are listed; nothing is written).
    """
    rules = rules or NO_RULES
    record_kind = _common_kind(a, b, kind)
    frame_a, frame_b = _frame(a), _frame(b)
    check_value_lists(frame_a, frame_b, rules, (getattr(a, "source", None), getattr(b, "source", None)))
    keys_a = _record_numbers(frame_a, record_kind, getattr(a, "source", None), system_a)
    keys_b = _record_numbers(frame_b, record_kind, getattr(b, "source", None), system_b)
    compared = tuple(fields) if fields is not None else tuple(
        rules.order("b", list(compared_fields(frame_a, frame_b, record_kind))))  # review views: the target's order

    with store.reading() as tx:
        store_a = tx.systems.ensure(system_a, record_kind.name)
        store_b = tx.systems.ensure(system_b, record_kind.name)
        links = tx.links.frame(store_a, store_b)
        verdicts = tx.decisions.field_frame(store_a, store_b)

    repeated = pd.concat([_repeated("a", system_a, keys_a), _repeated("b", system_b, keys_b)], ignore_index=True)
    _refuse_ambiguous_links(links, repeated, record_kind, {"a": getattr(a, "source", None),
                                                           "b": getattr(b, "source", None)}, (system_a, system_b))
    a_pos = _positions(keys_a.where(~keys_a.isin(repeated["no"][repeated["side"] == "a"]), None), links["a_no"])
    b_pos = _positions(keys_b.where(~keys_b.isin(repeated["no"][repeated["side"] == "b"]), None), links["b_no"])
    present_a, present_b = a_pos >= 0, b_pos >= 0
    pending = links["pending_side"].to_numpy(dtype=object)
    sync = links["sync"].to_numpy(dtype=bool)
    planned_a = (pending == "b") & present_a & ~present_b  # A's partner is still to be created in B
    planned_b = (pending == "a") & present_b & ~present_a
    compare = sync & present_a & present_b

    changes, cosmetic = _changes(frame_a, frame_b, links[compare], a_pos[compare], b_pos[compare], compared,
                                 default_region, rules)
    changes = _apply_decisions(changes, verdicts)
    conflicted = set(changes.loc[changes["change"] == BOTH_CHANGED, "link_id"])

    link_category = np.select(
        [planned_a | planned_b, ~(present_a & present_b), ~sync, links["link_id"].isin(conflicted).to_numpy()],
        [NEW, DELETED, DISABLED, CONFLICT], default=SYNCHRONIZED)
    orphan = ~present_a & ~present_b

    records = pd.concat([
        _side_records("a", system_a, frame_a, keys_a, links, a_pos, link_category, orphan, "b_no"),
        _side_records("b", system_b, frame_b, keys_b, links, b_pos, link_category, orphan, "a_no"),
    ], ignore_index=True)
    pairs = _pairs(links, link_category, ~orphan & ~(planned_a | planned_b), frame_a, frame_b, a_pos, b_pos,
                   compared, changes)
    return SyncOverview(system_a=system_a, system_b=system_b, kind=record_kind, fields=compared, a=frame_a,
                        b=frame_b, records=records, pairs=pairs, changes=changes,
                        orphans=links[orphan].reset_index(drop=True), links=links, repeated=repeated, rules=rules,
                        cosmetic=cosmetic)


def _common_kind(a: pd.DataFrame | ImportedTable, b: pd.DataFrame | ImportedTable,
                 kind: str | RecordKind | None) -> RecordKind:
    """The kind both systems hold: ``kind``, else the imported tables' kind, else the kind the
    frames' key column shows (:func:`workbench.schema.detect_kind`), else customer."""
    tables = [t for t in (a, b) if isinstance(t, ImportedTable)]
    found = {t.kind.name: t.source for t in tables}
    if kind is None and not found:
        found = {shown.name: None for shown in (detect_kind(t.columns) for t in (a, b)) if shown is not None}
    if kind is not None:
        found = {get_kind(kind).name: None, **found}
    if len(found) > 1:
        raise InputError(f"the systems hold different kinds of records ({' and '.join(found)})",
                         file=next((source for source in found.values() if source), None),
                         hint="Read both systems with the same kind (read_table(..., kind=...)).")
    return get_kind(next(iter(found), "customer"))


def compared_fields(a: pd.DataFrame, b: pd.DataFrame, kind: RecordKind) -> tuple[str, ...]:
    """The kind's fields both frames have, without the key field and :data:`NOT_COMPARED`.

    Examples:
        >>> from workbench.schema import CUSTOMER
        >>> compared_fields(pd.DataFrame(columns=["customer_no", "email", "city", "updated_at"]),
        ...                 pd.DataFrame(columns=["customer_no", "city", "email"]), CUSTOMER)
        ('email', 'city')
    """
    skip = {kind.id_field, *NOT_COMPARED}
    return tuple(f for f in kind.field_names if f not in skip and f in a.columns and f in b.columns)


def same_values(field_name: str, x: pd.Series, y: pd.Series, x_countries: pd.Series | None = None,
                y_countries: pd.Series | None = None, default_region: str = DEFAULT_REGION, *,
                strict: bool = False) -> np.ndarray:
    """Whether each pair of values of ``field_name`` is equal for sync (aligned by position).

    Examples:
        >>> same_values("email", pd.Series(["Anna@Web.DE", "a@web.de"]),
        ...             pd.Series(["anna@web.de", None])).tolist()
        [True, False]
        >>> same_values("city", pd.Series([" Köln ", "Köln", "Köln"]), pd.Series(["Köln", "KÖLN", "Koeln"])).tolist()
        [True, True, False]
        >>> same_values("city", pd.Series(["Köln"]), pd.Series(["KÖLN"]), strict=True).tolist()
        [False]
        >>> same_values("phone", pd.Series(["0221 123456"]), pd.Series(["+49 221 123456"])).tolist()
        [True]
    """
    x = pd.Series(x.to_numpy(dtype=object), dtype=object)
    y = pd.Series(y.to_numpy(dtype=object), dtype=object)
    same = _equal(as_written(x), as_written(y))
    todo = np.flatnonzero(~same)
    if len(todo) and not strict:
        same[todo] = _equal(comparable(field_name, x[todo], _subset(x_countries, todo), default_region),
                            comparable(field_name, y[todo], _subset(y_countries, todo), default_region))
    return same


def comparable(field_name: str, values: pd.Series, countries: pd.Series | None = None,
               default_region: str = DEFAULT_REGION) -> pd.Series:
    """What sync compares: the field's normalised key where the value has one, else its text form.

    Phone numbers without any key (unreadable) compare by their digits.

    Examples:
        >>> comparable("phone", pd.Series(["0221 123456", "12", "+45 1234 5678"]),
        ...            pd.Series(["DE", "DE", "DK"])).tolist()
        ['+49221123456', '12', '+4512345678']
        >>> comparable("postcode", pd.Series(["4128", "04128"]), pd.Series(["Deutschland", "DE"])).tolist()
        ['04128', '04128']
        >>> comparable("vat_id", pd.Series(["DK12345678", "12345678"]), pd.Series(["DK", "Danmark"])).tolist()
        ['DK12345678', 'DK12345678']
        >>> comparable("status", pd.Series(["Aktiv", " mal sehen "])).tolist()
        ['active', 'mal sehen']
        >>> comparable("company", pd.Series(["MÜLLER  GMBH"])).tolist()
        ['müller gmbh']
    """
    values = pd.Series(values.to_numpy(dtype=object), dtype=object)
    key: Key | None = _KEYED.get(field_name)
    if key is None:
        return text_form(values)
    regions = pd.Series(np.full(len(values), None, dtype=object) if countries is None
                        else countries.to_numpy(dtype=object), dtype=object)
    found = key(values, regions, default_region).astype(object)
    missing = found.isna().to_numpy()
    if missing.any():  # no key (unreadable, placeholder): compared as text, phones by their digits
        rest = text_form(values[missing])
        if field_name in _UNREADABLE:
            rest = map_unique(rest, lambda text: "".join(c for c in text if c.isdigit()) or text)
        found[missing] = rest.to_numpy(dtype=object)
    return found


def text_form(values: pd.Series) -> pd.Series:
    """Text as sync compares it: NFC, lower case, trimmed, inner whitespace collapsed; None when empty.

    Letters stay as written: ``Köln`` and ``Koeln``, ``Straße`` and ``Strasse``, ``Yılmaz`` and
    ``Yilmaz`` differ (a transliteration is content a sync would carry).

    Examples:
        >>> text_form(pd.Series(["  MÜLLER   GmbH ", "Straße", "", None])).tolist()
        ['müller gmbh', 'straße', None, None]
    """
    return map_unique(values, lambda text: " ".join(unicodedata.normalize("NFC", text).lower().split()) or None)


def as_written(values: pd.Series) -> pd.Series:
    """Values exactly as written, empty text as None (what a *strict* field compares)."""
    return map_unique(values, lambda text: text if text.strip() else None)


def _subset(values: pd.Series | None, positions: np.ndarray) -> pd.Series | None:
    return None if values is None else pd.Series(values.to_numpy(dtype=object)[positions], dtype=object)


def display_value(values: pd.Series) -> pd.Series:
    """Values as a person reads them: NFC, trimmed, inner whitespace collapsed; None when empty.

    Examples:
        >>> display_value(pd.Series(["  Hauptstr.   5 ", "", None])).tolist()
        ['Hauptstr. 5', None, None]
    """
    return map_unique(values, lambda text: " ".join(unicodedata.normalize("NFC", text).split()) or None)


def _equal(x: pd.Series, y: pd.Series) -> np.ndarray:
    x_values, y_values = x.to_numpy(dtype=object), y.to_numpy(dtype=object)
    x_missing, y_missing = pd.isna(x_values), pd.isna(y_values)
    return ((x_values == y_values) & ~x_missing) | (x_missing & y_missing)


def _frame(table: pd.DataFrame | ImportedTable) -> pd.DataFrame:
    return table.frame if isinstance(table, ImportedTable) else table


def _record_numbers(frame: pd.DataFrame, kind: RecordKind, source: str | None, system: str) -> pd.Series:
    if kind.id_field not in frame.columns:
        raise InputError(f"the records of {system} have no {kind.id_field} column", file=source,
                         hint=f"Map the column holding the record numbers to {kind.id_field}.")
    return display_value(frame[kind.id_field])


def _repeated(side: str, system: str, numbers: pd.Series) -> pd.DataFrame:
    """Records whose number another record of the same system has too."""
    twins = numbers[numbers.notna() & numbers.duplicated(keep=False)]
    return pd.DataFrame({"side": side, "system": system, "row": twins.index.to_numpy(),
                         "no": twins.to_numpy(dtype=object)})


def _refuse_ambiguous_links(links: pd.DataFrame, repeated: pd.DataFrame, kind: RecordKind,
                            sources: Mapping[str, str | None], systems: tuple[str, str]) -> None:
    for side, other, system, partner_system in (("a", "b", *systems), ("b", "a", *reversed(systems))):
        mine = repeated[repeated["side"] == side]
        named = links[links[f"{side}_no"].isin(mine["no"])]
        if named.empty:
            continue
        number, partner = named.iloc[0][f"{side}_no"], named.iloc[0][f"{other}_no"]
        rows = mine.loc[mine["no"] == number, "row"].tolist()
        raise InputError(f"{kind.id_field} {number!r} appears in rows {', '.join(map(str, rows))} of {system}, "
                         f"and the store links it to {partner_system} {partner}: which record is meant?",
                         file=sources[side], row=int(rows[1]), column=kind.id_field,
                         hint="Give one of them another number in the source and read it again.")


def _positions(numbers: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Position in ``numbers`` of each wanted number; -1 when absent."""
    present = np.flatnonzero(numbers.notna().to_numpy())
    found = pd.Index(numbers.to_numpy(dtype=object)[present]).get_indexer(wanted.to_numpy(dtype=object))
    return np.where(found >= 0, present[np.maximum(found, 0)] if len(present) else -1, -1)


def _changes(a: pd.DataFrame, b: pd.DataFrame, links: pd.DataFrame, a_pos: np.ndarray, b_pos: np.ndarray,
             fields: Sequence[str], default_region: str, rules: SyncRules) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per differing field of the compared links, with its kind of difference; and the
    differences only in form (:attr:`SyncOverview.cosmetic`).

    Each value is normalised once: A's and B's where they are not identical as
    written, the snapshot's where A and B differ. Fields with a value list compare
    in A's words (B's translated back), as the snapshot holds them.
    """
    snapshots = links["snapshot"].tolist()
    countries = _countries(a, b, a_pos, b_pos)
    snapshot_countries = pd.Series([s.get("country") if s else None for s in snapshots], dtype=object)
    numbers = {"link_id": links["link_id"].to_numpy(), "a_no": links["a_no"].to_numpy(dtype=object),
               "b_no": links["b_no"].to_numpy(dtype=object)}
    parts, cosmetic = [], []
    for name in fields:
        rule = rules.rule(name)
        a_values = pd.Series(a[name].to_numpy(dtype=object)[a_pos], dtype=object)
        b_values = pd.Series(b[name].to_numpy(dtype=object)[b_pos], dtype=object)
        b_in_a = translated(b_values, value_map(rule, "a"))
        todo = np.flatnonzero(~_equal(as_written(a_values), as_written(b_in_a)))
        if not len(todo):
            continue

        def key(values: pd.Series, side_countries: pd.Series | None, rows: np.ndarray,
                field_name: str = name, strict: bool = rule.strict) -> pd.Series:
            if strict:
                return as_written(values)
            return comparable(field_name, values, _subset(side_countries, rows), default_region)

        a_key, b_key = key(a_values[todo], countries["a"], todo), key(b_in_a[todo], countries["b"], todo)
        differ = ~_equal(a_key, b_key)
        a_diff, b_diff = a_values[todo].to_numpy(dtype=object), b_values[todo].to_numpy(dtype=object)
        if (~differ).any():
            cosmetic.append(_cosmetic(name, rule, rules, {k: v[todo][~differ] for k, v in numbers.items()},
                                      a_diff[~differ], b_diff[~differ], b_in_a[todo].to_numpy(dtype=object)[~differ]))
        if not differ.any():
            continue
        index = todo[differ]
        has_snapshot = np.array([snapshots[i] is not None and name in snapshots[i] for i in index], dtype=bool)
        last = pd.Series([snapshots[i].get(name) if has_snapshot[k] else None for k, i in enumerate(index)],
                         dtype=object)
        last_key = key(last, snapshot_countries, index)
        a_changed = ~_equal(a_key[differ].reset_index(drop=True), last_key)
        b_changed = ~_equal(b_key[differ].reset_index(drop=True), last_key)
        change = _kind_of_change(rule.direction, rule.leader, rule.writes_to("a"), rule.writes_to("b"),
                                 has_snapshot, a_changed, b_changed)
        a_diff, b_diff = a_diff[differ], b_diff[differ]
        a_in_b = translated(pd.Series(a_diff, dtype=object), value_map(rule, "b")).to_numpy(dtype=object)
        parts.append(pd.DataFrame({
            **{k: v[index] for k, v in numbers.items()}, "field": name, "a_value": a_diff, "b_value": b_diff,
            "last_synced": last.to_numpy(dtype=object), "change": change,
            "value": np.where(change == A_TO_B, a_in_b,
                              np.where(change == B_TO_A, b_in_a[index].to_numpy(dtype=object), None)),
        }))
    cosmetic_frame = (pd.concat(cosmetic, ignore_index=True) if cosmetic
                      else pd.DataFrame({c: pd.Series(dtype="int64" if c == "link_id" else object)
                                         for c in COSMETIC_COLUMNS}))
    if not parts:
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if c == "link_id" else object) for c in CHANGE_COLUMNS})
        return empty, cosmetic_frame
    changes = pd.concat(parts, ignore_index=True)
    changes["decision_id"] = None
    return changes[list(CHANGE_COLUMNS)], cosmetic_frame


def _kind_of_change(direction: str, leader: str | None, writes_a: bool, writes_b: bool, has_snapshot: np.ndarray,
                    a_changed: np.ndarray, b_changed: np.ndarray) -> np.ndarray:
    """What to do with each differing value of one field.

    With a snapshot, a change on one side is carried to the other — unless the rule
    never writes there: then the leading side's value is written back. Without a
    snapshot (a first sync) the leading side wins. Changes on both sides, fields
    without a leader on a first sync and compared-only fields are conflicts.
    """
    if direction == COMPARE_ONLY:
        return np.full(len(has_snapshot), BOTH_CHANGED, dtype=object)
    only_a = has_snapshot & a_changed & ~b_changed
    only_b = has_snapshot & b_changed & ~a_changed
    first = ~has_snapshot
    return np.select([only_a, only_b, first & (leader == "a"), first & (leader == "b")],
                     [A_TO_B if writes_b else B_TO_A, B_TO_A if writes_a else A_TO_B, A_TO_B, B_TO_A],
                     default=BOTH_CHANGED).astype(object)


def _cosmetic(name: str, rule: FieldRule, rules: SyncRules, numbers: Mapping[str, np.ndarray], a_values: np.ndarray,
              b_values: np.ndarray, b_in_a: np.ndarray) -> pd.DataFrame:
    """Differences only in form of one field, with the leading side's form to write where rules harmonise."""
    leader = {"a": A_TO_B, "b": B_TO_A}.get(rule.leader or "")
    harmonise = rules.cosmetic == HARMONISE and leader is not None and rule.direction != COMPARE_ONLY
    if leader == A_TO_B:
        value = translated(pd.Series(a_values, dtype=object), value_map(rule, "b")).to_numpy(dtype=object)
    else:
        value = b_in_a
    return pd.DataFrame({**numbers, "field": name, "a_value": a_values, "b_value": b_values, "leader": leader,
                         "value": value if harmonise else None})


def _listed(text: str, known: Mapping[str, str]) -> bool:
    return fold(text) in known


def translated(values: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Values translated by a value list (``folded value -> word``); values not in it stay as written.

    Examples:
        >>> translated(pd.Series(["Aktiv", "inaktiv", "?"]), {"aktiv": "Active", "inaktiv": "Inactive"}).tolist()
        ['Active', 'Inactive', '?']
    """
    if not mapping:
        return values
    return map_unique(values, lambda text: mapping.get(fold(text), text)).where(values.notna(), values)


def check_value_lists(a: pd.DataFrame, b: pd.DataFrame, rules: SyncRules,
                      sources: tuple[str | None, str | None] = (None, None)) -> None:
    """Refuse values missing from their field's value list, before anything is compared or written.

    Raises:
        InputError: naming every such field, system and value (with its first rows).
    """
    missing = []
    for name, rule in rules.fields.items():
        if not rule.values:
            continue
        for side, frame, own in (("a", a, "b"), ("b", b, "a")):
            if name not in frame.columns:
                continue
            written = map_unique(frame[name], lambda text: text.strip() or None)
            listed = map_unique(written, functools.partial(_listed, known=value_map(rule, own)))
            unknown = written.notna() & ~listed.eq(True)
            for value, rows in frame.index[unknown.to_numpy()].groupby(written[unknown].to_numpy()).items():
                system = rules.a if side == "a" else rules.b
                missing.append(f"{name} {value!r} of {system} (rows {', '.join(map(str, list(rows)[:3]))}"
                               f"{', …' if len(rows) > 3 else ''})")
    if missing:
        raise InputError(f"values missing from their value list: {'; '.join(missing)}",
                         file=next((source for source in sources if source), None),
                         hint="Add each under its field's 'values' in the connection file's syncs block "
                              "(one line per value, one to one), or correct the records. Nothing was written.")


def _countries(a: pd.DataFrame, b: pd.DataFrame, a_pos: np.ndarray, b_pos: np.ndarray) -> dict[str, pd.Series | None]:
    """Each linked record's country as written, else its partner's (a phone or postcode is read there)."""
    own = {side: _series(frame["country"].to_numpy(dtype=object)[pos] if "country" in frame.columns else None)
           for side, frame, pos in (("a", a, a_pos), ("b", b, b_pos))}
    if own["a"] is None or own["b"] is None:
        either = own["a"] if own["a"] is not None else own["b"]
        return {"a": either, "b": either}
    known = {side: values.notna() & values.astype(str).str.strip().ne("") for side, values in own.items()}
    return {"a": own["a"].where(known["a"], own["b"]), "b": own["b"].where(known["b"], own["a"])}


def _series(values: np.ndarray | None) -> pd.Series | None:
    return None if values is None else pd.Series(values, dtype=object)


def _apply_decisions(changes: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Turn conflicts a steward (or a policy) decided into updates, while the values are still those decided on."""
    if verdicts.empty or changes.empty:
        return changes
    merged = changes.drop(columns="decision_id").reset_index().merge(
        verdicts, on=["link_id", "field"], how="inner", suffixes=("", "_decided"))
    seen = merged["seen"].map(lambda s: s if isinstance(s, Mapping) else {})
    still = (merged["change"] == BOTH_CHANGED) & _equal(merged["a_value"], seen.map(lambda s: s.get("a"))) \
        & _equal(merged["b_value"], seen.map(lambda s: s.get("b")))
    decided = merged[still]
    outcome = decided["outcome"].to_numpy(dtype=object)
    at = decided["index"].to_numpy()
    changes = changes.copy()
    changes.loc[at, "change"] = np.select([outcome == WINNER_A, outcome == WINNER_B, outcome == TYPED],
                                          [A_TO_B, B_TO_A, CORRECTION], default=BOTH_CHANGED)
    changes.loc[at, "value"] = np.select([outcome == WINNER_A, outcome == WINNER_B],
                                         [decided["a_value"].to_numpy(dtype=object),
                                          decided["b_value"].to_numpy(dtype=object)],
                                         default=decided["value_decided"].to_numpy(dtype=object))
    changes.loc[at, "decision_id"] = decided["decision_id"].to_numpy()
    return changes


def _side_records(side: str, system: str, frame: pd.DataFrame, numbers: pd.Series, links: pd.DataFrame,
                  positions: np.ndarray, link_category: np.ndarray, orphan: np.ndarray,
                  partner_column: str) -> pd.DataFrame:
    category = np.full(len(frame), None, dtype=object)
    link_id = np.full(len(frame), None, dtype=object)
    version = np.full(len(frame), None, dtype=object)
    partner = np.full(len(frame), None, dtype=object)
    linked = (positions >= 0) & ~orphan
    at = positions[linked]
    category[at] = link_category[linked]
    link_id[at] = links["link_id"].to_numpy()[linked]
    version[at] = links["version"].to_numpy()[linked]
    partner[at] = links[partner_column].to_numpy(dtype=object)[linked]
    unlinked = pd.isna(category)
    if "status" in frame.columns:
        inactive = (status_key(frame["status"]) == INACTIVE_STATUS).to_numpy()
    else:
        inactive = np.zeros(len(frame), dtype=bool)
    category[unlinked] = np.where(inactive[unlinked], INACTIVE, NEW)
    return pd.DataFrame({"side": side, "system": system, "row": frame.index.to_numpy(), "no": numbers.to_numpy(),
                         "category": category, "link_id": pd.array(link_id, dtype="Int64"),
                         "link_version": pd.array(version, dtype="Int64"), "partner_no": partner})


def _pairs(links: pd.DataFrame, link_category: np.ndarray, shown: np.ndarray, a: pd.DataFrame, b: pd.DataFrame,
           a_pos: np.ndarray, b_pos: np.ndarray, fields: Sequence[str], changes: pd.DataFrame) -> pd.DataFrame:
    chosen = links[shown]
    pos = {"a": a_pos[shown], "b": b_pos[shown]}
    out = pd.DataFrame({
        "link_id": chosen["link_id"].to_numpy(), "link_version": chosen["version"].to_numpy(),
        "category": link_category[shown], "sync": chosen["sync"].to_numpy(),
        "synced_at": chosen["synced_at"].to_numpy(dtype=object),
    })
    for side, frame in (("a", a), ("b", b)):
        present = pos[side] >= 0
        rows = np.full(len(out), None, dtype=object)
        rows[present] = frame.index.to_numpy()[pos[side][present]]
        out[f"{side}_row"] = pd.array(rows, dtype="Int64")
        out[f"{side}_no"] = chosen[f"{side}_no"].to_numpy(dtype=object)
    by_link = changes.groupby("link_id", sort=False)
    names = by_link["field"].agg(", ".join)
    conflicts = changes[changes["change"] == BOTH_CHANGED].groupby("link_id", sort=False)["field"].agg(", ".join)
    out["differing"] = out["link_id"].map(names).fillna("").to_numpy(dtype=object)
    out["conflicts"] = out["link_id"].map(conflicts).fillna("").to_numpy(dtype=object)
    shown_fields = [*fields, *(["updated_at"] if "updated_at" in a.columns and "updated_at" in b.columns else [])]
    for name in shown_fields:
        for side, frame in (("a", a), ("b", b)):
            values = np.full(len(out), None, dtype=object)
            present = pos[side] >= 0
            values[present] = frame[name].to_numpy(dtype=object)[pos[side][present]]
            out[f"{side}_{name}"] = values
    return out
