"""Time the sync overview for two large systems and report the store's size on disk.

    python benchmarks/sync_overview.py                      # 100,000 + 100,000 records, 60,000 links
    python benchmarks/sync_overview.py --records 10000 --links 6000 --store postgresql+psycopg://…

The data are built here, seeded: system A has ``--records`` customers, system B the
partners of the first ``--links`` of them (mostly equal but written differently: e-mail
case, phone format, country spelling, status words; some changed on one side or both)
plus customers of its own. Links carry a snapshot (10 % have none, as if imported from
links.csv), 2 % have sync off, 1 % point at a partner deleted from B. After the overview,
the change set is built and the sync recorded (as if both systems had applied it).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.store import open_store
from workbench.sync.actions import RecordSync
from workbench.sync.categories import categorize
from workbench.sync.changeset import build_changeset

LAST_NAMES = np.array(["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
                       "Hoffmann", "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Koch", "Richter", "Wolf"])
CITIES = np.array(["Köln", "Berlin", "Hamburg", "München", "Bonn", "Aachen", "København", "Aarhus", "Essen"])
FIELDS = ["customer_no", "last_name", "email", "phone", "city", "country", "status", "updated_at"]


def build(records: int, links: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Systems A and B as canonical frames, and the link rows for the store."""
    rng = np.random.default_rng(seed)
    n = np.arange(records)
    names = LAST_NAMES[rng.integers(0, len(LAST_NAMES), records)]
    local = np.char.add(np.char.lower(names.astype(str)), n.astype(str))
    a = pd.DataFrame({
        "customer_no": np.char.add("A", n.astype(str)),
        "last_name": names,
        "email": np.char.add(local, "@kunde-mail.de"),
        "phone": np.char.add("0221 ", (1_000_000 + n).astype(str)),
        "city": CITIES[rng.integers(0, len(CITIES), records)],
        "country": np.where(rng.random(records) < 0.5, "DE", "Deutschland"),
        "status": np.where(rng.random(records) < 0.05, "inaktiv", "aktiv"),
        "updated_at": "2026-01-15T10:00:00",
    }, dtype=object)
    snapshot = a.iloc[:links].drop(columns=["customer_no", "updated_at"])

    partners = a.iloc[:links].copy()
    partners["customer_no"] = np.char.add("B", np.arange(links).astype(str))
    partners["email"] = partners["email"].str.upper()
    partners["phone"] = np.char.add("+49 221 ", (1_000_000 + np.arange(links)).astype(str))
    partners["country"] = "D"
    partners["status"] = np.where(partners["status"] == "aktiv", "active", "inactive")
    roll = rng.random(links)
    partners.loc[roll < 0.05, "city"] = "Düsseldorf"                 # changed in B only
    a.loc[np.flatnonzero((roll >= 0.05) & (roll < 0.10)), "city"] = "Dortmund"  # changed in A only
    both = np.flatnonzero((roll >= 0.10) & (roll < 0.11))
    a.loc[both, "phone"] = "0221 555"
    partners.iloc[both, partners.columns.get_loc("phone")] = "0221 777"  # changed on both sides: conflict
    own = records - links
    others = pd.DataFrame({
        "customer_no": np.char.add("B", np.arange(links, links + own).astype(str)),
        "last_name": LAST_NAMES[rng.integers(0, len(LAST_NAMES), own)],
        "email": np.char.add(np.char.add("b", np.arange(own).astype(str)), "@kunde-mail.de"),
        "phone": None, "city": CITIES[rng.integers(0, len(CITIES), own)], "country": "DK",
        "status": "active", "updated_at": "2026-01-10",
    }, dtype=object)
    gone = rng.random(links) < 0.01
    b = pd.concat([partners[~gone], others], ignore_index=True)
    for frame in (a, b):
        frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")

    no_snapshot = rng.random(links) < 0.10
    sync_off = rng.random(links) < 0.02
    snapshots = snapshot.to_dict("records")
    rows = [{"a_no": f"A{i}", "b_no": f"B{i}", "sync": not sync_off[i],
             "snapshot": None if no_snapshot[i] else snapshots[i]} for i in range(links)]
    return a, b, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records per system")
    parser.add_argument("--links", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="overview runs (the best and the median are shown)")
    parser.add_argument("--store", help="store URL (default: a new SQLite file in a temporary folder)")
    options = parser.parse_args()

    table: list[tuple[str, str]] = []
    started = time.perf_counter()
    a, b, rows = build(options.records, options.links, options.seed)
    table.append(("build the data (not timed as sync)", f"{time.perf_counter() - started:.1f} s"))
    with tempfile.TemporaryDirectory() as folder:
        url = options.store or f"sqlite:///{Path(folder) / 'workbench.db'}"
        with open_store(url) as store:
            started = time.perf_counter()
            with store.transaction() as tx:
                crm, erp = tx.systems.ensure("A", "customer"), tx.systems.ensure("B", "customer")
                tx.links.create_many(crm, erp, rows, actor="benchmark")
            table.append((f"store {options.links:,} links", f"{time.perf_counter() - started:.1f} s"))
            size_with_links = store.size_on_disk()
            timings = []
            for _ in range(options.repeat):
                started = time.perf_counter()
                overview = categorize(a, b, store, system_a="A", system_b="B")
                timings.append(time.perf_counter() - started)
            table.append((f"overview of {len(a):,} + {len(b):,} records, best of {options.repeat}",
                          f"{min(timings):.2f} s"))
            table.append(("overview, median", f"{float(np.median(timings)):.2f} s"))
            started = time.perf_counter()
            changes = build_changeset(overview)
            table.append((f"change set ({sum(len(c.records) for c in changes):,} records to touch)",
                          f"{time.perf_counter() - started:.2f} s"))
            started = time.perf_counter()
            RecordSync(changeset=changes, actor="benchmark").apply(store)
            table.append((f"record the sync ({len(changes.snapshots):,} snapshots)",
                          f"{time.perf_counter() - started:.2f} s"))
            kind = store.url.split(":")[0]
            table.append((f"store size on disk with the links ({kind})", f"{size_with_links / 1e6:.1f} MB"))
            table.append(("store size after recording the sync (with its audit entry)",
                          f"{store.size_on_disk() / 1e6:.1f} MB"))
    for category, count in overview.counts.items():
        table.append((f"  {category}", f"{count:,}"))
    table.append(("  changes (fields to carry or decide)", f"{len(overview.changes):,}"))
    width = max(len(label) for label, _ in table)
    print(f"{'step':<{width}}  result")
    for label, value in table:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
