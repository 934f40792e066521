"""How fast the ``workbench`` command answers: every help page, and ``validate`` of the ERP sample.

    python benchmarks/command_line.py               # 5 runs of each
    python benchmarks/command_line.py --repeat 3

Each run is a fresh ``workbench`` process (the console script of this environment), timed
from start to exit: wall time, and the CPU time of the process (user + system), which
other jobs on the machine disturb less. ``validate`` reads ``data_samples/erp_customers.csv``
(281 rows, cp1252, a title line), validates it with Great Expectations and writes the HTML
report and ``rejected.xlsx`` into a temporary folder. The targets: every help page under
0.5 s, the validation under 5 s. The machine's load is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBENCH = Path(sys.executable).with_name("workbench")
HELP_PAGES = (["--help"], ["-h"], ["onboard", "-h"], ["batch", "-h"], ["import", "-h"], ["validate", "-h"],
              ["overview", "-h"], ["links", "import", "-h"], ["connection", "test", "-h"],
              ["contacts", "import", "-h"], ["demo", "-h"])


def timed(arguments: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one ``workbench`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run([str(WORKBENCH), *arguments], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    repeat = parser.parse_args().repeat
    sample = ROOT / "data_samples" / "erp_customers.csv"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'command':<40} {'wall median':>12} {'wall min':>9} {'CPU median':>11} {'exit':>5}")
    with tempfile.TemporaryDirectory() as folder:
        commands = [*HELP_PAGES, ["validate", str(sample), "--out", str(Path(folder) / "report")]]
        for arguments in commands:
            runs = [timed(arguments, Path(folder)) for _ in range(repeat)]
            walls, cpus = [run[0] for run in runs], [run[1] for run in runs]
            shown = " ".join("erp_customers.csv" if a == str(sample) else a for a in arguments[:2])
            print(f"workbench {shown:<30} {statistics.median(walls):>11.2f}s {min(walls):>8.2f}s "
                  f"{statistics.median(cpus):>10.2f}s {runs[-1][2]:>5}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
