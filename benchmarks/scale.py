"""Pandas against Spark local on persons.py data: wall time, peak memory of all processes, pairs.

    python benchmarks/scale.py                                    # 100,000 and 1,000,000 persons, both engines
    python benchmarks/scale.py --sizes 20000 --engines spark spark-parquet --master "local[2]"
    python benchmarks/scale.py --sizes 100000 --partitions 8 16   # Spark with several shuffle widths

The data come from ``../shared/eval/persons.py`` (needs faker: ``make bench`` installs it):
system A holds N persons, system B 0.6 N of them re-written plus 0.4 N others. Each run
links A with B (``find_partners``, kind employee, default settings) in a fresh process, so
its peak memory is its own: the sum of the resident memory of the process and all its
children — for Spark the JVM and its Python workers — sampled every 0.2 s; ``cpu s`` is the
CPU time of that process tree (less sensitive to other work on the machine than the wall
time, so the basis of the estimates in ``docs/scale.md``). Spark runs two ways:
``spark-parquet`` (the default) is the path for large bases — Spark reads A and B from
Parquet, matches (``match_partners``) and writes the match folder (``write_match``);
``spark`` is ``find_partners`` with ``LinkageConfig(backend="spark")``, the records handed
over from pandas and the sure and possible pairs collected back.

Timings are noisy when other work runs on the machine: the table prints the load average
beside each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

PERSONS = Path("../shared/eval/persons.py")
"""The shared evaluation generator, beside the clone (``--persons`` names another place)."""
COLUMNS = ("persons", "engine", "partitions", "wall s", "cpu s", "peak GB", "candidate pairs", "sure", "possible",
           "prepare", "index", "train", "compare", "load")


def generate(generator: Path, persons: int, folder: Path) -> tuple[Path, Path]:
    """A and B of ``persons`` persons as Parquet files (persons.py, seeded)."""
    subprocess.run([sys.executable, str(generator), str(persons), str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder / f"synth_{persons}_A.parquet", folder / f"synth_{persons}_B.parquet"


def child(engine: str, a_path: str, b_path: str, master: str, partitions: int) -> dict:
    """One link of A with B in this process (the parent measures it); what it found, as JSON-safe data."""
    from workbench.linkage import LinkageConfig

    config = LinkageConfig(kind="employee")
    if engine == "pandas":
        return _linked(config, a_path, b_path)
    config = config.replace(backend="spark", spark={"master": master, "conf": {
        "spark.sql.shuffle.partitions": str(partitions), "spark.driver.memory": "6g"}})
    return _linked(config, a_path, b_path) if engine == "spark" else _written(config, a_path, b_path)


def _linked(config, a_path: str, b_path: str) -> dict:
    """``find_partners`` on the frames read with pandas (either engine)."""
    import pandas as pd

    from workbench.linkage import find_partners

    frames = []
    for path in (a_path, b_path):
        frame = pd.read_parquet(path).drop(columns=["person_id"]).rename(columns={"rec_id": "employee_no"})
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        frames.append(frame.astype(object).where(frame.notna(), None))
    started = time.perf_counter()
    result = find_partners(*frames, config)
    wall = time.perf_counter() - started
    counts = result.counts
    return {"wall s": wall, "candidate pairs": result.candidate_pairs, "sure": int(counts["sure"]),
            "possible": int(counts["possible"]), **{k: result.timings.get(k, 0.0)
                                                    for k in ("prepare", "index", "train", "compare")}}


def _written(config, a_path: str, b_path: str) -> dict:
    """The Parquet path: Spark reads A and B, matches, and writes the match folder (``compare`` = the writing)."""
    from workbench.linkage.engines.spark import SparkSettings, match_partners, spark_session, write_match
    from workbench.linkage.parquet import read_manifest

    session = spark_session(SparkSettings.from_mapping(config.spark))
    sides = [session.read.parquet(path).drop("person_id").withColumnRenamed("rec_id", "employee_no")
             for path in (a_path, b_path)]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        match = match_partners(*sides, config, session=session)
        before = time.perf_counter()
        write_match(match, f"{folder}/match")
        wall = time.perf_counter() - started
        counts = read_manifest(f"{folder}/match")["counts"]
    return {"wall s": wall, "candidate pairs": match.candidate_pairs, "sure": int(counts.get("sure", 0)),
            "possible": int(counts.get("possible", 0)), "compare": time.perf_counter() - before,
            **{k: match.timings.get(k, 0.0) for k in ("prepare", "index", "train")}}


def measured(engine: str, a_path: Path, b_path: Path, master: str, partitions: int) -> dict:
    """Run :func:`child` in a fresh process; add its peak memory (process tree) and the load average."""
    command = [sys.executable, __file__, "--child", engine, str(a_path), str(b_path), "--master", master,
               "--partitions", str(partitions)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    cpu: dict[int, float] = {}  # the last CPU time seen of every process of the tree
    watched = psutil.Process(process.pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            memory = 0
            for member in _tree(watched):
                try:
                    with member.oneshot():
                        memory += member.memory_info().rss
                        times = member.cpu_times()
                        cpu[member.pid] = times.user + times.system
                except psutil.Error:
                    continue
            peak = max(peak, memory)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{engine} run failed (exit {process.returncode})")
    row = json.loads(output.strip().splitlines()[-1])
    return {**row, "engine": engine, "peak GB": peak / 1e9, "cpu s": sum(cpu.values()),
            "partitions": partitions if engine != "pandas" else "",
            "load": os.getloadavg()[0]}


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.Error:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="persons in A")
    parser.add_argument("--engines", nargs="+", default=["pandas", "spark-parquet"],
                        choices=("pandas", "spark", "spark-parquet"),
                        help="spark: find_partners on pandas frames; spark-parquet: Parquet in, match folder out")
    parser.add_argument("--master", default="local[2]", help="Spark master of the spark runs")
    parser.add_argument("--partitions", type=int, nargs="+", default=[8], help="Spark shuffle partitions")
    parser.add_argument("--persons", type=Path, default=PERSONS, help="the generator (../shared/eval/persons.py)")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "A", "B"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        engine, a_path, b_path = options.child
        print(json.dumps(child(engine, a_path, b_path, options.master, options.partitions[0])))
        return
    if not options.persons.is_file():
        raise SystemExit(f"{options.persons} is missing: the benchmark needs the shared evaluation generator")

    rows = []
    for persons in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            a_path, b_path = generate(options.persons, persons, Path(folder))
            for engine in options.engines:
                for partitions in (options.partitions if engine != "pandas" else [0]):
                    row = {"persons": persons, **measured(engine, a_path, b_path, options.master, partitions)}
                    rows.append(row)
                    print(f"  {persons:,} {engine}: {row['wall s']:.1f} s, {row['peak GB']:.2f} GB, "
                          f"{row['candidate pairs']:,} candidate pairs", flush=True)
    print(f"\nlink A ({', '.join(f'{n:,}' for n in options.sizes)} persons) with B, kind employee; "
          f"Spark master {options.master}; seconds, peak resident memory of the process tree\n")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "|".join("---:" for _ in COLUMNS) + "|")
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, float):
                cells.append(f"{value:.2f}" if column in ("peak GB", "load") else f"{value:.1f}")
            else:
                cells.append(f"{value:,}" if isinstance(value, int) else str(value))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
