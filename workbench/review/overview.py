"""Sync overview browser: the six categories with counts, pageable lists, a selection, and the sync actions.

:class:`SyncOverviewBrowser` categorizes two systems' records against the store
(:func:`workbench.sync.categorize`), pages through one category at a time, keeps a
selection, and applies the sync engine's actions to it: *create partner(s)*
(:class:`~workbench.sync.CreatePartners`), *disable / enable sync*
(:class:`~workbench.sync.SetSync`), *unlink* (:class:`~workbench.sync.Unlink`); for
one selected record it opens a :class:`~workbench.review.PartnerPicker` (*choose
partner*) or a :class:`~workbench.review.ConflictResolver` (*resolve*). After every
action — its own or one taken in a picker or resolver it opened — it categorizes
again, so the counts are current. Every action is audited (who, when, why) and undoable.
:attr:`SyncOverviewBrowser.writes` says, per category, what a sync would write where
(the change set of the current overview, :meth:`workbench.sync.ChangeSet.by_category`).
Headless, :meth:`~SyncOverviewBrowser.apply_policy` takes an onboarding policy's decisions
on the overview (its conflict rule, through :meth:`ConflictResolver.apply_policy`).

Selection keys: a link id (``int``) in the linked categories (conflict, deleted,
disabled, synchronized); ``(side, row)`` for records in *new* and *inactive*.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable, Sequence

import pandas as pd

from workbench.connections import SyncRules
from workbench.errors import ConfigError
from workbench.io.base import ImportedTable
from workbench.linkage import MatchResult
from workbench.review.conflicts import ConflictResolver
from workbench.review.history import History
from workbench.review.observers import Observable
from workbench.review.partners import PartnerPicker, partner_matches
from workbench.review.policies import OnboardingPolicy
from workbench.store import Store
from workbench.sync import (
    CATEGORIES,
    Action,
    CreatePartners,
    Numbering,
    SetSync,
    SyncOverview,
    Unlink,
    build_changeset,
    categorize,
)
from workbench.sync.categories import CONFLICT, LINKED_CATEGORIES, NEW

Key = Hashable
DEFAULT_PAGE_SIZE = 20


class SyncOverviewBrowser(Observable):
    """Browse the sync categories of two systems and act on selected records.

    Args:
        a, b: The two systems' records (canonical frames or imported tables).
        store: The state store with the links.
        system_a, system_b: The systems' names in the store.
        matches: The partner matching result of the two systems (None: ``find_partners``
            runs when first needed, with a progress bar).
        numbering: How created partners are numbered.
        page_size: Records per page.
        actor: Who acts (default: the operating-system user).
        kind, fields, rules: Passed to :func:`~workbench.sync.categorize` (``rules``: the fields'
            directions, value lists and order, from a connection file's ``syncs`` block).
    """

    def __init__(self, a: pd.DataFrame | ImportedTable, b: pd.DataFrame | ImportedTable, store: Store, *,
                 system_a: str = "A", system_b: str = "B", matches: MatchResult | None = None,
                 numbering: Numbering | None = None, page_size: int = DEFAULT_PAGE_SIZE, actor: str | None = None,
                 kind: str | None = None, fields: Sequence[str] | None = None,
                 rules: SyncRules | None = None) -> None:
        super().__init__()
        if page_size < 1:
            raise ConfigError(f"page size must be at least 1, not {page_size}")
        self._sources = (a, b)
        self._options = {"system_a": system_a, "system_b": system_b, "kind": kind, "fields": fields, "rules": rules}
        self.store = store
        self.numbering = numbering or Numbering()
        self.page_size = page_size
        self.actor = actor
        self.history = History()
        self.notice = ""
        """What the last action did, in a sentence (e.g. the records refused and why)."""
        self._matches = matches
        self._writes: tuple[SyncOverview, pd.DataFrame] | None = None
        self.overview: SyncOverview = self._categorize()
        self.category = next((c for c in CATEGORIES if self.overview.counts[c]), CATEGORIES[0])
        self.page = 0
        self.selection: list[Key] = []

    # -- what the screen shows -------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        """Records per category (both systems)."""
        return self.overview.counts

    @property
    def writes(self) -> pd.DataFrame:
        """What a sync would write where, per category (``category``, ``system``, ``action``, ``records``,
        ``fields``)."""
        if self._writes is None or self._writes[0] is not self.overview:  # once per overview
            self._writes = (self.overview, build_changeset(self.overview).by_category())
        return self._writes[1]

    @property
    def rows(self) -> pd.DataFrame:
        """The current category's list (see :meth:`workbench.sync.SyncOverview.frame`) with a ``key`` column."""
        frame = self.overview.frame(self.category)
        keys = _keys(frame, self.category)
        return frame.assign(key=pd.Series(keys, index=frame.index, dtype=object))

    @property
    def pages(self) -> int:
        """Pages in the current category (at least 1)."""
        return max(1, -(-len(self.overview.frame(self.category)) // self.page_size))

    def page_rows(self) -> pd.DataFrame:
        """The rows of the current page."""
        start = self.page * self.page_size
        return self.rows.iloc[start:start + self.page_size]

    @property
    def matches(self) -> MatchResult:
        """The partner candidates (computed once when not given)."""
        if self._matches is None:
            self._matches = partner_matches(self.overview, self.store)
        return self._matches

    # -- moving and selecting ----------------------------------------------------------------------

    def show(self, category: str) -> None:
        """Show ``category`` from its first page; the selection is cleared."""
        if category not in CATEGORIES:
            raise ConfigError(f"there is no category {category!r}; one of {', '.join(CATEGORIES)}")
        self.category, self.page, self.selection = category, 0, []
        self.changed()

    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0-based, clamped to the pages there are)."""
        self.page = min(max(page, 0), self.pages - 1)
        self.changed()

    def next_page(self) -> None:
        """Show the next page."""
        self.go_to_page(self.page + 1)

    def previous_page(self) -> None:
        """Show the previous page."""
        self.go_to_page(self.page - 1)

    def select(self, keys: Iterable[Key]) -> None:
        """Make ``keys`` (of the current category) the selection.

        Raises:
            ConfigError: A key is not in the current category.
        """
        wanted = list(dict.fromkeys(keys))
        known = set(self.rows["key"])
        unknown = [key for key in wanted if key not in known]
        if unknown:
            raise ConfigError(f"{unknown[0]!r} is not in the {self.category} list", hint="Reload the overview.")
        self.selection = wanted
        self.changed()

    def select_page(self) -> None:
        """Select every record of the current page."""
        self.select(self.page_rows()["key"])

    def select_all(self) -> None:
        """Select every record of the current category."""
        self.select(self.rows["key"])

    def clear_selection(self) -> None:
        """Select nothing."""
        self.select([])

    # -- actions -----------------------------------------------------------------------------------

    def create_partners(self, reason: str | None = None) -> list[CreatePartners]:
        """Create partners in the other system for the selected new records (one step per click).

        Records with a sure partner, without a number, or with a planned partner are refused
        and named in :attr:`notice`.

        Raises:
            ConfigError: The selection is not of new records, or empty.
        """
        selected = self._selected(NEW)
        repeated = self.overview.repeated
        shared = pd.MultiIndex.from_frame(selected[["side", "row"]]).isin(
            pd.MultiIndex.from_frame(repeated[["side", "row"]]))
        numberless = selected[selected["no"].isna().to_numpy() | shared]
        selected = selected[selected["no"].notna().to_numpy() & ~shared]
        overview = _numbered(self.overview)
        actions = [CreatePartners(overview=overview, matches=self.matches.pairs, side=side,
                                  record_nos=group["no"].tolist(), numbering=self.numbering, actor=self.actor,
                                  reason=reason)
                   for side, group in selected.groupby("side", sort=True)]
        self._apply(actions)
        created = pd.concat([a.created for a in actions], ignore_index=True) if actions else pd.DataFrame()
        refused = [f"{self.overview.system(s)} row {r}: " + ("it has no record number" if pd.isna(n) else
                                                            f"another record has its number {n} too")
                   for s, r, n in zip(numberless["side"], numberless["row"], numberless["no"], strict=True)]
        for action in actions:
            refused += [f"{self.overview.system(s)} {n}: {why}" for s, n, why in
                        action.refused[["side", "no", "reason"]].itertuples(index=False)]
        made = [f"{n} → {t} {p}" for n, p, t in created[["no", "partner_no", "target"]].itertuples(index=False)] \
            if len(created) else []
        self.notice = f"{len(made)} partners planned" + (f" ({_listed(made)})" if made else "") + (
            f"; {len(refused)} refused: {_listed(refused, '; ')}" if refused else "") + "."
        self.changed()
        return actions

    def set_sync(self, on: bool, reason: str | None = None) -> list[SetSync]:
        """Switch sync on or off for the selected links."""
        actions = [SetSync(link_id=link_id, on=on, expected_version=version, actor=self.actor, reason=reason)
                   for link_id, version in self._selected_links()]
        self._apply(actions)
        self.notice = f"Sync {'enabled' if on else 'disabled'} for {len(actions)} links."
        self.changed()
        return actions

    def unlink(self, reason: str | None = None) -> list[Unlink]:
        """End the selected links (both records become unlinked)."""
        actions = [Unlink(link_id=link_id, expected_version=version, actor=self.actor, reason=reason)
                   for link_id, version in self._selected_links()]
        self._apply(actions)
        self.notice = f"{len(actions)} links ended."
        self.changed()
        return actions

    def partner_picker(self) -> PartnerPicker:
        """A picker for the one selected new (or inactive) record; the counts follow its actions."""
        selected = self._selected(NEW, "inactive")
        if len(selected) != 1 or selected["no"].isna().any():
            raise ConfigError("select exactly one record with a number to choose its partner")
        side, number = selected["side"].iloc[0], selected["no"].iloc[0]
        picker = PartnerPicker(self.overview, self.store, side=side, record_no=number, matches=self.matches,
                               numbering=self.numbering, actor=self.actor)
        self._follow(picker)
        return picker

    def conflict_resolver(self) -> ConflictResolver:
        """A resolver starting on the selected conflict link (or the first); the counts follow its actions."""
        if self.category != CONFLICT:
            raise ConfigError("resolve works on the conflict list", hint="Show the conflict category first.")
        resolver = ConflictResolver(self.overview, self.store, link_id=self.selection[0] if self.selection else None,
                                    actor=self.actor)
        self._follow(resolver)
        return resolver

    def apply_policy(self, policy: OnboardingPolicy, reason: str | None = None) -> int:
        """Take the policy's decisions on the overview as one undoable step: its conflict rule resolves the
        open conflicts (:meth:`ConflictResolver.apply_policy`); ``review`` resolves none.

        Links and partners to create need the duplicates and the validation as well: an onboarding
        run plans them and then calls this (:func:`workbench.review.decisions.plan_by_policy`).

        Returns:
            How many conflicting fields were resolved.
        """
        resolver = ConflictResolver(self.overview, self.store, actor=self.actor)
        resolved = resolver.apply_policy(policy, reason)
        self.history.record(resolver.history.last or ())
        self.notice = f"{resolved} conflicting fields resolved by policy {policy.name}."
        self.refresh()
        return resolved

    def undo(self, reason: str | None = None) -> int:
        """Undo the newest step taken in this browser; returns how many actions were undone."""
        undone = self.history.undo(self.store, actor=self.actor, reason=reason)
        self.notice = f"{len(undone)} actions undone." if undone else "Nothing to undo."
        self.refresh()
        return len(undone)

    def refresh(self) -> None:
        """Categorize again (after actions here or elsewhere); keeps the category, page and what is still listed."""
        self._recategorize()
        self.changed()

    # -- inside ------------------------------------------------------------------------------------

    def _categorize(self) -> SyncOverview:
        return categorize(*self._sources, self.store, **self._options)

    def _recategorize(self) -> None:
        self.overview = self._categorize()
        known = set(self.rows["key"])
        self.selection = [key for key in self.selection if key in known]
        self.page = min(self.page, self.pages - 1)

    def _apply(self, actions: Sequence[Action]) -> None:
        applied: list[Action] = []
        try:
            for action in actions:
                action.apply(self.store)
                applied.append(action)
        finally:
            self.history.record(applied)
            if applied:
                self._recategorize()

    def _selected(self, *categories: str) -> pd.DataFrame:
        if self.category not in categories:
            raise ConfigError(f"this action works on {' or '.join(categories)} records, not on {self.category}",
                              hint=f"Show the {categories[0]} category and select records there.")
        if not self.selection:
            raise ConfigError("select records first")
        rows = self.rows
        return rows[rows["key"].isin(self.selection)]

    def _selected_links(self) -> list[tuple[int, int]]:
        selected = self._selected(*LINKED_CATEGORIES)
        return [(int(link_id), int(version)) for link_id, version in
                selected[["link_id", "link_version"]].itertuples(index=False)]

    def _follow(self, model: ConflictResolver | PartnerPicker) -> None:
        steps = [len(model.history)]

        def refresh_after_actions(_model: object) -> None:
            if len(model.history) != steps[0]:
                steps[0] = len(model.history)
                self.refresh()

        model.on_change(refresh_after_actions)


def _listed(items: Sequence[str], separator: str = ", ", shown: int = 5) -> str:
    """The first ``shown`` items, and how many more.

    Examples:
        >>> _listed(["a", "b", "c"], shown=2)
        'a, b and 1 more'
    """
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return separator.join(items[:shown]) + more


def _numbered(overview: SyncOverview) -> SyncOverview:
    """The overview with one record row per number: without records that have no number, and with the first
    of records sharing one (CreatePartners indexes the records by number; the numbers taken stay the same)."""
    records = overview.records
    kept = records[records["no"].notna()].drop_duplicates(["side", "no"])
    return dataclasses.replace(overview, records=kept.reset_index(drop=True), _frames={})


def _keys(frame: pd.DataFrame, category: str) -> list[Key]:
    if category in LINKED_CATEGORIES:
        return [int(link_id) for link_id in frame["link_id"]]
    return [(str(side), int(row)) for side, row in zip(frame["side"], frame["row"], strict=True)]


