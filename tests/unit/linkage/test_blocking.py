"""Blocking: passes give exactly the pairs that share a key, each pair once, within the budget; caps reported."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import recordlinkage

from workbench.errors import ConfigError
from workbench.linkage.blocking import (
    Blocks,
    KeyBlocking,
    SortedNeighbourhood,
    blocking_plan,
    blocking_rule_from_dict,
    candidate_pairs,
    capped_blocks,
)


def _frame(values: dict[str, list], start: int = 1) -> pd.DataFrame:
    size = len(next(iter(values.values())))
    return pd.DataFrame(values, index=pd.Index(range(start, start + size), name="row"))


def _random_frame(rng: np.random.Generator, size: int, start: int = 1) -> pd.DataFrame:
    names = rng.choice(["meier", "meyer", "schmidt", "berg", "hansen", None], size=size)
    initials = rng.choice(["a", "b", None], size=size)
    return _frame({"last": names, "initial": initials}, start)


def _brute_dedup(frame: pd.DataFrame, columns: list[str]) -> set[tuple[int, int]]:
    pairs = set()
    rows = list(frame.itertuples())
    for x, y in itertools.combinations(rows, 2):
        values_x = [getattr(x, c) for c in columns]
        values_y = [getattr(y, c) for c in columns]
        if all(v is not None for v in values_x) and values_x == values_y:
            pairs.add((max(x.Index, y.Index), min(x.Index, y.Index)))
    return pairs


def test_key_blocking_dedup_gives_exactly_the_pairs_sharing_all_keys() -> None:
    frame = _random_frame(np.random.default_rng(1), 60)
    pairs = KeyBlocking(["last", "initial"], max_block_size=100).index(frame)
    assert set(pairs.tolist()) == _brute_dedup(frame, ["last", "initial"])
    assert len(set(pairs.tolist())) == len(pairs)


def test_key_blocking_link_gives_exactly_the_cross_pairs_sharing_the_key() -> None:
    rng = np.random.default_rng(2)
    a, b = _random_frame(rng, 30), _random_frame(rng, 25, start=100)
    pairs = KeyBlocking(["last"], max_block_size=100).index(a, b)
    expected = {(i, j) for i, x in a["last"].items() for j, y in b["last"].items() if x is not None and x == y}
    assert set(pairs.tolist()) == expected


def test_a_plain_recordlinkage_index_runs_the_rules() -> None:
    frame = _random_frame(np.random.default_rng(3), 40)
    indexer = recordlinkage.Index()
    indexer.add(KeyBlocking(["last"], max_block_size=100))
    indexer.add(KeyBlocking(["initial"], max_block_size=100))
    expected = _brute_dedup(frame, ["last"]) | _brute_dedup(frame, ["initial"])
    assert set(indexer.index(frame).tolist()) == expected


def test_oversized_block_is_reblocked_with_the_finer_key_and_reported() -> None:
    frame = _frame({"last": ["meier"] * 6 + ["berg"] * 2, "initial": ["a", "a", "a", "b", "b", None, "x", "y"]})
    rule = KeyBlocking(["last"], refine=["initial"], max_block_size=5)
    result = candidate_pairs([frame], [rule])
    assert set(result.index.tolist()) == {(2, 1), (3, 1), (3, 2), (5, 4), (8, 7)}
    report = result.oversized
    assert report.to_dict("records") == [{"rule": "last", "pass": "last", "key": "meier", "records": 6, "pairs": 15,
                                           "action": "re-blocked by initial"}]


def test_block_still_too_large_after_refining_is_left_out_and_reported() -> None:
    frame = _frame({"last": ["meier"] * 4, "initial": ["a"] * 4})
    result = candidate_pairs([frame], [KeyBlocking(["last"], refine=["initial"], max_block_size=3)])
    assert len(result) == 0
    assert result.oversized["action"].tolist() == ["re-blocked by initial", "left out"]


def test_a_pass_over_its_pair_budget_caps_its_largest_keys() -> None:
    frame = _frame({"date": ["1980"] * 8 + ["1990", "1990", "2000", "2000"], "initial": list("aabbccdd") + [None] * 4})
    rule = KeyBlocking(["date"], refine=["initial"], max_block_size=8)
    result = candidate_pairs([frame], [rule], pairs_per_record=0.5)  # 28 pairs (one full block of 8) for 12 records
    assert set(result.index.tolist()) == {(2, 1), (4, 3), (6, 5), (8, 7), (10, 9), (12, 11)}
    assert result.oversized[["key", "records", "pairs"]].values.tolist() == [["1980", 8, 28]]


def test_passes_unite_without_a_global_distinct_and_each_pair_comes_once() -> None:
    rng = np.random.default_rng(4)
    frame = _frame({**_random_frame(rng, 80).to_dict("list"), "city": list(rng.choice(["x", "y", None], 80))})
    rules = [KeyBlocking(["last"], max_block_size=1000), KeyBlocking(["initial", "city"], max_block_size=1000),
             SortedNeighbourhood(["last"], window=3, max_block_size=1000)]
    result = candidate_pairs([frame], rules, pairs_per_record=1000)
    pairs = result.index.tolist()
    assert len(pairs) == len(set(pairs))
    expected = _brute_dedup(frame, ["last"]) | _brute_dedup(frame, ["initial", "city"])
    expected |= set(SortedNeighbourhood(["last"], window=3, max_block_size=1000).index(frame).tolist())
    assert set(pairs) == expected
    assert result.per_rule.sum() == len(pairs)
    assert [p.name for p in result.passes] == ["last", "initial+city", "neighbourhood(last, 3) [0]",
                                               "neighbourhood(last, 3) [1]"]


def test_sorted_neighbourhood_pairs_neighbouring_distinct_values() -> None:
    frame = _frame({"name": ["mueller", "muelner", "muellr", "schmidt", None]})
    pairs = SortedNeighbourhood(["name"], window=3).index(frame)
    # sorted: mueller(1) muellr(3) muelner(2) schmidt(4); neighbours one step apart are paired
    assert set(pairs.tolist()) == {(3, 1), (3, 2), (4, 2)}


def test_sorted_neighbourhood_links_across_frames() -> None:
    a = _frame({"name": ["anna", "bert", "carl"]})
    b = _frame({"name": ["anne", "carl"]}, start=10)
    pairs = SortedNeighbourhood(["name"], window=3).index(a, b)
    # ranks over both: anna anne bert carl -> anna~anne, bert~anne, bert~carl, carl~carl
    assert set(pairs.tolist()) == {(1, 10), (2, 10), (2, 11), (3, 11)}


def test_candidate_pairs_unites_rules_and_counts_each() -> None:
    frame = _frame({"email": ["x@a.de", "x@a.de", None, "y@b.de"], "mobile": ["1", "1", "2", "2"]})
    result = candidate_pairs([frame], [KeyBlocking(["email"]), KeyBlocking(["mobile"])])
    assert result.index.tolist() == [(2, 1), (4, 3)]
    assert result.per_rule.to_dict() == {"email": 1, "mobile": 1}  # (2, 1) shares both: the e-mail pass has it


def test_pairs_carry_positions_as_codes() -> None:
    frame = _frame({"key": ["k", "k", "k"]}, start=7)
    pairs = candidate_pairs([frame], [KeyBlocking(["key"])]).index
    assert pairs.levels[0] is frame.index or pairs.levels[0].equals(frame.index)
    assert sorted(zip(pairs.codes[0], pairs.codes[1], strict=True)) == [(1, 0), (2, 0), (2, 1)]


def test_rules_round_trip_through_plain_data() -> None:
    for rule in (KeyBlocking(["a", "b"], refine=["c"], max_block_size=50), SortedNeighbourhood(["a"], window=5)):
        assert blocking_rule_from_dict(rule.to_dict()) == rule


@pytest.mark.parametrize("data", [{"type": "nope"}, {"type": "key", "columns": "email"},
                                  {"type": "sorted_neighbourhood", "columns": ["a"], "window": 2},
                                  {"type": "key", "columns": ["a"], "colour": "red"}])
def test_bad_blocking_rules_are_config_errors(data: dict) -> None:
    with pytest.raises(ConfigError):
        blocking_rule_from_dict(data)


def _block_counts(rng: np.random.Generator, blocks: int) -> pd.DataFrame:
    records = rng.integers(2, 14, size=blocks)
    return pd.DataFrame({"first": rng.permutation(blocks), "records": records, "pairs": records * (records - 1) // 2})


@pytest.mark.parametrize("budget", [50.0, 400.0, 5_000.0])
def test_the_cap_decided_on_the_largest_blocks_and_the_rest_is_the_one_on_all_blocks(budget: float) -> None:
    counts = _block_counts(np.random.default_rng(3), 200)
    limit = 10
    expected, left = capped_blocks(counts, limit, budget)
    within = counts["records"] <= limit
    for smallest in sorted(set(counts["pairs"])):
        rest = int(counts.loc[within & (counts["pairs"] < smallest), "pairs"].sum())
        if rest > budget:
            continue  # an engine lists at least the blocks the budget can reach
        listed = ~within | (counts["pairs"] >= smallest)
        capped, remaining = capped_blocks(counts[listed], limit, budget, rest=rest)
        assert capped.tolist() == expected[listed.to_numpy()].tolist()
        assert not expected[~listed.to_numpy()].any()
        assert remaining == left


@pytest.mark.parametrize("seed", range(6))
def test_the_blocks_left_after_capping_are_those_of_the_capped_keys(seed: int) -> None:
    """Capping drops and re-blocks whole blocks instead of sorting the records again: the blocks a pass ends
    with are exactly those its final keys give."""
    rng = np.random.default_rng(seed)
    frames = [_random_frame(rng, 60), _random_frame(rng, 50, start=100)][: 1 + seed % 2]
    rules = [KeyBlocking(["last"], refine=["initial"], max_block_size=int(rng.integers(3, 12))),
             SortedNeighbourhood(["last"], window=3, max_block_size=int(rng.integers(3, 30)))]
    capped = 0
    for _, passes in blocking_plan(frames, rules, pairs_per_record=float(rng.choice([0.5, 2.0]))):
        for keyed in passes:
            capped += len(keyed.spec.capped)
            for keys, blocks in zip(keyed.keys, keyed.blocks, strict=True):
                again = Blocks.of(keys)
                for name in ("members", "starts", "sizes", "keys"):
                    assert np.array_equal(getattr(blocks, name), getattr(again, name)), name
    assert capped  # the caps were exercised
