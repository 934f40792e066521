"""Partner picker: for one record, its candidate partners in the other system, and *choose* or *create*.

:class:`PartnerPicker` lists the candidates of a record (from a partners
:class:`~workbench.linkage.MatchResult`: ``find_partners`` or ``match_new_records``)
ranked with their scores, class and explanation, and what each candidate is linked to
already. :meth:`~PartnerPicker.link` applies :class:`workbench.sync.LinkPartners` (the
store refuses a record that is linked already and says to which);
:meth:`~PartnerPicker.create` applies :class:`workbench.sync.CreatePartner` with the
customer number :attr:`~PartnerPicker.proposed_number` shows (refused, with the reason,
when the record has a sure partner). Both are audited and undoable.
"""

from __future__ import annotations

import pandas as pd
from tqdm.auto import tqdm

from workbench.errors import ConfigError
from workbench.linkage import LinkageConfig, MatchResult, find_partners
from workbench.review.cells import case_folded, cell_text
from workbench.review.history import History
from workbench.review.observers import Observable
from workbench.store import Store
from workbench.sync import Action, CreatePartner, LinkPartners, Numbering, SyncOverview

CANDIDATE_COLUMNS = ("partner_no", "partner_row", "rank", "match_class", "score", "explanation", "assigned",
                     "category", "linked_to")
"""Columns of :attr:`PartnerPicker.candidates`."""

SIDES = ("a", "b")


def partner_matches(overview: SyncOverview, store: Store | None = None, *, progress: bool = True) -> MatchResult:
    """The partner candidates between the overview's two systems (``find_partners`` for the overview's record
    kind), with a tqdm progress bar (a widget in JupyterLab, text in a terminal or papermill log).

    Args:
        overview: The two systems' records.
        store: Where stewards' same / different decisions between the two systems are recorded; the score
            model learns from them (:mod:`workbench.linkage.training`). None: from the data alone.
        progress: Show the progress bar.
    """
    from workbench.review.decisions import stored_pair_decisions  # decisions imports the overview, which uses this

    decisions = None
    if store is not None:
        decided = stored_pair_decisions(store, overview.system_a, overview.system_b, overview.kind.name).partners
        decisions = decided if not decided.empty else None
    with tqdm(total=1, desc="matching partners", unit="pair", disable=not progress) as bar:
        def report(done: int, total: int, stage: str) -> None:
            bar.set_description(f"matching partners: {stage}")
            bar.total, bar.n = max(total, 1), done
            bar.refresh()
        return find_partners(overview.a, overview.b, LinkageConfig(kind=overview.kind.name), decisions=decisions,
                             on_progress=report)


class PartnerPicker(Observable):
    """Choose or create the partner of one record.

    Args:
        overview: The sync overview the record is in.
        store: The store the overview was built on.
        side: ``a`` or ``b``: the record's system.
        record_no: The record's number.
        matches: The partner matching result of the overview's systems (a-records from
            ``overview.a``); None runs ``find_partners`` on the overview's frames.
        numbering: How a created partner is numbered.
        actor: Who acts (default: the operating-system user).

    Raises:
        ConfigError: Unknown side, or the record is not in the overview.
    """

    def __init__(self, overview: SyncOverview, store: Store, *, side: str, record_no: str,
                 matches: MatchResult | None = None, numbering: Numbering | None = None,
                 actor: str | None = None) -> None:
        super().__init__()
        if side not in SIDES:
            raise ConfigError(f"side must be 'a' or 'b', not {side!r}")
        records = overview.records
        found = records[(records["side"] == side) & (records["no"] == record_no)]
        if found.empty:
            raise ConfigError(f"{overview.system(side)} has no record {record_no} in this overview",
                              hint="Check the number, or reload the overview.")
        self.overview = overview
        self.store = store
        self.side = side
        self.other_side = "b" if side == "a" else "a"
        self.record_no = record_no
        self.row = int(found["row"].iloc[0])
        self.category = str(found["category"].iloc[0])
        self.partner_no = cell_text(found["partner_no"].iloc[0])
        """The record's linked or planned partner (None while it has none)."""
        self.matches = matches if matches is not None else partner_matches(overview, store)
        self.numbering = numbering or Numbering()
        self.actor = actor
        self.history = History()
        self.chosen: str | None = None
        """The candidate the steward selected (a partner number), or None."""
        candidates = self.candidates
        self.chosen = candidates["partner_no"].iloc[0] if len(candidates) else None

    @property
    def system(self) -> str:
        """The record's system."""
        return self.overview.system(self.side)

    @property
    def partner_system(self) -> str:
        """The system the partner is in."""
        return self.overview.system(self.other_side)

    @property
    def record(self) -> dict[str, str | None]:
        """The record's values (canonical fields it has)."""
        values = self.overview.side_frame(self.side).loc[self.row]
        return {name: cell_text(value) for name, value in values.items() if not str(name).endswith("_key")}

    def side_by_side(self, partner_no: str | None = None) -> pd.DataFrame:
        """The record beside a candidate (default: the chosen one), field by field.

        Returns:
            Rows for the kind's fields either record has (index ``field``), columns
            ``record``, ``candidate`` and ``differs`` (folded for case and spacing, as the
            duplicate review compares); ``candidate`` is empty when no candidate is chosen.
        """
        number = partner_no if partner_no is not None else self.chosen
        mine = self.overview.side_frame(self.side).loc[self.row]
        found = self.candidates.loc[lambda frame: frame["partner_no"] == number, "partner_row"]
        theirs = (self.overview.side_frame(self.other_side).loc[int(found.iloc[0])] if len(found)
                  else pd.Series(dtype=object))
        fields = [f for f in self.overview.kind.field_names if f in mine.index or f in theirs.index]
        frame = pd.DataFrame({"record": [cell_text(mine.get(f)) for f in fields],
                              "candidate": [cell_text(theirs.get(f)) for f in fields]},
                             index=pd.Index(fields, name="field"))
        frame = frame[frame.notna().any(axis=1)]
        frame["differs"] = [a is not None and b is not None and case_folded(a) != case_folded(b)
                            for a, b in zip(frame["record"], frame["candidate"], strict=True)]
        return frame

    @property
    def candidates(self) -> pd.DataFrame:
        """The candidate partners, best first: columns :data:`CANDIDATE_COLUMNS`.

        ``category`` and ``linked_to`` tell where each candidate stands in the overview
        (a candidate linked to another record cannot be chosen before it is unlinked).
        """
        pairs = self.matches.pairs
        mine, theirs = ("a_no", "b_no") if self.side == "a" else ("b_no", "a_no")
        rank = "a_rank" if self.side == "a" else "b_rank"
        chosen = pairs[pairs[mine] == self.record_no].sort_values([rank, "score"], ascending=[True, False])
        records = self.overview.records
        others = records[records["side"] == self.other_side].drop_duplicates("no").set_index("no")
        numbers = chosen[theirs]
        return pd.DataFrame({
            "partner_no": numbers.to_numpy(dtype=object),
            "partner_row": chosen["b_row" if self.side == "a" else "a_row"].to_numpy(),
            "rank": chosen[rank].to_numpy(), "match_class": chosen["match_class"].astype(str).to_numpy(),
            "score": chosen["score"].to_numpy(), "explanation": chosen["explanation"].to_numpy(dtype=object),
            "assigned": chosen["assigned"].to_numpy(dtype=bool),
            "category": others["category"].reindex(numbers).to_numpy(dtype=object),
            "linked_to": [cell_text(x) for x in others["partner_no"].reindex(numbers)],
        }, columns=list(CANDIDATE_COLUMNS))

    @property
    def proposed_number(self) -> str:
        """The number :meth:`create` gives the new partner (kept when free in the partner system)."""
        records = self.overview.records
        taken = set(records.loc[records["side"] == self.other_side, "no"].dropna())
        with self.store.reading() as tx:
            target = tx.systems.find(self.partner_system)
            if target is not None:
                taken |= tx.links.numbers(target)
        return self.numbering.assign([self.record_no], taken)[0]

    def choose(self, partner_no: str | None) -> None:
        """Select a candidate (or another record of the partner system by its number)."""
        self.chosen = partner_no or None
        self.changed()

    def link(self, reason: str | None = None) -> LinkPartners:
        """Link the record with the chosen partner (*choose partner*).

        Raises:
            ConfigError: No partner is chosen.
            StoreError: Either record is linked already (the message names the link).
        """
        if self.chosen is None:
            raise ConfigError("choose a partner first", hint="Select a candidate, or create a partner.")
        a_no, b_no = (self.record_no, self.chosen) if self.side == "a" else (self.chosen, self.record_no)
        action = LinkPartners(system_a=self.overview.system_a, a_no=a_no, system_b=self.overview.system_b,
                              b_no=b_no, overview=self.overview, actor=self.actor, reason=reason)
        self._apply(action)
        self.partner_no = self.chosen
        self.changed()
        return action

    def create(self, reason: str | None = None) -> CreatePartner:
        """Create the record's partner in the other system with :attr:`proposed_number` (*create partner*).

        Raises:
            StoreError: The record has a sure partner (link it instead), or is not new.
        """
        action = CreatePartner(overview=self.overview, matches=self.matches.pairs, side=self.side,
                               record_no=self.record_no, numbering=self.numbering, actor=self.actor, reason=reason)
        self._apply(action)
        self.partner_no = str(action.created["partner_no"].iloc[0])
        self.changed()
        return action

    def undo(self, reason: str | None = None) -> int:
        """Undo the newest link or creation of this picker; returns how many actions were undone."""
        undone = self.history.undo(self.store, actor=self.actor, reason=reason)
        if undone:
            self.partner_no = None
        self.changed()
        return len(undone)

    def _apply(self, action: Action) -> None:
        if self.partner_no is not None:
            raise ConfigError(f"{self.system} {self.record_no} has its partner already: "
                              f"{self.partner_system} {self.partner_no}",
                              hint="Undo, or unlink it in the sync overview first.")
        action.apply(self.store)
        self.history.record([action])
