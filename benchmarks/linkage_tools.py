"""The three tools of the linkage benchmark, run on the same normalised frames.

Each ``run_*`` takes a :class:`~benchmarks.linkage_sets.BenchSet` and returns a :class:`Outcome`:
the candidate pairs it compared, and its sure and possible pairs as row-number pairs. Only the
matching is timed; normalisation happened before, the same for all.

* **workbench**: ``find_duplicates`` / ``find_partners`` with the set's configuration.
* **recordlinkage, as documented**: ``Index.block`` on the same keys plus
  ``sortedneighbourhood`` on the last name within the first initial, ``Compare.string``
  (Jaro–Winkler, threshold 0.85) and
  ``Compare.exact``, classified by the ``ECMClassifier``; it has one class, counted as
  sure + possible.
* **Splink 5 on DuckDB**, following its FEBRL and deduplication examples: comparison
  library (``NameComparison`` with term frequencies, ``EmailComparison``, …), the same
  blocking keys plus the first three and four letters of the names (as in its examples),
  ``estimate_probability_two_random_records_match`` from deterministic
  rules, ``estimate_u_using_random_sampling(max_pairs=1e7)``, two EM sessions, ``predict``;
  match probability ≥ 0.99 counts as sure and ≥ 0.5 as sure + possible.
"""

from __future__ import annotations

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


def _pairs(a_rows: np.ndarray, b_rows: np.ndarray, dedup: bool) -> set[tuple[int, int]]:
    if dedup:
        lo, hi = np.minimum(a_rows, b_rows), np.maximum(a_rows, b_rows)
        return set(zip(lo.tolist(), hi.tolist(), strict=True))
    return set(zip(np.asarray(a_rows).tolist(), np.asarray(b_rows).tolist(), strict=True))


def run_workbench(bench: BenchSet) -> Outcome:
    from workbench.linkage import find_duplicates, find_partners

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
    return outcome


def _key_blocking_columns(bench: BenchSet) -> list[list[str]]:
    from workbench.linkage.blocking import KeyBlocking

    derived = {"first_initial_key"}
    rules = []
    for rule in bench.config.blocking:
        if isinstance(rule, KeyBlocking) and not set(rule.key_columns) & derived:
            rules.append(list(rule.key_columns))
    return rules


def _with_initial(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    return [f.assign(first_initial_key=f["first_name_key"].str[:1]) for f in frames]


def _peer_columns(bench: BenchSet) -> list[tuple[str, str]]:
    """(column, how) the peers compare: names fuzzy, the rest exact; as the workbench does."""
    columns = [("first_name_key", "string"), ("last_name_key", "string")]
    if bench.extra_columns:
        columns += [("birth_date", "exact"), ("soc_sec_id", "exact"), ("street_key", "string"),
                     ("postcode_key", "exact"), ("city_key", "string")]
    else:
        columns += [("email_key", "exact"), ("mobile_key", "exact"), ("phone_key", "exact"),
                    ("street_key", "string"), ("postcode_key", "exact"), ("city_key", "string"),
                    ("company_key", "string")]
    return columns


def run_recordlinkage(bench: BenchSet) -> Outcome:
    import recordlinkage

    frames = _with_initial(bench.frames)
    started = perf_counter()
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
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    seconds = perf_counter() - started
    dedup = bench.mode == "dedup"
    a_rows, b_rows = matches.get_level_values(0).to_numpy(), matches.get_level_values(1).to_numpy()
    return Outcome(len(candidates), seconds, None, _pairs(a_rows, b_rows, dedup), ["ECM on binary features"])


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
    return [*names,
            cl.EmailComparison("email_key"),
            cl.ExactMatch("mobile_key"),
            cl.ExactMatch("phone_key"),
            cl.JaroWinklerAtThresholds("street_key", [0.9]),
            cl.ExactMatch("postcode_key").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("company_key", [0.9])]


def _splink_blocking(bench: BenchSet) -> list:
    from splink import block_on

    rules = [block_on(*columns) for columns in _key_blocking_columns(bench)]
    rules.append(block_on("substr(first_name_key, 1, 3)", "substr(last_name_key, 1, 4)"))  # as Splink's examples
    return rules


def run_splink(bench: BenchSet) -> Outcome:
    import logging

    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    logging.getLogger("splink").setLevel(logging.WARNING)
    dedup = bench.mode == "dedup"
    blocked = {c for columns in _key_blocking_columns(bench) for c in columns}
    keep = ["customer_no", *sorted({c for c, _ in _peer_columns(bench)} | blocked)]
    frames = [f.reset_index()[["row", *keep]].rename(columns={"row": "unique_id"}) for f in bench.frames]
    link_type = "dedupe_only" if dedup else "link_only"
    blocking = _splink_blocking(bench)
    started = perf_counter()
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
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule,
                                                                          estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    seconds = perf_counter() - started
    counted = count_comparisons_from_blocking_rules(tables if not dedup else tables[0], blocking_rules=blocking,
                                                    link_type=link_type, record_sample_proportion=1.0)
    candidates = int(counted[-1]["cumulative_comparison_count"])
    a_rows, b_rows = predictions["unique_id_l"].to_numpy(), predictions["unique_id_r"].to_numpy()
    if not dedup:
        first_is_a = (predictions["source_dataset_l"] == "t0").to_numpy()
        a_rows, b_rows = np.where(first_is_a, a_rows, b_rows), np.where(first_is_a, b_rows, a_rows)
    sure = (predictions["match_probability"] >= 0.99).to_numpy()
    return Outcome(candidates, seconds, _pairs(a_rows[sure], b_rows[sure], dedup), _pairs(a_rows, b_rows, dedup),
                   ["sure = p ≥ 0.99, linked = p ≥ 0.5"])


TOOLS = {"workbench": run_workbench, "recordlinkage": run_recordlinkage, "splink": run_splink}
