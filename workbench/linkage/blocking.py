"""Candidate pairs: records that share a blocking key, pass by pass, within a budget.

A blocking rule is one or more **passes**; a pass pairs the records that are equal on its key
(all key columns present). :func:`candidate_pairs` runs the rules' passes in order and unites
their pairs **without a global distinct**: a pair of pass *i* is dropped when an earlier pass
*j < i* already gives both records the same (non-missing) key, so every pair comes from exactly
one pass and the union is a concatenation. Before any pair is made, each pass is **counted**
(pairs per key), and a key whose block is too large — more records than ``max_block_size``, or
the pass as a whole over its budget of ``pairs_per_record`` pairs per record — is re-blocked
with the rule's finer ``refine`` columns; what is still too large is left out, and reported
(:attr:`CandidatePairs.oversized`: rule, key, records, pairs, action).

The outcome is a plan an engine can run the same way (:attr:`CandidatePairs.passes`): per pass
its name, its key columns, and the keys it left out or re-blocked. A cluster engine joins
each pass on its key, drops the pairs an earlier pass has, and unions — exactly these pairs.

* :class:`KeyBlocking` — one pass: ``columns`` equal;
* :class:`SortedNeighbourhood` — records whose sort key (the columns joined) is the same or one
  of the ``window // 2`` neighbouring distinct values, as ``window // 2 + 1`` passes over
  shifted buckets of the values' rank (every two values that near share a bucket in one pass).

Every rule is a :class:`recordlinkage.base.BaseIndexAlgorithm`, usable in a plain
``recordlinkage.Index()``. Pairs are a :class:`pandas.MultiIndex` whose levels are the frames'
own indexes (the ``row`` numbers) and whose codes are record positions, so no label lookup is
needed downstream. For deduplication the first code is larger than the second, as in recordlinkage.

Examples:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"last_name_key": ["meier", "meier", "schmidt", "meier"]},
    ...                      index=pd.Index([2, 3, 4, 5], name="row"))
    >>> sorted(KeyBlocking(["last_name_key"]).index(frame).tolist())
    [(3, 2), (5, 2), (5, 3)]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from recordlinkage.base import BaseIndexAlgorithm

from workbench.errors import ConfigError
from workbench.linkage.combinations import distinct_combinations

_PAIR_DTYPE = np.int64
DEFAULT_MAX_BLOCK_SIZE = 300
"""Records one block may hold (both frames together when linking) before it is re-blocked or left out."""
DEFAULT_PAIRS_PER_RECORD = 0.5
"""Pairs one pass may make per record before its largest blocks are re-blocked or left out (a small base
may always make the pairs of one full block: see :func:`pass_budget`)."""


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
class Blocks:
    """Records grouped by key: ``members`` sorted by key (of one key, by position), block ``starts`` and
    ``sizes``, the block ``keys`` (ascending)."""

    members: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    keys: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray) -> Blocks:
        """The blocks of the records' keys (-1: the record is in none)."""
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

    def firsts(self) -> np.ndarray:
        """Each block's first record (the smallest position)."""
        return self.members[self.starts]

    def member_mask(self, chosen: np.ndarray, records: int) -> np.ndarray:
        """Per record (of ``records``), whether it is in one of the ``chosen`` blocks (a boolean per block)."""
        mask = np.zeros(records, dtype=bool)
        mask[self.members[np.repeat(chosen, self.sizes)]] = True
        return mask

    def without(self, dropped: np.ndarray) -> Blocks:
        """These blocks but the ``dropped`` ones (a boolean per block), as if their records had no key."""
        kept = ~dropped
        sizes = self.sizes[kept]
        return Blocks(self.members[np.repeat(kept, self.sizes)], np.cumsum(sizes) - sizes, sizes, self.keys[kept])

    def followed_by(self, other: Blocks, offset: np.int64) -> Blocks:
        """These blocks, then ``other``'s with their keys raised by ``offset`` (above every key here)."""
        return Blocks(np.concatenate([self.members, other.members]),
                      np.concatenate([self.starts, other.starts + len(self.members)]),
                      np.concatenate([self.sizes, other.sizes]), np.concatenate([self.keys, other.keys + offset]))


def pairs_within(blocks: Blocks) -> tuple[np.ndarray, np.ndarray]:
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


def pairs_across(left: Blocks, right: Blocks) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of a left and a right record whose blocks have the same key."""
    _, li, ri = np.intersect1d(left.keys, right.keys, assume_unique=True, return_indices=True)
    counts = left.sizes[li].astype(np.int64) * right.sizes[ri].astype(np.int64)
    if counts.sum() == 0:
        return np.zeros(0, _PAIR_DTYPE), np.zeros(0, _PAIR_DTYPE)
    block = np.repeat(np.arange(len(counts)), counts)
    t = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    width = right.sizes[ri][block]
    first = left.members[left.starts[li][block] + t // width]
    second = right.members[right.starts[ri][block] + t % width]
    return first, second


BLOCK_COUNT_COLUMNS = ("first", "records", "pairs")
"""A pass's counts per block: the position of its first record (frames one under the other), records, pairs."""


def _block_counts(blocks: Sequence[Blocks]) -> tuple[np.ndarray, pd.DataFrame]:
    """Per key that can pair: the key, and its counts (:data:`BLOCK_COUNT_COLUMNS`, both frames together)."""
    if len(blocks) == 1:
        records = blocks[0].sizes.astype(np.int64)
        return blocks[0].keys, _counts(blocks[0].firsts(), records, records * (records - 1) // 2)
    left, right = blocks
    values, li, ri = np.intersect1d(left.keys, right.keys, assume_unique=True, return_indices=True)
    a, b = left.sizes[li].astype(np.int64), right.sizes[ri].astype(np.int64)
    return values, _counts(left.firsts()[li], a + b, a * b)


def _counts(first: np.ndarray, records: np.ndarray, pairs: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"first": first.astype(np.int64), "records": records, "pairs": pairs})


def capped_blocks(counts: pd.DataFrame, limit: int, budget: float, *, rest: int = 0) -> tuple[np.ndarray, float]:
    """Which blocks of a pass to cap, and the budget the others leave: the rule both engines decide by.

    A block is capped when it holds more than ``limit`` records; then the blocks with the most
    pairs (of equal pairs, the one whose first record comes first) until the pairs of the rest
    fit ``budget``. An engine that counts elsewhere may list only its largest blocks and give
    the pairs of all others as ``rest``: they are never capped then, so the decision is the same.

    Args:
        counts: One row per block that makes pairs (:data:`BLOCK_COUNT_COLUMNS`).
        limit: Records one block may hold.
        budget: Pairs the pass may make.
        rest: Pairs of the blocks not listed (each of at most ``limit`` records, and no more pairs
            than any listed block of at most ``limit`` records).

    Returns:
        Whether each listed block is capped, and the budget left for re-blocking them (at least 0).

    Examples:
        >>> counts = pd.DataFrame({"first": [0, 1, 2, 3], "records": [5, 3, 3, 2], "pairs": [10, 3, 3, 1]})
        >>> capped_blocks(counts, limit=4, budget=4)
        (array([ True,  True, False, False]), 0.0)
    """
    records, pairs = counts["records"].to_numpy(np.int64), counts["pairs"].to_numpy(np.int64)
    big = records > limit
    order = np.lexsort((counts["first"].to_numpy(np.int64), -pairs))
    kept = np.cumsum(np.where(big, 0, pairs)[order][::-1])[::-1] + rest  # pairs of the blocks from here on, uncapped
    big[order[kept > budget]] = True
    return big, max(budget - float(pairs[~big].sum()) - rest, 0.0)


def report_capped(spec: Pass, capped: pd.DataFrame, action: str) -> None:
    """Add capped blocks to the pass's report, most pairs first.

    Args:
        spec: The pass.
        capped: The capped blocks' counts (:data:`BLOCK_COUNT_COLUMNS`) and ``key``, the key as
            its first record shows it (:func:`key_text`).
        action: What was done to them.
    """
    ordered = capped.sort_values(["pairs", "first"], ascending=[False, True], kind="stable")
    spec.capped.append(pd.DataFrame({"rule": spec.rule, "pass": spec.name, "key": ordered["key"].to_numpy(dtype=object),
                                     "records": ordered["records"].to_numpy(np.int64),
                                     "pairs": ordered["pairs"].to_numpy(np.int64), "action": action},
                                    columns=list(OVERSIZED_COLUMNS)))


KEY_TEXT_SEPARATOR = " | "


def key_text(parts: Sequence[np.ndarray]) -> list[str]:
    """Keys as the report shows them: the values of the key columns joined by `` | `` (a missing one: empty)."""
    if not parts:
        return []
    text = [np.where(pd.isna(p), "", np.asarray(p, dtype=object).astype(str)) for p in parts]
    return [KEY_TEXT_SEPARATOR.join(values) for values in zip(*text, strict=True)]


@dataclass
class Pass:
    """One pass of a blocking rule: pairs of records with the same key (none of its columns missing).

    The structure an engine consumes: pass ``name`` and its rule, the key ``columns`` (for a
    sorted neighbourhood: the sort columns, with ``bucket`` = ``(shift, width)`` of the rank
    buckets), the ``refine`` columns that re-block an oversized key, and after counting the
    keys it capped (``capped``: frames of rule, pass, key, records, pairs, action) and the pairs it added.
    """

    rule: str
    name: str
    columns: tuple[str, ...]
    refine: tuple[str, ...] = ()
    bucket: tuple[int, int] | None = None
    pairs: int = 0
    capped: list[pd.DataFrame] = field(default_factory=list)


@dataclass
class PassKeys:
    """A pass, the key it gives each record of each frame (-1: not paired by this pass), and those
    records grouped by key per frame."""

    spec: Pass
    keys: list[np.ndarray]
    blocks: list[Blocks]


class BlockingRule(BaseIndexAlgorithm):
    """Base of the workbench's blocking rules: one or more passes over integer keys.

    Subclasses implement :meth:`passes` (the keys per record, capped); the recordlinkage hooks
    ``_link_index`` and ``_dedup_index`` run them through :func:`candidate_pairs` (blocks capped by
    ``max_block_size`` alone: a single rule has no pair budget).

    Args:
        name: Shown in reports.
        max_block_size: Records one block may hold.
        train: Whether the score model learns from this rule's pairs (an EM session, as Splink
            recommends): a key that names one person (e-mail, mobile, name) teaches what a
            match looks like; one that colleagues or a family share (phone, address, company)
            would teach "same company" instead, so those rules set ``train=False``.
    """

    type_name: ClassVar[str] = ""

    def __init__(self, *, name: str | None = None, max_block_size: int | None = None, train: bool = True) -> None:
        super().__init__(verify_integrity=True)
        self.name = name or self.default_name()
        self.max_block_size = max_block_size
        self.train = train

    def default_name(self) -> str:
        """The rule's name when none is given."""
        raise NotImplementedError

    def passes(self, frames: Sequence[pd.DataFrame], limit: int, budget: float) -> list[PassKeys]:
        """The rule's passes with each record's key, oversized keys re-blocked or left out.

        Args:
            frames: One frame (deduplicate) or two (link), with the columns the rule reads.
            limit: Records one block may hold.
            budget: Pairs one pass may make.
        """
        raise NotImplementedError

    def specs(self) -> list[Pass]:
        """The rule's passes as an engine runs them (before counting)."""
        raise NotImplementedError

    def columns(self) -> tuple[str, ...]:
        """Every column the rule reads."""
        raise NotImplementedError

    def key_columns_of_every_pair(self) -> tuple[str, ...]:
        """The columns every pair of the rule agrees on (or nearly, for a neighbourhood); refinements aside."""
        return self.columns()

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain data (see :func:`blocking_rule_from_dict`)."""
        raise NotImplementedError

    def _options(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.max_block_size is not None:
            data["max_block_size"] = self.max_block_size
        if not self.train:
            data["train"] = False
        return data

    def _link_index(self, df_a: pd.DataFrame, df_b: pd.DataFrame) -> pd.MultiIndex:
        return candidate_pairs([df_a, df_b], [self], pairs_per_record=math.inf).index

    def _dedup_index(self, df_a: pd.DataFrame) -> pd.MultiIndex:
        return candidate_pairs([df_a], [self], pairs_per_record=math.inf).index

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.type_name, self.name))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


def pair_index(first: np.ndarray, second: np.ndarray, left: pd.Index, right: pd.Index) -> pd.MultiIndex:
    """A recordlinkage pair MultiIndex from positions, without any label lookup."""
    return pd.MultiIndex(levels=[left, right], codes=[first, second], verify_integrity=False)


def _capped_pass(frames: Sequence[pd.DataFrame], keys: list[np.ndarray], spec: Pass, limit: int, budget: float,
                 refine: Callable[[list[np.ndarray]], list[np.ndarray]] | None) -> PassKeys:
    """The pass with its keys and blocks, oversized blocks re-blocked (``refine``: finer keys of the same records)
    or left out. The records are sorted by key once; the counts and the caps work on the blocks."""
    blocks = [Blocks.of(k) for k in keys]
    values, counts = _block_counts(blocks)
    big, remaining = capped_blocks(counts, limit, budget)
    if not big.any():
        return PassKeys(spec, keys, blocks)
    dropped = [np.isin(b.keys, values[big], assume_unique=True) for b in blocks]
    capped = [b.member_mask(d, len(k)) for b, d, k in zip(blocks, dropped, keys, strict=True)]
    kept = [b.without(d) for b, d in zip(blocks, dropped, strict=True)]
    if refine is None:
        _report(spec, frames, counts[big], "left out", spec.columns)
        return PassKeys(spec, [np.where(c, -1, k) for k, c in zip(keys, capped, strict=True)], kept)
    _report(spec, frames, counts[big], f"re-blocked by {', '.join(spec.refine)}", spec.columns)
    finer = [np.where(c, f, -1) for f, c in zip(refine(keys), capped, strict=True)]
    fine = [Blocks.of(f) for f in finer]
    fine_values, fine_counts = _block_counts(fine)
    fine_big, _ = capped_blocks(fine_counts, limit, remaining)
    _report(spec, frames, fine_counts[fine_big], "left out", (*spec.columns, *spec.refine))
    fine_dropped = [np.isin(b.keys, fine_values[fine_big], assume_unique=True) for b in fine]
    fine_out = [b.member_mask(d, len(f)) for b, d, f in zip(fine, fine_dropped, finer, strict=True)]
    offset = np.int64(max((int(k.max(initial=-1)) for k in keys), default=-1) + 1)
    return PassKeys(spec, [np.where(c, np.where(o | (f < 0), -1, f + offset), k)
                           for k, f, c, o in zip(keys, finer, capped, fine_out, strict=True)],
                    [b.followed_by(f.without(d), offset) for b, f, d in zip(kept, fine, fine_dropped, strict=True)])


def _report(spec: Pass, frames: Sequence[pd.DataFrame], capped: pd.DataFrame, action: str,
            columns: Sequence[str]) -> None:
    """Report the capped blocks, each key shown by its first record's values of ``columns``."""
    if capped.empty:
        return
    first = capped["first"].to_numpy(np.int64)
    parts = [np.full(len(first), None, dtype=object) for _ in columns]
    start = 0
    for frame in frames:
        here = (first >= start) & (first < start + len(frame))
        for values, column in zip(parts, columns, strict=True):
            if column in frame.columns:
                values[here] = frame[column].iloc[first[here] - start].to_numpy(dtype=object)
        start += len(frame)
    report_capped(spec, capped.assign(key=key_text(parts)), action)


class KeyBlocking(BlockingRule):
    """One pass: pairs of records whose ``columns`` are all equal (none missing).

    Args:
        columns: Key columns that must agree, e.g. ``["last_name_phonetic_key", "first_initial_key"]``.
        refine: Further columns that split a block that is too large.
        name: Shown in reports; defaults to the columns joined by ``+``.
        max_block_size: Records a block may hold (both frames together when linking).
        train: Whether the score model learns from its pairs (see :class:`BlockingRule`).
    """

    type_name = "key"

    def __init__(self, columns: Sequence[str], *, refine: Sequence[str] = (), name: str | None = None,
                 max_block_size: int | None = None, train: bool = True) -> None:
        if isinstance(columns, str) or not columns:
            raise ConfigError("a key blocking rule needs a list of one or more columns", hint=f"Got {columns!r}.")
        self.key_columns = tuple(columns)
        self.refine = tuple(refine)
        super().__init__(name=name, max_block_size=max_block_size, train=train)

    def default_name(self) -> str:
        return "+".join(self.key_columns)

    def columns(self) -> tuple[str, ...]:
        return (*self.key_columns, *self.refine)

    def key_columns_of_every_pair(self) -> tuple[str, ...]:
        return self.key_columns

    def specs(self) -> list[Pass]:
        return [Pass(self.name, self.name, self.key_columns, self.refine)]

    def passes(self, frames: Sequence[pd.DataFrame], limit: int, budget: float) -> list[PassKeys]:
        spec, = self.specs()
        keys = encode_keys(frames, self.key_columns)

        def finer(_: list[np.ndarray]) -> list[np.ndarray]:
            return encode_keys(frames, (*self.key_columns, *self.refine))

        return [_capped_pass(frames, keys, spec, limit, budget, finer if self.refine else None)]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type_name, "columns": list(self.key_columns)}
        if self.refine:
            data["refine"] = list(self.refine)
        return {**data, **self._options()}


class SortedNeighbourhood(BlockingRule):
    """Pairs of records whose sort key is equal or within ``window // 2`` neighbouring distinct values.

    This finds pairs whose names differ by a typo behind the first letters, which no equality
    key would put together. Values are ranked over both frames together; the rank's buckets of
    ``window // 2 + 1`` values, shifted by one value per pass, are the passes' keys.

    Args:
        columns: Columns joined (by a space) into the sort key, e.g. last then first name key.
        window: Odd number of neighbouring distinct sort values paired (3 = the value and its two neighbours).
        name: Shown in reports.
        max_block_size: Records one bucket may hold.
        train: Whether the score model learns from its pairs (see :class:`BlockingRule`).
    """

    type_name = "sorted_neighbourhood"

    def __init__(self, columns: Sequence[str], *, window: int = 3, name: str | None = None,
                 max_block_size: int | None = None, train: bool = True) -> None:
        if isinstance(columns, str) or not columns:
            raise ConfigError("a sorted-neighbourhood rule needs a list of one or more columns",
                              hint=f"Got {columns!r}.")
        if window < 1 or window % 2 == 0:
            raise ConfigError(f"sorted-neighbourhood window must be a positive odd number, got {window}")
        self.sort_columns = tuple(columns)
        self.window = window
        super().__init__(name=name, max_block_size=max_block_size, train=train)

    def default_name(self) -> str:
        return f"neighbourhood({'+'.join(self.sort_columns)}, {self.window})"

    def columns(self) -> tuple[str, ...]:
        return self.sort_columns

    def specs(self) -> list[Pass]:
        width = self.window // 2 + 1
        return [Pass(self.name, f"{self.name} [{shift}]", self.sort_columns, bucket=(shift, width))
                for shift in range(width)]

    def passes(self, frames: Sequence[pd.DataFrame], limit: int, budget: float) -> list[PassKeys]:
        ranks = sort_ranks(frames, self.sort_columns)
        out = []
        for spec in self.specs():
            shift, width = spec.bucket
            keys = [np.where(r >= 0, (r + shift) // width, -1) for r in ranks]
            out.append(_capped_pass(frames, keys, spec, limit, budget, None))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type_name, "columns": list(self.sort_columns), "window": self.window, **self._options()}


def sort_ranks(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> list[np.ndarray]:
    """Dense rank of each record's sort key over all frames (-1 where the first column is missing).

    The sort key is the columns' values joined by a space (a missing later column adds nothing);
    it is built (in Arrow) and ranked once per distinct combination of the columns' values.
    """
    stacked = [pd.Categorical(pd.concat([frame[c] for frame in frames], ignore_index=True)) for c in columns]
    combination, first = distinct_combinations(stacked)
    text = _text_at(stacked[0], first)
    for column in stacked[1:]:
        text = pc.binary_join_element_wise(text, pc.fill_null(_text_at(column, first), ""), " ")
    known = np.asarray(text.is_valid(), dtype=bool)
    ranked = np.full(len(first), -1, dtype=np.int64)
    if known.any():  # Arrow sorts UTF-8 bytes, which is code point order, as Python compares str
        ranked[known] = np.asarray(pc.rank(text.filter(pa.array(known)), tiebreaker="dense")) - 1
    ranks = ranked[combination]
    return np.split(ranks, np.cumsum([len(f) for f in frames])[:-1])


def _text_at(column: pd.Categorical, rows: np.ndarray) -> pa.StringArray:
    """The column's values at ``rows`` as Arrow text (null where missing)."""
    categories = pa.array([str(value) for value in column.categories], type=pa.string())
    codes = np.asarray(column.codes)[rows]
    return categories.take(pa.array(codes, mask=codes < 0))


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


OVERSIZED_COLUMNS = ("rule", "pass", "key", "records", "pairs", "action")


@dataclass
class CandidatePairs:
    """The union of the passes' pairs, the passes as run (an engine's plan), and a sample of each rule's pairs."""

    index: pd.MultiIndex
    passes: list[Pass]
    samples: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """rule name -> (first, second) positions of up to ``sample_size`` of its pairs (before the union), at random"""

    @property
    def oversized(self) -> pd.DataFrame:
        """Keys too large to pair as they are: rule, pass, key, records, pairs, action (re-blocked or left out)."""
        capped = [frame for p in self.passes for frame in p.capped]
        return pd.concat(capped, ignore_index=True) if capped else pd.DataFrame(columns=list(OVERSIZED_COLUMNS))

    @property
    def per_rule(self) -> pd.Series:
        """Pairs each rule adds to the union (those no earlier rule gives)."""
        counts: dict[str, int] = {}
        for p in self.passes:
            counts[p.rule] = counts.get(p.rule, 0) + p.pairs
        return pd.Series(counts, name="pairs", dtype="int64")

    def __len__(self) -> int:
        return len(self.index)


def pass_budget(records: int, pairs_per_record: float, max_block_size: int) -> float:
    """Pairs one pass may make: ``pairs_per_record`` per record, but never fewer than one full block's
    pairs, so the budget bites at scale and a small base is capped by block size alone.

    Examples:
        >>> pass_budget(2_000_000, 0.5, 300), pass_budget(1_000, 0.5, 300)
        (1000000.0, 44850.0)
    """
    return max(pairs_per_record * records, max_block_size * (max_block_size - 1) / 2)


def blocking_plan(
    frames: Sequence[pd.DataFrame],
    rules: Sequence[BlockingRule],
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
    *,
    pairs_per_record: float = DEFAULT_PAIRS_PER_RECORD,
) -> Iterator[tuple[BlockingRule, list[PassKeys]]]:
    """Each rule's passes, counted and capped, with every record's key: what :func:`candidate_pairs`
    pairs and what a cluster engine joins on (see the module docs; arguments as there)."""
    records = sum(len(f) for f in frames)
    for rule in rules:
        limit = rule.max_block_size or max_block_size
        yield rule, rule.passes(frames, limit, pass_budget(records, pairs_per_record, limit))


def candidate_pairs(
    frames: Sequence[pd.DataFrame],
    rules: Sequence[BlockingRule],
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
    *,
    pairs_per_record: float = DEFAULT_PAIRS_PER_RECORD,
    sample_size: int = 0,
    seed: int = 0,
) -> CandidatePairs:
    """Unite the pairs of every rule's passes over one frame (deduplicate) or two (link).

    Args:
        frames: ``[frame]`` to deduplicate or ``[left, right]`` to link; the columns the rules read.
        rules: The blocking rules, in order; a rule's own ``max_block_size`` wins over the argument.
        max_block_size: Records a block may hold before it is re-blocked or left out.
        pairs_per_record: Pairs one pass may make per record (both frames together) before its
            largest blocks are re-blocked or left out: candidate pairs grow linearly with the records
            (:func:`pass_budget`: never fewer than one full block's pairs).
        sample_size: Pairs of each rule kept as a random sample (to fit the score model).
        seed: Seed of that sampling.

    Returns:
        The pair MultiIndex (levels = the frames' indexes, codes = positions), each pair once,
        the passes as run, and the samples.
    """
    if not rules:
        raise ConfigError("no blocking rules: no pair would ever be compared", hint="Configure at least one.")
    if len(frames) not in (1, 2):
        raise ValueError("candidate_pairs takes one frame (deduplicate) or two (link)")
    rng = np.random.default_rng(seed)
    done: list[tuple[Pass, list[np.ndarray]]] = []  # the passes run and their keys (not their blocks: memory)
    firsts, seconds, samples = [], [], {}
    for rule, passes in blocking_plan(frames, rules, max_block_size, pairs_per_record=pairs_per_record):
        found = []
        for keyed in passes:
            first, second = pairs_within(*keyed.blocks) if len(frames) == 1 else pairs_across(*keyed.blocks)
            found.append((first, second))
            new = np.ones(len(first), dtype=bool)
            for _, earlier in done:  # a pair an earlier pass has is that pass's
                left, right = earlier[0][first], earlier[-1][second]
                new &= ~((left == right) & (left >= 0))
            keyed.spec.pairs = int(new.sum())
            firsts.append(first[new])
            seconds.append(second[new])
            done.append((keyed.spec, keyed.keys))
        if sample_size:
            first = np.concatenate([f for f, _ in found])
            second = np.concatenate([s for _, s in found])
            chosen = np.sort(rng.choice(len(first), size=min(len(first), sample_size), replace=False))
            samples[rule.name] = (first[chosen], second[chosen])
    first = np.concatenate(firsts) if firsts else np.zeros(0, _PAIR_DTYPE)
    second = np.concatenate(seconds) if seconds else np.zeros(0, _PAIR_DTYPE)
    index = pair_index(first, second, frames[0].index, frames[-1].index)
    return CandidatePairs(index, [spec for spec, _ in done], samples)
