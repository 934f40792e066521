"""Time the sync overview for two large systems and report the store's size on disk; or score its
categories on an evaluation set.

    python benchmarks/sync_overview.py                      # 100,000 + 100,000 records, 60,000 links
    python benchmarks/sync_overview.py --records 10000 --links 6000 --store postgresql+psycopg://…
    python benchmarks/sync_overview.py --eval ../shared/eval/mixed-1500   # category accuracy per category

With ``--eval DIR`` it reads ``system_a.xlsx``, ``system_b.csv`` and ``links.csv`` of an
evaluation set (``../shared/eval/README.md``), puts every record in its category exactly as
``workbench overview`` does, and prints per category the records the truth
(``truth/truth_categories.csv``) and the overview have, precision and recall, the accuracy, and
whether every deleted record is shown as deleted; then ``score.py`` of the set's parent folder, when
there, scores the same predictions (written to ``--predictions``).

The data come from ``workbench.synthetic.sync_scenario`` (seeded): two systems whose linked
records are written differently (phone formats, e-mail case, country spellings), with
links switched off, partners deleted, and conflicting fields, plus every record's expected
category. The links are imported from a links.csv written for the run; the overview is
timed, checked against the expected categories, and timed again after the sync has been
recorded (then the links carry snapshots and the comparison is three-way; the systems
themselves are not changed, so the categories stay as they were).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.io import read_table, write_table
from workbench.store import open_store
from workbench.sync.actions import ImportLinks, RecordSync
from workbench.sync.categories import CATEGORIES, CONFLICT, DELETED, SyncOverview, categorize
from workbench.sync.changeset import build_changeset
from workbench.synthetic import sync_scenario


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[Any, list[float]]:
    """The result of the last run and every run's seconds."""
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return result, seconds


def agreement(overview: SyncOverview, expected: Any) -> str:
    """How many records got the category the generator expects."""
    got = overview.records.assign(system=overview.records["side"].str.upper()).set_index(["system", "row"])
    want = expected.set_index(["system", "row"])["category"]
    same = int((got["category"].reindex(want.index) == want).sum())
    return f"{same:,} of {len(want):,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records per system")
    parser.add_argument("--links", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="overview runs (the best and the median are shown)")
    parser.add_argument("--store", help="store URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--eval", metavar="DIR", type=Path, help="score the categories on an evaluation set instead")
    parser.add_argument("--predictions", type=Path,
                        default=Path(__file__).resolve().parent.parent / "out" / "predictions" / "sync_categories.csv",
                        help="where --eval writes its customer_no,category predictions")
    options = parser.parse_args()
    if options.eval:
        evaluate(options.eval, options.predictions)
        return

    table: list[tuple[str, str]] = []
    (a, b, links, expected), [seconds] = timed(lambda: sync_scenario(options.records, options.records, options.links,
                                                                     seed=options.seed))
    table.append(("generate the data (not part of the sync)", f"{seconds:.1f} s"))
    with tempfile.TemporaryDirectory() as folder:
        links_file = write_table(links, Path(folder) / "links.csv")
        url = options.store or f"sqlite:///{Path(folder) / 'workbench.db'}"
        with open_store(url) as store:
            kind = store.url.split(":")[0]
            _, [seconds] = timed(lambda: ImportLinks(path=links_file, system_a="A", system_b="B").apply(store))
            table.append((f"import {len(links):,} links from links.csv ({kind})", f"{seconds:.1f} s"))
            size_with_links = store.size_on_disk()

            def overview() -> SyncOverview:
                return categorize(a, b, store, system_a="A", system_b="B")

            first, seconds = timed(overview, options.repeat)
            label = f"overview of {len(a):,} + {len(b):,} records"
            table.append((f"{label}, best of {options.repeat}", f"{min(seconds):.2f} s"))
            table.append((f"{label}, median", f"{float(np.median(seconds)):.2f} s"))
            table.append(("  records in the expected category", agreement(first, expected)))
            changes, [seconds] = timed(lambda: build_changeset(first))
            table.append((f"change set ({sum(len(c.records) for c in changes):,} records to touch)",
                          f"{seconds:.2f} s"))
            # nothing is written to the (in-memory) systems here, so the links of deleted partners stay:
            # their records were not deactivated
            recorded = replace(changes, ended=changes.ended.iloc[:0])
            _, [seconds] = timed(lambda: RecordSync(changeset=recorded, actor="benchmark").apply(store))
            table.append((f"record the sync ({len(changes.snapshots):,} snapshots)", f"{seconds:.2f} s"))
            second, seconds = timed(overview, options.repeat)
            table.append(("overview with snapshots (three-way), best", f"{min(seconds):.2f} s"))
            table.append((f"store size on disk with the links ({kind})", f"{size_with_links / 1e6:.1f} MB"))
            table.append(("store size after recording the sync (with its audit entry)",
                          f"{store.size_on_disk() / 1e6:.1f} MB"))
    for category, count in first.counts.items():
        table.append((f"  {category}", f"{count:,}  (after the recorded sync: {second.counts[category]:,})"))
    width = max(len(label) for label, _ in table)
    print(f"{'step':<{width}}  result")
    for label, value in table:
        print(f"{label:<{width}}  {value}")


def evaluate(folder: Path, predictions: Path) -> None:
    """Categorize an evaluation set and print how many records land in their true category."""
    a, b = read_table(folder / "system_a.xlsx"), read_table(folder / "system_b.csv")
    with tempfile.TemporaryDirectory() as work, open_store(f"sqlite:///{Path(work) / 'workbench.db'}") as store:
        ImportLinks(path=folder / "links.csv", system_a="A", system_b="B").apply(store)
        (overview, [seconds]) = timed(lambda: categorize(a, b, store, system_a="A", system_b="B"))
    predicted = pd.DataFrame({"system": overview.records["side"].str.upper(), "customer_no": overview.records["no"],
                              "category": overview.records["category"]})
    predictions.parent.mkdir(parents=True, exist_ok=True)
    predicted[["customer_no", "category"]].to_csv(predictions, index=False)
    truth = pd.read_csv(folder / "truth" / "truth_categories.csv", dtype=str)
    both = truth.merge(predicted, on=["system", "customer_no"], how="left", suffixes=("", "_predicted"))
    right = both["category"] == both["category_predicted"]
    print(f"sync overview of {folder} ({len(a.frame):,} + {len(b.frame):,} records, {seconds:.2f} s)\n")
    print("| category | truth | overview | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for category in CATEGORIES:
        true, shown = both["category"] == category, both["category_predicted"] == category
        hits = int((true & shown).sum())
        precision = hits / shown.sum() if shown.sum() else float("nan")
        recall = hits / true.sum() if true.sum() else float("nan")
        print(f"| {category} | {int(true.sum()):,} | {int(shown.sum()):,} | {hits:,} | {precision:.3f} | "
              f"{recall:.3f} |")
    deleted = both["category"] == DELETED
    conflict_shown = both["category_predicted"] == CONFLICT
    print(f"\naccuracy {right.mean():.4f} ({int(right.sum()):,} of {len(both):,}); conflict precision "
          f"{(right & conflict_shown).sum() / max(conflict_shown.sum(), 1):.3f}; every deleted shown as deleted: "
          f"{'yes' if (both.loc[deleted, 'category_predicted'] == DELETED).all() else 'no'}")
    print(f"differences only in form listed apart (cosmetic): {len(overview.cosmetic):,} fields of "
          f"{overview.cosmetic['link_id'].nunique():,} links")
    scorer = folder.parent / "score.py"
    if scorer.is_file():
        print()
        subprocess.run([sys.executable, str(scorer), str(predictions), str(folder / "truth" / "truth_categories.csv")],
                       check=False)


if __name__ == "__main__":
    main()
