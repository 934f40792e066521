"""Repositories: every query of the store, one class per aggregate, bound to one transaction.

Get them from :meth:`workbench.store.db.Store.transaction`. Each write checks the
rules a steward can break (a record linked twice, a decision taken by somebody
else meanwhile) and raises :class:`~workbench.errors.StoreError` or
:class:`~workbench.errors.StaleWriteError` with a message naming who changed what
and when; the database's unique indexes close the gap between two sessions.
All SQL uses bound parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Text, and_, any_, bindparam, cast, insert, select, union, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from workbench.errors import ConfigError, StaleWriteError, StoreError
from workbench.store.entities import FIELD, PAIR, AuditEntry, Decision, Link, System, utc, when
from workbench.store.models import audit_log, decisions, links, systems

CHUNK = 2_000
"""Ids per ``IN (...)`` list and rows per bulk statement."""

RELOAD = "reload and decide again"


def now() -> datetime:
    """The current moment in UTC."""
    return datetime.now(UTC)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most ``size`` items.

    Examples:
        >>> [list(c) for c in chunks([1, 2, 3, 4, 5], 2)]
        [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(items), size):
        yield items[start:start + size]


def among(column: Any, values: Iterable[Any], connection: Connection) -> Any:
    """``column IN values`` with the values as bound parameters.

    On PostgreSQL the values go as one array parameter (``= ANY(:array)``): the
    planner hashes it, while a list of thousands of separate parameters is compared
    one by one for every row (seconds per query on 60,000 links).
    """
    values = list(values)
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def json_values(texts: Sequence[str | None]) -> list[Any]:
    """Decode many JSON texts at once (one parse instead of one per row); None stays None.

    Examples:
        >>> json_values(['{"city": "Köln"}', None, "null"])
        [{'city': 'Köln'}, None, None]
    """
    return json.loads("[" + ",".join("null" if text is None else text for text in texts) + "]")


class SystemRepository:
    """The systems taking part in syncs."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def ensure(self, name: str, kind: str) -> System:
        """The system called ``name``, registered with ``kind`` on first use.

        Raises:
            ConfigError: The system exists with another record kind.
        """
        found = self.find(name)
        if found is None:
            try:
                with self._db.begin_nested():
                    self._db.execute(insert(systems).values(name=name, kind=kind, created_at=now()))
            except IntegrityError:  # registered by another session meanwhile
                pass
            found = self.get(name)
        if found.kind != kind:
            raise ConfigError(f"system {name!r} holds {found.kind} records, not {kind} records",
                              hint="Use another system name for this kind of record.")
        return found

    def find(self, name: str) -> System | None:
        """The system called ``name``, or None."""
        row = self._db.execute(select(systems.c.id, systems.c.name, systems.c.kind)
                               .where(systems.c.name == name)).one_or_none()
        return System(*row) if row else None

    def get(self, name: str) -> System:
        """The system called ``name``.

        Raises:
            StoreError: No such system in the store.
        """
        found = self.find(name)
        if found is None:
            known = ", ".join(s.name for s in self.all()) or "none yet"
            raise StoreError(f"the store has no system called {name!r} (known: {known})")
        return found

    def by_id(self, system_id: int) -> System:
        """The system with this id."""
        row = self._db.execute(select(systems.c.id, systems.c.name, systems.c.kind)
                               .where(systems.c.id == system_id)).one()
        return System(*row)

    def all(self) -> list[System]:
        """Every system, by name."""
        rows = self._db.execute(select(systems.c.id, systems.c.name, systems.c.kind).order_by(systems.c.name))
        return [System(*row) for row in rows]


_SA, _SB = systems.alias("sa"), systems.alias("sb")
_LINK_FROM = links.join(_SA, links.c.system_a_id == _SA.c.id).join(_SB, links.c.system_b_id == _SB.c.id)
_LINK_COLUMNS = (
    links.c.id, _SA.c.name, links.c.a_no, _SB.c.name, links.c.b_no, links.c.sync, links.c.snapshot,
    links.c.synced_at, links.c.pending_side, links.c.version, links.c.created_at, links.c.created_by,
    links.c.updated_at, links.c.updated_by, links.c.ended_at, links.c.ended_by,
)
LINK_FRAME_COLUMNS = ("link_id", "a_no", "b_no", "sync", "snapshot", "synced_at", "pending_side", "version")
_ACTIVE = links.c.ended_at.is_(None)


def _link(row: Any) -> Link:
    values = list(row)
    for position in (7, 10, 12, 14):
        values[position] = utc(values[position])
    return Link(*values)


class LinkRepository:
    """Links between records of two systems: sync flag, snapshot, version."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, link_id: int) -> Link:
        """The link with this id (active or ended).

        Raises:
            StoreError: No such link.
        """
        query = select(*_LINK_COLUMNS).select_from(_LINK_FROM).where(links.c.id == link_id)
        row = self._db.execute(query).one_or_none()
        if row is None:
            raise StoreError(f"the store has no link {link_id}")
        return _link(row)

    def find(self, a: System, b: System, *, a_no: str | None = None, b_no: str | None = None) -> Link | None:
        """The active link between ``a`` and ``b`` holding record ``a_no`` of A (or ``b_no`` of B)."""
        if (a_no is None) == (b_no is None):
            raise ValueError("give exactly one of a_no and b_no")
        which = links.c.a_no == a_no if a_no is not None else links.c.b_no == b_no
        row = self._db.execute(select(*_LINK_COLUMNS).select_from(_LINK_FROM).where(
            links.c.system_a_id == a.id, links.c.system_b_id == b.id, _ACTIVE, which)).one_or_none()
        return _link(row) if row else None

    def frame(self, a: System, b: System) -> pd.DataFrame:
        """The active links between ``a`` and ``b``: one row each, columns :data:`LINK_FRAME_COLUMNS`."""
        self._check_orientation(a, b)
        return self._frame(links.c.system_a_id == a.id, links.c.system_b_id == b.id, _ACTIVE)

    def frame_of(self, link_ids: Sequence[int]) -> pd.DataFrame:
        """The links with these ids (active or ended), columns :data:`LINK_FRAME_COLUMNS`."""
        ids = [int(link_id) for link_id in link_ids]
        parts = [self._frame(among(links.c.id, part, self._db)) for part in chunks(ids)]
        return pd.concat(parts, ignore_index=True) if parts else self._frame(links.c.id.is_(None))

    def _frame(self, *conditions: Any) -> pd.DataFrame:
        rows = self._db.execute(
            select(links.c.id, links.c.a_no, links.c.b_no, links.c.sync, cast(links.c.snapshot, Text),
                   links.c.synced_at, links.c.pending_side, links.c.version)
            .where(*conditions).order_by(links.c.id)
        ).all()
        frame = pd.DataFrame(rows, columns=list(LINK_FRAME_COLUMNS))
        frame["snapshot"] = json_values(frame["snapshot"].tolist())
        frame["synced_at"] = [utc(moment) for moment in frame["synced_at"]]
        return frame.astype({"link_id": "int64", "version": "int64", "sync": "bool"})

    def numbers(self, system: System) -> set[str]:
        """Record numbers of ``system`` held by active links (including partners still to be created)."""
        as_a = select(links.c.a_no).where(links.c.system_a_id == system.id, _ACTIVE)
        as_b = select(links.c.b_no).where(links.c.system_b_id == system.id, _ACTIVE)
        return set(self._db.execute(union(as_a, as_b)).scalars())

    def create(self, a: System, a_no: str, b: System, b_no: str, *, actor: str, sync: bool = True,
               snapshot: Mapping[str, str | None] | None = None, synced_at: datetime | None = None,
               pending_side: str | None = None) -> Link:
        """Link record ``a_no`` of ``a`` with ``b_no`` of ``b``.

        Raises:
            StoreError: Either record is already linked (the message names the link).
            StaleWriteError: Another session linked one of them at the same moment.
        """
        [link_id] = self.create_many(a, b, [{"a_no": a_no, "b_no": b_no, "sync": sync, "snapshot": snapshot,
                                            "synced_at": synced_at, "pending_side": pending_side}], actor=actor)
        return self.get(link_id)

    def create_many(self, a: System, b: System, rows: Sequence[Mapping[str, Any]], *, actor: str) -> list[int]:
        """Create links from dicts with ``a_no``, ``b_no`` and optionally ``sync``, ``snapshot``,
        ``synced_at``, ``pending_side``; returns their ids in order.

        Raises:
            StoreError: A record is already linked or appears twice in ``rows``.
            StaleWriteError: Another session linked one of them at the same moment.
        """
        self._check_orientation(a, b)
        self._refuse_linked(a, b, rows)
        moment = now()
        values = [{
            "system_a_id": a.id, "a_no": row["a_no"], "system_b_id": b.id, "b_no": row["b_no"],
            "sync": row.get("sync", True), "snapshot": row.get("snapshot"), "synced_at": row.get("synced_at"),
            "pending_side": row.get("pending_side"), "version": 1, "created_at": moment, "created_by": actor,
            "updated_at": moment, "updated_by": actor,
        } for row in rows]
        try:
            with self._db.begin_nested():
                for part in chunks(values):
                    self._db.execute(insert(links), list(part))
        except IntegrityError as error:
            raise StaleWriteError(f"another session linked one of these {a.name}/{b.name} records at the same "
                                  f"moment; {RELOAD}") from error
        # the new links are the active ones holding these A numbers (without RETURNING: 4x faster on PostgreSQL)
        numbers = [row["a_no"] for row in rows]
        found: dict[str, int] = {}
        for part in chunks(numbers):
            found.update((a_no, link_id) for link_id, a_no in self._db.execute(
                select(links.c.id, links.c.a_no).where(links.c.system_a_id == a.id, links.c.system_b_id == b.id,
                                                       _ACTIVE, among(links.c.a_no, part, self._db))))
        return [found[number] for number in numbers]

    def _refuse_linked(self, a: System, b: System, rows: Sequence[Mapping[str, Any]]) -> None:
        for side, system, other, column in (("a_no", a, b, links.c.a_no), ("b_no", b, a, links.c.b_no)):
            wanted = [row[side] for row in rows]
            seen: set[str] = set()
            for number in wanted:
                if number in seen:
                    raise StoreError(f"{system.name} {number} would be linked twice")
                seen.add(number)
            for part in chunks(wanted):
                row = self._db.execute(select(links.c.id).where(
                    links.c.system_a_id == a.id, links.c.system_b_id == b.id, _ACTIVE, among(column, part, self._db))
                    .limit(1)).first()
                if row is not None:
                    link = self.get(row[0])
                    mine, partner = (link.a_no, f"{b.name} {link.b_no}") if side == "a_no" \
                        else (link.b_no, f"{a.name} {link.a_no}")
                    raise StoreError(
                        f"{system.name} {mine} is already linked to {partner} (link {link.id}, linked by "
                        f"{link.created_by} at {when(link.created_at)})",
                        hint=f"Unlink it first, or choose another {other.name} record.")

    def update(self, link_id: int, *, expected_version: int | None, actor: str, **values: Any) -> Link:
        """Change one link (``sync``, ``snapshot``, ``synced_at``, ``pending_side``, ``ended_at``, …).

        Raises:
            StaleWriteError: The link's version is not ``expected_version`` any more.
        """
        self.update_many({link_id: values}, expected={link_id: expected_version}, actor=actor)
        return self.get(link_id)

    def update_many(self, changes: Mapping[int, Mapping[str, Any]], *, expected: Mapping[int, int | None],
                    actor: str) -> dict[int, int]:
        """Change many links at once; every changed link's version goes up by one.

        Args:
            changes: link id -> column values to set (may be empty: only the version moves).
            expected: link id -> the version the caller loaded (None: whatever it is now).
            actor: Who changes them.

        Returns:
            link id -> its new version.

        Raises:
            StaleWriteError: A link changed since the caller loaded it (the message names who and when).
        """
        ids = list(changes)
        current = self._lock_versions(ids)
        for link_id in ids:
            if link_id not in current:
                raise StoreError(f"the store has no link {link_id}")
            wanted = expected.get(link_id)
            if wanted is not None and current[link_id] != wanted:
                link = self.get(link_id)
                raise StaleWriteError(f"{link.describe()} was changed by {link.updated_by} at "
                                      f"{when(link.updated_at)} since you loaded it; {RELOAD}")
        moment = now()
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for link_id, values in changes.items():
            groups.setdefault(tuple(sorted(values)), []).append({"link_id": link_id, **values})
        for columns, rows in groups.items():
            statement = (update(links).where(links.c.id == bindparam("link_id"))
                         .values(version=links.c.version + 1, updated_at=moment, updated_by=actor,
                                 **{column: bindparam(column) for column in columns}))
            for part in chunks(rows):
                self._db.execute(statement, list(part))
        return {link_id: current[link_id] + 1 for link_id in ids}

    def _lock_versions(self, ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for part in chunks(ids):
            rows = self._db.execute(select(links.c.id, links.c.version).where(among(links.c.id, part, self._db))
                                    .with_for_update())
            found.update((link_id, version) for link_id, version in rows)
        return found

    def end(self, link_id: int, *, expected_version: int | None, actor: str) -> Link:
        """End (unlink) an active link; it stays in the store as history.

        Raises:
            StoreError: The link has already ended.
            StaleWriteError: It changed since the caller loaded it.
        """
        link = self.get(link_id)
        if not link.active:
            raise StoreError(f"{link.describe()} was already unlinked by {link.ended_by} at {when(link.ended_at)}")
        return self.update(link_id, expected_version=expected_version, actor=actor, ended_at=now(), ended_by=actor)

    def reopen(self, link_id: int, *, expected_version: int | None, actor: str) -> Link:
        """Make an ended link active again (undo of an unlink).

        Raises:
            StoreError: One of its records has been linked to another record meanwhile.
        """
        link = self.get(link_id)
        a = SystemRepository(self._db).get(link.system_a)
        b = SystemRepository(self._db).get(link.system_b)
        self._refuse_linked(a, b, [{"a_no": link.a_no, "b_no": link.b_no}])
        try:
            with self._db.begin_nested():
                return self.update(link_id, expected_version=expected_version, actor=actor,
                                   ended_at=None, ended_by=None)
        except IntegrityError as error:
            raise StaleWriteError(f"one of the records of {link.describe()} was linked by another session at "
                                  f"the same moment; {RELOAD}") from error

    def _check_orientation(self, a: System, b: System) -> None:
        reversed_link = self._db.execute(select(links.c.id).where(
            links.c.system_a_id == b.id, links.c.system_b_id == a.id, _ACTIVE).limit(1)).first()
        if reversed_link is not None and a.id != b.id:
            raise ConfigError(f"the store keeps the links between {a.name} and {b.name} with {b.name} as system A",
                              hint=f"Name {b.name} as system A and {a.name} as system B.")


_SL, _SR = systems.alias("sl"), systems.alias("sr")
_DECISION_FROM = decisions.join(_SL, decisions.c.left_system_id == _SL.c.id).join(
    _SR, decisions.c.right_system_id == _SR.c.id)
_DECISION_COLUMNS = (
    decisions.c.id, decisions.c.topic, _SL.c.name, decisions.c.left_no, _SR.c.name, decisions.c.right_no,
    decisions.c.link_id, decisions.c.field, decisions.c.outcome, decisions.c.value, decisions.c.seen,
    decisions.c.reason, decisions.c.decided_at, decisions.c.decided_by, decisions.c.undone_at,
    decisions.c.undone_by, decisions.c.version,
)
_UNDECIDED = decisions.c.undone_at.is_(None)
PAIR_FRAME_COLUMNS = ("decision_id", "left_no", "right_no", "outcome", "reason", "decided_by", "decided_at")
FIELD_FRAME_COLUMNS = ("decision_id", "link_id", "field", "outcome", "value", "seen", "decided_by", "decided_at")


def _decision(row: Any) -> Decision:
    values = list(row)
    for position in (12, 14):
        values[position] = utc(values[position])
    return Decision(*values)


class _Overtaken(Exception):
    """A decision to replace was replaced or undone by another session while this one wrote."""


def decided_meanwhile(decision: Decision) -> StaleWriteError:
    """The refusal for a subject that ``decision`` (by somebody else) settled since the caller loaded it.

    Examples:
        >>> from datetime import UTC, datetime
        >>> moment = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
        >>> d = Decision(3, "pair", "CRM", "1", "CRM", "2", None, "", "same", None, None, None, moment, "bob",
        ...              None, None, 1)
        >>> str(decided_meanwhile(d)).split(" (")[0]
        'the pair CRM 1 / CRM 2 was decided meanwhile by bob'
    """
    return StaleWriteError(f"{decision.describe()} was decided meanwhile by {decision.decided_by} "
                           f"({decision.outcome!r} at {when(decision.decided_at)}); {RELOAD}")


def ordered_pair(left: System, left_no: str, right: System, right_no: str) -> tuple[System, str, System, str]:
    """A pair in the order the store keeps it: by system id, then record number.

    Examples:
        >>> crm = System(1, "CRM", "customer")
        >>> ordered_pair(crm, "20", crm, "10")[1]
        '10'
    """
    if (right.id, right_no) < (left.id, left_no):
        return right, right_no, left, left_no
    return left, left_no, right, right_no


class DecisionRepository:
    """Steward decisions: pairs (same / different) and conflict winners per field."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, decision_id: int) -> Decision:
        """The decision with this id (active or undone)."""
        row = self._db.execute(select(*_DECISION_COLUMNS).select_from(_DECISION_FROM)
                               .where(decisions.c.id == decision_id)).one_or_none()
        if row is None:
            raise StoreError(f"the store has no decision {decision_id}")
        return _decision(row)

    def active_pair(self, left: System, left_no: str, right: System, right_no: str) -> Decision | None:
        """The active decision on a pair of records (in either order), or None."""
        left, left_no, right, right_no = ordered_pair(left, left_no, right, right_no)
        row = self._db.execute(select(*_DECISION_COLUMNS).select_from(_DECISION_FROM).where(
            decisions.c.topic == PAIR, _UNDECIDED, decisions.c.left_system_id == left.id,
            decisions.c.left_no == left_no, decisions.c.right_system_id == right.id,
            decisions.c.right_no == right_no)).one_or_none()
        return _decision(row) if row else None

    def decide_pair(self, left: System, left_no: str, right: System, right_no: str, outcome: str, *, actor: str,
                    reason: str | None = None, expected_id: int | None = None) -> tuple[Decision, Decision | None]:
        """Record a verdict on a pair, replacing the decision the caller saw (one verdict of :meth:`decide_pairs`).

        Args:
            left, left_no, right, right_no: The two records (any order; may be of one system).
            outcome: ``same`` or ``different``.
            actor: Who decides. reason: Why.
            expected_id: The active decision on this pair the caller loaded (None: it saw none).

        Returns:
            The new decision and the one it replaced (or None).

        Raises:
            StaleWriteError: Somebody else decided (or undid) this pair since the caller loaded it.
        """
        verdict = {"left_no": left_no, "right_no": right_no, "outcome": outcome, "reason": reason,
                   "expected_id": expected_id}
        [(new_id, replaced)] = self.decide_pairs(left, right, [verdict], actor=actor)
        return self.get(new_id), replaced

    def decide_pairs(self, left: System, right: System, verdicts: Sequence[Mapping[str, Any]], *,
                     actor: str) -> list[tuple[int, Decision | None]]:
        """Record verdicts on many pairs of records of ``left`` and ``right`` at once.

        Args:
            left, right: The two systems (the same one for duplicates).
            verdicts: dicts with ``left_no`` (a record of ``left``), ``right_no``, ``outcome``
                (``same`` / ``different``), ``reason`` and ``expected_id`` (the active decision on
                the pair the caller loaded; None or missing: it saw none).
            actor: Who decides.

        Returns:
            (new decision id, the decision it replaced as it was, or None) per verdict, in order.

        Raises:
            StaleWriteError: Somebody else decided (or undid) one of the pairs since the caller
                loaded it; nothing is recorded.
        """
        ordered = [ordered_pair(left, str(v["left_no"]), right, str(v["right_no"])) for v in verdicts]
        if len({(first_no, second_no) for _, first_no, _, second_no in ordered}) < len(ordered):
            raise ConfigError("the same pair is decided twice in one step", hint="Give each pair one verdict.")
        active = self._active_pairs(left, right, sorted({first_no for _, first_no, _, _ in ordered}))
        rows, replaced = [], []
        for verdict, (first, first_no, second, second_no) in zip(verdicts, ordered, strict=True):
            current = active.get((first_no, second_no))
            expected_id = verdict.get("expected_id")
            if (current.id if current else None) != expected_id:
                raise self._stale_pair(current, expected_id, f"{first.name} {first_no} / {second.name} {second_no}")
            rows.append({"topic": PAIR, "left_system_id": first.id, "left_no": first_no, "right_system_id": second.id,
                         "right_no": second_no, "link_id": None, "field": "", "outcome": verdict["outcome"],
                         "value": None, "seen": None, "reason": verdict.get("reason")})
            replaced.append(current)
        new_ids = self._replace_and_insert(rows, [d.id if d else None for d in replaced], actor=actor)
        return list(zip(new_ids, replaced, strict=True))

    def _active_pairs(self, left: System, right: System, first_nos: Sequence[str]) -> dict[tuple[str, str], Decision]:
        first, second = sorted((left, right), key=lambda s: s.id)
        found: dict[tuple[str, str], Decision] = {}
        for part in chunks(first_nos):
            for row in self._db.execute(select(*_DECISION_COLUMNS).select_from(_DECISION_FROM).where(
                    decisions.c.topic == PAIR, _UNDECIDED, decisions.c.left_system_id == first.id,
                    decisions.c.right_system_id == second.id, among(decisions.c.left_no, part, self._db))):
                decision = _decision(row)
                found[(decision.left_no, decision.right_no)] = decision
        return found

    def _stale_pair(self, current: Decision | None, expected_id: int | None, pair: str) -> StaleWriteError:
        if current is not None:
            return decided_meanwhile(current)
        seen = self.get(expected_id) if expected_id is not None else None
        by = f" by {seen.undone_by} at {when(seen.undone_at)}" if seen else ""
        return StaleWriteError(f"the decision you loaded on the pair {pair} was undone{by}; {RELOAD}")

    def decide_fields(self, verdicts: Sequence[Mapping[str, Any]], *, actor: str,
                      reason: str | None = None) -> list[tuple[int, int | None]]:
        """Record conflict winners for fields of links, replacing earlier ones on the same fields.

        The caller guards against stale overviews through the links' versions
        (:meth:`LinkRepository.update_many`); an earlier decision on a field is replaced.

        Args:
            verdicts: dicts with ``link_id``, ``field``, ``outcome`` (``a``, ``b`` or ``value``),
                ``value`` (the winning or typed value) and ``seen`` (the values shown, a dict).

        Returns:
            (new decision id, replaced decision id or None) per verdict, in order.
        """
        link_ids = sorted({v["link_id"] for v in verdicts})
        pairs: dict[int, tuple[int, str, int, str]] = {}
        replaced: dict[tuple[int, str], int] = {}
        for part in chunks(link_ids):
            for row in self._db.execute(select(links.c.id, links.c.system_a_id, links.c.a_no, links.c.system_b_id,
                                               links.c.b_no).where(among(links.c.id, part, self._db))):
                pairs[row[0]] = tuple(row[1:])
            for decision_id, link_id, field in self._db.execute(
                    select(decisions.c.id, decisions.c.link_id, decisions.c.field).where(
                        decisions.c.topic == FIELD, _UNDECIDED, among(decisions.c.link_id, part, self._db))):
                replaced[(link_id, field)] = decision_id
        rows, old = [], []
        for verdict in verdicts:
            a_id, a_no, b_id, b_no = pairs[verdict["link_id"]]
            rows.append({"topic": FIELD, "left_system_id": a_id, "left_no": a_no, "right_system_id": b_id,
                         "right_no": b_no, "link_id": verdict["link_id"], "field": verdict["field"],
                         "outcome": verdict["outcome"], "value": verdict.get("value"), "seen": verdict.get("seen")})
            old.append(replaced.get((verdict["link_id"], verdict["field"])))
        new_ids = self._replace_and_insert([{**row, "reason": reason} for row in rows], old, actor=actor)
        return list(zip(new_ids, old, strict=True))

    def _replace_and_insert(self, rows: list[dict[str, Any]], old: list[int | None], *, actor: str) -> list[int]:
        moment = now()
        superseded = [d for d in old if d is not None]
        values = [{**row, "decided_at": moment, "decided_by": actor, "version": 1} for row in rows]
        ids: list[int] = []
        try:
            with self._db.begin_nested():
                for part in chunks(superseded):
                    replaced = self._db.execute(update(decisions).where(among(decisions.c.id, part, self._db),
                                                                        _UNDECIDED)
                                                .values(undone_at=moment, undone_by=actor,
                                                        version=decisions.c.version + 1))
                    if replaced.rowcount != len(part):
                        raise _Overtaken
                for part in chunks(values):
                    result = self._db.execute(
                        insert(decisions).returning(decisions.c.id, sort_by_parameter_order=True), list(part))
                    ids.extend(result.scalars())
        except (IntegrityError, _Overtaken) as error:
            raise self._overtaken(rows, old) from error
        return ids

    def _overtaken(self, rows: Sequence[Mapping[str, Any]], old: Sequence[int | None]) -> StaleWriteError:
        """What another session did first to one of ``rows``' subjects (it committed while this one wrote)."""
        for row, replaced in zip(rows, old, strict=True):
            subject = (decisions.c.link_id == row["link_id"], decisions.c.field == row["field"]) \
                if row["topic"] == FIELD else \
                (decisions.c.left_system_id == row["left_system_id"], decisions.c.left_no == row["left_no"],
                 decisions.c.right_system_id == row["right_system_id"], decisions.c.right_no == row["right_no"])
            found = self._db.execute(select(*_DECISION_COLUMNS).select_from(_DECISION_FROM).where(
                decisions.c.topic == row["topic"], _UNDECIDED, *subject)).one_or_none()
            if found is not None and (replaced is None or found[0] != replaced):
                return decided_meanwhile(_decision(found))
            if found is None and replaced is not None:
                undone = self.get(replaced)
                return StaleWriteError(f"{undone.describe()}: the decision you loaded was undone meanwhile by "
                                       f"{undone.undone_by} at {when(undone.undone_at)}; {RELOAD}")
        return StaleWriteError(f"another session decided the same at the same moment; {RELOAD}")

    def undo(self, decision_id: int, *, expected_version: int | None, actor: str) -> Decision:
        """Mark an active decision undone.

        Raises:
            StaleWriteError: It was undone, replaced or changed since the caller loaded it.
        """
        decision = self.get(decision_id)
        if not decision.active or (expected_version is not None and decision.version != expected_version):
            raise StaleWriteError(f"{decision.describe()} was changed by {decision.undone_by or decision.decided_by}"
                                  f" at {when(decision.undone_at or decision.decided_at)} since you loaded it; "
                                  f"{RELOAD}")
        self._db.execute(update(decisions).where(decisions.c.id == decision_id)
                         .values(undone_at=now(), undone_by=actor, version=decisions.c.version + 1))
        return self.get(decision_id)

    def undo_many(self, decision_ids: Sequence[int], *, actor: str) -> None:
        """Mark many decisions undone that nobody has changed since they were made (undo of one step).

        Raises:
            StaleWriteError: One of them was undone, replaced or changed meanwhile; nothing is undone.
        """
        moment = now()
        for part in chunks(list(decision_ids)):
            changed = self._db.execute(update(decisions).where(among(decisions.c.id, part, self._db), _UNDECIDED,
                                                               decisions.c.version == 1)
                                       .values(undone_at=moment, undone_by=actor, version=decisions.c.version + 1))
            if changed.rowcount != len(part):
                raise StaleWriteError(f"{len(part) - changed.rowcount} of these decisions were changed by another "
                                      f"steward since; {RELOAD}")

    def reinstate(self, decision_id: int, *, expected_version: int | None, actor: str) -> Decision:
        """Make an undone decision active again (undo of a replacement).

        Raises:
            StaleWriteError: It changed since, or another decision on the same subject is active now.
        """
        decision = self.get(decision_id)
        if decision.active or (expected_version is not None and decision.version != expected_version):
            by = f" by {decision.decided_by}" if decision.active else ""
            raise StaleWriteError(f"{decision.describe()} was changed{by} since you loaded it; {RELOAD}")
        try:
            with self._db.begin_nested():
                self._db.execute(update(decisions).where(decisions.c.id == decision_id)
                                 .values(undone_at=None, undone_by=None, version=decisions.c.version + 1))
        except IntegrityError as error:
            raise StaleWriteError(f"{decision.describe()} has a newer decision by another steward; {RELOAD}") \
                from error
        return self.get(decision_id)

    def pair_frame(self, left: System, right: System) -> pd.DataFrame:
        """Active pair decisions between records of ``left`` and ``right`` (the same system for duplicates).

        Each pair appears once, in the store's order (:func:`ordered_pair`): ``left_no``
        belongs to the system with the smaller id. Columns: :data:`PAIR_FRAME_COLUMNS`.
        """
        first, second = sorted((left, right), key=lambda s: s.id)
        rows = self._db.execute(select(decisions.c.id, decisions.c.left_no, decisions.c.right_no, decisions.c.outcome,
                                       decisions.c.reason, decisions.c.decided_by, decisions.c.decided_at)
                                .where(decisions.c.topic == PAIR, _UNDECIDED, decisions.c.left_system_id == first.id,
                                       decisions.c.right_system_id == second.id)
                                .order_by(decisions.c.id)).all()
        frame = pd.DataFrame(rows, columns=list(PAIR_FRAME_COLUMNS))
        frame["decided_at"] = [utc(moment) for moment in frame["decided_at"]]
        return frame

    def field_frame(self, a: System, b: System) -> pd.DataFrame:
        """Active conflict decisions on fields of the active links between ``a`` and ``b``.

        Columns: :data:`FIELD_FRAME_COLUMNS`.
        """
        rows = self._db.execute(
            select(decisions.c.id, decisions.c.link_id, decisions.c.field, decisions.c.outcome, decisions.c.value,
                   decisions.c.seen, decisions.c.decided_by, decisions.c.decided_at)
            .select_from(decisions.join(links, decisions.c.link_id == links.c.id))
            .where(decisions.c.topic == FIELD, _UNDECIDED, _ACTIVE, links.c.system_a_id == a.id,
                   links.c.system_b_id == b.id)
            .order_by(decisions.c.id)).all()
        frame = pd.DataFrame(rows, columns=list(FIELD_FRAME_COLUMNS))
        frame["decided_at"] = [utc(moment) for moment in frame["decided_at"]]
        return frame


_AUDIT_COLUMNS = (audit_log.c.id, audit_log.c.at, audit_log.c.actor, audit_log.c.action, audit_log.c.reason,
                  audit_log.c.payload, audit_log.c.undoes_id)
AUDIT_FRAME_COLUMNS = ("entry_id", "at", "actor", "action", "reason", "payload", "undoes_id", "undone_by_id")


def _entry(row: Any) -> AuditEntry:
    values = list(row)
    values[1] = utc(values[1])
    return AuditEntry(*values)


class AuditLog:
    """The append-only log of every action: there is no way to change or delete an entry."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(self, action: str, payload: Mapping[str, Any], *, actor: str, reason: str | None = None,
               undoes: int | None = None) -> AuditEntry:
        """Add an entry; ``undoes`` names the entry this one undoes.

        Raises:
            StaleWriteError: The entry to undo was undone by somebody else meanwhile.
        """
        try:
            with self._db.begin_nested():
                entry_id = self._db.execute(insert(audit_log).returning(audit_log.c.id).values(
                    at=now(), actor=actor, action=action, reason=reason, payload=dict(payload), undoes_id=undoes,
                )).scalar_one()
        except IntegrityError as error:
            undoing = self.undoing(undoes) if undoes is not None else None
            by = f" by {undoing.actor} at {when(undoing.at)}" if undoing else ""
            raise StaleWriteError(f"audit entry {undoes} was already undone{by}; {RELOAD}") from error
        return self.get(entry_id)

    def get(self, entry_id: int) -> AuditEntry:
        """The entry with this id."""
        row = self._db.execute(select(*_AUDIT_COLUMNS).where(audit_log.c.id == entry_id)).one_or_none()
        if row is None:
            raise StoreError(f"the audit log has no entry {entry_id}")
        return _entry(row)

    def undoing(self, entry_id: int) -> AuditEntry | None:
        """The entry that undid ``entry_id``, or None while it stands."""
        row = self._db.execute(select(*_AUDIT_COLUMNS).where(audit_log.c.undoes_id == entry_id)).one_or_none()
        return _entry(row) if row else None

    def last_undoable(self, *, actor: str | None = None, actions: Iterable[str] | None = None) -> AuditEntry | None:
        """The newest entry (by ``actor``, of ``actions``) that is not an undo and not undone, or None."""
        undone = select(audit_log.c.undoes_id).where(audit_log.c.undoes_id.is_not(None))
        query = select(*_AUDIT_COLUMNS).where(audit_log.c.undoes_id.is_(None), audit_log.c.id.not_in(undone))
        if actor is not None:
            query = query.where(audit_log.c.actor == actor)
        if actions is not None:
            query = query.where(audit_log.c.action.in_(list(actions)))
        row = self._db.execute(query.order_by(audit_log.c.id.desc()).limit(1)).first()
        return _entry(row) if row else None

    def frame(self, *, actor: str | None = None, action: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Entries, newest first, with ``undone_by_id`` (the entry that undid each, or None).

        Columns: :data:`AUDIT_FRAME_COLUMNS`.
        """
        undoer = audit_log.alias("undoer")
        query = (select(*_AUDIT_COLUMNS, undoer.c.id)
                 .select_from(audit_log.outerjoin(undoer, undoer.c.undoes_id == audit_log.c.id)))
        conditions = [c for c in (audit_log.c.actor == actor if actor is not None else None,
                                  audit_log.c.action == action if action is not None else None) if c is not None]
        if conditions:
            query = query.where(and_(*conditions))
        query = query.order_by(audit_log.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        frame = pd.DataFrame(self._db.execute(query).all(), columns=list(AUDIT_FRAME_COLUMNS))
        frame["at"] = [utc(moment) for moment in frame["at"]]
        return frame.astype({"undoes_id": "Int64", "undone_by_id": "Int64"})

