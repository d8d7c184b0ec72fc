"""`casekit grade`: grade a folder of learners' notebooks against a solution key with nbval.

    casekit grade submissions/ --key solutions/00-the-case.ipynb --out grades/00
    casekit grade submissions/ --key solutions/03-content-moderation.ipynb --out grades/03 \
        --course course.toml --secret course.secret      # an assessed exercise: salted variants
    casekit grade --merge-manual grades/00/manual.csv --out grades/00

An exercise is graded as assessed when the course file says so (or, without --course, when --secret
is given): its variants are then the salted draws of the assessed release, recomputed from the
course secret, and a submission that ran the practice draw scores 0 on its variant questions.
Without the secret the grader refuses assessed work (the exercise, or any submission from an
assessed release) rather than grade it against the practice variants.

The work happens in casekit.grading (key, matching, sandbox, runner, batch, gradebook);
docs/grading.md describes the outputs and the threat model.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from casekit import coursefile, variants
from casekit import secret as course_secret
from casekit.authoring.exercise import NotebookReadError, edition_of, read_notebook
from casekit.grading import batch, gradebook
from casekit.grading.cluster import ClusterError
from casekit.grading.key import Key, load_key


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
        help="fold hand-marked scores (manual.csv with its score column filled, or marks.csv from "
        "instructors/marking.ipynb) into --out's reports",
    )
    parser.add_argument(
        "--no-landlock", action="store_true", help="do not confine the kernel with Landlock (debugging only)"
    )
    parser.add_argument(
        "--secret",
        type=Path,
        metavar="FILE",
        help="the course secret the assessed release was made with; needed to grade assessed work",
    )
    parser.add_argument(
        "--course",
        type=Path,
        metavar="TOML",
        help="course file saying whether this exercise (the key's name) is practice or assessed, "
        "and which prompt of the prompt bank each written question had",
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
        key = load_key(args.key, args.course)  # with the course file's picks from the prompt bank
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
    refusal = set_mode(key, files, args.course, args.secret)
    if refusal:
        print(f"casekit grade: {refusal}", file=sys.stderr)
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


def assessed_evidence(path: Path) -> str:
    """Why the submission at PATH is assessed work ('' if nothing says so): its edition, or a salted setup cell."""
    try:
        nb = read_notebook(path)
    except NotebookReadError:
        return ""  # graded as invalid later
    if edition_of(nb) == "assessed":
        return "assessed edition"
    if any(c.cell_type == "code" and variants.has_salt(c.source) for c in nb.cells):
        return "salted setup cell, from an assessed release"
    return ""


def set_mode(key: Key, files: list[Path], course_path: Path | None, secret_path: Path | None) -> str:
    """Decide how KEY's exercise is graded (sets key.mode and key.salts); return why grading is refused ('' if not).

    The exercise is assessed if the course file says so, or (without a course file) if a secret is
    given. Assessed grading needs the secret; practice grading refuses submissions from an assessed
    release, whose variants only the secret recomputes."""
    name = key.path.stem
    try:
        course = coursefile.read(course_path) if course_path else None
    except coursefile.CourseFileError as exc:
        return str(exc)
    if course is not None:
        mode, why = course.mode(name, "practice"), f"the course file {course_path} says so"
    else:
        mode, why = ("assessed", "--secret was given") if secret_path else ("practice", "no course file or secret")
    if mode == "assessed" and not secret_path:
        return (
            f"{name} is an assessed exercise ({why}): its variants are drawn with the course secret, so the "
            "grader cannot recompute them without it. Give --secret FILE (the one the release was made with). "
            "Nothing was graded."
        )
    if mode == "practice":
        assessed = [(p, assessed_evidence(p)) for p in files]
        assessed = [(p, e) for p, e in assessed if e]
        if assessed:
            listed = ", ".join(f"{p.name} ({e})" for p, e in assessed[:5]) + (" ..." if len(assessed) > 5 else "")
            return (
                f"{len(assessed)} submission(s) are assessed work: {listed}. Their variants are drawn with the "
                "course secret; grade them as assessed with --secret FILE (and --course, if the course file "
                "says which exercises are assessed). Nothing was graded."
            )
        key.mode, key.salts = "practice", {}
        return ""
    try:
        secret = course_secret.read(secret_path)
    except course_secret.SecretError as exc:
        return f"{exc}. Nothing was graded."
    key.mode, key.salts = "assessed", course_secret.salts(secret, key.assignments)
    carried = [salts_carried(p) for p in files]
    carried = [c for c in carried if c]
    if carried and not any(c.get(a) == s for c in carried for a, s in key.salts.items()):
        return (
            f"none of the {len(carried)} submission(s) from an assessed release carries the salt that {secret_path} "
            "gives this exercise: is it the secret the release was made with? Nothing was graded."
        )
    return ""


def salts_carried(path: Path) -> dict[str, str]:
    """The salts the setup cells of the submission at PATH carry ({} if none, or it cannot be read)."""
    try:
        nb = read_notebook(path)
    except NotebookReadError:
        return {}
    found: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            found.update(variants.salts_in(cell.source))
    return found


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
