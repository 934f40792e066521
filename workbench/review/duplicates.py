"""Duplicate review: a steward goes through the pairs of a matching result and says *same* or *different*.

:class:`DuplicateReview` is the plain-Python model behind the review widget
(:func:`workbench.widgets.duplicate_review`): tabs **sure / possible / no duplicate**
(the pairs' match classes) with counts, the current pair side by side with the fields
that differ and the explanation of the match, filters by score band and by differing
field, and the actions *same*, *different*, *skip*, *accept all sure* and *undo*.

Every decision is a :class:`workbench.sync.DecidePair` applied to the store: who
(``actor``), when and why (``reason``) land in the decisions table and the audit log,
so a decision can be undone (also after a restart: :meth:`DuplicateReview.undo` falls
back to the actor's newest decision in the audit log) and a new review on the same
store shows the pairs decided earlier as reviewed and never asks again.

The order is keyboard-friendly: within a tab, pairs come by falling score, and after
a decision or a skip the next undecided pair is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import ConfigError, InputError, StateError
from workbench.linkage import MatchResult
from workbench.linkage.classify import MATCH_CLASSES, NONE, POSSIBLE, SURE
from workbench.normalize.text import map_unique
from workbench.review.cells import case_folded, cell_text
from workbench.review.history import History
from workbench.review.observers import Observable
from workbench.review.policies import OnboardingPolicy
from workbench.store import DIFFERENT, SAME, Store, current_actor
from workbench.sync import DecidePair, DecidePairs, undo_entry
from workbench.sync.categories import NOT_COMPARED, same_values
from workbench.team import Member, member, require_role

TABS: tuple[str, ...] = MATCH_CLASSES
"""The tabs, by match class."""
TAB_TITLES: dict[str, str] = {SURE: "sure", POSSIBLE: "possible", NONE: "no duplicate"}
"""What each tab is called on screen."""

KEY_SUFFIX = "_key"
COUNTRY = "country"
PHOTO, MEDIA_TYPE_SUFFIX = "PHOTO", " type"
"""A record's picture (a vCard's photo: bytes) and the column of its media type."""

PairKey = tuple[str, str]


@dataclass(frozen=True)
class PairDecision:
    """The active decision on a pair, as the store holds it."""

    decision_id: int
    outcome: str
    decided_by: str
    decided_at: datetime
    reason: str | None


@dataclass(frozen=True)
class Progress:
    """``reviewed`` of ``total`` pairs decided (same or different)."""

    reviewed: int
    total: int

    @property
    def done(self) -> bool:
        """True when every pair is decided."""
        return self.reviewed >= self.total

    def __str__(self) -> str:
        return f"{self.reviewed} of {self.total} reviewed"


@dataclass(frozen=True)
class Picture:
    """A record's photo: the bytes and their media type (``image/jpeg``), for a thumbnail."""

    data: bytes
    media_type: str | None


@dataclass(frozen=True)
class PairView:
    """Everything the screen shows about one pair.

    Attributes:
        label: The pair's label in ``MatchResult.pairs``.
        fields: One row per field shown (index ``field``): the kind's fields either record has, then
            the other columns both sources have (a vCard's own properties are not compared with a
            spreadsheet's columns); ``a``, ``b`` and ``differs`` (compared as sync compares — e-mail
            case, phone format, country spelling and status words are no difference — and with case,
            spacing folded: ``WEISS LOGISTIK GmbH`` is ``Weiss Logistik GmbH``; never true for the
            record number and the change time). Binary values are not among them.
        photos: Each record's photo, or None.
        similarities: Comparison label -> similarity 0–1 (None where a record lacks the value).
        decision: The active decision on the pair, or None while undecided.
    """

    label: int
    a_no: str | None
    b_no: str | None
    a_row: int
    b_row: int
    match_class: str
    score: float
    rule: str | None
    veto: str | None
    explanation: str
    similarities: dict[str, float | None]
    fields: pd.DataFrame
    decision: PairDecision | None
    photos: tuple[Picture | None, Picture | None] = (None, None)

    @property
    def differing(self) -> list[str]:
        """The fields whose values differ."""
        return self.fields.index[self.fields["differs"]].tolist()


class DuplicateReview(Observable):
    """The review of one matching result's pairs, remembered in the store.

    Args:
        result: From ``find_duplicates`` (pairs within ``system``) or ``find_partners``
            (a-records in ``system``, b-records in ``partner_system``).
        store: Where the decisions go.
        system: The system the (a-)records belong to.
        partner_system: The system of the b-records (partners mode only).
        actor: Who reviews (default: the operating-system user).

    Raises:
        ConfigError: A partners result without ``partner_system``.

    Examples:
        >>> from workbench.linkage import find_duplicates
        >>> from workbench.store import open_store
        >>> records = pd.DataFrame({"customer_no": ["1", "2"], "first_name": ["Anna", "Anna"],
        ...     "last_name": ["Berg", "Berg"], "email": ["anna@berg.de", "Anna@Berg.de"], "city": ["Köln", "Bonn"]},
        ...     index=pd.Index([2, 3], name="row"))
        >>> review = DuplicateReview(find_duplicates(records), open_store("sqlite://"), system="CRM", actor="eva")
        >>> review.counts, review.current.differing
        ({'sure': 1, 'possible': 0, 'none': 0}, ['city'])
        >>> review.same(reason="one customer"); str(review.progress)
        '1 of 1 reviewed'
    """

    def __init__(self, result: MatchResult, store: Store, *, system: str = "A", partner_system: str | None = None,
                 actor: str | None = None) -> None:
        super().__init__()
        if result.mode == "partners" and partner_system is None:
            raise ConfigError("a review of partner candidates needs the partner system's name",
                              hint='Pass partner_system="ERP" (the system of the b-records).')
        self.result = result
        self.store = store
        self.system = system
        self.partner_system = partner_system or system
        self.actor = actor
        self.member: Member = member(store, actor)
        """Who reviews and their role in the store (shown on the screen)."""
        self.kind = result.config.record_kind.name
        self.history = History()
        pairs = result.pairs
        self._classes = pairs["match_class"].astype(str).to_numpy(dtype=object)
        self._keys = [self._key(a_no, b_no) for a_no, b_no in zip(pairs["a_no"], pairs["b_no"], strict=True)]
        self._decidable = np.array([key is not None for key in self._keys], dtype=bool)
        self._positions: dict[PairKey, list[int]] = {}
        for position, key in enumerate(self._keys):
            if key is not None:
                self._positions.setdefault(key, []).append(position)
        self._scores = pairs["score"].to_numpy(dtype=np.float64)
        self._differs: dict[str, np.ndarray] = {}
        self._id_field = result.config.record_kind.id_field
        self._shown = _shown_fields(result)
        self.fields: list[str] = [f for f in self._shown if f != self._id_field and f not in NOT_COMPARED]
        """The fields the field filter offers (those shown, without the record number and change time)."""
        self.tab = POSSIBLE if (self._classes == POSSIBLE).any() or not (self._classes == SURE).any() else SURE
        self.score_band: tuple[float, float] = (0.0, 1.0)
        self.differing_field: str | None = None
        self._decisions: dict[PairKey, PairDecision] = {}
        self._decided = np.zeros(len(pairs), dtype=bool)
        """Per pair (by position): an active decision exists."""
        self._load_decisions()
        self._current: int | None = self._first_undecided()

    # -- what the screen shows -------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        """Pairs per tab (ignoring the filters)."""
        return {tab: int((self._classes == tab).sum()) for tab in TABS}

    def tab_progress(self, tab: str) -> Progress:
        """How many pairs of ``tab`` are decided (ignoring the filters)."""
        in_tab = self._classes == tab
        return Progress(int(self._decided[in_tab].sum()), int(in_tab.sum()))

    @property
    def progress(self) -> Progress:
        """How many pairs of the current tab, as filtered, are decided."""
        positions = self._queue_positions()
        return Progress(int(self._decided[positions].sum()), len(positions))

    def queue(self) -> list[int]:
        """The labels of the current tab's pairs that pass the filters, highest score first."""
        return self.result.pairs.index[self._queue_positions()].tolist()

    @property
    def current(self) -> PairView | None:
        """The pair on screen, or None when the queue is empty or fully reviewed."""
        if self._current is None:
            return None
        return self.pair(self._current)

    def pair(self, label: int) -> PairView:
        """Everything about the pair ``label`` of ``result.pairs``."""
        row = self.result.pairs.loc[label]
        fields = self.result.side_by_side(label).reindex(self._shown)
        fields = fields[fields["a"].notna() | fields["b"].notna()].astype(object)
        a_row, b_row = int(row["a_row"]), int(row["b_row"])
        fields["differs"] = [bool(self._differ(name, [a_row], [b_row])[0]) for name in fields.index]
        similarities = {column.removeprefix("sim_"): None if pd.isna(row[column]) else float(row[column])
                        for column in self.result.similarity_columns()}
        return PairView(label=label, a_no=cell_text(row["a_no"]), b_no=cell_text(row["b_no"]), a_row=int(row["a_row"]),
                        b_row=int(row["b_row"]), match_class=str(row["match_class"]), score=float(row["score"]),
                        rule=cell_text(row["rule"]), veto=cell_text(row["veto"]), explanation=str(row["explanation"]),
                        similarities=similarities, fields=fields, decision=self.decision(label),
                        photos=(_picture(self.result.a, a_row), _picture(self.result.b, b_row)))

    def decision(self, label: int) -> PairDecision | None:
        """The active decision on pair ``label``, or None."""
        key = self._keys[self.result.pairs.index.get_loc(label)]
        return self._decisions.get(key) if key is not None else None

    def explanations(self) -> pd.DataFrame:
        """Every pair with why it is in its class, ranked so that the order means the same in every class.

        The class comes from the rules (sure: a sure rule held; possible: similar names with
        supporting evidence); ``similarity`` is the weighted agreement of the fields (0–1), the same
        measure for every pair, so a possible pair may agree more than a sure one that a rule
        decided. ``rank`` orders by class first (sure, possible, none), then by similarity.

        Returns:
            Columns ``rank, match_class, decided_by, similarity, a_no, b_no, decision, explanation``
            (``decided_by``: the rule, and the veto that demoted a sure rule; ``decision``: the
            steward's same/different, or None).
        """
        pairs = self.result.pairs
        order = np.lexsort((-self._scores, [MATCH_CLASSES.index(c) for c in self._classes]))
        chosen = pairs.iloc[order]
        decided_by = [f"{rule or 'score'}" + (f", vetoed by {veto}" if isinstance(veto, str) else "")
                      for rule, veto in zip(chosen["rule"], chosen["veto"], strict=True)]
        decisions = [self._decisions.get(self._keys[position]) if self._keys[position] is not None else None
                     for position in order]
        return pd.DataFrame({
            "rank": np.arange(1, len(chosen) + 1), "match_class": chosen["match_class"].astype(str).to_numpy(),
            "decided_by": decided_by, "similarity": chosen["score"].round(2).to_numpy(),
            "a_no": chosen["a_no"].to_numpy(dtype=object), "b_no": chosen["b_no"].to_numpy(dtype=object),
            "decision": [d.outcome if d else None for d in decisions],
            "explanation": chosen["explanation"].to_numpy(dtype=object)})

    def decisions_frame(self) -> pd.DataFrame:
        """The decided pairs of this result: ``a_no, b_no, same`` (what linkage learns from), ``reason``,
        ``decided_by``, ``decided_at``."""
        rows = []
        for label, key in zip(self.result.pairs.index, self._keys, strict=True):
            found = self._decisions.get(key) if key is not None else None
            if found is not None:
                row = self.result.pairs.loc[label]
                rows.append((row["a_no"], row["b_no"], found.outcome == SAME, found.reason, found.decided_by,
                             found.decided_at))
        return pd.DataFrame(rows, columns=["a_no", "b_no", "same", "reason", "decided_by", "decided_at"])

    # -- moving around -----------------------------------------------------------------------------

    def show(self, tab: str) -> None:
        """Switch to tab ``sure``, ``possible`` or ``none``; shows its first undecided pair."""
        if tab not in TABS:
            raise ConfigError(f"there is no tab {tab!r}; one of {', '.join(TABS)}")
        self.tab = tab
        self._current = self._first_undecided()
        self.changed()

    def filter(self, *, score_band: tuple[float, float] | None = None, differing_field: str | None = None,
               clear_field: bool = False) -> None:
        """Show only pairs with a score in ``score_band`` (inclusive) and differing in ``differing_field``.

        Args:
            score_band: (lowest, highest) score; None keeps the band.
            differing_field: Only pairs whose records differ in this field; None keeps the field filter.
            clear_field: Drop the field filter.

        Raises:
            ConfigError: An empty band or a field the records do not have.
        """
        if score_band is not None:
            low, high = (float(x) for x in score_band)
            if low > high:
                raise ConfigError(f"score band {low:.2f}–{high:.2f} is empty", hint="Give (lowest, highest).")
            self.score_band = (low, high)
        if clear_field:
            self.differing_field = None
        elif differing_field is not None:
            if differing_field not in self.fields:
                raise ConfigError(f"the records have no field {differing_field!r}",
                                  hint=f"One of {', '.join(self.fields)}.")
            self.differing_field = differing_field
        if self._current not in self.queue():
            self._current = self._first_undecided()
        self.changed()

    def go_to(self, label: int) -> None:
        """Show pair ``label`` (it must be in the current queue)."""
        if label not in self.queue():
            raise ConfigError(f"pair {label} is not in the {TAB_TITLES[self.tab]} tab as filtered",
                              hint="Switch tab or clear the filters.")
        self._current = label
        self.changed()

    def next(self) -> None:
        """Show the next pair of the queue (decided or not), wrapping around."""
        self._step(1)

    def previous(self) -> None:
        """Show the previous pair of the queue, wrapping around."""
        self._step(-1)

    def skip(self) -> None:
        """Leave the current pair undecided and show the next undecided one (skipped pairs come round last)."""
        self._current = self._next_undecided(after=self._current)
        self.changed()

    # -- deciding ----------------------------------------------------------------------------------

    def same(self, reason: str | None = None) -> None:
        """Decide that the current pair is one customer."""
        self.decide(SAME, reason)

    def different(self, reason: str | None = None) -> None:
        """Decide that the current pair are two customers."""
        self.decide(DIFFERENT, reason)

    def decide(self, outcome: str, reason: str | None = None) -> None:
        """Record ``same`` or ``different`` for the current pair and show the next undecided one.

        The reason defaults to the pair's explanation (what the steward saw).

        Raises:
            StateError: No pair is shown.
            InputError: A record of the pair has no number to remember the decision by.
            StaleWriteError: Somebody else decided this pair meanwhile (call :meth:`reload`).
        """
        if self._current is None:
            raise StateError("no pair is shown: every pair in this view is reviewed; switch tab, clear the filters, "
                             "or undo")
        label = self._current
        action = self._decide(label, outcome, reason or str(self.result.pairs.at[label, "explanation"]))
        self.history.record([action])
        self._current = self._next_undecided(after=label)
        self.changed()

    def accept_all_sure(self, reason: str | None = None) -> int:
        """Decide every undecided sure pair (with a record number on both sides) as ``same``, in one step.

        Returns:
            How many pairs were decided.
        """
        todo = [label for label, key, match_class in zip(self.result.pairs.index, self._keys, self._classes,
                                                         strict=True)
                if match_class == SURE and key is not None and key not in self._decisions]
        verdicts = [(label, SAME, reason or f"accept all sure: {self.result.pairs.at[label, 'explanation']}")
                    for label in todo]
        self._decide_many(verdicts)
        if self.tab == SURE:
            self._current = self._first_undecided()
        self.changed()
        return len(verdicts)

    def apply_policy(self, policy: OnboardingPolicy, reason: str | None = None) -> int:
        """Decide *same*, in one step, every undecided pair the policy accepts; the others wait for a steward.

        Every headless run decides pairs this way — ``Onboarding``, a notebook's headless
        branch, plain Python — so one policy leaves the same decisions in the store. The
        policy accepts a possible pair no veto demoted and whose score reaches its
        ``accept_possible`` (:meth:`~workbench.review.OnboardingPolicy.accepted`); between two
        systems only the pair proposed 1:1 (assigned, not ambiguous). Sure pairs need no
        decision (*accept all sure* is the steward's step), and ``review`` accepts nothing.

        Args:
            policy: The onboarding policy (:func:`~workbench.review.onboarding_policy`).
            reason: Kept with each decision (default: ``onboarding policy auto: possible duplicate, score 0.93``).

        Returns:
            How many pairs were decided.

        Raises:
            AccessError: In a store with users, the actor may not run this policy (:attr:`OnboardingPolicy.role`).
        """
        require_role(self.store, f"apply the {policy.name} policy", policy.role, actor=self.actor)
        pairs = self.result.pairs
        accepted = policy.accepted(pairs)
        if self.result.mode == "partners":
            accepted &= pairs["assigned"] & ~pairs["ambiguous"]
        what = "partner" if self.result.mode == "partners" else "duplicate"
        todo: dict[PairKey, int] = {}
        for label, key, take in zip(pairs.index, self._keys, accepted.to_numpy(dtype=bool), strict=True):
            if take and key is not None and key not in self._decisions:
                todo.setdefault(key, label)
        self._decide_many([(label, SAME, reason or f"onboarding policy {policy.name}: possible {what}, "
                                                   f"score {pairs.at[label, 'score']:.2f}") for label in todo.values()])
        if self._current is not None and self.decision(self._current) is not None:
            self._current = self._next_undecided(after=self._current)
        self.changed()
        return len(todo)

    def undo(self, reason: str | None = None) -> int:
        """Undo the newest step of this session (or, after a restart, the actor's newest pair decision
        on these systems); shows the pair again. Returns how many decisions were undone.
        """
        actions = self.history.undo(self.store, actor=self.actor, reason=reason)
        pairs = [pair for action in actions for pair in _pairs_of(action)] if actions else self._undo_from_log(reason)
        self._load_decisions()
        undone = [label for label, key in zip(self.result.pairs.index, self._keys, strict=True)
                  if key in {self._key(*pair) for pair in pairs}]
        if undone:
            label = undone[0]
            self.tab = str(self._classes[self.result.pairs.index.get_loc(label)])
            self._current = label if label in self.queue() else self._first_undecided()
        self.changed()
        return len(pairs)

    def reload(self) -> None:
        """Read the decisions again (after another steward worked on the same store); a pair on screen
        that somebody decided meanwhile makes way for the next undecided one."""
        was_open = self._current is not None and self.decision(self._current) is None
        self._load_decisions()
        if self._current is None or (was_open and self.decision(self._current) is not None):
            self._current = self._next_undecided(after=self._current)
        self.changed()

    # -- inside ------------------------------------------------------------------------------------

    def _decide(self, label: int, outcome: str, reason: str) -> DecidePair:
        action = DecidePair(left_system=self.system, right_system=self.partner_system, kind=self.kind,
                            actor=self.actor, **self._verdict(label, outcome, reason))
        entry = action.apply(self.store)
        self._remember(label, PairDecision(int(entry.payload["decision"]), outcome, entry.actor, entry.at, reason))
        return action

    def _decide_many(self, verdicts: list[tuple[int, str, str]]) -> None:
        """Apply (label, outcome, reason) verdicts as one :class:`DecidePairs` step."""
        if not verdicts:
            return
        action = DecidePairs(left_system=self.system, right_system=self.partner_system, kind=self.kind,
                             actor=self.actor, verdicts=[self._verdict(*verdict) for verdict in verdicts])
        entry = action.apply(self.store)
        for (label, outcome, why), decision_id in zip(verdicts, action.decided, strict=True):
            self._remember(label, PairDecision(decision_id, outcome, entry.actor, entry.at, why))
        self.history.record([action])

    def _verdict(self, label: int, outcome: str, reason: str) -> dict[str, Any]:
        """The pair's verdict as the sync actions take it, against the decision this model saw."""
        row, seen = self.result.pairs.loc[label], self._seen(label)
        return {"left_no": str(row["a_no"]), "right_no": str(row["b_no"]), "outcome": outcome, "reason": reason,
                "expected_id": seen.decision_id if seen else None}

    def _seen(self, label: int) -> PairDecision | None:
        """The decision on the pair this model knows; raises when the pair cannot be remembered."""
        key = self._keys[self.result.pairs.index.get_loc(label)]
        if key is None:
            row = self.result.pairs.loc[label]
            missing, row_no = ("a", row["a_row"]) if cell_text(row["a_no"]) is None else ("b", row["b_row"])
            raise InputError(f"the {missing}-record of this pair (row {row_no}) has no number, so the decision "
                             "cannot be remembered", row=int(row_no), column=self.result.config.record_kind.id_field,
                             hint="Give the record its number in the source and match again.")
        return self._decisions.get(key)

    def _remember(self, label: int, decision: PairDecision) -> None:
        key = self._keys[self.result.pairs.index.get_loc(label)]
        self._decisions[key] = decision
        self._decided[self._positions[key]] = True

    def _undo_from_log(self, reason: str | None) -> list[PairKey]:
        with self.store.reading() as tx:
            entry = tx.audit.last_undoable(actor=current_actor(self.actor), actions=[DecidePair.name, DecidePairs.name])
            if entry is None:
                return []
            ids = entry.payload.get("decisions") or [entry.payload["decision"]]
            decisions = [tx.decisions.get(int(decision_id)) for decision_id in ids]
        if {decisions[0].left_system, decisions[0].right_system} != {self.system, self.partner_system}:
            return []
        undo_entry(self.store, entry.id, actor=self.actor, reason=reason)
        if decisions[0].left_system == self.system:
            return [(decision.left_no, decision.right_no) for decision in decisions]
        return [(decision.right_no, decision.left_no) for decision in decisions]

    def _key(self, a_no: object, b_no: object) -> PairKey | None:
        left, right = cell_text(a_no), cell_text(b_no)
        if left is None or right is None:
            return None
        if self.system == self.partner_system:
            return (left, right) if left <= right else (right, left)
        return left, right

    def _load_decisions(self) -> None:
        with self.store.reading() as tx:
            mine, theirs = tx.systems.find(self.system), tx.systems.find(self.partner_system)
            frame = tx.decisions.pair_frame(mine, theirs) if mine and theirs else None
        decisions = {}
        if frame is not None:
            swapped = self.system != self.partner_system and theirs.id < mine.id
            for decision_id, left_no, right_no, outcome, reason, by, at in frame.itertuples(index=False):
                key = self._key(right_no, left_no) if swapped else self._key(left_no, right_no)
                decisions[key] = PairDecision(int(decision_id), outcome, by, at, reason)
        self._decisions = decisions
        self._decided = np.fromiter((key in decisions for key in self._keys), dtype=bool, count=len(self._keys))

    def _differing_in(self, name: str) -> np.ndarray:
        if name not in self._differs:
            pairs = self.result.pairs
            self._differs[name] = self._differ(name, pairs["a_row"].tolist(), pairs["b_row"].tolist())
        return self._differs[name]

    def _differ(self, name: str, a_rows: Sequence[int], b_rows: Sequence[int]) -> np.ndarray:
        """Whether field ``name`` differs for each pair of rows, as sync compares values (e-mail case, phone
        format, country spelling and status words are not differences); never for the record number and
        the fields sync does not compare (the moment of the last change)."""
        if name == self._id_field or name in NOT_COMPARED:
            return np.zeros(len(a_rows), dtype=bool)
        a, b = self.result.a, self.result.b
        left, right = pd.Series(_column(a, name, a_rows)), pd.Series(_column(b, name, b_rows))
        same = same_values(name, left, right, pd.Series(_column(a, COUNTRY, a_rows)),
                           pd.Series(_column(b, COUNTRY, b_rows)))
        both = left.notna().to_numpy() & right.notna().to_numpy()
        folded = map_unique(left, case_folded).to_numpy(dtype=object) == map_unique(
            right, case_folded).to_numpy(dtype=object)
        return ~(same | folded & both)

    def _queue_positions(self) -> np.ndarray:
        scores = self._scores
        low, high = self.score_band
        chosen = (self._classes == self.tab) & (scores >= low) & (scores <= high)
        if self.differing_field is not None:
            chosen &= self._differing_in(self.differing_field)
        positions = np.flatnonzero(chosen)
        return positions[np.argsort(-scores[positions], kind="stable")]

    def _first_undecided(self) -> int | None:
        return self._next_undecided(after=None)

    def _next_undecided(self, *, after: int | None) -> int | None:
        """The first undecided, decidable pair of the queue after ``after`` (wrapping round to it)."""
        positions = self._queue_positions()
        if after is not None:
            found = np.flatnonzero(positions == self.result.pairs.index.get_loc(after))
            if len(found):
                positions = np.roll(positions, -(int(found[0]) + 1))
        open_ = positions[~self._decided[positions] & self._decidable[positions]]
        return self.result.pairs.index[open_[0]] if len(open_) else None

    def _step(self, offset: int) -> None:
        queue = self.queue()
        if not queue:
            return
        position = queue.index(self._current) + offset if self._current in queue else 0
        self._current = queue[position % len(queue)]
        self.changed()


def _shown_fields(result: MatchResult) -> list[str]:
    """The fields a pair shows: the kind's, then the other text columns both sources have."""
    a, b = result.a, result.b
    kind_fields = [f for f in result.config.record_kind.field_names if f in a.columns or f in b.columns]
    shared = [f for f in a.columns if f in b.columns and f not in kind_fields]
    return [f for f in [*kind_fields, *shared]
            if not str(f).endswith(KEY_SUFFIX) and not _is_binary(a, f) and not _is_binary(b, f)]


def _is_binary(frame: pd.DataFrame, name: str) -> bool:
    return name in frame.columns and any(isinstance(value, bytes) for value in frame[name].dropna().head(50))


def _picture(frame: pd.DataFrame, row: int) -> Picture | None:
    if PHOTO not in frame.columns:
        return None
    data = frame.at[row, PHOTO]
    if not isinstance(data, bytes) or not data:
        return None
    media_type = frame.at[row, PHOTO + MEDIA_TYPE_SUFFIX] if PHOTO + MEDIA_TYPE_SUFFIX in frame.columns else None
    return Picture(data, media_type if isinstance(media_type, str) else None)


def _column(frame: pd.DataFrame, name: str, rows: Sequence[int]) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(rows), None, dtype=object)
    values = frame[name].reindex(rows)
    return values.astype(object).where(values.notna(), None).to_numpy(dtype=object)


def _pairs_of(action: object) -> list[PairKey]:
    """The (left, right) record numbers an applied pair action decided."""
    if isinstance(action, DecidePair):
        return [(action.left_no, action.right_no)]
    if isinstance(action, DecidePairs):
        return [(str(v["left_no"]), str(v["right_no"])) for v in action.verdicts]
    return []
