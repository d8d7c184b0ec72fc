"""`casekit grade`: grade a folder of learners' notebooks against a solution key with nbval.

    casekit grade submissions/ --key solutions/00-the-case.ipynb --out grades/00
    casekit grade --merge-manual grades/00/manual.csv --out grades/00

The work happens in casekit.grading (key, matching, sandbox, runner, batch, gradebook);
docs/grading.md describes the outputs and the threat model.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from casekit.grading import batch, gradebook
from casekit.grading.cluster import ClusterError
from casekit.grading.key import load_key


class Progress:
    """A tqdm progress bar on stderr, with one line per finished submission above it."""

    def __init__(self, total: int, stream=None, quiet: bool = False):
        from tqdm import tqdm

        self.stream = stream or sys.stderr
        self.bar = tqdm(
            total=total,
            file=self.stream,
            unit="submission",
            disable=quiet,
            dynamic_ncols=True,
            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]",
        )
        self.quiet = quiet

    def __call__(self, result: dict, skipped: bool) -> None:
        if not self.quiet:
            t = gradebook.totals(result)
            how = "already graded, skipped" if skipped else f"{result.get('seconds', 0):.1f} s"
            self.bar.write(f"{result['submission']}: {t['total']}/{t['max']} ({how})", file=self.stream)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit grade`."""
    parser.add_argument("submissions", nargs="*", type=Path, help="notebook files, or folders of them")
    parser.add_argument("--key", type=Path, help="the executed solution notebook, e.g. solutions/00-the-case.ipynb")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for grades.csv, summary.csv, feedback/, results/"
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, help="submissions graded at once (default: all cores)"
    )
    parser.add_argument("--force", action="store_true", help="regrade submissions that already have a result")
    parser.add_argument("--cell-timeout", type=float, default=30, help="seconds one cell may run (default 30)")
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds one submission may run in all (default 300)"
    )
    parser.add_argument(
        "--memory-mb", type=int, default=2048, help="address-space limit of the kernel in MB (default 2048)"
    )
    parser.add_argument("--max-output", type=int, default=2_000_000, help="characters of output one cell may print")
    parser.add_argument(
        "--canvas",
        nargs="?",
        const="",
        metavar="COLUMN",
        help="also write canvas.csv; COLUMN is the assignment header, e.g. 'Exercise 0 (1234)'",
    )
    parser.add_argument(
        "--merge-manual",
        type=Path,
        metavar="CSV",
        help="fold hand-marked scores (manual.csv with its score column filled) into --out's reports",
    )
    parser.add_argument(
        "--no-landlock", action="store_true", help="do not confine the kernel with Landlock (debugging only)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="grade each submission as a task on a Dask cluster: tcp://host:8786, or local:N for N local "
        "worker processes (needs dask and distributed; see docs/grading.md)",
    )


def run(args: argparse.Namespace) -> int:
    """Grade the submissions (or merge manual scores); print a table of totals; exit 2 on a usage error."""
    out: Path = args.out
    if args.merge_manual:
        try:
            merged, problems = gradebook.merge_manual(args.merge_manual, out)
        except (OSError, ValueError, KeyError) as exc:
            print(f"casekit grade: cannot merge manual scores: {exc}", file=sys.stderr)
            return 2
        for problem in problems:
            print(f"casekit grade: {args.merge_manual}: {problem}", file=sys.stderr)
        print(f"merged {merged} manual score(s) into {out / 'grades.csv'}")
        return 1 if problems else 0
    if not args.key or not args.submissions:
        print("casekit grade: give SUBMISSIONS and --key (or --merge-manual CSV)", file=sys.stderr)
        return 2
    try:
        key = load_key(args.key)
    except (OSError, ValueError) as exc:
        print(f"casekit grade: the key cannot be used: {exc}", file=sys.stderr)
        return 2
    absent = [str(p) for p in args.submissions if not p.exists()]
    if absent:
        print("casekit grade: no such file or folder: " + ", ".join(absent), file=sys.stderr)
        return 2
    files = batch.find_submissions(args.submissions)
    if not files:
        print("casekit grade: no notebooks found in " + ", ".join(map(str, args.submissions)), file=sys.stderr)
        return 2
    limits = batch.Limits(
        cell_timeout=args.cell_timeout,
        submission_timeout=args.timeout,
        memory_mb=args.memory_mb,
        output_chars=args.max_output,
        landlock=not args.no_landlock,
    )
    _warn_about_sandbox(limits, key.path, files, out)
    out.mkdir(parents=True, exist_ok=True)
    progress = Progress(len(files), quiet=args.quiet)
    start = time.monotonic()
    try:
        results = batch.grade_batch(
            key, files, out, limits, jobs=args.jobs, force=args.force, progress=progress, cluster=args.cluster
        )
    except ClusterError as exc:
        print(f"casekit grade: {exc}", file=sys.stderr)
        return 2
    finally:
        progress.close()
    canvas = None if args.canvas is None else (args.canvas or f"{key.title} ({key.path.stem})")
    gradebook.write_reports(results, out, key.title, canvas)
    print(gradebook.table(results))
    print(f"graded {len(results)} submission(s) in {time.monotonic() - start:.1f} s; reports in {out}/")
    return 0


def _warn_about_sandbox(limits: batch.Limits, key: Path, files: list[Path], out: Path) -> None:
    if not limits.landlock:
        print(
            "casekit grade: warning: Landlock disabled; learners' code can read and write anything you can",
            file=sys.stderr,
        )
        return
    from casekit.grading import sandbox

    if sandbox.landlock_abi() < 1:
        print(
            "casekit grade: warning: this system has no Landlock, so learners' code is limited in time, memory and "
            "output but can read and write any file you can; grade in a container (docs/grading.md)",
            file=sys.stderr,
        )
        return
    roots = batch.readable_roots()
    for what, path in [("the key", key), ("the output folder", out), *(("a submission", f) for f in files)]:
        if batch.exposed(path, roots):
            print(f"casekit grade: warning: {what} ({path}) lies in a folder the sandbox may read", file=sys.stderr)
            break
