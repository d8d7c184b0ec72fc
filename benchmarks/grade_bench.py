"""How fast does `casekit grade` grade, against a fresh-kernel baseline measured in the same run?

    .venv/bin/python benchmarks/grade_bench.py [N] [--jobs J] [--rounds R] [--baseline-sample K] [--cold]
                                               [--key solutions/00-the-case.ipynb]

N synthetic submissions of a real exercise (the lesson's, by default; half complete, half
half-done, every file different, so every one needs a kernel) are graded with J jobs (default:
all cores) through the same code path as the command. In each of R rounds, side by side:

- **casekit grade (warm)**: kernels forked from a template that has already imported ipykernel,
  pandas and casekit (docs/grading.md, "Speed");
- with `--cold`, **casekit grade (cold)**: every kernel started as a new interpreter, as before;
- **baseline**: nbgrader 0.9.6's `autograde` is serial and starts a fresh kernel per notebook;
  nbgrader is not a dependency of the kit, so the baseline is its floor, measured here: K of the
  same submissions executed one after another with nbclient, each in a fresh `python3` kernel with
  a normal shutdown (nbgrader does that and more: on these machines it measured 1.18-1.41 s per
  submission against nbclient's 1.07 s, so this ratio understates the gain over nbgrader).

It prints, per round and as medians: wall-clock seconds per submission, CPU seconds per
submission (every process involved, from rusage: robust to other load on the machine), the
throughput, the ratio against the baseline, and the load average (other people's processes share
the cores, so compare only numbers from the same run). Goal (issue 14): >= 2.5x the baseline's
throughput, aiming for 4x.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from casekit.authoring.exercise import make_exercise, read_notebook
from casekit.grading import batch
from casekit.grading.key import load_key
from casekit.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "key.ipynb"
LESSON = ROOT / "solutions" / "00-the-case.ipynb"


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for (runners, templates, kernels)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def synthetic(key_path: Path, folder: Path, n: int, untouched: bool = False) -> list[Path]:
    """N submissions: half complete, half half-done (with UNTOUCHED, a third of each and a third untouched)."""
    key = load_key(key_path)
    exercise = make_exercise(read_notebook(key_path), key_path)
    questions = key.code_questions
    kinds = 3 if untouched else 2
    files = []
    for i in range(n):
        nb = nbformat.from_dict(nbformat.reads(nbformat.writes(exercise), as_version=4))
        done = questions if i % kinds == 0 else questions[: max(1, len(questions) // 2)] if i % kinds == 1 else []
        for q in done:  # the exercise may have fewer cells than the key: find each answer cell by question id
            cell = next(
                c
                for c in nb.cells
                if c.metadata.get("casekit", {}).get("question") == q.id
                and c.metadata["casekit"].get("role") == "answer"
            )
            cell.source = key.nb.cells[q.answer_index].source
        nb.metadata["student"] = f"student{i:03d}"
        path = folder / f"student{i:03d}.ipynb"
        nbformat.write(nb, path)
        files.append(path)
    return files


def baseline(files: list[Path], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds per notebook: each of FILES executed serially by nbclient in a fresh kernel."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for path in files:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(cwd)}}
        ).execute()
    return (time.perf_counter() - wall) / len(files), (cpu_seconds() - cpu) / len(files)


def casekit(key, files: list[Path], out: Path, jobs: int, warm: bool) -> tuple[float, float, int]:
    """(wall, CPU) seconds per submission for one batch, and how many questions ended in error/timeout/invalid."""
    batch.WARM[0] = warm
    wall, cpu = time.perf_counter(), cpu_seconds()
    results = batch.grade_batch(key, files, out, batch.Limits(), jobs=jobs, force=True)
    wall, cpu = (time.perf_counter() - wall) / len(files), (cpu_seconds() - cpu) / len(files)
    batch.WARM[0] = True
    bad = sum(1 for r in results for q in r["questions"] if q["status"] in ("error", "timeout", "invalid"))
    for r in results:
        for q in r["questions"]:
            if q["status"] in ("error", "timeout", "invalid"):
                print(
                    f"  warning: {r['submission']} {q['question']}: {q['status']}: {q['note'][:200]}", file=sys.stderr
                )
    return wall, cpu, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=10, help="notebooks the baseline executes per round")
    parser.add_argument("--cold", action="store_true", help="also grade with kernels started as new interpreters")
    parser.add_argument(
        "--untouched", action="store_true", help="a third of the submissions are the untouched exercise"
    )
    parser.add_argument("--key", type=Path, default=LESSON if LESSON.exists() else FIXTURE)
    args = parser.parse_args(argv)
    key = load_key(args.key)
    rows: dict[str, list[tuple[float, float]]] = {"baseline": [], "warm": [], "cold": []}
    loads = []
    with tempfile.TemporaryDirectory(prefix="casekit-grade-bench-") as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        files = synthetic(args.key, subs, args.n, args.untouched)
        step = max(1, len(files) // args.baseline_sample)
        sample = files[::step][: args.baseline_sample]
        print(
            f"key: {args.key.relative_to(ROOT) if args.key.is_relative_to(ROOT) else args.key}; {len(files)} submissions; "
            f"{args.jobs} jobs; {os.cpu_count()} cores; baseline: nbclient fresh kernel, serial, {len(sample)} per round"
        )
        for r in range(args.rounds):
            loads.append(os.getloadavg()[0])
            kinds = ["baseline", "warm", "cold"] if args.cold else ["baseline", "warm"]
            kinds = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]  # rotate the order between rounds
            line = []
            for kind in kinds:
                if kind == "baseline":
                    wall, cpu = baseline(sample, args.key.parent)
                else:
                    wall, cpu, bad = casekit(key, files, Path(tmp) / f"out-{kind}-{r}", args.jobs, kind == "warm")
                rows[kind].append((wall, cpu))
                line.append(f"{kind} {wall:.3f} s wall / {cpu:.3f} s CPU")
            loads.append(os.getloadavg()[0])
            print(f"round {r + 1}: " + "; ".join(line) + f" per submission (load {loads[-2]:.1f} -> {loads[-1]:.1f})")
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in rows.items() if v}
    base_wall, base_cpu = med["baseline"]
    print(
        f"\nmedians over {args.rounds} rounds (1-minute load average {min(loads):.1f}-{max(loads):.1f} "
        f"on {os.cpu_count()} cores):"
    )
    for kind, label in [
        ("baseline", "baseline (nbclient, fresh kernel, serial)"),
        ("cold", "casekit grade, cold kernels"),
        ("warm", "casekit grade, warm kernels"),
    ]:
        if kind not in med:
            continue
        wall, cpu = med[kind]
        print(
            f"  {label:42s} {wall:.3f} s/submission wall, {60 / wall:6.1f} submissions/min, "
            f"{cpu:.3f} CPU s/submission"
            + (
                ""
                if kind == "baseline"
                else f"; throughput {base_wall / wall:.2f}x the baseline, CPU {base_cpu / cpu:.2f}x less"
            )
        )
    print(f"goal: warm >= 2.5x the baseline's throughput (aim 4x): {base_wall / med['warm'][0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
