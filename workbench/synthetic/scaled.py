"""Large seeded synthetic sets for the linkage, sync and batch benchmarks.

The same people, formats and variations as the committed samples, at any size: the
population is drawn and rendered column-wise with NumPy, and the extra records of
re-appearing customers are varied one by one with Python's ``random.Random`` (both
seeded, no global state).

Every frame follows the canonical frame contract of :mod:`workbench.io.base`: index
``row`` (1-based, as the ordinal row of a table), the canonical customer fields in
:data:`workbench.schema.CUSTOMER` order, every cell ``str`` or None.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import random
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from workbench.schema import CUSTOMER
from workbench.synthetic.categories import differing_fields, linked_category, unlinked_category
from workbench.synthetic.population import NumpyDraws, build_companies, build_people
from workbench.synthetic.rendering import Record, render_frame, restyle
from workbench.synthetic.traps import TRAP_KINDS, NotATrapError, trap_pair
from workbench.synthetic.variation import FreshValues, change, variant_linked, vary

FIELDS = CUSTOMER.field_names
REAPPEARING_EXTRAS = ((1, 0.80), (2, 0.15), (3, 0.05))
"""(extra records, share) of an entity that re-appears."""


def _generators(seed: int) -> tuple[NumpyDraws, random.Random]:
    return NumpyDraws(np.random.default_rng(seed)), random.Random(seed)  # noqa: S311 - test data, not security


def _people(draws: NumpyDraws, count: int, share_de: float = 0.7) -> pd.DataFrame:
    countries = np.where(draws.uniform(count) < share_de, "DE", "DK")
    return build_people(draws, countries, rare_surnames=0.65)


def _frame(records: pd.DataFrame, numbers: Sequence[str] | None = None) -> pd.DataFrame:
    """Canonical frame of records (hidden facts dropped, missing values are None already), rows from 1."""
    frame = records.reindex(columns=list(FIELDS)).reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    if numbers is not None:
        frame["customer_no"] = list(numbers)
    return frame


def _timestamps(draws: NumpyDraws, count: int) -> np.ndarray:
    minutes = draws.integers(0, 8 * 365 * 24 * 60, count).astype("timedelta64[m]")
    return (np.datetime64("2019-01-02T08:00") + minutes).astype(str).astype(object)


def _rendered(people: pd.DataFrame, system: str, draws: NumpyDraws, first_entity: int = 0) -> pd.DataFrame:
    """Records of ``system`` for each person (entity ids E0000001...)."""
    entities = [f"E{first_entity + i + 1:07d}" for i in range(len(people))]
    return render_frame(people.reset_index(drop=True), system, draws, entities)


def _records(frame: pd.DataFrame, positions: Sequence[int]) -> list[Record]:
    """Rows of a rendered frame (None for missing values) as records."""
    subset = frame.iloc[list(positions)]
    keys = list(subset.columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*(subset[k].tolist() for k in keys), strict=True)]


@contextlib.contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic dicts are made (halves the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extras(rng: random.Random) -> int:
    return rng.choices([e for e, _ in REAPPEARING_EXTRAS], weights=[w for _, w in REAPPEARING_EXTRAS])[0]


def _trap_pairs(count: int, people: pd.DataFrame, draws: NumpyDraws, rng: random.Random,
                systems: tuple[str, str]) -> list[tuple[Record, Record, str]]:
    """``count`` look-alike pairs of different customers, the kinds of :data:`TRAP_KINDS` in turn.

    Persons come from ``people`` (facts, consumed two at a time); a kind the two cannot make
    (first names alike, no mobile to hand on, …) takes the next two.
    """
    rows = iter(people.to_dict("records"))
    pairs: list[tuple[Record, Record, str]] = []
    for kind in itertools.islice(itertools.cycle(TRAP_KINDS), count):
        while True:
            person = next(rows)
            other = next(r for r in rows if r["country"] == person["country"])
            company = build_companies(draws, [person["country"]]).iloc[0]
            try:
                one, two = trap_pair(kind, person, other, company, rng, systems)
            except NotATrapError:
                continue
            number = len(pairs) + 1
            one["_entity"], two["_entity"] = f"T{number:07d}a", f"T{number:07d}b"
            pairs.append((one, two, kind))
            break
    return pairs


@_no_garbage_collection()
def dedup_set(n: int, seed: int = 0, *, reappear: float = 0.6,
              trap_share: float = 0.02) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``n`` German and Danish person records of one system, with known duplicates and look-alikes.

    About ``reappear`` of the entities occur more than once (mostly twice), each extra
    record with realistic variations (typos, transliteration, nicknames, phone formats,
    gaps, moves) that keep the pair findable. About ``trap_share`` of the records are
    look-alikes of different customers, every kind of :data:`~workbench.synthetic.traps.TRAP_KINDS`
    in turn (colleagues, a shared role mailbox, a household, namesakes, a parent and its
    subsidiary, handed-on mobiles, swapped names). Rows are shuffled.

    Returns:
        ``(frame, true_pairs, traps)``: the canonical frame; the true duplicate pairs as a
        frame indexed by ``(row_1, row_2)`` (row_1 < row_2) with columns ``entity`` and
        ``expected_class`` (sure / possible, as DESIGN.md's rules give them); and the
        look-alike pairs, indexed the same way, with column ``trap`` (their kind).

    Examples:
        >>> frame, pairs, traps = dedup_set(800, seed=1)
        >>> len(frame), frame.index.name, pairs.index.names
        (800, 'row', FrozenList(['row_1', 'row_2']))
        >>> sorted(pairs["expected_class"].unique())
        ['possible', 'sure']
        >>> traps["trap"].nunique(), bool(set(traps.index) & set(pairs.index))
        (8, False)
    """
    draws, rng = _generators(seed)
    traps = 2 * (int(n * trap_share) // 2)
    sizes, total = [], 0
    while total < n - traps:
        sizes.append(1 + (_extras(rng) if rng.random() < reappear else 0))
        total += sizes[-1]
    sizes[-1] -= total - (n - traps)
    people = _people(draws, len(sizes) + 8 * traps + 20)
    rendered = _rendered(people, "crm", draws)
    base = rendered.iloc[: len(sizes)]
    repeated = [i for i, size in enumerate(sizes) if size > 1]
    extra: list[Record] = []
    pairs: list[tuple[int, int, str, str]] = []  # positions in base + extra
    for i, record in zip(repeated, _records(base, repeated), strict=True):
        cluster, positions = [record], [i]
        for _ in range(sizes[i] - 1):
            variant = variant_linked(record, cluster, rng)
            position = len(sizes) + len(extra)
            pairs += [(p, position, record["_entity"], v.klass) for p, v in zip(positions, variant.verdicts,
                                                                                   strict=True)]
            cluster.append(variant.record)
            positions.append(position)
            extra.append(variant.record)
    looks = _trap_pairs((n - len(sizes) - len(extra)) // 2, people.iloc[len(sizes):], draws, rng, ("crm", "crm"))
    trap_positions = []
    for one, two, kind in looks:
        trap_positions.append((len(sizes) + len(extra), len(sizes) + len(extra) + 1, kind, kind))
        extra += [one, two]
    if len(extra) < n - len(sizes):  # an odd number left: one more customer of its own
        extra += _records(rendered, [len(rendered) - 1])
    records = pd.concat([base, pd.DataFrame.from_records(extra, columns=base.columns)], ignore_index=True)
    order = np.asarray(rng.sample(range(n), n))
    row_of = np.empty(n, dtype=np.int64)
    row_of[order] = np.arange(1, n + 1)
    frame = _frame(records.iloc[order], [str(1_000_000 + r) for r in range(1, n + 1)])
    frame["updated_at"] = _timestamps(draws, n)
    true_pairs = _pair_frame([(row_of[a], row_of[b], e, c) for a, b, e, c in pairs], ("row_1", "row_2"), True)
    trap_frame = _pair_frame([(row_of[a], row_of[b], k, c) for a, b, k, c in trap_positions], ("row_1", "row_2"),
                             True).drop(columns="expected_class").rename(columns={"entity": "trap"})
    return frame, true_pairs, trap_frame


def _pair_frame(pairs: list[tuple[int, int, str, str]], names: tuple[str, str], ordered: bool) -> pd.DataFrame:
    rows = [(min(a, b), max(a, b), e, c) if ordered else (a, b, e, c) for a, b, e, c in pairs]
    frame = pd.DataFrame(rows, columns=[*names, "entity", "expected_class"])
    return frame.sort_values(list(names)).set_index(list(names))


@_no_garbage_collection()
def link_sets(n_a: int, n_b: int, overlap: float, seed: int = 0, *,
              trap_share: float = 0.01) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Two systems (A: a CRM, B: an ERP) whose records partly are the same customers.

    ``overlap`` of A's customers also have a record in B, written the ERP's way and with
    realistic variations that keep the pair findable; the rest of B are B's own customers,
    and ``trap_share`` of A's records (at most the customers A and B do not share) have a
    look-alike in B that is another customer (:data:`~workbench.synthetic.traps.TRAP_KINDS`).

    Returns:
        ``(frame_a, frame_b, true_pairs, traps)``; true_pairs is indexed by ``(row_a, row_b)``
        with columns ``entity`` and ``expected_class``, traps likewise with column ``trap``.

    Examples:
        >>> a, b, pairs, traps = link_sets(100, 80, 0.5, seed=2, trap_share=0.08)
        >>> len(a), len(b), len(pairs), len(traps)
        (100, 80, 50, 8)
    """
    shared = round(overlap * n_a)
    if shared > n_b:
        raise ValueError(f"overlap {overlap} of {n_a} needs {shared} B records, only {n_b} asked for")
    draws, rng = _generators(seed)
    looks = min(int(trap_share * n_a), n_a - shared, n_b - shared)
    people = _people(draws, n_a + n_b - shared + 8 * looks + 20)
    spare = people.iloc[n_a + n_b - shared:]
    people = people.iloc[:n_a + n_b - shared]
    a_records = _rendered(people.iloc[:n_a], "crm", draws)
    partners, classes = [], []
    for base in _records(a_records, range(shared)):
        variant = variant_linked(restyle(base, "erp", rng), [base], rng)
        partners.append(variant.record)
        classes.append(variant.verdicts[0].klass)
    own = _rendered(people.iloc[n_a:], "erp", draws, first_entity=n_a)
    trap_pairs = _trap_pairs(looks, spare, draws, rng, ("crm", "erp"))
    if trap_pairs:  # the last customers of A's own and of B's own become look-alikes of each other
        a_records = pd.concat([a_records.iloc[:n_a - looks], pd.DataFrame.from_records(
            [one for one, _, _ in trap_pairs], columns=a_records.columns)], ignore_index=True)
        own = pd.concat([own.iloc[:len(own) - looks], pd.DataFrame.from_records(
            [two for _, two, _ in trap_pairs], columns=own.columns)], ignore_index=True)
    b_records = pd.concat([pd.DataFrame.from_records(partners, columns=own.columns), own], ignore_index=True)
    order_a, order_b = np.asarray(rng.sample(range(n_a), n_a)), np.asarray(rng.sample(range(n_b), n_b))
    row_a, row_b = np.empty(n_a, dtype=np.int64), np.empty(n_b, dtype=np.int64)
    row_a[order_a], row_b[order_b] = np.arange(1, n_a + 1), np.arange(1, n_b + 1)
    frame_a = _frame(a_records.iloc[order_a], [str(1_000_000 + r) for r in range(1, n_a + 1)])
    frame_b = _frame(b_records.iloc[order_b], [str(2_000_000 + r) for r in range(1, n_b + 1)])
    frame_a["updated_at"], frame_b["updated_at"] = _timestamps(draws, n_a), _timestamps(draws, n_b)
    pairs = [(row_a[i], row_b[i], a_records["_entity"].iat[i], classes[i]) for i in range(shared)]
    traps = [(row_a[n_a - looks + k], row_b[n_b - looks + k], kind, kind) for k, (_, _, kind) in enumerate(trap_pairs)]
    trap_frame = _pair_frame(traps, ("row_a", "row_b"), False).drop(columns="expected_class").rename(
        columns={"entity": "trap"})
    return frame_a, frame_b, _pair_frame(pairs, ("row_a", "row_b"), False), trap_frame


LINK_SHARES = {"deleted_a": 0.02, "deleted_b": 0.02, "disabled": 0.06, "conflict": 0.12}
"""Shares of the links in :func:`sync_scenario`; the rest are synchronized."""


@_no_garbage_collection()
def sync_scenario(n_a: int, n_b: int, n_links: int, seed: int = 0, *, inactive: float = 0.1,
                  unlinked_partners: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Two systems and the links of an earlier sync, with every record's expected sync category.

    Of the links, :data:`LINK_SHARES` lost their record in A or B (deleted), are switched
    off (disabled) or hold 1–2 really different fields (conflict); the rest are equal
    after normalisation (synchronized). Unlinked records are new, or inactive
    (``inactive`` of them); ``unlinked_partners`` of A's customers also sit in B unlinked
    (new on both sides). Without last-synced values any difference is a conflict.

    Returns:
        ``(frame_a, frame_b, links, expected)``: links has ``a_customer_no, b_customer_no,
        sync, synced_at``; expected has ``system`` ("A"/"B"), ``row``, ``customer_no`` and
        ``category`` for every record of both systems.

    Examples:
        >>> a, b, links, expected = sync_scenario(300, 280, 200, seed=3)
        >>> len(links), len(expected) == len(a) + len(b)
        (200, True)
        >>> sorted(expected["category"].unique())
        ['conflict', 'deleted', 'disabled', 'inactive', 'new', 'synchronized']
    """
    counts = {k: round(share * n_links) for k, share in LINK_SHARES.items()}
    linked = n_links - counts["deleted_a"] - counts["deleted_b"]
    loose = round(unlinked_partners * n_a)
    if n_a < linked + counts["deleted_b"] + loose or n_b < linked + counts["deleted_a"] + loose:
        raise ValueError(f"{n_links} links need at least {linked + counts['deleted_b'] + loose} A and "
                         f"{linked + counts['deleted_a'] + loose} B records")
    draws, rng = _generators(seed)
    b_only = n_b - linked - loose
    people = _people(draws, n_a + b_only + 4 * counts["conflict"] + 10)
    a_records = _records(_rendered(people.iloc[:n_a], "crm", draws), range(n_a))
    b_own = _records(_rendered(people.iloc[n_a:n_a + b_only], "erp", draws, first_entity=n_a), range(b_only))
    fresh = FreshValues(people.iloc[n_a + b_only:], {e.lower() for e in people["email"].dropna()}, rng)
    plan = ["conflict"] * counts["conflict"] + ["disabled"] * counts["disabled"]
    plan += ["synchronized"] * (linked - len(plan))
    links: list[tuple[Record | None, Record | None, bool]] = []
    b_records = []
    for base, planned in zip(a_records, plan, strict=False):
        partner = restyle(base, "erp", rng)
        if planned == "synchronized" and rng.random() < 0.3:
            styled = dict(partner)
            vary(styled, rng, 1, only=_COSMETIC_CHANGES)
            partner = partner if differing_fields(base, styled) else styled  # GROSS is not Groß
        elif planned == "conflict":
            side = partner if rng.random() < 0.6 else base
            while not change(side, rng, fresh, rng.choice((1, 1, 2)), only=_SYNC_CHANGES):
                pass
        elif planned == "disabled" and rng.random() < 0.5:
            partner = variant_linked(partner, [base], rng).record
        links.append((base, partner, planned != "disabled"))
        b_records.append(partner)
    rest_a = a_records[linked:]
    for base in rest_a[:counts["deleted_b"]]:
        links.append((base, None, True))
    for base in rest_a[counts["deleted_b"]:counts["deleted_b"] + loose]:
        b_records.append(variant_linked(restyle(base, "erp", rng), [base], rng).record)
    for own in b_own[:counts["deleted_a"]]:
        links.append((None, own, True))
    b_records += b_own
    linked_ids = {id(r) for link in links for r in link[:2] if r is not None}
    for record in itertools.chain(a_records, b_records):
        if id(record) not in linked_ids and rng.random() < inactive:
            record["status"] = "inaktiv"
    return _sync_frames(draws, rng, a_records, b_records, links)


_SYNC_CHANGES = ("new_email", "new_mobile", "new_phone", "new_street", "married")
_COSMETIC_CHANGES = ("email_case", "name_case", "company_case")
"""Differences in form only: a sync calls such records synchronized (DESIGN.md, sync equality)."""


def _sync_frames(draws: NumpyDraws, rng: random.Random, a_records: list[Record], b_records: list[Record],
                 links: list[tuple[Record | None, Record | None, bool]]) -> tuple[pd.DataFrame, ...]:
    n_a, n_b = len(a_records), len(b_records)
    order_a, order_b = rng.sample(range(n_a), n_a), rng.sample(range(n_b), n_b)
    for number, i in enumerate(order_a, start=1):
        a_records[i]["customer_no"] = str(10_000_000 + number)
    for number, i in enumerate(order_b, start=1):
        b_records[i]["customer_no"] = str(20_000_000 + number)
    for a, b, _ in links:
        if a is not None and b is not None and rng.random() < 0.5:
            b["customer_no"] = a["customer_no"]  # created from A, number kept
    category: dict[int, str] = {}
    rows = []
    gone = itertools.count(1)
    for a, b, sync in links:
        if a is not None and b is not None:
            category[id(a)] = category[id(b)] = linked_category(a, b, sync)
        else:
            category[id(a if a is not None else b)] = "deleted"
        a_no = a["customer_no"] if a is not None else str(10_000_000 + n_a + next(gone))
        b_no = b["customer_no"] if b is not None else str(20_000_000 + n_b + next(gone))
        rows.append((a_no, b_no, "on" if sync else "off", str(np.datetime64("2026-09-01T22:00")
                                                               + np.timedelta64(rng.randrange(60), "D"))))
    links_frame = pd.DataFrame(rows, columns=["a_customer_no", "b_customer_no", "sync", "synced_at"])
    frame_a = _frame(pd.DataFrame.from_records([a_records[i] for i in order_a], columns=list(FIELDS)))
    frame_b = _frame(pd.DataFrame.from_records([b_records[i] for i in order_b], columns=list(FIELDS)))
    frame_a["updated_at"], frame_b["updated_at"] = _timestamps(draws, n_a), _timestamps(draws, n_b)
    expected = pd.DataFrame(
        [(system, row, r["customer_no"], category.get(id(r)) or unlinked_category(r))
         for system, records, order in (("A", a_records, order_a), ("B", b_records, order_b))
         for row, i in enumerate(order, start=1) for r in (records[i],)],
        columns=["system", "row", "customer_no", "category"])
    return frame_a, frame_b, links_frame.sort_values(["a_customer_no", "b_customer_no"], ignore_index=True), expected
