"""Run every benchmark with its default sizes, one after the other, and print their tables.

    python benchmarks/run_all.py                  # everything (the 1,000,000-record runs take minutes)
    python benchmarks/run_all.py read_tables validate

Each benchmark is a script of its own in this folder; see ``--help`` of each for sizes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("command_line", "read_tables", "normalize", "validate", "synthetic", "sync_overview", "linkage", "review",
              "onboard")


def main(names: list[str]) -> int:
    """Run the named benchmarks (all by default); return the number that failed."""
    failed = 0
    for name in names or [n for n in BENCHMARKS if (HERE / f"{n}.py").exists()]:
        print(f"\n## {name}\n", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=False).returncode != 0
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
