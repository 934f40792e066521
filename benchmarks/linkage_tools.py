"""The three tools of the linkage benchmark, run on the same frames.

Each ``run_*`` takes a :class:`~benchmarks.linkage_sets.BenchSet` and returns a :class:`Outcome`:
the candidate pairs it compared, the share of true pairs among them (blocking recall), and its
sure and possible pairs as row-number pairs. On a set of raw frames (``persons``) every tool
normalises them itself inside its timing — the peers with the workbench's own ``add_keys``, so all
compare the same keys; on the other sets normalisation happened before, the same for all. Each
tool's configuration is printed beside its table (:attr:`Outcome.notes`).

* **workbench**: ``find_duplicates`` / ``find_partners`` with the set's configuration.
* **recordlinkage, as documented**: ``Index.block`` on the same keys as the workbench's passes
  plus ``sortedneighbourhood`` on the last name within the first initial, ``Compare.string``
  (Jaro–Winkler, threshold 0.85) and ``Compare.exact``, classified by the ``ECMClassifier``
  (FEBRL, samples, synthetic) or, on ``persons``, by its documented rule (a pair is a match when
  at least half of its compared fields agree); one class, counted as sure + possible.
* **Splink 5 on DuckDB**, configured as its documentation recommends for such data: blocking on
  the same keys as the workbench (no extra name-prefix rule), the comparison library
  (``NameComparison`` with term frequencies, ``ExactMatch`` on the normalised e-mail — its fuzzy
  ``EmailComparison`` levels pair different people whose addresses are built from one name —,
  ``DateOfBirthComparison`` where there are birth dates, postcode with term frequencies),
  ``estimate_probability_two_random_records_match`` from deterministic rules,
  ``estimate_u_using_random_sampling``, EM sessions on the names and on the e-mail, ``predict``;
  match probability ≥ 0.99 counts as sure and ≥ 0.5 as sure + possible (F1 at ≥ 0.9 in the notes).
"""

from __future__ import annotations

import os
import resource
import threading
from dataclasses import dataclass, field
from time import perf_counter

import numpy as np
import pandas as pd

from benchmarks.linkage_sets import BenchSet


@dataclass
class Outcome:
    """What one tool found on one set."""

    candidates: int
    seconds: float
    sure: set[tuple[int, int]] | None
    linked: set[tuple[int, int]]
    """sure + possible (everything the tool proposes as the same)"""
    notes: list[str] = field(default_factory=list)
    assigned: set[tuple[int, int]] | None = None
    """when linking: the 1:1 partner proposal"""
    assigned_sure: set[tuple[int, int]] | None = None
    blocking_recall: float | None = None
    """share of the true pairs among the candidate pairs"""
    peak_kb: int | None = None
    """peak resident memory of the matching itself (before blocking recall was measured)"""


def _pairs(a_rows: np.ndarray, b_rows: np.ndarray, dedup: bool) -> set[tuple[int, int]]:
    if dedup:
        lo, hi = np.minimum(a_rows, b_rows), np.maximum(a_rows, b_rows)
        return set(zip(lo.tolist(), hi.tolist(), strict=True))
    return set(zip(np.asarray(a_rows).tolist(), np.asarray(b_rows).tolist(), strict=True))


def run_workbench(bench: BenchSet) -> Outcome:
    from workbench.linkage import find_duplicates, find_partners

    with ProcessTreePeak() as tree:
        started = perf_counter()
        if bench.mode == "dedup":
            result = find_duplicates(bench.frames[0], bench.config)
        else:
            result = find_partners(bench.frames[0], bench.frames[1], bench.config)
        seconds = perf_counter() - started
    pairs = result.pairs
    dedup = bench.mode == "dedup"
    sure = pairs[pairs["match_class"] == "sure"]
    linked = pairs[pairs["match_class"] != "none"]
    notes = ["stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())]
    if len(result.oversized):
        notes.append(f"oversized blocks: {len(result.oversized)} "
                     f"({int(result.oversized['records'].sum()):,} records)")
    outcome = Outcome(result.candidate_pairs, seconds,
                      _pairs(sure["a_row"].to_numpy(), sure["b_row"].to_numpy(), dedup),
                      _pairs(linked["a_row"].to_numpy(), linked["b_row"].to_numpy(), dedup), notes)
    if result.assignment is not None:
        chosen = result.assignment
        outcome.assigned = _pairs(chosen["a_row"].to_numpy(), chosen["b_row"].to_numpy(), dedup)
        chosen_sure = chosen[chosen["match_class"] == "sure"]
        outcome.assigned_sure = _pairs(chosen_sure["a_row"].to_numpy(), chosen_sure["b_row"].to_numpy(), dedup)
    outcome.peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, tree.peak_kb)
    del result, pairs, sure, linked
    outcome.blocking_recall = _workbench_blocking_recall(bench)
    config = bench.config
    outcome.notes.insert(0, f"configuration: kind {config.kind}, default rules and passes "
                            f"({', '.join(r.name for r in config.blocking)}), pairs_per_record "
                            f"{config.pairs_per_record:g}, possible_threshold {config.possible_threshold:g}")
    return outcome


class ProcessTreePeak:
    """Peak memory of this process together with the processes it forks (the workbench compares in
    several): while it has children, sampled every ``every`` seconds as this process's resident memory
    plus each child's private pages (what a child shares with this process unchanged is counted once,
    here); the rest of the time the process's own peak (``ru_maxrss``) says it. Read from ``/proc``
    (Linux), which costs the measured process next to nothing."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.peak_kb = every, 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> ProcessTreePeak:
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sampler.join()

    def _sample(self) -> None:
        me, page_kb = os.getpid(), os.sysconf("SC_PAGE_SIZE") // 1024
        while not self._stop.wait(self.every):
            children = _children(me)
            if children:
                with open(f"/proc/{me}/statm", encoding="ascii") as statm:
                    total = int(statm.read().split()[1]) * page_kb
                self.peak_kb = max(self.peak_kb, total + sum(_private_kb(child) for child in children))


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                out.extend(int(child) for child in listed.read().split())
        except OSError:  # the thread ended meanwhile
            continue
    return out


def _private_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith(("Private_Clean", "Private_Dirty")))
    except OSError:  # the child ended meanwhile
        return 0


def _workbench_blocking_recall(bench: BenchSet) -> float:
    """The workbench's candidate pairs again (untimed), to count the true pairs among them."""
    from workbench.linkage.blocking import candidate_pairs
    from workbench.linkage.records import prepare_records

    config = bench.config
    keys = prepare_records(bench.frames, config)
    found = candidate_pairs(keys, config.blocking, config.max_block_size, pairs_per_record=config.pairs_per_record)
    first = bench.frames[0].index.to_numpy()[np.asarray(found.index.codes[0])]
    second = bench.frames[-1].index.to_numpy()[np.asarray(found.index.codes[1])]
    return _recall(_pairs(first, second, bench.mode == "dedup"), bench.truth)


def _recall(candidates: set[tuple[int, int]], truth: set[tuple[int, int]]) -> float:
    return len(candidates & truth) / len(truth) if truth else 0.0


def _peer_frames(bench: BenchSet) -> list[pd.DataFrame]:
    """The frames the peers read: normalised with the workbench's ``add_keys`` (raw sets), plus the first-name keys."""
    from workbench.normalize import add_keys

    frames = [add_keys(f) for f in bench.frames] if bench.raw else bench.frames
    return _with_first_name_keys(frames)


def _key_blocking_columns(bench: BenchSet) -> list[list[str]]:
    """The workbench's key passes as plain columns (its personal e-mail key is the e-mail key for the peers)."""
    from workbench.linkage.blocking import KeyBlocking

    plain = {"personal_email_key": "email_key"}
    derived = {"name_sign_key"}
    rules = []
    for rule in bench.config.blocking:
        if isinstance(rule, KeyBlocking) and not set(rule.key_columns) & derived:
            rules.append([plain.get(c, c) for c in rule.key_columns])
    return rules


def _with_first_name_keys(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """The first initial and the first name's sound, which the workbench derives for its passes."""
    from workbench.normalize import phonetic_key

    return [f.assign(first_initial_key=f["first_name_key"].str[:1],
                     first_name_phonetic_key=phonetic_key(f["first_name_key"])) for f in frames]


def _peer_columns(bench: BenchSet) -> list[tuple[str, str]]:
    """(column, how) the peers compare: names fuzzy, the rest exact; as the workbench does."""
    columns = [("first_name_key", "string"), ("last_name_key", "string")]
    if bench.extra_columns:
        columns += [("birth_date", "exact"), ("soc_sec_id", "exact"), ("street_key", "string"),
                     ("postcode_key", "exact"), ("city_key", "string")]
    elif bench.raw:  # persons.py: no phone, no company, a birth date
        columns += [("email_key", "exact"), ("mobile_key", "exact"), ("birth_date_key", "exact"),
                    ("street_key", "string"), ("postcode_key", "exact"), ("city_key", "string")]
    else:
        columns += [("email_key", "exact"), ("mobile_key", "exact"), ("phone_key", "exact"),
                    ("street_key", "string"), ("postcode_key", "exact"), ("city_key", "string"),
                    ("company_key", "string")]
    return columns


def run_recordlinkage(bench: BenchSet) -> Outcome:
    import recordlinkage

    started = perf_counter()
    frames = _peer_frames(bench)
    indexer = recordlinkage.Index()
    for columns in _key_blocking_columns(bench):
        indexer.block(left_on=columns, right_on=columns)
    indexer.sortedneighbourhood("last_name_key", window=3, block_on="first_initial_key")
    candidates = indexer.index(*frames)
    compare = recordlinkage.Compare()
    for column, how in _peer_columns(bench):
        if how == "string":
            compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
        else:
            compare.exact(column, column, label=column)
    features = compare.compute(candidates, *frames)
    if bench.raw:  # its documented rule-based classification: most of the compared fields agree
        matches = features.index[features.sum(axis=1) >= len(features.columns) / 2]
        classifier = f"rule: at least {len(features.columns) / 2:g} of {len(features.columns)} fields agree"
    else:
        matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
        classifier = "ECM on binary features"
    seconds = perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    dedup = bench.mode == "dedup"
    recall = _recall(_pairs(candidates.get_level_values(0).to_numpy(), candidates.get_level_values(1).to_numpy(),
                            dedup), bench.truth)
    a_rows, b_rows = matches.get_level_values(0).to_numpy(), matches.get_level_values(1).to_numpy()
    blocks = "; ".join("+".join(c) for c in _key_blocking_columns(bench))
    config = (f"configuration: Index.block on {blocks}; sortedneighbourhood(last_name_key, window 3, within the "
              f"first initial); Compare.string (Jaro-Winkler >= 0.85) / exact on "
              f"{', '.join(c for c, _ in _peer_columns(bench))}; {classifier}")
    return Outcome(len(candidates), seconds, None, _pairs(a_rows, b_rows, dedup), [config],
                   blocking_recall=recall, peak_kb=peak)


def _splink_comparisons(bench: BenchSet) -> list:
    import splink.comparison_library as cl

    names = [cl.NameComparison("first_name_key").configure(term_frequency_adjustments=True),
             cl.NameComparison("last_name_key").configure(term_frequency_adjustments=True)]
    if bench.extra_columns:  # FEBRL, as in Splink's own FEBRL examples
        return [*names,
                cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format="%Y%m%d",
                                         invalid_dates_as_null=True),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.JaroWinklerAtThresholds("street_key", [0.9]),
                cl.DamerauLevenshteinAtThresholds("postcode_key", [1, 2]).configure(term_frequency_adjustments=True)]
    # ExactMatch on the normalised e-mail: EmailComparison's fuzzy levels pair namesakes' addresses
    common = [cl.ExactMatch("email_key"), cl.ExactMatch("mobile_key"), cl.JaroWinklerAtThresholds("street_key", [0.9]),
              cl.ExactMatch("postcode_key").configure(term_frequency_adjustments=True)]
    if bench.raw:  # persons.py: birth dates, no phone, no company
        return [*names, *common, cl.DateOfBirthComparison("birth_date_key", input_is_string=True,
                                                          datetime_format="%Y-%m-%d", invalid_dates_as_null=True)]
    return [*names, *common, cl.ExactMatch("phone_key"), cl.JaroWinklerAtThresholds("company_key", [0.9])]


def _splink_blocking(bench: BenchSet) -> list:
    from splink import block_on

    return [block_on(*columns) for columns in _key_blocking_columns(bench)]


def _splink_recall(frames: list[pd.DataFrame], bench: BenchSet) -> float:
    """True pairs that share all columns of one blocking rule (none missing): Splink's candidates among them."""
    truth = np.array(sorted(bench.truth))
    first = frames[0].reindex(truth[:, 0])
    second = frames[-1].reindex(truth[:, 1])
    found = np.zeros(len(truth), dtype=bool)
    for columns in _key_blocking_columns(bench):
        same = np.ones(len(truth), dtype=bool)
        for column in columns:
            left, right = first[column].to_numpy(dtype=object), second[column].to_numpy(dtype=object)
            same &= pd.notna(left) & (left == right)
        found |= same
    return float(found.mean()) if len(truth) else 0.0


def run_splink(bench: BenchSet) -> Outcome:
    import logging

    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    logging.getLogger("splink").setLevel(logging.WARNING)
    dedup = bench.mode == "dedup"
    link_type = "dedupe_only" if dedup else "link_only"
    blocking = _splink_blocking(bench)
    started = perf_counter()
    normalised = _peer_frames(bench)
    blocked = {c for columns in _key_blocking_columns(bench) for c in columns}
    keep = sorted({c for c, _ in _peer_columns(bench)} | blocked)
    frames = [f.reset_index()[["row", *keep]].rename(columns={"row": "unique_id"}) for f in normalised]
    db_api = DuckDBAPI()
    tables = [db_api.register(f, dataset_display_name=f"t{i}") for i, f in enumerate(frames)]
    settings = SettingsCreator(link_type=link_type, comparisons=_splink_comparisons(bench),
                               blocking_rules_to_generate_predictions=blocking)
    linker = Linker(tables if not dedup else tables[0], settings)
    if bench.extra_columns:
        deterministic = [block_on("soc_sec_id"), block_on("first_name_key", "last_name_key", "birth_date")]
        em_rules = [block_on("birth_date"), block_on("postcode_key")]
    else:
        deterministic = [block_on("email_key"), block_on("last_name_key", "mobile_key")]
        em_rules = [block_on("first_name_key", "last_name_key"), block_on("email_key")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6 if bench.raw else 1e7, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule,
                                                                          estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    seconds = perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counted = count_comparisons_from_blocking_rules(tables if not dedup else tables[0], blocking_rules=blocking,
                                                    link_type=link_type, record_sample_proportion=1.0)
    candidates = int(counted[-1]["cumulative_comparison_count"])
    a_rows, b_rows = predictions["unique_id_l"].to_numpy(), predictions["unique_id_r"].to_numpy()
    if not dedup:
        first_is_a = (predictions["source_dataset_l"] == "t0").to_numpy()
        a_rows, b_rows = np.where(first_is_a, a_rows, b_rows), np.where(first_is_a, b_rows, a_rows)
    probability = predictions["match_probability"].to_numpy()
    sure, likely = probability >= 0.99, probability >= 0.9
    at_09 = _pairs(a_rows[likely], b_rows[likely], dedup)
    hits = len(at_09 & bench.truth)
    f1_09 = 2 * hits / (len(at_09) + len(bench.truth)) if at_09 or bench.truth else 0.0
    names = ", ".join(type(c).__name__ for c in _splink_comparisons(bench))
    config = (f"configuration: blocking on {'; '.join('+'.join(c) for c in _key_blocking_columns(bench))}; "
              f"comparisons {names} (names and postcode with term frequencies); "
              f"probability_two_random_records_match from {len(deterministic)} deterministic rules (recall 0.7); "
              f"u from random sampling; EM on {len(em_rules)} blocks; sure = p >= 0.99, linked = p >= 0.5 "
              f"(F1 at p >= 0.9: {f1_09:.4f})")
    return Outcome(candidates, seconds, _pairs(a_rows[sure], b_rows[sure], dedup), _pairs(a_rows, b_rows, dedup),
                   [config], blocking_recall=_splink_recall(normalised, bench), peak_kb=peak)


TOOLS = {"workbench": run_workbench, "recordlinkage": run_recordlinkage, "splink": run_splink}
