"""Candidate pairs: records that share a blocking key, as recordlinkage index algorithms.

Every blocking rule is a :class:`recordlinkage.base.BaseIndexAlgorithm`, usable in a plain
``recordlinkage.Index()``; :func:`candidate_pairs` runs several and unites them. The work is
"records that share a key", done on integer codes with numpy: block sizes are counted
before any pair is made, a block larger than ``max_block_size`` records is re-blocked with
the rule's finer ``refine`` columns, and what is still too large is dropped — every such
block is reported (:attr:`BlockingOutcome.oversized`).

Pairs are returned as a :class:`pandas.MultiIndex` whose levels are the frames' own indexes
(the ``row`` numbers) and whose codes are record positions, so no label lookup is needed
downstream. For deduplication the first code is larger than the second, as in recordlinkage.

Examples:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"last_name_key": ["meier", "meier", "schmidt", "meier"]},
    ...                      index=pd.Index([2, 3, 4, 5], name="row"))
    >>> KeyBlocking(["last_name_key"]).index(frame).tolist()
    [(3, 2), (5, 2), (5, 3)]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from recordlinkage.base import BaseIndexAlgorithm

from workbench.errors import ConfigError

_PAIR_DTYPE = np.int64


def encode_keys(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> list[np.ndarray]:
    """One integer key per record of each frame, equal across frames for equal values; -1 if any column is missing.

    Examples:
        >>> a = pd.DataFrame({"x": ["p", "q", None], "y": ["1", "1", "1"]})
        >>> b = pd.DataFrame({"x": ["q"], "y": ["1"]})
        >>> [k.tolist() for k in encode_keys([a, b], ["x", "y"])]
        [[0, 1, -1], [1]]
    """
    sizes = [len(f) for f in frames]
    combined: np.ndarray | None = None
    for column in columns:
        codes = _column_codes([f[column] for f in frames])
        if combined is None:
            combined = codes
            continue
        missing = (combined < 0) | (codes < 0)
        merged = combined * np.int64(codes.max(initial=-1) + 1) + codes  # initial: no record at all
        merged[missing] = -1
        combined = pd.factorize(merged, use_na_sentinel=True)[0].astype(np.int64)
        combined[missing] = -1
    assert combined is not None
    return np.split(combined, np.cumsum(sizes)[:-1])


def _column_codes(parts: Sequence[pd.Series]) -> np.ndarray:
    if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts) and all(
        p.cat.categories is parts[0].cat.categories or p.cat.categories.equals(parts[0].cat.categories) for p in parts
    ):
        return np.concatenate([np.asarray(p.cat.codes, dtype=np.int64) for p in parts])
    values = np.concatenate([np.asarray(p, dtype=object) for p in parts])
    return pd.factorize(values, use_na_sentinel=True)[0].astype(np.int64)


@dataclass(frozen=True)
class _Blocks:
    """Records grouped by key: ``members`` sorted by key, block ``starts`` and ``sizes``, the block ``keys``."""

    members: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    keys: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray) -> _Blocks:
        members = np.flatnonzero(keys >= 0)
        order = np.argsort(keys[members], kind="stable")
        members = members[order]
        sorted_keys = keys[members]
        if len(members) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return cls(members, empty, empty, empty)
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(members)])
        return cls(members, starts, sizes, sorted_keys[starts])

    def select(self, which: np.ndarray) -> _Blocks:
        return _Blocks(self.members, self.starts[which], self.sizes[which], self.keys[which])

    def records(self, which: np.ndarray | None = None) -> np.ndarray:
        """Member positions of the selected blocks (all when ``which`` is None)."""
        starts, sizes = (self.starts, self.sizes) if which is None else (self.starts[which], self.sizes[which])
        return self.members[_ranges(starts, sizes)]


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + size)`` for every block."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(np.r_[0, sizes[:-1]]), sizes)
    return np.arange(total, dtype=np.int64) + offsets


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (a sort and a comparison: far faster than ``np.unique`` on many values)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def pairs_within(blocks: _Blocks) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of two records of one block, as (larger position, smaller position)."""
    sizes = blocks.sizes.astype(np.int64)
    counts = sizes * (sizes - 1) // 2
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, _PAIR_DTYPE), np.zeros(0, _PAIR_DTYPE)
    block = np.repeat(np.arange(len(sizes)), counts)
    t = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    s = sizes[block]
    # t-th pair (p < q) of the upper triangle of an s x s matrix, row by row
    p = s - 2 - np.floor(np.sqrt(-8.0 * t + 4.0 * s * (s - 1) - 7) / 2.0 - 0.5).astype(np.int64)
    q = t + p + 1 - s * (s - 1) // 2 + (s - p) * (s - p - 1) // 2
    start = blocks.starts[block]
    first, second = blocks.members[start + p], blocks.members[start + q]
    return np.maximum(first, second), np.minimum(first, second)


def pairs_across(left: _Blocks, right: _Blocks, limit: int | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """Every pair of a left and a right record whose blocks have the same key.

    Returns:
        First and second positions, and the records of key-sharing blocks left unpaired
        because together they hold more than ``limit`` records.
    """
    _, li, ri = np.intersect1d(left.keys, right.keys, assume_unique=True, return_indices=True)
    ls, rs = left.sizes[li].astype(np.int64), right.sizes[ri].astype(np.int64)
    skipped = 0
    if limit is not None:
        fits = ls + rs <= limit
        skipped = int((ls + rs)[~fits].sum())
        li, ri, ls, rs = li[fits], ri[fits], ls[fits], rs[fits]
    counts = ls * rs
    if counts.sum() == 0:
        return np.zeros(0, _PAIR_DTYPE), np.zeros(0, _PAIR_DTYPE), skipped
    block = np.repeat(np.arange(len(counts)), counts)
    t = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    width = rs[block]
    first = left.members[left.starts[li][block] + t // width]
    second = right.members[right.starts[ri][block] + t % width]
    return first, second, skipped


@dataclass
class BlockingOutcome:
    """What one blocking rule produced: pair count and the blocks too large to pair."""

    rule: str
    pairs: int = 0
    oversized: list[dict[str, Any]] = field(default_factory=list)


class BlockingRule(BaseIndexAlgorithm):
    """Base of the workbench's blocking rules: deduplication and linking over integer keys.

    Subclasses implement :meth:`block_pairs`; the recordlinkage hooks ``_link_index`` and
    ``_dedup_index`` wrap it into a MultiIndex over the frames' own indexes.
    """

    type_name: ClassVar[str] = ""

    def __init__(self, *, name: str | None = None, max_block_size: int | None = None) -> None:
        super().__init__(verify_integrity=True)
        self.name = name or self.default_name()
        self.max_block_size = max_block_size
        self.outcome = BlockingOutcome(self.name)

    def default_name(self) -> str:
        """The rule's name when none is given."""
        raise NotImplementedError

    def block_pairs(self, frames: Sequence[pd.DataFrame], limit: int) -> tuple[np.ndarray, np.ndarray, BlockingOutcome]:
        """Pairs of positions (into ``frames[0]``, ``frames[-1]``) and the outcome.

        One frame means deduplication (first position > second), two mean linking.
        """
        raise NotImplementedError

    def columns(self) -> tuple[str, ...]:
        """Every column the rule reads."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain data (see :func:`blocking_rule_from_dict`)."""
        raise NotImplementedError

    def _limit(self) -> int:
        return self.max_block_size or DEFAULT_MAX_BLOCK_SIZE

    def _link_index(self, df_a: pd.DataFrame, df_b: pd.DataFrame) -> pd.MultiIndex:
        first, second, self.outcome = self.block_pairs([df_a, df_b], self._limit())
        return pair_index(first, second, df_a.index, df_b.index)

    def _dedup_index(self, df_a: pd.DataFrame) -> pd.MultiIndex:
        first, second, self.outcome = self.block_pairs([df_a], self._limit())
        return pair_index(first, second, df_a.index, df_a.index)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.type_name, self.name))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


DEFAULT_MAX_BLOCK_SIZE = 300


def pair_index(first: np.ndarray, second: np.ndarray, left: pd.Index, right: pd.Index) -> pd.MultiIndex:
    """A recordlinkage pair MultiIndex from positions, without any label lookup."""
    return pd.MultiIndex(levels=[left, right], codes=[first, second], verify_integrity=False)


class KeyBlocking(BlockingRule):
    """Pairs of records whose ``columns`` are all equal (none missing).

    Args:
        columns: Key columns that must agree, e.g. ``["last_name_phonetic_key", "first_initial_key"]``.
        refine: Further columns that split a block of more than ``max_block_size`` records.
        name: Shown in reports; defaults to the columns joined by ``+``.
        max_block_size: Records a block may hold (both frames together when linking).
    """

    type_name = "key"

    def __init__(self, columns: Sequence[str], *, refine: Sequence[str] = (), name: str | None = None,
                 max_block_size: int | None = None) -> None:
        if isinstance(columns, str) or not columns:
            raise ConfigError("a key blocking rule needs a list of one or more columns", hint=f"Got {columns!r}.")
        self.key_columns = tuple(columns)
        self.refine = tuple(refine)
        super().__init__(name=name, max_block_size=max_block_size)

    def default_name(self) -> str:
        return "+".join(self.key_columns)

    def columns(self) -> tuple[str, ...]:
        return (*self.key_columns, *self.refine)

    def block_pairs(self, frames: Sequence[pd.DataFrame], limit: int) -> tuple[np.ndarray, np.ndarray, BlockingOutcome]:
        outcome = BlockingOutcome(self.name)
        keys = encode_keys(frames, self.key_columns)
        firsts, seconds = [], []
        stages = [self.key_columns, *([(*self.key_columns, *self.refine)] if self.refine else [])]
        subset: list[np.ndarray] | None = None  # positions still to block, per frame
        for depth, columns in enumerate(stages):
            if depth:
                keys = [np.where(_mask(len(f), s), k, -1)
                        for f, k, s in zip(frames, encode_keys(frames, columns), subset or [], strict=True)]
            blocks = [_Blocks.of(k) for k in keys]
            too_big = _oversized(blocks, limit)
            last = depth == len(stages) - 1
            _report(outcome, frames, blocks, too_big, columns, "dropped" if last else f"re-blocked by {self.refine}")
            kept = [b.select(~big) for b, big in zip(blocks, too_big, strict=True)]
            first, second = pairs_within(kept[0]) if len(frames) == 1 else pairs_across(kept[0], kept[1])[:2]
            firsts.append(first)
            seconds.append(second)
            subset = [b.records(np.flatnonzero(big)) for b, big in zip(blocks, too_big, strict=True)]
            if all(len(s) == 0 for s in subset):
                break
        first, second = np.concatenate(firsts), np.concatenate(seconds)
        outcome.pairs = len(first)
        return first, second, outcome

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type_name, "columns": list(self.key_columns), "name": self.name}
        if self.refine:
            data["refine"] = list(self.refine)
        if self.max_block_size is not None:
            data["max_block_size"] = self.max_block_size
        return data


def _mask(size: int, positions: np.ndarray) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[positions] = True
    return mask


def _oversized(blocks: Sequence[_Blocks], limit: int) -> list[np.ndarray]:
    """Per frame, which of its blocks are too large (the two frames' block sizes add up when linking)."""
    if len(blocks) == 1:
        return [blocks[0].sizes > limit]
    left, right = blocks
    _, li, ri = np.intersect1d(left.keys, right.keys, assume_unique=True, return_indices=True)
    big_l = np.zeros(len(left.keys), dtype=bool)
    big_r = np.zeros(len(right.keys), dtype=bool)
    total = left.sizes[li] + right.sizes[ri]
    big_l[li[total > limit]] = True
    big_r[ri[total > limit]] = True
    return [big_l, big_r]


def _report(outcome: BlockingOutcome, frames: Sequence[pd.DataFrame], blocks: Sequence[_Blocks],
            too_big: Sequence[np.ndarray], columns: Sequence[str], action: str) -> None:
    """Add the oversized blocks (their key values, sizes and what was done) to the outcome."""
    sizes: dict[int, int] = {}
    examples: dict[int, tuple[int, int]] = {}
    for side, (block, big) in enumerate(zip(blocks, too_big, strict=True)):
        for key, start, size in zip(block.keys[big], block.starts[big], block.sizes[big], strict=True):
            sizes[int(key)] = sizes.get(int(key), 0) + int(size)
            examples.setdefault(int(key), (side, int(block.members[start])))
    for key, size in sorted(sizes.items(), key=lambda item: -item[1]):
        side, position = examples[key]
        value = " | ".join(str(frames[side][c].iloc[position]) for c in columns)
        outcome.oversized.append({"rule": outcome.rule, "key": value, "records": size, "action": action})


class SortedNeighbourhood(BlockingRule):
    """Pairs of records whose sort key is equal or within ``window`` neighbouring distinct values.

    This finds pairs whose names differ by a typo behind the first letters, which no
    equality key would put together. Values are ranked over both frames together.

    Args:
        columns: Columns joined (by a space) into the sort key, e.g. last then first name key.
        window: Odd number of neighbouring distinct sort values paired (3 = the value and its two neighbours).
        name: Shown in reports.
        max_block_size: Records one sort value (or two neighbouring ones) may hold together.
    """

    type_name = "sorted_neighbourhood"

    def __init__(self, columns: Sequence[str], *, window: int = 3, name: str | None = None,
                 max_block_size: int | None = None) -> None:
        if isinstance(columns, str) or not columns:
            raise ConfigError("a sorted-neighbourhood rule needs a list of one or more columns",
                              hint=f"Got {columns!r}.")
        if window < 1 or window % 2 == 0:
            raise ConfigError(f"sorted-neighbourhood window must be a positive odd number, got {window}")
        self.sort_columns = tuple(columns)
        self.window = window
        super().__init__(name=name, max_block_size=max_block_size)

    def default_name(self) -> str:
        return f"neighbourhood({'+'.join(self.sort_columns)}, {self.window})"

    def columns(self) -> tuple[str, ...]:
        return self.sort_columns

    def block_pairs(self, frames: Sequence[pd.DataFrame], limit: int) -> tuple[np.ndarray, np.ndarray, BlockingOutcome]:
        outcome = BlockingOutcome(self.name)
        blocks = [_Blocks.of(r) for r in _sort_ranks(frames, self.sort_columns)]
        too_big = _oversized(blocks, limit)
        _report(outcome, frames, blocks, too_big, self.sort_columns, "dropped")
        kept = [b.select(~big) for b, big in zip(blocks, too_big, strict=True)]
        left, right = kept[0], kept[-1]
        half = self.window // 2
        steps = range(half + 1) if len(frames) == 1 else range(-half, half + 1)
        firsts, seconds, skipped = [], [], 0
        for step in steps:
            if len(frames) == 1 and step == 0:
                first, second = pairs_within(left)
            else:
                shifted = _Blocks(right.members, right.starts, right.sizes, right.keys + step)
                first, second, records = pairs_across(left, shifted, limit)
                skipped += records
                if len(frames) == 1:
                    first, second = np.maximum(first, second), np.minimum(first, second)
            firsts.append(first)
            seconds.append(second)
        if skipped:
            outcome.oversized.append({"rule": self.name, "key": "neighbouring values", "records": skipped,
                                      "action": "not paired"})
        first, second = np.concatenate(firsts), np.concatenate(seconds)
        outcome.pairs = len(first)
        return first, second, outcome

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type_name, "columns": list(self.sort_columns), "window": self.window,
                                "name": self.name}
        if self.max_block_size is not None:
            data["max_block_size"] = self.max_block_size
        return data


def _sort_ranks(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> list[np.ndarray]:
    """Dense rank of each record's sort key over all frames (-1 where the first column is missing)."""
    parts = []
    for frame in frames:
        text = frame[columns[0]].astype(object)
        missing = text.isna().to_numpy()
        for column in columns[1:]:
            text = text.str.cat(frame[column].astype(object), sep=" ", na_rep="")
        parts.append(np.where(missing, None, text.to_numpy(dtype=object)))
    values = np.concatenate(parts)
    known = pd.notna(values)
    ranks = np.full(len(values), -1, dtype=np.int64)
    ranks[known] = pd.Series(values[known]).rank(method="dense").to_numpy(dtype=np.int64) - 1
    return np.split(ranks, np.cumsum([len(f) for f in frames])[:-1])


BLOCKING_TYPES: Mapping[str, Callable[..., BlockingRule]] = {
    KeyBlocking.type_name: KeyBlocking,
    SortedNeighbourhood.type_name: SortedNeighbourhood,
}


def blocking_rule_from_dict(data: Mapping[str, Any]) -> BlockingRule:
    """Build a blocking rule from plain data, as written by :meth:`BlockingRule.to_dict`.

    Examples:
        >>> blocking_rule_from_dict({"type": "key", "columns": ["mobile_key"]})
        KeyBlocking('mobile_key')
    """
    options = dict(data)
    kind = options.pop("type", None)
    if kind not in BLOCKING_TYPES:
        raise ConfigError(f"unknown blocking rule type {kind!r}", hint=f"Use one of: {', '.join(BLOCKING_TYPES)}.")
    try:
        return BLOCKING_TYPES[kind](**options)
    except TypeError as exc:
        raise ConfigError(f"blocking rule {options.get('name') or options.get('columns')!r}: {exc}") from None


@dataclass
class CandidatePairs:
    """The union of the blocking rules' pairs, what each rule produced, and a sample of each rule's pairs."""

    index: pd.MultiIndex
    outcomes: list[BlockingOutcome]
    samples: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """rule name -> (first, second) positions of up to ``sample_size`` of its pairs, drawn at random"""

    @property
    def oversized(self) -> pd.DataFrame:
        """Blocks too large to pair: rule, key, records, action (re-blocked or dropped)."""
        rows = [row for outcome in self.outcomes for row in outcome.oversized]
        return pd.DataFrame(rows, columns=["rule", "key", "records", "action"])

    @property
    def per_rule(self) -> pd.Series:
        """Pairs each rule produced before the union (pairs found by several rules count for each)."""
        return pd.Series({o.rule: o.pairs for o in self.outcomes}, name="pairs", dtype="int64")

    def __len__(self) -> int:
        return len(self.index)


def candidate_pairs(
    frames: Sequence[pd.DataFrame],
    rules: Sequence[BlockingRule],
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
    *,
    sample_size: int = 0,
    seed: int = 0,
) -> CandidatePairs:
    """Unite the pairs of every rule over one frame (deduplicate) or two (link).

    Args:
        frames: ``[frame]`` to deduplicate or ``[left, right]`` to link; the columns the rules read.
        rules: The blocking rules; a rule's own ``max_block_size`` wins over the argument.
        max_block_size: Records a block may hold before it is re-blocked or dropped.
        sample_size: Pairs of each rule kept as a random sample (to fit the score model).
        seed: Seed of that sampling.

    Returns:
        The pair MultiIndex (levels = the frames' indexes, codes = positions), sorted by
        position, each pair once, and the rules' outcomes.
    """
    if not rules:
        raise ConfigError("no blocking rules: no pair would ever be compared", hint="Configure at least one.")
    if len(frames) not in (1, 2):
        raise ValueError("candidate_pairs takes one frame (deduplicate) or two (link)")
    rng = np.random.default_rng(seed)
    width = np.int64(len(frames[-1]))
    parts, outcomes, samples = [], [], {}
    for rule in rules:
        first, second, outcome = rule.block_pairs(frames, rule.max_block_size or max_block_size)
        rule.outcome = outcome
        outcomes.append(outcome)
        if sample_size:
            chosen = np.sort(rng.choice(len(first), size=min(len(first), sample_size), replace=False))
            samples[rule.name] = (first[chosen], second[chosen])
        parts.append(first.astype(np.int64) * width + second)
        del first, second
    codes = sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    del parts
    first, second = codes // width, codes % width
    index = pair_index(first, second, frames[0].index, frames[-1].index)
    return CandidatePairs(index, outcomes, samples)
