"""The review queue a headless run leaves for a steward: one table, one row per open item.

Items are possible duplicates in the source, possible partners in the target (both
not decided by a steward and not accepted by the policy) and conflicts nobody
resolved. The table is written as ``review_queue.xlsx``; the same items reappear in
the interactive review views, and a steward's decisions there take them off the
queue of the next run.
"""

from __future__ import annotations

import pandas as pd

from workbench.sync import SyncOverview
from workbench.sync.policies import open_conflicts

QUEUE_COLUMNS = ("item", "a_system", "a_row", "a_no", "b_system", "b_row", "b_no", "match_class", "score", "field",
                 "a_value", "b_value", "why")
"""Columns of the review queue."""

DUPLICATE, PARTNER, CONFLICT = "possible duplicate", "possible partner", "conflict"
ITEMS = (DUPLICATE, PARTNER, CONFLICT)


def review_queue(duplicates: pd.DataFrame, partners: pd.DataFrame, overview: SyncOverview) -> pd.DataFrame:
    """One row per open item: queued duplicate pairs, queued partner pairs, open conflicts of ``overview``.

    Args:
        duplicates: Queued pairs within the source (``a_row, a_no, b_row, b_no, match_class, score, explanation``).
        partners: Queued pairs source × target (same columns).
        overview: The overview after the run's decisions; its undecided conflicts are queued.
    """
    source, target = overview.system_a, overview.system_b
    parts = [_pairs(duplicates, DUPLICATE, source, source), _pairs(partners, PARTNER, source, target),
             _conflicts(overview)]
    queue = pd.concat([part for part in parts if not part.empty] or [pd.DataFrame(columns=list(QUEUE_COLUMNS))],
                      ignore_index=True)
    return queue.reindex(columns=list(QUEUE_COLUMNS)).astype(object).where(queue.notna(), None)


def queue_counts(queue: pd.DataFrame) -> dict[str, int]:
    """Open items per kind (every kind listed, zeros included)."""
    counts = queue["item"].value_counts()
    return {item: int(counts.get(item, 0)) for item in ITEMS}


def _pairs(pairs: pd.DataFrame, item: str, a_system: str, b_system: str) -> pd.DataFrame:
    if pairs.empty:
        return pd.DataFrame(columns=list(QUEUE_COLUMNS))
    return pd.DataFrame({
        "item": item, "a_system": a_system, "a_row": pairs["a_row"], "a_no": pairs["a_no"], "b_system": b_system,
        "b_row": pairs["b_row"], "b_no": pairs["b_no"], "match_class": pairs["match_class"].astype(str),
        "score": pairs["score"].round(3), "why": pairs["explanation"]})


def _conflicts(overview: SyncOverview) -> pd.DataFrame:
    conflicts = open_conflicts(overview)
    if conflicts.empty:
        return pd.DataFrame(columns=list(QUEUE_COLUMNS))
    rows = conflicts.merge(overview.pairs[["link_id", "a_row", "b_row"]], on="link_id", how="left")
    why = ["differs and the link holds no synced value yet" if pd.isna(last) else f"changed on both sides since "
           f"the last sync (was {last!r})" for last in rows["last_synced"]]
    return pd.DataFrame({
        "item": CONFLICT, "a_system": overview.system_a, "a_row": rows["a_row"], "a_no": rows["a_no"],
        "b_system": overview.system_b, "b_row": rows["b_row"], "b_no": rows["b_no"], "field": rows["field"],
        "a_value": rows["a_value"], "b_value": rows["b_value"], "why": why})
