"""The matcher on the generator's look-alikes: no kind of trap is ever sure, hardly any possible.

The sets hold every kind of different customers who look alike (colleagues, a shared role
mailbox, a household, namesakes, a parent and its subsidiary, handed-on mobiles, swapped
names; :data:`workbench.synthetic.traps.TRAP_KINDS`) beside their true duplicates.
"""

from __future__ import annotations

import pandas as pd

from workbench.linkage import find_duplicates, find_partners
from workbench.synthetic import dedup_set, link_sets
from workbench.synthetic.traps import TRAP_KINDS


def _found(pairs: pd.DataFrame, ordered: bool) -> dict[tuple[int, int], str]:
    keys = zip(pairs["a_row"], pairs["b_row"], strict=True)
    return {(a, b) if ordered else tuple(sorted((a, b))): str(c)
            for (a, b), c in zip(keys, pairs["match_class"], strict=True)}


def _check(found: dict, true_pairs: pd.DataFrame, traps: pd.DataFrame) -> None:
    assert set(traps["trap"]) == set(TRAP_KINDS)
    merged = {pair: found[pair] for pair in traps.index if pair in found}
    assert "sure" not in merged.values(), merged
    assert len(merged) <= 0.05 * len(traps), merged
    sure = {pair for pair, c in found.items() if c == "sure"}
    assert sure <= set(true_pairs.index)
    assert len(set(found) & set(true_pairs.index)) >= 0.99 * len(true_pairs)


def test_duplicates_leave_every_kind_of_look_alike_apart() -> None:
    frame, true_pairs, traps = dedup_set(4000, seed=11, trap_share=0.04)
    _check(_found(find_duplicates(frame).pairs, ordered=False), true_pairs, traps)


def test_partners_leave_every_kind_of_look_alike_apart() -> None:
    a, b, true_pairs, traps = link_sets(2000, 1800, 0.6, seed=12, trap_share=0.04)
    _check(_found(find_partners(a, b).pairs, ordered=True), true_pairs, traps)
