"""Validating a customer base with Great Expectations: start-up and run time, each in a fresh process.

    python benchmarks/validate.py                  # 100,000 rows, 3 fresh processes
    python benchmarks/validate.py --rows 10000 --repeat 1

The data is the seeded synthetic customer set of :mod:`workbench.synthetic` (German and
Danish records, re-appearing people, typos, formatted phone numbers), written once to
a pickle. Each repeat starts a new Python process, which loads the pickle (not
timed) and then times, one after the other:

* ``import great_expectations``;
* ``import workbench.validation.runner`` (the runner and the custom expectations);
* creating the ephemeral GX context;
* ``validate(frame, "customers")``;

and the time from starting the process to the finished report (Python start-up, pandas
and the pickle included). Then, on the same frame and outside GX, the domain checks the suite's custom
expectations run (country, e-mail, phone and mobile, postcode and VAT formats,
status), to show how much of the run they take. The target is a total (the four
steps) under 15 s at 100,000 rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("import great_expectations", "import workbench runner", "GX context", "validate()", "total")
SHOWN = (*STEPS, "process start to report", "load pickle (not in total)")


def child(pickle_path: str, spawned_at: float) -> dict[str, float]:
    """Run in a fresh process: time each step of a validation of the pickled frame."""
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_pickle(pickle_path)  # our own file, written by the parent
    times: dict[str, float] = {"load pickle (not in total)": time.perf_counter() - start}
    start = time.perf_counter()
    import great_expectations  # noqa: F401

    times["import great_expectations"] = time.perf_counter() - start
    start = time.perf_counter()
    from workbench.validation import runner, validate

    times["import workbench runner"] = time.perf_counter() - start
    start = time.perf_counter()
    runner._context()
    times["GX context"] = time.perf_counter() - start
    start = time.perf_counter()
    report = validate(frame, "customers")
    times["validate()"] = time.perf_counter() - start
    times["total"] = sum(times[step] for step in STEPS[:-1])
    times["process start to report"] = time.time() - spawned_at
    times.update({f"check: {name}": seconds for name, seconds in _checks(frame).items()})
    times.update({f"problems: {rule}": float(count) for rule, count in report.problems["rule"].value_counts().items()})
    return times


def _checks(frame) -> dict[str, float]:
    """The domain checks of the custom expectations, timed alone on the same columns."""
    from workbench import normalize
    from workbench.validation import checks, load_suite

    rules = {rule.rule: rule.kwargs for rule in load_suite("customers").rules}
    countries = normalize.country_key(frame["country"])
    work = {
        "country_key (once per run)": lambda: normalize.country_key(frame["country"]),
        "email": lambda: checks.valid_emails(frame["email"]),
        "phone": lambda: checks.valid_phone_numbers(frame["phone"], countries, "DE"),
        "mobile": lambda: checks.valid_phone_numbers(frame["mobile"], countries, "DE"),
        "postcode": lambda: checks.match_country_formats(frame["postcode"], countries,
                                                         rules["postcode_format"]["patterns"], "DE"),
        "vat_id": lambda: checks.match_country_formats(frame["vat_id"], countries, rules["vat_id_format"]["patterns"],
                                                       "DE", compact=True),
        "status": lambda: checks.known_statuses(frame["status"], ["active", "inactive"]),
    }
    timed = {}
    for name, run in work.items():
        start = time.perf_counter()
        run()
        timed[name] = time.perf_counter() - start
    return timed


def _frame(rows: int):
    from workbench.synthetic import dedup_set

    return dedup_set(rows, seed=7)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], float(args.child[1]))))
        return

    with tempfile.TemporaryDirectory() as folder:
        pickle_path = Path(folder) / "frame.pkl"
        start = time.perf_counter()
        frame = _frame(args.rows)
        frame.to_pickle(pickle_path)
        print(f"data: {len(frame):,} rows x {frame.shape[1]} columns, generated in {time.perf_counter() - start:.1f} s")
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(pickle_path), repr(time.time())], capture_output=True,
                text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (after the runs)")
    print(f"{'step':<36}{'min s':>9}{'median s':>10}{'max s':>9}")
    names = [*SHOWN, *(name for name in runs[0] if name.startswith("check: "))]
    for name in names:
        values = [run[name] for run in runs]
        print(f"{name:<36}{min(values):>9.2f}{statistics.median(values):>10.2f}{max(values):>9.2f}")
    found = {name.removeprefix("problems: "): int(n) for name, n in runs[0].items() if name.startswith("problems: ")}
    print(f"problems found: {sum(found.values()):,} ({', '.join(f'{rule} {n}' for rule, n in found.items())})")


if __name__ == "__main__":
    main()
