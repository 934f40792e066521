"""Onboarding a source file into a target system, as small steps a notebook calls one per cell.

:class:`Onboarding` holds one run: read source and target → validate the source →
find duplicates in the source and partners in the target → decide by policy (reusing
the steward decisions in the store, never overriding them) → sync overview → change
sets per system → review queue → ``summary.json``. Each step is timed; every file is
written atomically into ``out``, and ``summary.json`` is written last, so a folder
with a summary holds a complete run.

Examples:
    The steps in order (the notebook ``notebooks/onboard_customers.ipynb`` does this)::

        run = Onboarding.start(source="crm.xlsx", target="erp.csv", out="out/", policy="review")
        run.read(); run.validate(); run.match(); run.decide(); run.export()
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.atomic import atomic_open
from workbench.batch.queue import queue_counts, review_queue
from workbench.batch.timings import StepTimings
from workbench.connections import SyncRules, resolve_location
from workbench.connections.syncrules import NO_RULES
from workbench.errors import ConfigError, StateError
from workbench.io import ImportedTable, read_table, write_table
from workbench.io.sources import shown_source, url_scheme
from workbench.linkage import LinkageConfig, MatchResult, match_new_records
from workbench.linkage.classify import POSSIBLE, SURE
from workbench.linkage.config import PANDAS
from workbench.review import ConflictResolver, DuplicateReview, SyncOverviewBrowser
from workbench.review.decisions import (
    HELD_COLUMNS,
    DecisionPlan,
    PlannedDecisions,
    PolicyDecisions,
    plan_by_policy,
    stored_pair_decisions,
)
from workbench.review.policies import OnboardingPolicy, onboarding_policy
from workbench.schema import get_kind
from workbench.store import Store, chosen_store_url, open_store
from workbench.sync import ChangeSet, ImportLinks, SyncOverview, build_changeset, categorize, export_changeset
from workbench.sync.policies import open_conflicts
from workbench.team import require_role, usable_sync_rules
from workbench.validation import ValidationReport, validate
from workbench.validation.html_report import write_html

SUMMARY_FILE = "summary.json"
REVIEW_FILE = "review_queue.xlsx"
REJECTED_FILE = "rejected.xlsx"
VALIDATION_FILE = "validation-report.html"
POLICY_LINKS_FILE = "links_by_policy.csv"
"""Files a run writes into its output folder (plus ``changes_<system>.xlsx`` per system)."""

PAIR_TABLE_COLUMNS = ("a_row", "a_no", "b_row", "b_no", "score", "explanation")
"""Columns of the static pair tables of a headless run."""

EXIT_DONE, EXIT_REVIEW = 0, 1
"""``summary.json``'s ``exit_code``: 0 nothing left, 1 items for review or rows blocked by validation."""


@dataclass
class Onboarding:
    """One onboarding run (see the module docstring). Build it with :meth:`start`."""

    source: Path
    target: str
    out: Path
    store: Store
    policy: OnboardingPolicy
    kind: str = "customer"
    source_system: str = "source"
    target_system: str = "target"
    links: Path | None = None
    rules: SyncRules = NO_RULES
    source_options: dict[str, Any] = field(default_factory=dict)
    target_options: dict[str, Any] = field(default_factory=dict)
    engine: str = PANDAS
    timings: StepTimings = field(default_factory=StepTimings)
    source_table: ImportedTable | None = field(default=None, repr=False)
    target_table: ImportedTable | None = field(default=None, repr=False)
    report: ValidationReport | None = field(default=None, repr=False)
    partners: MatchResult | None = field(default=None, repr=False)
    duplicates: MatchResult | None = field(default=None, repr=False)
    decisions: PolicyDecisions | None = field(default=None, repr=False)
    overview: SyncOverview | None = field(default=None, repr=False)
    changeset: ChangeSet | None = field(default=None, repr=False)
    queue: pd.DataFrame | None = field(default=None, repr=False)
    written: list[str] = field(default_factory=list)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def start(cls, *, source: str | Path, target: str | Path, out: str | Path, policy: str = "review",
              store_url: str | None = None, kind: str = "customer", links: str | Path | None = None,
              source_system: str | None = None, target_system: str | None = None,
              accept_possible: float | None = None, conflicts: str | None = None,
              source_sheet: str | None = None, target_table: str | None = None,
              connections: str | Path | None = None, sync: str | None = None,
              engine: str = PANDAS) -> Onboarding:
        """Check the parameters, open the store and create the output folder.

        Args:
            source: The file to onboard (xlsx, csv, vcf, …).
            target: The target system's records: a file or a database URL (``target_table`` names the table).
            out: Output folder (created).
            policy: ``review`` or ``auto`` (:mod:`workbench.review.policies`).
            store_url: The state store (default: ``$WORKBENCH_STORE_URL``, else ``workbench.db`` in the
                working folder). ``${VARIABLE}`` in it or in a database ``target`` is taken from the
                environment (that is how a headless run passes passwords, which notebooks never hold).
            kind: Record kind of both systems (``customer``, …).
            links: An existing links file (``links.csv``) to import first; links already in the store are skipped.
            source_system, target_system: Names in the store (default: the files' names without suffix).
            accept_possible, conflicts: Overrides of the policy (score, conflict policy name).
            source_sheet: The worksheet of an xlsx source (default: detected).
            connections: A connection file whose ``syncs`` block says, field by field, which side
                leads (the source is its side ``a``, the target ``b``); its leading side wins a
                first sync, so only fields without a leader become conflicts.
            sync: The sync of that file to use (default: its only one).
            engine: Where matching runs: ``pandas`` (this process) or ``spark`` (``docs/scale.md``).

        Raises:
            ConfigError: Unknown policy, kind or engine, or a wrong connection file.
            AccessError: In a store with users: the one running it (``WORKBENCH_USER``, …) is not a
                steward, or not an admin for a policy that decides more than sure pairs. In any store:
                a connection of the sync is out of their scope or inactive (or, with users, not activated).
        """
        chosen = onboarding_policy(policy, accept_possible=accept_possible, conflicts=conflicts)
        record_kind = get_kind(kind)
        LinkageConfig(kind=record_kind.name, backend=engine)  # refuses an unknown engine before any work
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        source, target = Path(source), str(target)
        # names may come from -p as numbers (source_system=2026): the store keeps text
        source_system = str(source_system) if source_system is not None else source.stem
        if target_system is None:
            target_system = Path(target).stem if url_scheme(target) is None else str(target_table or "target")
        target_system = str(target_system)
        if source_system == target_system:
            raise ConfigError(f"source and target are both called {source_system!r} in the store",
                              hint="Name them apart with source_system= and target_system=.")
        store = open_store(resolve_location(chosen_store_url(store_url), where="store_url"))
        try:
            require_role(store, f"onboard with the {chosen.name} policy", chosen.role)
            rules = usable_sync_rules(store, connections, sync) if connections else NO_RULES
        except BaseException:
            store.close()
            raise
        return cls(source=source, target=target, out=out, store=store, policy=chosen,
                   kind=record_kind.name, source_system=source_system, target_system=target_system,
                   links=Path(links) if links else None, rules=rules,
                   source_options={"sheet": source_sheet} if source_sheet else {},
                   target_options={"table": target_table} if target_table else {}, engine=engine)

    # -- the steps ---------------------------------------------------------------------------------------------

    def read(self) -> pd.DataFrame:
        """Read source and target; returns rows and mapped columns per side."""
        with self.timings.step("read"):
            self.source_table = read_table(self.source, self.kind, **self.source_options)
            target = resolve_location(self.target, where="target") if url_scheme(self.target) else self.target
            self.target_table = read_table(target, self.kind, **self.target_options)
        return pd.DataFrame(
            [[self.source_system, shown_source(self.source), self.source_table.rows, len(self.source_table.columns)],
             [self.target_system, shown_source(self.target), self.target_table.rows,
              len(self.target_table.columns)]],
            columns=["system", "file", "rows", "mapped fields"])

    def validate(self) -> pd.DataFrame:
        """Validate the source; writes the HTML report and the rejected rows. Returns the rules' outcomes."""
        with self.timings.step("validation"):
            self.report = validate(self._source())
            self.written.append(write_html(self.report, self.out, VALIDATION_FILE).name)
            rejected = self.report.rejected(self._source(), source_headers=True)
            self.written.append(Path(write_table(rejected, self.out / REJECTED_FILE)).name)
        return self.report.summary()

    def match(self) -> pd.DataFrame:
        """Duplicates in the source and partners in the target; returns pairs per class."""
        with self.timings.step("linkage"):
            stored = stored_pair_decisions(self.store, self.source_system, self.target_system, self.kind)
            self.partners, self.duplicates = match_new_records(
                self._source().frame, self._target().frame, LinkageConfig(kind=self.kind, backend=self.engine),
                decisions=stored.partners if not stored.partners.empty else None)
        return pd.DataFrame({"duplicates in the source": _class_counts(self.duplicates),
                             "partners in the target": _class_counts(self.partners)})

    def decide(self) -> pd.DataFrame:
        """Plan the policy's decisions and take them through the review models
        (:func:`workbench.review.decisions.plan_by_policy`); returns what was decided."""
        if self.partners is None or self.duplicates is None:
            raise StateError("decide() needs the matches: run match() first")
        with self.timings.step("sync"):
            if self.links is not None:
                ImportLinks(path=self.links, system_a=self.source_system, system_b=self.target_system,
                            kind=self.kind, reason="links file given to the onboarding").apply(self.store)
            # the models read the store now: decisions a steward took since match() (in the review views) count too
            blocked = self.report.rows_with_errors if self.report is not None else None
            self._apply(plan_by_policy(self.policy, self.browse_sync(), self.review_duplicates(), self.partners,
                                       blocked_rows=blocked))
        return pd.DataFrame({"decisions": pd.Series(self.decisions.counts, dtype="int64")})

    def export(self, *, refresh: bool = False) -> pd.DataFrame:
        """Write the change sets, the review queue and ``summary.json`` (last); returns the changes per system.

        Args:
            refresh: Build the overview again first, to include what a steward decided in the
                review views since :meth:`decide`.
        """
        if self.overview is None or self.plan is None:
            raise StateError("export() needs the decisions: run decide() first")
        with self.timings.step("sync"):
            if refresh:
                self.overview = self._categorize()
            self.changeset = build_changeset(self.overview)
            self.queue = review_queue(self.plan.queued_duplicates, self.plan.queued_partners, self.overview)
        with self.timings.step("write"):
            self.written += [path.name for path in export_changeset(self.changeset, self.out)]
            self.written.append(Path(write_table(self.queue, self.out / REVIEW_FILE, sheet="review")).name)
        self.write_summary()
        return self.changeset.summary()

    # -- review: models for the interactive views, tables for headless runs --------------------------------------

    def review_duplicates(self) -> DuplicateReview:
        """The review model of the duplicates in the source (for ``workbench.widgets.duplicate_review``)."""
        return DuplicateReview(self._matched(self.duplicates), self.store, system=self.source_system)

    def review_partners(self) -> DuplicateReview:
        """The review model of the partner candidates in the target."""
        return DuplicateReview(self._matched(self.partners), self.store, system=self.source_system,
                               partner_system=self.target_system)

    def browse_sync(self) -> SyncOverviewBrowser:
        """The sync overview model (for ``workbench.widgets.sync_overview``)."""
        return SyncOverviewBrowser(self._source(), self._target(), self.store, system_a=self.source_system,
                                   system_b=self.target_system, matches=self.partners, kind=self.kind,
                                   rules=self.rules)

    def resolve_conflicts(self) -> ConflictResolver:
        """The conflict resolver model over the overview after the decisions."""
        if self.overview is None:
            raise StateError("resolve_conflicts() needs the decisions: run decide() first")
        return ConflictResolver(self.overview, self.store)

    def pairs_table(self, which: str, limit: int = 20) -> pd.DataFrame:
        """The possible pairs (``duplicates`` or ``partners``) best first, as a static table."""
        result = {"duplicates": self.duplicates, "partners": self.partners}.get(which)
        if which not in ("duplicates", "partners"):
            raise ConfigError(f"pairs_table shows 'duplicates' or 'partners', not {which!r}")
        pairs = self._matched(result).pairs
        possible = pairs[pairs["match_class"] == POSSIBLE]
        return possible[list(PAIR_TABLE_COLUMNS)].head(limit).reset_index(drop=True)

    def conflicts_table(self, limit: int = 20) -> pd.DataFrame:
        """The open conflicts after the decisions, one row per field, as a static table."""
        if self.overview is None:
            raise StateError("conflicts_table() needs the decisions: run decide() first")
        conflicts = open_conflicts(self.overview)
        return conflicts[["a_no", "b_no", "field", "a_value", "b_value", "last_synced"]].head(limit)

    # -- results -----------------------------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The run as plain data: counts per category and class, decisions, review items, timings."""
        report, plan = self.report, self.plan
        blocked = len(report.rows_with_errors) if report is not None else 0
        queue = queue_counts(self.queue) if self.queue is not None else {}
        needs_review = blocked > 0 or any(queue.values())
        return {
            "kind": self.kind,
            "started_at": self.started_at.isoformat(),
            "policy": self.policy.describe(),
            "store": self.store.url,
            "source": {"system": self.source_system, "file": shown_source(self.source),
                       "sha256": file_digest(self.source), "rows": self._source().rows},
            "target": {"system": self.target_system, "file": shown_source(self.target), "rows": self._target().rows},
            "validation": None if report is None else {
                **report.counts, "rows_blocked": blocked, "rows_flagged": len(report.rows_with_warnings)},
            "duplicates": _class_counts(self.duplicates),
            "partners": _class_counts(self.partners),
            "sync_before": _category_counts(None if self.decisions is None else self.decisions.before),
            "sync_after": _category_counts(self.overview),
            "decisions": {} if self.decisions is None else dict(self.decisions.counts),
            "reused_steward_decisions": {} if plan is None else dict(plan.reused),
            "held_back": {} if plan is None else {
                str(reason): int(n) for reason, n in self.held_back()["reason"].value_counts().items()},
            "review": queue,
            "changes": {} if self.changeset is None else {
                changes.system: changes.counts for changes in self.changeset},
            "files": sorted(set(self.written)),
            "timings": self.timings.rounded(),
            "exit_code": EXIT_REVIEW if needs_review else EXIT_DONE,
        }

    def held_back(self) -> pd.DataFrame:
        """New source records not created in the target, with the reason (``row, no, reason, detail``)."""
        return self.decisions.held_back() if self.decisions is not None else pd.DataFrame(columns=list(HELD_COLUMNS))

    def write_summary(self) -> Path:
        """Write ``summary.json`` atomically (the run's last file)."""
        target = self.out / SUMMARY_FILE
        with atomic_open(target, "w", encoding="utf-8") as handle:
            json.dump(self.summary(), handle, indent=2, ensure_ascii=False, default=str)
        return target

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    # -- internals ---------------------------------------------------------------------------------------------

    def _source(self) -> ImportedTable:
        if self.source_table is None:
            raise StateError("the source has not been read: run read() first")
        return self.source_table

    def _target(self) -> ImportedTable:
        if self.target_table is None:
            raise StateError("the target has not been read: run read() first")
        return self.target_table

    def _matched(self, result: MatchResult | None) -> MatchResult:
        if result is None:
            raise StateError("the matches are not there yet: run match() first")
        return result

    def _categorize(self) -> SyncOverview:
        return categorize(self._source(), self._target(), self.store, system_a=self.source_system,
                          system_b=self.target_system, kind=self.kind, rules=self.rules)

    def _apply(self, planned: PlannedDecisions) -> None:
        """Take the planned decisions (a step of its own: a test puts another run between plan and take)."""
        self.decisions = planned.take(self.out / POLICY_LINKS_FILE)
        if self.decisions.links_file is not None:
            self.written.append(self.decisions.links_file.name)
        self.overview = planned.overview.overview

    @property
    def plan(self) -> DecisionPlan | None:
        """The plan of the policy's decisions (after :meth:`decide`)."""
        return self.decisions.plan if self.decisions is not None else None

    @property
    def refused(self) -> pd.DataFrame:
        """New records whose partner was not created (``CreatePartners.refused``; empty before :meth:`decide`)."""
        return self.decisions.refused if self.decisions is not None else pd.DataFrame()


def file_digest(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes (None for a database URL or a missing file)."""
    path = Path(path)
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _class_counts(result: MatchResult | None) -> dict[str, int]:
    if result is None:
        return {}
    counts = result.pairs["match_class"].astype(str).value_counts()
    return {name: int(counts.get(name, 0)) for name in (SURE, POSSIBLE)}


def _category_counts(overview: SyncOverview | None) -> dict[str, dict[str, int]]:
    if overview is None:
        return {}
    summary = overview.summary().drop(columns="total", errors="ignore")
    return {str(system): {str(category): int(n) for category, n in summary[system].items()}
            for system in summary.columns}
