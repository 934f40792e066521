"""What an onboarding run decides by policy, computed from the matches, the overview and the store's decisions.

:func:`plan_decisions` is a pure function over frames: it reads the partner and
duplicate pairs of the linkage, the sync overview before any decision, the pair
decisions stewards already took (:func:`stored_pair_decisions`) and the rows
validation blocked, and returns a :class:`DecisionPlan`:

* **links** — partner pairs to link: decided *same* by a steward, sure (proposed 1:1
  and not ambiguous), or possible with a score the policy accepts (also 1:1);
* **same_duplicates** — possible duplicates in the source the policy accepts (to be
  remembered as steward-like decisions);
* **create** — new source records whose partner is to be created in the target: not
  blocked by validation, not linked by the plan, not the second record of a group of
  duplicates, not waiting in the review queue;
* **held_back** — the new records not created, each with the reason;
* **queued_duplicates** / **queued_partners** — possible pairs left for a steward.

A pair a steward decided is never queued again and never decided otherwise: *different*
removes it, *same* makes it a link or joins the duplicate group. The plan touches only
records that are not linked yet, so a second run over the same store plans nothing new.

:func:`plan_by_policy` makes the plan from a :class:`~workbench.review.SyncOverviewBrowser`
and a :class:`~workbench.review.DuplicateReview`; :meth:`PlannedDecisions.take` takes it
through them: the links and the partners to create as sync actions, the duplicates and the
conflicts through the models' ``apply_policy``. That is how an onboarding run decides
(``Onboarding.decide``); it returns :class:`PolicyDecisions`: what was decided, and what was
held back and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.io import write_table
from workbench.linkage import MatchResult
from workbench.linkage.classify import NONE, POSSIBLE, SURE
from workbench.linkage.clustering import sure_clusters
from workbench.review.duplicates import DuplicateReview
from workbench.review.overview import SyncOverviewBrowser
from workbench.review.policies import OnboardingPolicy
from workbench.store import SAME, Store
from workbench.sync import CreatePartners, ImportLinks, SyncOverview
from workbench.sync.actions import MEANWHILE
from workbench.sync.categories import NEW
from workbench.sync.linkfile import link_columns

DECISION_COLUMNS = ("a_no", "b_no", "same")
"""Columns of stored pair decisions, as the linkage learns from them."""

LINK_COLUMNS = ("a_no", "b_no", "a_row", "b_row", "match_class", "score", "basis")
HELD_COLUMNS = ("row", "no", "reason", "detail")
"""Columns of :attr:`DecisionPlan.held_back`: ``reason`` is short (for counting), ``detail`` names the record."""
STEWARD, POLICY = "steward", "policy"
"""The bases of a planned link besides a sure pair: a steward decided *same*, or the policy accepted the score."""


@dataclass(frozen=True)
class StoredDecisions:
    """Pair decisions already in the store: partners (source × target) and duplicates (source × source)."""

    partners: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(DECISION_COLUMNS)))
    duplicates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(DECISION_COLUMNS)))


@dataclass
class DecisionPlan:
    """The decisions of one run (see the module docstring); every frame may be empty."""

    links: pd.DataFrame
    same_duplicates: pd.DataFrame
    create: list[str]
    held_back: pd.DataFrame
    queued_duplicates: pd.DataFrame
    queued_partners: pd.DataFrame
    reused: dict[str, int]


def stored_pair_decisions(store: Store, source_system: str, target_system: str, kind: str) -> StoredDecisions:
    """The active pair decisions between the two systems and within the source, as ``a_no, b_no, same``.

    ``a_no`` is always the source's record (for duplicates: the smaller number).
    """
    with store.reading() as tx:
        source = tx.systems.ensure(source_system, kind)
        target = tx.systems.ensure(target_system, kind)
        across = tx.decisions.pair_frame(source, target)
        within = tx.decisions.pair_frame(source, source)
    source_first = source.id <= target.id
    partners = pd.DataFrame({"a_no": across["left_no" if source_first else "right_no"],
                             "b_no": across["right_no" if source_first else "left_no"],
                             "same": across["outcome"] == SAME})
    duplicates = pd.DataFrame({"a_no": within["left_no"], "b_no": within["right_no"],
                               "same": within["outcome"] == SAME})
    return StoredDecisions(partners=partners, duplicates=duplicates)


def plan_decisions(partners: pd.DataFrame, duplicates: pd.DataFrame, overview: SyncOverview,
                   stored: StoredDecisions, policy: OnboardingPolicy,
                   blocked_rows: pd.Index | None = None) -> DecisionPlan:
    """Decide what the policy may decide (see the module docstring).

    Args:
        partners: Partner pairs (``find_partners`` / ``match_new_records``): source = a, target = b.
        duplicates: Duplicate pairs within the source.
        overview: The sync overview before the run's decisions (source = A, target = B).
        stored: Decisions stewards took earlier (:func:`stored_pair_decisions`).
        policy: The onboarding policy.
        blocked_rows: Source rows validation blocked; the plan leaves them alone.
    """
    blocked = set() if blocked_rows is None else set(blocked_rows)
    records = overview.records
    source = records[records["side"] == "a"]
    unlinkable_a = set(overview.repeated.loc[overview.repeated["side"] == "a", "no"])
    unlinkable_b = set(overview.repeated.loc[overview.repeated["side"] == "b", "no"])
    free_a = set(source.loc[source["link_id"].isna() & source["partner_no"].isna(), "no"].dropna()) - unlinkable_a
    target = records[records["side"] == "b"]
    free_b = set(target.loc[target["link_id"].isna(), "no"].dropna()) - unlinkable_b
    blocked_nos = set(source.loc[source["row"].isin(blocked), "no"].dropna())

    links, queued_partners, reused_partners = _partner_links(partners, stored.partners, policy, free_a - blocked_nos,
                                                             free_b)
    groups, same_duplicates, queued_duplicates, reused_duplicates = _duplicate_groups(duplicates, stored.duplicates,
                                                                                      policy)
    create, held_back = _records_to_create(source, blocked, unlinkable_a, links, groups, queued_partners,
                                           queued_duplicates)
    return DecisionPlan(links=links, same_duplicates=same_duplicates, create=create, held_back=held_back,
                        queued_duplicates=queued_duplicates, queued_partners=queued_partners,
                        reused={"partner_pairs": reused_partners, "duplicate_pairs": reused_duplicates})


TAKEN = ("links_sure", "links_possible", "links_steward", "duplicates_same", "partners_created", "conflicts_resolved")
"""What :attr:`PolicyDecisions.counts` counts (``summary.json`` → ``decisions``)."""


@dataclass
class PolicyDecisions:
    """What a policy decided on one overview (:meth:`PlannedDecisions.take`).

    Attributes:
        plan: The plan the decisions followed.
        before: The overview the plan was made from (before any of these decisions).
        counts: Decisions taken, per :data:`TAKEN`.
        links_file: The plan's links as imported (the links exchange format); None when it had none.
        refused: Records whose partner was not created (``CreatePartners.refused``).
        meanwhile: Planned links left out because another run linked a record meanwhile (``ImportLinks.meanwhile``).
    """

    plan: DecisionPlan
    before: SyncOverview
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TAKEN, 0))
    links_file: Path | None = None
    refused: pd.DataFrame = field(default_factory=pd.DataFrame)
    meanwhile: pd.DataFrame = field(default_factory=pd.DataFrame)

    def held_back(self) -> pd.DataFrame:
        """New source records not created in the target, with the reason (:data:`HELD_COLUMNS`)."""
        parts = [self.plan.held_back]
        if not self.refused.empty:
            by_other_run = self.refused["reason"].str.startswith(MEANWHILE).to_numpy(dtype=bool)
            parts.append(pd.DataFrame({"row": self.refused["row"], "no": self.refused["no"],
                                       "reason": np.where(by_other_run, MEANWHILE, "sure partner"),
                                       "detail": self.refused["reason"]}))
        if not self.meanwhile.empty:
            parts.append(pd.DataFrame({"row": None, "no": self.meanwhile["a_no"], "reason": MEANWHILE,
                                       "detail": self.meanwhile["reason"]}))
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def plan_by_policy(policy: OnboardingPolicy, overview: SyncOverviewBrowser, duplicates: DuplicateReview,
                   partners: MatchResult, *, blocked_rows: pd.Index | None = None) -> PlannedDecisions:
    """Plan a policy's decisions on an overview (:func:`plan_decisions`); :meth:`PlannedDecisions.take` takes them.

    Args:
        policy: The onboarding policy.
        overview: The sync overview of the source (A) and the target (B), as it is before these decisions.
        duplicates: The review of the duplicates within the source.
        partners: The partner candidates of the source's records in the target.
        blocked_rows: Source rows validation blocked; nothing is decided for them.
    """
    before = overview.overview
    stored = stored_pair_decisions(overview.store, before.system_a, before.system_b, before.kind.name)
    plan = plan_decisions(partners.pairs, duplicates.result.pairs, before, stored, policy, blocked_rows)
    return PlannedDecisions(policy=policy, plan=plan, before=before, stored=stored, overview=overview,
                            duplicates=duplicates, partners=partners)


@dataclass(frozen=True, eq=False)
class PlannedDecisions:
    """A policy's plan with the review models it is taken through (:func:`plan_by_policy`)."""

    policy: OnboardingPolicy
    plan: DecisionPlan
    before: SyncOverview
    """The overview the plan was made from."""
    stored: StoredDecisions
    """The pair decisions in the store the plan was made with."""
    overview: SyncOverviewBrowser
    duplicates: DuplicateReview
    partners: MatchResult

    def take(self, links_file: Path) -> PolicyDecisions:
        """Take the plan's decisions through the review models, as a steward's screens would.

        In this order: the plan's links are written to ``links_file`` (the links exchange
        format) and imported in one :class:`~workbench.sync.ImportLinks` (records another run
        linked meanwhile are left out); ``duplicates.apply_policy`` remembers the possible
        duplicates the policy accepts; the partners of the plan's new records are created in one
        :class:`~workbench.sync.CreatePartners`; then ``overview.apply_policy`` resolves the
        conflicts these leave. Afterwards ``overview.overview`` is the overview after every decision.

        Raises:
            AccessError: In a store with users, the actor may not run this policy.
        """
        plan, before, store, actor = self.plan, self.before, self.overview.store, self.overview.actor
        taken = PolicyDecisions(plan=plan, before=before)
        reason = f"onboarding policy {self.policy.name}"
        if not plan.links.empty:
            a_column, b_column, sync, synced_at = link_columns(before.kind)
            write_table(pd.DataFrame({a_column: plan.links["a_no"], b_column: plan.links["b_no"], sync: "on",
                                      synced_at: None}), links_file)
            links = ImportLinks(path=links_file, system_a=before.system_a, system_b=before.system_b,
                                kind=before.kind.name, skip_linked=True, actor=actor,
                                reason=f"{reason}: sure partners, accepted possible partners, steward decisions")
            links.apply(store)
            taken.links_file, taken.meanwhile = links_file, links.meanwhile
            basis = plan.links.loc[~plan.links["a_no"].isin(links.meanwhile.get("a_no", [])), "basis"].value_counts()
            taken.counts.update(links_sure=int(basis.get(SURE, 0)), links_possible=int(basis.get(POLICY, 0)),
                                links_steward=int(basis.get(STEWARD, 0)))
        taken.counts["duplicates_same"] = self.duplicates.apply_policy(self.policy)
        if plan.create:
            # the plan's records are new and unlinked in the overview before the links (it left linked ones out)
            create = CreatePartners(overview=before, side="a", record_nos=plan.create, actor=actor,
                                    matches=without_rejected(self.partners.pairs, self.stored.partners),
                                    reason=f"{reason}: new records")
            create.apply(store)
            taken.counts["partners_created"] = len(create.created)
            taken.refused = create.refused
        self.overview.refresh()
        taken.counts["conflicts_resolved"] = self.overview.apply_policy(self.policy)
        return taken


def without_rejected(pairs: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The partner pairs less those a steward decided *different* (a rejected sure pair stops nothing)."""
    return pairs[(_decided(pairs, decisions, unordered=False) != False).to_numpy()]  # noqa: E712


def _decided(pairs: pd.DataFrame, decisions: pd.DataFrame, unordered: bool) -> pd.Series:
    """The stored verdict per pair: True (same), False (different) or NaN (undecided)."""
    if decisions.empty or pairs.empty:
        return pd.Series(np.nan, index=pairs.index, dtype=object)
    verdict = dict(zip(zip(decisions["a_no"], decisions["b_no"], strict=True), decisions["same"], strict=True))
    keys = zip(pairs["a_no"], pairs["b_no"], strict=True)
    if unordered:
        keys = (tuple(sorted((str(a), str(b)))) for a, b in keys)
    return pd.Series([verdict.get(key, np.nan) for key in keys], index=pairs.index, dtype=object)


def _partner_links(pairs: pd.DataFrame, decisions: pd.DataFrame, policy: OnboardingPolicy, free_a: set[str],
                   free_b: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    verdict = _decided(pairs, decisions, unordered=False)
    open_pair = pairs["a_no"].isin(free_a) & pairs["b_no"].isin(free_b)
    steward_same = open_pair & (verdict == True)  # noqa: E712 - object series of True/False/NaN
    undecided = open_pair & verdict.isna()
    proposed = pairs["assigned"] & ~pairs["ambiguous"]
    sure = undecided & (pairs["match_class"] == SURE) & proposed
    accepted = undecided & proposed & policy.accepted(pairs)
    basis = np.select([steward_same, sure, accepted], [STEWARD, SURE, POLICY], default="")
    chosen = pairs.assign(basis=basis)[basis != ""]
    order = chosen["basis"].map({STEWARD: 0, SURE: 1, POLICY: 2})
    chosen = chosen.assign(_order=order).sort_values(["_order", "score"], ascending=[True, False], kind="stable")
    chosen = chosen.drop_duplicates("a_no").drop_duplicates("b_no")
    links = chosen.reindex(columns=list(LINK_COLUMNS)).reset_index(drop=True)
    linked_a, linked_b = set(links["a_no"]), set(links["b_no"])
    queued = pairs[undecided & ~pairs.index.isin(chosen.index) & (pairs["match_class"] != NONE)
                   & ~pairs["a_no"].isin(linked_a) & ~pairs["b_no"].isin(linked_b)]
    return links, queued.reset_index(drop=True), int(verdict[open_pair].notna().sum())


def _duplicate_groups(pairs: pd.DataFrame, decisions: pd.DataFrame, policy: OnboardingPolicy,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """Edges of the duplicate groups (sure, steward same, accepted by policy), accepted pairs, queued pairs."""
    verdict = _decided(pairs, decisions, unordered=True)
    undecided = verdict.isna()
    possible = pairs["match_class"] == POSSIBLE
    accepted = undecided & policy.accepted(pairs)
    edges = pairs[(verdict == True) | (undecided & (pairs["match_class"] == SURE)) | accepted]  # noqa: E712
    queued = pairs[undecided & possible & ~accepted]
    return (edges.reset_index(drop=True), pairs[accepted].reset_index(drop=True), queued.reset_index(drop=True),
            int(verdict.notna().sum()))


def _records_to_create(source: pd.DataFrame, blocked: set, repeated: set, links: pd.DataFrame, edges: pd.DataFrame,
                       queued_partners: pd.DataFrame, queued_duplicates: pd.DataFrame,
                       ) -> tuple[list[str], pd.DataFrame]:
    """New source records to create in the target, and the reasons the others wait."""
    rows = source["row"].to_numpy()
    position = pd.Series(np.arange(len(rows)), index=rows)
    cluster = sure_clusters(position[edges["a_row"]].to_numpy(), position[edges["b_row"]].to_numpy(), len(rows))
    frame = source.assign(cluster=cluster).reset_index(drop=True)
    linked = frame["link_id"].notna() | frame["partner_no"].notna() | frame["no"].isin(set(links["a_no"]))
    frame["linked"] = linked
    grouped = frame[frame["cluster"] >= 0]
    # a group keeps its linked record, else its first record; the others are duplicates of it
    keeper = grouped.sort_values(["linked", "row"], ascending=[False, True], kind="stable").drop_duplicates("cluster")
    keeper_no = frame["cluster"].map(keeper.set_index("cluster")["no"])
    keeper_row = frame["cluster"].map(keeper.set_index("cluster")["row"])
    waiting = set(queued_partners["a_row"]) | set(queued_duplicates["a_row"]) | set(queued_duplicates["b_row"])
    new = frame[(frame["category"] == NEW) & ~linked]
    checks = [
        (new["row"].isin(blocked), "blocked by validation", ""),
        (new["no"].isna(), "no record number", ""),
        (new["no"].isin(repeated), "number not unique", "another source record has its number too"),
        (new["cluster"].ge(0) & (keeper_row[new.index] != new["row"]), "duplicate",
         "duplicate of " + keeper_no[new.index].fillna("").astype(str)),
        (new["row"].isin(waiting), "waits for review", "in a possible pair of the review queue"),
    ]
    reasons = pd.Series(np.select([c for c, _, _ in checks], [r for _, r, _ in checks], default=""), index=new.index)
    details = pd.Series(np.select([c for c, _, _ in checks], [d for _, _, d in checks], default=""), index=new.index)
    held = new[reasons != ""].assign(reason=reasons[reasons != ""], detail=details[reasons != ""])
    create = new.loc[reasons == "", "no"].tolist()
    return create, held.reindex(columns=list(HELD_COLUMNS)).reset_index(drop=True)
