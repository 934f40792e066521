"""Conflict resolver: per conflicting field of a linked pair, keep one side's value or type a correction.

:class:`ConflictResolver` goes through the conflict links of a
:class:`~workbench.sync.SyncOverview`. For the link on screen it lists every field
changed on both sides (or differing before the first sync) with the two values and
the value at the last sync for context; the steward picks a side per field
(:meth:`~ConflictResolver.choose`) or types a correction
(:meth:`~ConflictResolver.correct`), and :meth:`~ConflictResolver.submit` applies
all of them as one :class:`workbench.sync.ResolveConflict` (who, when, why in the
audit log; undoable). The next overview built from the store shows the link as
synchronized with the decided values as updates, so a resolved conflict is never
asked again. Headless, :meth:`~ConflictResolver.apply_policy` resolves every open
conflict by an onboarding policy's conflict rule, as one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.errors import ConfigError
from workbench.review.cells import cell_text
from workbench.review.history import History
from workbench.review.observers import Observable
from workbench.review.policies import OnboardingPolicy
from workbench.store import TYPED, WINNER_A, WINNER_B, Store
from workbench.sync import ResolveConflict, ResolveConflicts, SyncOverview, resolve_by_policy
from workbench.sync.categories import BOTH_CHANGED, CONFLICT
from workbench.team import Member, member, require_role

CONTEXT_FIELDS = ("company", "first_name", "last_name", "street", "postcode", "city", "email")
"""The fields beside the record number that tell a steward whose conflict it is."""


@dataclass(frozen=True)
class FieldConflict:
    """One conflicting field of the link on screen and the steward's choice so far.

    Attributes:
        choice: ``a`` or ``b`` (that side's value is kept), ``value`` (``value`` was typed), or None.
        value: The value that will be kept (None while no choice is made, or when the correction clears it).
    """

    field: str
    a_value: str | None
    b_value: str | None
    last_synced: str | None
    choice: str | None = None
    value: str | None = None
    synced: bool = True
    """The link's last sync recorded this field (False: no earlier sync, ``last_synced`` means nothing)."""


@dataclass(frozen=True)
class ConflictProgress:
    """``resolved`` of ``total`` conflict links resolved in this session."""

    resolved: int
    total: int

    def __str__(self) -> str:
        return f"{self.resolved} of {self.total} conflicts resolved"


class ConflictResolver(Observable):
    """The conflicts of a sync overview, resolved link by link.

    Args:
        overview: The overview the steward works from (``categorize``).
        store: The store the overview was built on.
        link_id: The link to start with (default: the first conflict).
        actor: Who resolves (default: the operating-system user).

    Examples:
        >>> from workbench.store import open_store
        >>> store = open_store("sqlite://")
        >>> frame = lambda no, city: pd.DataFrame({"customer_no": [no], "last_name": ["Berg"], "city": [city]},
        ...                                       index=pd.Index([2], name="row"))
        >>> with store.transaction() as tx:
        ...     _ = tx.links.create(tx.systems.ensure("CRM", "customer"), "1", tx.systems.ensure("ERP", "customer"),
        ...                         "E1", actor="setup")
        >>> from workbench.sync import categorize
        >>> resolver = ConflictResolver(categorize(frame("1", "Bonn"), frame("E1", "Berlin"), store,
        ...                             system_a="CRM", system_b="ERP"), store, actor="eva")
        >>> [(c.field, c.a_value, c.b_value) for c in resolver.conflicts]
        [('city', 'Bonn', 'Berlin')]
        >>> resolver.choose("city", "b"); _ = resolver.submit(reason="moved"); str(resolver.progress)
        '1 of 1 conflicts resolved'
    """

    def __init__(self, overview: SyncOverview, store: Store, *, link_id: int | None = None,
                 actor: str | None = None) -> None:
        super().__init__()
        self.overview = overview
        self.store = store
        self.actor = actor
        self.member: Member = member(store, actor)
        """Who resolves and their role in the store (shown on the screen)."""
        self.history = History()
        changes = overview.changes
        self._conflicts = changes[changes["change"] == BOTH_CHANGED]
        conflict_links = overview.frame(CONFLICT)
        self.links: list[int] = [int(x) for x in conflict_links["link_id"]]
        """The conflict links of the overview, in its order."""
        self._pairs = conflict_links.set_index("link_id")
        self._choices: dict[int, dict[str, tuple[str, str | None]]] = {}
        self._resolved: dict[int, ResolveConflicts] = {}
        if link_id is not None and link_id not in self.links:
            raise ConfigError(f"link {link_id} has no conflict in this overview", hint="Reload the overview.")
        self.link_id: int | None = link_id if link_id is not None else (self.links[0] if self.links else None)
        """The link on screen (None when the overview has no conflicts)."""

    # -- what the screen shows -------------------------------------------------------------------

    @property
    def record_numbers(self) -> tuple[str | None, str | None]:
        """The numbers of the two records of the link on screen (A's, B's)."""
        if self.link_id is None:
            return None, None
        pair = self._pairs.loc[self.link_id]
        return cell_text(pair["a_no"]), cell_text(pair["b_no"])

    @property
    def conflicts(self) -> list[FieldConflict]:
        """The conflicting fields of the link on screen, with the choices made so far."""
        if self.link_id is None:
            return []
        chosen = self._choices.get(self.link_id, {})
        rows = self._conflicts[self._conflicts["link_id"] == self.link_id]
        links = self.overview.links
        found = links.loc[links["link_id"] == self.link_id, "snapshot"]
        snapshot = found.iloc[0] if len(found) and isinstance(found.iloc[0], dict) else {}
        result = []
        for name, a_value, b_value, last_synced in rows[["field", "a_value", "b_value", "last_synced"]].itertuples(
                index=False):
            choice, typed = chosen.get(name, (None, None))
            value = {WINNER_A: a_value, WINNER_B: b_value}.get(choice, typed) if choice else None
            result.append(FieldConflict(name, cell_text(a_value), cell_text(b_value), cell_text(last_synced), choice,
                                        cell_text(value), synced=name in snapshot))
        return result

    @property
    def record_context(self) -> pd.DataFrame:
        """Who the link on screen is: the two records' :data:`CONTEXT_FIELDS` they have, as rows
        (index ``field``) with columns ``a`` and ``b`` (empty when no link is on screen)."""
        if self.link_id is None:
            return pd.DataFrame(columns=["a", "b"])
        pair, overview = self._pairs.loc[self.link_id], self.overview
        records = {side: overview.side_frame(side).loc[int(pair[f"{side}_row"])] for side in ("a", "b")}
        fields = [f for f in (overview.kind.id_field, *CONTEXT_FIELDS)
                  if any(f in record.index for record in records.values())]
        frame = pd.DataFrame({side: [cell_text(record.get(f)) for f in fields] for side, record in records.items()},
                             index=pd.Index(fields, name="field"))
        return frame[frame.notna().any(axis=1)]

    @property
    def other_changes(self) -> pd.DataFrame:
        """The link's other differences (updates carried by the change set), for context:
        ``field, a_value, b_value, change, decided_by`` (who settled it in an earlier conflict; None for a
        change made on one side only)."""
        changes = self.overview.changes
        mine = changes[(changes["link_id"] == self.link_id) & (changes["change"] != BOTH_CHANGED)]
        ids = [int(d) for d in mine["decision_id"].dropna()]
        with self.store.reading() as tx:
            deciders = {d: tx.decisions.get(d).decided_by for d in ids}
        decided_by = [None if pd.isna(d) else deciders[int(d)] for d in mine["decision_id"]]
        return mine.assign(decided_by=decided_by)[["field", "a_value", "b_value", "change", "decided_by"]] \
            .reset_index(drop=True)

    @property
    def resolved(self) -> bool:
        """True when the link on screen was resolved in this session."""
        return self.link_id in self._resolved

    @property
    def resolved_by(self) -> str | None:
        """Who resolved the link on screen in this session (None while it is open)."""
        action = self._resolved.get(self.link_id) if self.link_id is not None else None
        return action.entry.actor if action is not None and action.entry is not None else None

    @property
    def progress(self) -> ConflictProgress:
        """Conflict links resolved in this session, of all in the overview."""
        return ConflictProgress(len(self._resolved), len(self.links))

    # -- choosing ----------------------------------------------------------------------------------

    def choose(self, field: str, side: str) -> None:
        """Keep side ``a``'s or ``b``'s value of ``field``."""
        if side not in (WINNER_A, WINNER_B):
            raise ConfigError(f"choose side 'a' or 'b', not {side!r}", hint="Or type a correction.")
        self._set(field, side, None)

    def correct(self, field: str, value: str | None) -> None:
        """Keep a typed value for ``field`` (empty text or None clears the field in both systems)."""
        self._set(field, TYPED, (value.strip() or None) if isinstance(value, str) else None)

    def take_all(self, side: str) -> None:
        """Keep side ``a``'s or ``b``'s value of every conflicting field of the link on screen."""
        if side not in (WINNER_A, WINNER_B):
            raise ConfigError(f"take side 'a' or 'b', not {side!r}")
        for conflict in self.conflicts:
            self._set(conflict.field, side, None)

    def clear(self, field: str) -> None:
        """Forget the choice for ``field``."""
        self._choices.get(self.link_id or -1, {}).pop(field, None)
        self.changed()

    def submit(self, reason: str | None = None) -> ResolveConflict:
        """Apply the choices of the link on screen as one ResolveConflict and show the next unresolved link.

        Raises:
            ConfigError: A conflicting field has no choice yet, or the link was resolved already.
            StaleWriteError: The link changed since the overview was loaded (reload and decide again).
        """
        if self.link_id is None:
            raise ConfigError("there is no conflict to resolve in this overview")
        if self.resolved:
            raise ConfigError(f"the conflict of link {self.link_id} is resolved already",
                              hint="Undo it to decide again.")
        conflicts = self.conflicts
        missing = [c.field for c in conflicts if c.choice is None]
        if missing:
            raise ConfigError(f"choose a value for {', '.join(missing)} first",
                              hint="Click the value to keep, or type a correction.")
        action = ResolveConflict(
            overview=self.overview, link_id=self.link_id, actor=self.actor, reason=reason,
            winners={c.field: c.choice for c in conflicts if c.choice in (WINNER_A, WINNER_B)},
            corrections={c.field: c.value for c in conflicts if c.choice == TYPED})
        action.apply(self.store)
        self.history.record([action])
        self._resolved[self.link_id] = action
        self.link_id = self._next_unresolved()
        self.changed()
        return action

    def apply_policy(self, policy: OnboardingPolicy, reason: str | None = None) -> int:
        """Resolve, in one step, every open conflict the policy's conflict rule has a winner for.

        A policy without a conflict rule (``review``) resolves nothing: the conflicts wait for a
        steward. A link whose every conflicting field got a winner counts as resolved; the fields a
        rule leaves open (e.g. equal change times) stay for a steward in a new overview.

        Args:
            policy: The onboarding policy (:func:`~workbench.review.onboarding_policy`).
            reason: Kept with the decisions (default: ``onboarding policy <name>``).

        Returns:
            How many fields were resolved.

        Raises:
            AccessError: In a store with users, the actor may not run this policy (:attr:`OnboardingPolicy.role`).
        """
        require_role(self.store, f"apply the {policy.name} policy", policy.role, actor=self.actor)
        if policy.conflicts is None:
            return 0
        action = resolve_by_policy(self.overview, policy.conflicts, actor=self.actor,
                                   reason=reason or f"onboarding policy {policy.name}")
        if not action.resolutions:
            return 0
        action.apply(self.store)
        self.history.record([action])
        decided: dict[int, set[str]] = {}
        for resolution in action.resolutions:
            decided.setdefault(resolution.link_id, set()).add(resolution.field)
        conflicts = self._conflicts.groupby("link_id")["field"].agg(set)
        for link_id, fields in decided.items():
            if fields >= conflicts.get(link_id, set()):
                self._resolved[link_id] = action
        self.link_id = self._next_unresolved()
        self.changed()
        return len(action.resolutions)

    def undo(self, reason: str | None = None) -> int:
        """Undo the newest step of this session (one resolution, or a policy's) and show its link again;
        returns how many actions were undone (0 if none)."""
        undone = self.history.undo(self.store, actor=self.actor, reason=reason)
        for action in undone:
            for resolution in action.resolutions:
                self._resolved.pop(resolution.link_id, None)
            self.link_id = action.resolutions[0].link_id
        self.changed()
        return len(undone)

    # -- moving around -----------------------------------------------------------------------------

    def go_to(self, link_id: int) -> None:
        """Show the conflict of ``link_id``."""
        if link_id not in self.links:
            raise ConfigError(f"link {link_id} has no conflict in this overview", hint="Reload the overview.")
        self.link_id = link_id
        self.changed()

    def next(self) -> None:
        """Show the next conflict link (resolved or not), wrapping around."""
        self._step(1)

    def previous(self) -> None:
        """Show the previous conflict link, wrapping around."""
        self._step(-1)

    # -- inside ------------------------------------------------------------------------------------

    def _set(self, field: str, choice: str, value: str | None) -> None:
        if self.link_id is None or field not in {c.field for c in self.conflicts}:
            known = ", ".join(c.field for c in self.conflicts) or "none"
            raise ConfigError(f"field {field!r} is not in conflict on this link (conflicts: {known})")
        if self.resolved:
            raise ConfigError(f"the conflict of link {self.link_id} is resolved already",
                              hint="Undo it to decide again.")
        self._choices.setdefault(self.link_id, {})[field] = (choice, value)
        self.changed()

    def _next_unresolved(self) -> int | None:
        if not self.links:
            return None
        start = self.links.index(self.link_id) + 1 if self.link_id in self.links else 0
        for link_id in self.links[start:] + self.links[:start]:
            if link_id not in self._resolved:
                return link_id
        return None

    def _step(self, offset: int) -> None:
        if not self.links:
            return
        position = self.links.index(self.link_id) + offset if self.link_id in self.links else 0
        self.link_id = self.links[position % len(self.links)]
        self.changed()

