"""How fast does `casekit grade` grade? Seconds per submission next to the floor.

    .venv/bin/python benchmarks/grade_bench.py [N] [--jobs J] [--key solutions/00-the-case.ipynb]

The floor is what a notebook costs at the very least: executing the key once with nbclient in a
fresh kernel (median of 5 runs). The batch grades N
synthetic submissions (complete, half-done and untouched copies of the exercise, all different
files) with J jobs, through the same code path as the command, and prints wall-clock seconds per
submission. Goals (issue 4): 100 submissions in under 90 s on 2 cores; per submission within
1.5x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from casekit.exercise import make_exercise, read_notebook
from casekit.grading import batch
from casekit.grading.key import load_key
from casekit.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "key.ipynb"
LESSON = ROOT / "solutions" / "00-the-case.ipynb"


def floor_seconds(key_path: Path, runs: int = 5) -> float:
    """Median seconds to execute the key once with nbclient in a fresh kernel (start, run, shut down)."""
    times = []
    for _ in range(runs):
        nb = nbformat.read(key_path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(key_path.parent)}})
        start = time.perf_counter()
        client.execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic(key_path: Path, folder: Path, n: int) -> list[Path]:
    """N submissions: a third complete, a third half-done, a third untouched (each file distinct)."""
    key = load_key(key_path)
    exercise = make_exercise(read_notebook(key_path), key_path)
    questions = key.code_questions
    files = []
    for i in range(n):
        nb = nbformat.from_dict(nbformat.reads(nbformat.writes(exercise), as_version=4))
        done = questions if i % 3 == 0 else questions[: len(questions) // 2] if i % 3 == 1 else []
        for q in done:
            nb.cells[q.answer_index].source = key.nb.cells[q.answer_index].source
        nb.metadata["student"] = f"student{i:03d}"
        path = folder / f"student{i:03d}.ipynb"
        nbformat.write(nb, path)
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--key", type=Path, default=LESSON if LESSON.exists() else FIXTURE)
    args = parser.parse_args(argv)
    floor = floor_seconds(args.key)
    with tempfile.TemporaryDirectory(prefix="casekit-grade-bench-") as tmp:
        subs, out = Path(tmp) / "subs", Path(tmp) / "out"
        subs.mkdir()
        files = synthetic(args.key, subs, args.n)
        key = load_key(args.key)
        start = time.perf_counter()
        results = batch.grade_batch(key, files, out, batch.Limits(), jobs=args.jobs, force=True)
        wall = time.perf_counter() - start
    per = wall / len(files)
    cpu_per = per * args.jobs
    bad = sum(1 for r in results for q in r["questions"] if q["status"] in ("error", "timeout", "invalid"))
    print(f"key: {args.key.relative_to(ROOT) if args.key.is_relative_to(ROOT) else args.key}")
    print(f"floor (nbclient, fresh kernel, key executed once): {floor:.2f} s")
    print(f"casekit grade: {len(files)} submissions, {args.jobs} jobs: {wall:.1f} s wall, "
          f"{per:.2f} s per submission, {cpu_per:.2f} s per submission per job")
    print(f"per submission per job / floor: {cpu_per / floor:.2f}x (goal <= 1.5x); "
          f"100 submissions would take {per * 100:.0f} s (goal < 90 s)")
    if bad:
        print(f"warning: {bad} question(s) ended in error/timeout/invalid", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
