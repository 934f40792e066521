"""Time the duplicate review as a steward feels it: opening it, one click, accepting all sure pairs.

    python benchmarks/review.py                        # 2,000 and 20,000 records (about 2 minutes)
    python benchmarks/review.py --records 5000 50000 2>/dev/null   # without the progress bars

The records come from ``workbench.synthetic.dedup_set`` (seeded). For each size the pairs are
matched once (``find_duplicates``, not timed here: see ``linkage.py``); then the table shows the
seconds to build the model and the view on an empty SQLite store, one *same* click (decision
written, next pair found, view re-rendered), and *accept all sure* (one ``DecidePairs`` step).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.linkage import find_duplicates
from workbench.review import DuplicateReview
from workbench.store import open_store
from workbench.synthetic import dedup_set
from workbench.widgets import duplicate_review


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    """The result and the seconds it took."""
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def measure(records: int, folder: Path) -> dict[str, Any]:
    """One row of the table for ``records`` records."""
    frame, _truth = dedup_set(records, seed=7)
    result = find_duplicates(frame)
    store = open_store(f"sqlite:///{folder / f'review_{records}.db'}")
    try:
        review, open_model = timed(lambda: DuplicateReview(result, store, system="CRM", actor="bench"))
        view, open_view = timed(lambda: duplicate_review(review))
        _, click = timed(view.same_button.click)
        accepted, accept = timed(review.accept_all_sure)
    finally:
        store.close()
    counts = review.counts
    return {"records": records, "sure": counts["sure"], "possible": counts["possible"], "model s": open_model,
            "view s": open_view, "same click s": click, "accepted": accepted, "accept all sure s": accept,
            "ms per pair": 1000 * accept / max(accepted, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[2_000, 20_000])
    sizes = parser.parse_args().records
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(n, Path(folder)) for n in sizes]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else f"{v:,}" for v in row.values()) + " |")


if __name__ == "__main__":
    main()
