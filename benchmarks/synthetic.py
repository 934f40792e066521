"""How long the scaled synthetic sets take to make, and how much memory.

    python benchmarks/synthetic.py                 # dedup 10k/100k/1M, link and sync at 100k
    python benchmarks/synthetic.py dedup 200000    # one run

Each run is a fresh process, so peak memory is that run's alone. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

RUNS = (("dedup", 10_000), ("dedup", 100_000), ("dedup", 1_000_000), ("link", 100_000), ("sync", 100_000))


def _worker(kind: str, n: int) -> dict[str, float]:
    from workbench.synthetic import dedup_set, link_sets, sync_scenario

    wall, cpu = time.perf_counter(), time.process_time()
    if kind == "dedup":
        frame, pairs = dedup_set(n, seed=1)
        rows, pairs_count = len(frame), len(pairs)
    elif kind == "link":
        a, b, pairs = link_sets(n, n, 0.6, seed=1)
        rows, pairs_count = len(a) + len(b), len(pairs)
    else:
        a, b, links, _ = sync_scenario(n, n, round(0.6 * n), seed=1)
        rows, pairs_count = len(a) + len(b), len(links)
    return {"rows": rows, "pairs": pairs_count, "wall_s": time.perf_counter() - wall,
            "cpu_s": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        print(json.dumps(_worker(argv[1], int(argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", nargs="?", choices=("dedup", "link", "sync"), help="one set (default: all runs)")
    parser.add_argument("size", nargs="?", type=int, help="records (per system for link and sync)")
    args = parser.parse_args(argv)
    if args.set and not args.size:
        parser.error("give a size with the set")
    runs = [(args.set, args.size)] if args.set else list(RUNS)
    print(f"{'set':<6} {'size':>10} {'rows':>10} {'pairs/links':>12} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for kind, n in runs:
        out = subprocess.run([sys.executable, __file__, "--worker", kind, str(n)], capture_output=True, text=True,
                             check=True)
        r = json.loads(out.stdout)
        print(f"{kind:<6} {n:>10,} {r['rows']:>10,} {r['pairs']:>12,} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f} "
              f"{r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
