"""What the repositories hand out: plain, immutable values (no SQL, no sessions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

PAIR = "pair"
"""Decision topic: are two records the same (``same``) or not (``different``)?"""
FIELD = "field"
"""Decision topic: which value of one field of a linked pair wins (``a``, ``b``) or a typed ``value``."""

SAME, DIFFERENT = "same", "different"
WINNER_A, WINNER_B, TYPED = "a", "b", "value"

VIEWER, STEWARD, ADMIN = "viewer", "steward", "admin"
ROLES: tuple[str, ...] = (VIEWER, STEWARD, ADMIN)
"""The roles of a store's users, each allowed what the ones before it are: viewers read, stewards
also decide pairs and conflicts, admins also change connections, policies and users."""


def role_allows(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may.

    Examples:
        >>> role_allows(ADMIN, STEWARD), role_allows(VIEWER, STEWARD)
        (True, False)
    """
    return ROLES.index(role) >= ROLES.index(needed)


def when(moment: datetime | None) -> str:
    """A moment as a person reads it in a message (local time, to the second).

    Examples:
        >>> when(None)
        'an unknown time'
    """
    if moment is None:
        return "an unknown time"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def utc(moment: datetime | None) -> datetime | None:
    """The moment with its time zone (SQLite returns stored UTC moments without one).

    Examples:
        >>> utc(datetime(2024, 5, 1, 12, 0)).isoformat()
        '2024-05-01T12:00:00+00:00'
    """
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class System:
    """A system taking part in a sync (e.g. ``CRM`` holding customers)."""

    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Link:
    """A record of system A paired with one of system B."""

    id: int
    system_a: str
    a_no: str
    system_b: str
    b_no: str
    sync: bool
    snapshot: Mapping[str, str | None] | None
    """Mapped field values at the last sync; None before the first sync."""
    synced_at: datetime | None
    pending_side: str | None
    """``"a"`` or ``"b"`` while that side's record is still to be created by a change set."""
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    ended_at: datetime | None = None
    ended_by: str | None = None

    @property
    def active(self) -> bool:
        """False once the link was ended (unlinked, or its creation undone)."""
        return self.ended_at is None

    def describe(self) -> str:
        """E.g. ``link 7 (CRM 1001 ↔ ERP D-50001)``."""
        return f"link {self.id} ({self.system_a} {self.a_no} ↔ {self.system_b} {self.b_no})"


@dataclass(frozen=True)
class Decision:
    """A steward's decision on a pair of records or on one field of a linked pair."""

    id: int
    topic: str
    left_system: str
    left_no: str
    right_system: str
    right_no: str
    link_id: int | None
    field: str
    outcome: str
    value: str | None
    seen: Mapping[str, Any] | None
    reason: str | None
    decided_at: datetime
    decided_by: str
    undone_at: datetime | None
    undone_by: str | None
    version: int

    @property
    def active(self) -> bool:
        """False once undone or replaced by a newer decision."""
        return self.undone_at is None

    def describe(self) -> str:
        """E.g. ``the pair CRM 1001 / ERP 2001`` or ``field email of link 7``."""
        if self.topic == FIELD:
            return f"field {self.field} of link {self.link_id} ({self.left_system} {self.left_no} ↔ " \
                   f"{self.right_system} {self.right_no})"
        return f"the pair {self.left_system} {self.left_no} / {self.right_system} {self.right_no}"


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    reason: str | None
    payload: Mapping[str, Any]
    undoes_id: int | None


@dataclass(frozen=True)
class User:
    """A member of the team working on the store."""

    name: str
    role: str
    groups: tuple[str, ...]
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class ConnectionState:
    """Whether a connection is active in the store, and the definition it was activated with."""

    name: str
    file: str
    active: bool
    digest: str
    """SHA-256 of the connection's entry in its file when it was last activated or deactivated."""
    changed_at: datetime
    changed_by: str
    version: int
