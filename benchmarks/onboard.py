"""Time `workbench onboard` (the notebook run headless by papermill) on large synthetic systems.

    python benchmarks/onboard.py                                  # 10,000 and 100,000 source rows vs 100,000
    python benchmarks/onboard.py --sources 2000 --target 10000    # a quick look
    python benchmarks/onboard.py --format xlsx                    # the source as a workbook instead of CSV
    python benchmarks/onboard.py --sources 100000 --lead          # with a connection file that leads the fields

The data come from ``workbench.synthetic.link_sets`` (seeded): a CRM-like source of which
``--overlap`` re-appears in the ERP-like target, written the other system's way. Both are
written as files first (not timed), then onboarded through :func:`workbench.batch.run_onboarding`
exactly as the command does, into a fresh SQLite store, with the ``review`` policy.

Columns: kernel start-up (papermill's kernel start and the imports in the kernel, until the
first step), reading both files, validation (Great Expectations), linkage (duplicates in the
source and partners in the target), sync (links, decisions by policy, overviews, change
sets), writing the outputs, the HTML report and publishing, and the wall time of the whole
call. The target is under 90 s for 100,000 vs 100,000. ``conflicts`` is the number of
conflicting fields queued for a steward. With ``--lead`` the run gets a connection file whose
``syncs`` block leads every compared field (:data:`LEADING_FIELDS`: the source leads the person
and contact fields, the target the address and status), so a first sync queues only what
nobody leads.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from workbench.batch import run_onboarding
from workbench.io import write_table
from workbench.synthetic import link_sets

COLUMNS = ("source rows", "target rows", "kernel start", "read", "validation", "linkage", "sync", "write",
           "report+publish", "wall", "conflicts")
LEADING_FIELDS = {"company": ">", "first_name": ">", "last_name": ">", "email": ">", "phone": ">", "mobile": ">",
                  "vat_id": ">", "street": "<", "postcode": "<", "city": "<", "country": "<", "status": "<"}
"""Who leads which field with ``--lead`` (``>``: the source, ``<``: the target)."""


def leading_connections(folder: Path, source: Path, target: Path) -> Path:
    """A connection file for the two files whose sync leads :data:`LEADING_FIELDS`."""
    lines = ["connections:", f"  source: {{type: {source.suffix[1:]}, location: {source.name}}}",
             f"  target: {{type: csv, location: {target.name}}}", "syncs:", "  onboarding:", "    a: source",
             "    b: target", "    fields:", *(f'      {name}: "{rule}"' for name, rule in LEADING_FIELDS.items())]
    path = folder / "connections.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def onboard_once(sources: int, target: int, overlap: float, suffix: str, seed: int,
                 lead: bool = False) -> dict[str, float]:
    """One timed onboarding of ``sources`` rows into ``target`` rows; seconds per part."""
    a, b, _pairs = link_sets(sources, target, overlap, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source_file = write_table(a, base / f"source{suffix}")
        target_file = write_table(b, base / "target.csv")
        parameters = {"connections": str(leading_connections(base, Path(source_file), Path(target_file)))} \
            if lead else {}
        started = time.perf_counter()
        result = run_onboarding(source_file, target_file, base / "out", store_url=f"sqlite:///{base / 'w.db'}",
                                parameters=parameters)
        wall = time.perf_counter() - started
    timings = result.summary["timings"]
    steps = {name: timings.get(name, 0.0) for name in ("kernel_start", "read", "validation", "linkage", "sync",
                                                        "write")}
    return {"source rows": sources, "target rows": target, "kernel start": steps["kernel_start"],
            "read": steps["read"], "validation": steps["validation"], "linkage": steps["linkage"],
            "sync": steps["sync"], "write": steps["write"],
            "report+publish": wall - timings["notebook_total"], "wall": wall,
            "conflicts": result.summary["review"].get("conflict", 0),
            "pairs": result.summary["partners"], "review": result.summary["review"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, nargs="+", default=[10_000, 100_000], help="source rows per run")
    parser.add_argument("--target", type=int, default=100_000, help="target rows")
    parser.add_argument("--overlap", type=float, default=0.6, help="share of the source that is in the target")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="the source file's format")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lead", action="store_true", help="with a connection file that leads every field")
    options = parser.parse_args()

    rows = []
    for sources in options.sources:
        row = onboard_once(sources, options.target, options.overlap, f".{options.format}", options.seed, options.lead)
        rows.append(row)
        print(f"  {sources:,} vs {options.target:,}: {row['wall']:.1f} s; partners {row['pairs']}, "
              f"review {row['review']}", flush=True)
    header = "| " + " | ".join(COLUMNS) + " |"
    leading = ", fields led by a connection file" if options.lead else ""
    print(f"\nworkbench onboard, source as {options.format}, seconds (policy review, SQLite store{leading})\n")
    print(header)
    print("|" + "|".join("---:" for _ in COLUMNS) + "|")
    for row in rows:
        cells = [f"{row[c]:,}" if c.endswith("rows") or c == "conflicts" else f"{row[c]:.1f}" for c in COLUMNS]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
