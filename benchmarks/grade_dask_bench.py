"""Grading on a Dask cluster: throughput with 1 and 2 local workers, and the capacity plan it implies.

    .venv/bin/python benchmarks/grade_dask_bench.py [N] [--workers 1 2] [--key solutions/00-the-case.ipynb]

N synthetic submissions of a real exercise (half complete, half half-done: every one needs a
kernel) are graded with `--cluster local:W` for each W: a LocalCluster of W single-threaded worker
processes, each grading through the same sandboxed runner and warm kernels as the local path. It
prints the wall-clock time (with the cluster's start-up, and from the first result on), the
throughput, and the time 10,000 submissions would take on 10, 50 and 200 such workers, from the
measured steady-state seconds per submission per worker (each worker needs one core). Needs
dask and distributed (installed by `make env`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from casekit.grading import batch
from casekit.grading.key import load_key
from grade_bench import FIXTURE, LESSON, ROOT, synthetic


def run(key, files: list[Path], out: Path, workers: int) -> tuple[float, float]:
    """(wall seconds including start-up, seconds from the first result to the last) for one batch on local:WORKERS."""
    stamps: list[float] = []
    start = time.perf_counter()
    batch.grade_batch(
        key,
        files,
        out,
        batch.Limits(),
        jobs=workers,
        force=True,
        cluster=f"local:{workers}",
        progress=lambda result, skipped=False: stamps.append(time.perf_counter()),
    )
    return time.perf_counter() - start, stamps[-1] - stamps[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--key", type=Path, default=LESSON if LESSON.exists() else FIXTURE)
    args = parser.parse_args(argv)
    key = load_key(args.key)
    print(
        f"key: {args.key.relative_to(ROOT) if args.key.is_relative_to(ROOT) else args.key}; {args.n} submissions; "
        f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}"
    )
    per_worker = []
    with tempfile.TemporaryDirectory(prefix="casekit-dask-bench-") as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        files = synthetic(args.key, subs, args.n)
        for workers in args.workers:
            wall, steady = run(key, files, Path(tmp) / f"out-{workers}", workers)
            per_sub = steady / max(1, len(files) - 1)
            per_worker.append(per_sub * workers)
            print(
                f"local:{workers}: {wall:.1f} s in all (cluster start-up included), {len(files) / wall:.2f} submissions/s; "
                f"steady state {per_sub:.3f} s per submission = {1 / per_sub:.2f} submissions/s "
                f"({per_sub * workers:.3f} s per submission per worker; load {os.getloadavg()[0]:.1f})"
            )
    cost = min(per_worker)
    print(f"\ncapacity plan from the best measured {cost:.3f} s per submission per worker (one core each):")
    for n in (10, 50, 200):
        print(f"  10,000 submissions on {n:3d} workers: about {10_000 * cost / n / 60:.0f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
