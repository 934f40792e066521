"""Conflict policies: who wins a conflicting field when no steward decides.

A policy looks at the open conflicts of an overview and names a winner per field
(``a``, ``b``) or leaves it open (None) for a steward. :func:`resolve_by_policy`
turns its choices into a :class:`~workbench.sync.actions.ResolveConflicts` action,
so policy decisions are stored, audited and undoable like a steward's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from workbench.errors import ConfigError
from workbench.normalize import updated_at_key
from workbench.store import WINNER_A, WINNER_B
from workbench.sync.actions import Resolution, ResolveConflicts
from workbench.sync.categories import BOTH_CHANGED, SyncOverview


class ConflictPolicy(Protocol):
    """Chooses winners for conflicting fields."""

    def winners(self, conflicts: pd.DataFrame) -> pd.Series:
        """``a``, ``b`` or None (left open) for each row of ``conflicts``.

        ``conflicts`` has the columns of :attr:`SyncOverview.changes` plus
        ``a_updated_at`` and ``b_updated_at`` (the records' last change, when known).
        """
        ...


@dataclass(frozen=True)
class SystemPriority:
    """One system always wins (``a``: A wins, ``b``: B wins).

    Examples:
        >>> SystemPriority("b").winners(pd.DataFrame({"field": ["email", "city"]})).tolist()
        ['b', 'b']
    """

    winner: str

    def __post_init__(self) -> None:
        if self.winner not in (WINNER_A, WINNER_B):
            raise ConfigError(f"system priority names 'a' or 'b', not {self.winner!r}")

    def winners(self, conflicts: pd.DataFrame) -> pd.Series:
        """The same winner for every conflict."""
        return pd.Series(self.winner, index=conflicts.index, dtype=object)


@dataclass(frozen=True)
class NewestWins:
    """The record changed last (``updated_at``) wins; on a tie or an unknown time, ``fallback`` (None: left open).

    Examples:
        >>> NewestWins().winners(pd.DataFrame({"a_updated_at": ["01.02.2026", "2026-01-01", None],
        ...                                    "b_updated_at": ["2026-01-15", "2026-03-01", "2026-01-01"]})).tolist()
        ['a', 'b', None]
    """

    fallback: str | None = None

    def winners(self, conflicts: pd.DataFrame) -> pd.Series:
        """The side whose record changed last."""
        a_time = updated_at_key(conflicts["a_updated_at"]).to_numpy()
        b_time = updated_at_key(conflicts["b_updated_at"]).to_numpy()
        chosen = np.select([a_time > b_time, b_time > a_time], [WINNER_A, WINNER_B], default=None)
        chosen = np.where(pd.isna(chosen), self.fallback, chosen)
        return pd.Series(chosen, index=conflicts.index, dtype=object)


@dataclass(frozen=True)
class FieldPriority:
    """A winning side per field (e.g. email from the CRM, address from the ERP); other fields go to ``default``.

    Examples:
        >>> policy = FieldPriority({"email": "a", "street": "b"})
        >>> policy.winners(pd.DataFrame({"field": ["email", "street", "phone"]})).tolist()
        ['a', 'b', None]
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    default: ConflictPolicy | None = None

    def __post_init__(self) -> None:
        wrong = {f: w for f, w in self.fields.items() if w not in (WINNER_A, WINNER_B)}
        if wrong:
            raise ConfigError(f"field priority names 'a' or 'b' per field, not {wrong}")

    def winners(self, conflicts: pd.DataFrame) -> pd.Series:
        """The field's side, else the default policy's choice."""
        chosen = conflicts["field"].map(dict(self.fields)).astype(object)
        chosen = chosen.where(chosen.notna(), None)
        if self.default is not None and chosen.isna().any():
            rest = chosen.isna()
            chosen[rest] = self.default.winners(conflicts[rest])
        return chosen


CONFLICT_POLICIES: dict[str, ConflictPolicy] = {
    "a-wins": SystemPriority(WINNER_A),
    "b-wins": SystemPriority(WINNER_B),
    "newest-wins": NewestWins(),
}
"""Policies by the names the command line and batch runs use."""


def conflict_policy(name: str) -> ConflictPolicy:
    """The policy called ``name`` (see :data:`CONFLICT_POLICIES`).

    Raises:
        ConfigError: Unknown name.
    """
    try:
        return CONFLICT_POLICIES[name]
    except KeyError:
        raise ConfigError(f"unknown conflict policy {name!r}",
                          hint=f"Use one of: {', '.join(CONFLICT_POLICIES)}.") from None


def open_conflicts(overview: SyncOverview) -> pd.DataFrame:
    """The overview's undecided conflicting fields, with both records' ``updated_at``."""
    conflicts = overview.changes[overview.changes["change"] == BOTH_CHANGED]
    times = [c for c in ("a_updated_at", "b_updated_at") if c in overview.pairs.columns]
    joined = conflicts.merge(overview.pairs[["link_id", *times]], on="link_id", how="left")
    for column in ("a_updated_at", "b_updated_at"):
        if column not in joined.columns:
            joined[column] = None
    return joined


def resolve_by_policy(overview: SyncOverview, policy: ConflictPolicy, *, actor: str | None = None,
                      reason: str | None = None) -> ResolveConflicts:
    """The action deciding every open conflict the policy has a winner for; apply it to store the decisions.

    Conflicts the policy leaves open (None) stay for a steward.
    """
    conflicts = open_conflicts(overview)
    winners = policy.winners(conflicts) if not conflicts.empty else pd.Series(dtype=object)
    chosen = conflicts[winners.notna().to_numpy()] if not conflicts.empty else conflicts
    resolutions = [Resolution(int(link_id), name, winner) for link_id, name, winner in
                   zip(chosen["link_id"], chosen["field"], winners.dropna(), strict=True)]
    return ResolveConflicts(overview=overview, resolutions=resolutions, actor=actor,
                            reason=reason or f"policy {type(policy).__name__}")
