"""`casekit release`: write what learners get, without solutions, rubrics or (in assessed mode) hidden checks.

    casekit release --out release/ --mode practice    # instant checks and hints, for a practice week
    casekit release --out release/ --mode assessed --secret course.secret   # form feedback only
    casekit release --out release/ --course course.toml --secret course.secret  # each exercise's own mode

The release holds the lessons, the exercises (as exercises/, each in the edition of its mode), the
datasets, the package and the files that install it, and a README for learners. It never holds
solutions/, instructors/, tests/ or docs/. An exercise is assessed if the course file says so (or,
for one it does not list, if --mode is assessed). In EVERY release, practice ones included, the
package's check modules lose the judge of each assessed exercise's hidden questions (and the helpers
only those judges used), so those answers cannot be read from the package. Each assessed exercise's
setup cell gets its assignment's salt (casekit.secret: derived from the course secret, never the
secret itself), so its variant draws differ from every practice copy's. docs/assessed-mode.md says
what a learner can still see. Each written question carries the prompt the course file picks for it
(casekit.authoring.prompts; prompt a, the solution's own, by default). The instructor's checkout keeps
everything.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
from pathlib import Path

import nbformat

from casekit import coursefile, variants
from casekit import secret as course_secret
from casekit.authoring import catalog, exercise, prompts
from casekit.paths import ROOT

MODES = exercise.EDITIONS
TOP_FILES = ("pyproject.toml", "requirements.lock", "environment.yml", "postBuild", "Makefile", ".gitignore")
SKIPPED = {"__pycache__", ".ipynb_checkpoints", "my-reasoning"}
MARKER = ".casekit-release"


class ReleaseError(ValueError):
    """The release cannot be written; the message says why."""


def hidden_questions(solutions: Path, names: set[str] | None = None) -> set[str]:
    """The ids of every question whose check is hidden in the assessed edition, read from the solutions
    (only those of the exercises NAMES, e.g. {"03-content-moderation"}, when given)."""
    hidden = set()
    for path in sorted(solutions.glob("*.ipynb")):
        if names is not None and path.stem not in names:
            continue
        nb = exercise.read_notebook(path)
        hidden |= {c.question for c in exercise.validate_solution(nb, path) if c.role == "answer" and c.hidden}
    return hidden


def _register_call_id(call: ast.AST) -> str | None:
    """The question id of a `register("id", ...)` call, if CALL is one."""
    if (
        isinstance(call, ast.Call)
        and getattr(call.func, "id", getattr(call.func, "attr", "")) == "register"
        and call.args
        and isinstance(call.args[0], ast.Constant)
    ):
        return str(call.args[0].value)
    return None


def _registered_id(node: ast.AST) -> str | None:
    """The question id a top-level statement registers: `@register("id")` on a def, or `register("id")(judge)`."""
    for decorator in getattr(node, "decorator_list", []):
        if _register_call_id(decorator):
            return _register_call_id(decorator)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return _register_call_id(node.value.func)
    return None


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _used(nodes: list[ast.stmt]) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def strip_judges(source: str, hidden: set[str], needed: set[str] = frozenset()) -> tuple[str, list[str]]:
    """SOURCE without the judges of HIDDEN questions and the top-level helpers only they used.

    NEEDED names (imported by the release's notebooks) are always kept. Returns (new source, the
    names removed); each removed judge leaves a one-line comment in its place.
    """
    tree = ast.parse(source)
    body = list(tree.body)
    judges = [n for n in body if _registered_id(n) in hidden]
    if not judges:
        return source, []
    removed, gone = list(judges), []
    while True:
        kept = [n for n in body if n not in removed]
        live = _used(kept) | set(needed)
        wanted_by_removed = _used(removed)
        dead = [n for n in kept if _defined(n) and _defined(n) <= wanted_by_removed and not _defined(n) & live]
        if not dead:
            break
        removed += dead
    lines = source.splitlines()
    drop: dict[int, str | None] = {}
    for node in removed:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        for i in range(start, node.end_lineno):
            drop[i] = None
        question = _registered_id(node)
        if question:
            drop[start] = f"# {question}: checked when work is graded; its check is not part of this release."
        gone.append(next(iter(sorted(_defined(node))), question or "?"))
    out = [drop[i] if i in drop else line for i, line in enumerate(lines) if not (i in drop and drop[i] is None)]
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(out)) + "\n"
    ast.parse(text)  # the stripped module must still be valid Python
    return text, gone


def _imported_names(notebooks: list[Path]) -> set[str]:
    """Names the notebooks import from casekit modules (a check module must keep them)."""
    names = set()
    for path in notebooks:
        for cell in exercise.read_notebook(path).cells:
            if cell.cell_type == "code":
                for match in re.finditer(r"from\s+casekit[\w.]*\s+import\s+([\w, ]+)", cell.source):
                    names |= {n.strip() for n in match.group(1).split(",") if n.strip()}
    return names


def _copy_tree(source: Path, target: Path, pattern: str = "*") -> list[Path]:
    written = []
    for path in sorted(source.rglob(pattern)):
        if path.is_file() and not SKIPPED & set(path.relative_to(source).parts):
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            written.append(dest)
    return written


def learner_readme(
    mode: str,
    root: Path = ROOT,
    assessed: set[str] | frozenset[str] = frozenset(),
    included: set[str] | None = None,
) -> str:
    """The release's README: what the kit is, how to start, and the lessons with their exercises."""
    intro = (root / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0].rstrip()
    rows = ["| # | Lesson | Minutes (teach + exercise) | Exercise |", "|---|---|---|---|"]
    for lesson in catalog.lessons(root / "lessons"):
        exercise_file = Path("exercises") / lesson.path.name
        minutes = f"{lesson.teaching_minutes or '?'} + {lesson.exercise_minutes or 0}"
        has_exercise = (root / "exercises" / lesson.path.name).exists() and (
            included is None or lesson.path.stem in included
        )
        link = f"[{exercise_file.as_posix()}]({exercise_file.as_posix()})" if has_exercise else "—"
        rows.append(f"| {lesson.number} | [{lesson.title}](lessons/{lesson.path.name}) | {minutes} | {link} |")
    if mode == "assessed":
        checks = (
            "This is the **assessed** edition of the exercises: a check cell tells you whether your "
            "answer is in the form the question asks for, never whether it is right. Your instructor "
            "grades your saved notebook later. Some questions are drawn for you from your login (your "
            "*variant*): run every cell, save, and hand in the notebook named by your login (`jdoe.ipynb`)."
        )
    else:
        checks = (
            "This is the **practice** edition of the exercises: each check cell prints `✓` when your "
            "answer is right and `✗` with a hint when it is not. Some questions are drawn for you from "
            "your login (your *variant*), so a neighbour's answer may differ from yours."
        )
        if assessed:
            checks += (
                " These exercises are **assessed** (form feedback only, graded later; hand in the notebook named "
                "by your login, `jdoe.ipynb`): "
                + ", ".join(f"`exercises/{name}.ipynb`" for name in sorted(assessed))
                + "."
            )
    return (
        "\n\n".join(
            [
                intro,
                "## Start",
                "You need Python 3.11 or newer. With `make`: `make lab` sets everything up the first time and opens "
                "JupyterLab on your own copies of the lessons and exercises. Without `make`: "
                "`python -m pip install -r requirements.lock && python -m pip install --no-deps -e .`, then `casekit lab`.",
                "In a lesson, choose *Run → Run All Cells*: widgets and figures appear once the cells have run. "
                "Nothing is downloaded while the lessons run.",
                "## Lessons and exercises",
                "\n".join(rows),
                checks,
                "## What is where",
                "```\nlessons/     the lessons, run top to bottom\nexercises/   your exercises\n"
                "datasets/    the facts, each CSV with its data card (sources and confidence)\n"
                "src/casekit/ the package the notebooks import\n```",
            ]
        )
        + "\n"
    )


def exercise_modes(
    mode: str, root: Path = ROOT, course: coursefile.Course | None = None, only: list[str] | None = None
) -> dict[str, str]:
    """Each exercise's mode (by notebook stem): the course file's, else MODE; just the exercises ONLY names, if given."""
    names = sorted(p.stem for p in (root / "exercises").glob("*.ipynb"))
    if course is not None:
        course.check_names(names)
    unknown = sorted(set(only or []) - set(names))
    if unknown:
        raise ReleaseError(f"no exercise named {', '.join(unknown)}; the exercises are {', '.join(names)}")
    names = [name for name in names if not only or name in only]
    return {name: course.mode(name, mode) if course is not None else mode for name in names}


def salt_notebook(path: Path, secret: str, nb: nbformat.NotebookNode | None = None) -> tuple[str, dict[str, str]]:
    """The assessed exercise at PATH (or NB, read from it) with its setup cell's `for_notebook(...)` given its
    assignment's salt.

    Returns (notebook text, {assignment: salt}). ReleaseError if the notebook calls for_notebook in a
    way the release cannot salt (its assignment must be a literal string)."""
    nb = exercise.read_notebook(path) if nb is None else nb
    salts: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "for_notebook(" not in cell.source:
            continue
        assignments = variants.assignments_in(cell.source)
        if not assignments:
            raise ReleaseError(
                f"{path}: a for_notebook(...) call whose assignment is not a literal string; the release cannot salt it"
            )
        found = course_secret.salts(secret, assignments)
        salts.update(found)
        cell.source = variants.with_salt(cell.source, found)
    return nbformat.writes(nb) + "\n", salts


def write_release(
    out: Path,
    mode: str = "practice",
    root: Path = ROOT,
    course: coursefile.Course | None = None,
    secret: str | None = None,
    only: list[str] | None = None,
) -> list[Path]:
    """Write the learners' release of the kit at ROOT into OUT (empty, or an earlier release); return the files.

    Each exercise goes in the edition of its mode (COURSE's, else MODE). An assessed exercise needs the
    course SECRET (its draws are salted with it), and its hidden checks are left out of the package. With
    ONLY (exercise names), the release holds just those exercises (the lessons and package all the same).
    Each written question carries the prompt COURSE picks for it (`prompts = { "4f" = "b" }` in the
    exercise's table, from instructors/prompt-bank/); prompt a, the solution's own, where nothing is picked."""
    if mode not in MODES:
        raise ReleaseError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")
    modes = exercise_modes(mode, root, course, only)
    assessed = {name for name, m in modes.items() if m == "assessed"}
    # the checks of every assessed exercise stay out, whether or not this release holds the exercise
    withheld = {name for name, m in exercise_modes(mode, root, course).items() if m == "assessed"}
    if assessed and not secret:
        raise ReleaseError(
            f"assessed exercise(s) {', '.join(sorted(assessed))} need the course secret: give --secret FILE "
            "(make one with `casekit secret new FILE`); without it their variants would be the practice ones"
        )
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise ReleaseError(
                f"{out}: folder exists and is not empty (and is not an earlier release); choose a new folder"
            )
        shutil.rmtree(out)
    notebooks = [exercise.exercise_path(root / "exercises", f"{name}.ipynb", modes[name]) for name in sorted(modes)]
    if not notebooks:
        raise ReleaseError(f"{root / 'exercises'}: no exercise notebooks; run `casekit build-exercises` first")
    absent = [str(p) for p in notebooks if not p.exists()]
    if absent:
        raise ReleaseError(f"{', '.join(absent)}: missing; run `casekit build-exercises` first")
    picks = {p.stem: prompts.read_picks(course.path, p.stem) if course is not None else {} for p in notebooks}
    bank = prompts.load_bank(root / "instructors" / "prompt-bank", root / "solutions") if any(picks.values()) else None
    for stem, picked in picks.items():
        if picked:
            prompts.check_picks(bank, stem, picked, str(course.path))
    built = {  # the exercises whose written questions carry prompts the course file picks
        p.stem: prompts.apply_prompts(exercise.read_notebook(p), p.stem, picks[p.stem], bank)
        for p in notebooks
        if picks[p.stem]
    }
    salted = {p.stem: salt_notebook(p, secret, built.get(p.stem)) for p in notebooks if p.stem in assessed}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TOP_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, out / name)
            written.append(out / name)
    (out / "lessons").mkdir()
    for path in sorted((root / "lessons").glob("*.ipynb")):
        shutil.copy2(path, out / "lessons" / path.name)
        written.append(out / "lessons" / path.name)
    if (root / "lessons" / "briefs").is_dir():  # lesson 05's example briefs, which its bench memo reads
        written += _copy_tree(root / "lessons" / "briefs", out / "lessons" / "briefs")
    (out / "exercises").mkdir()
    for path in notebooks:
        if path.stem in salted:
            (out / "exercises" / path.name).write_text(salted[path.stem][0], encoding="utf-8")
        elif path.stem in built:
            (out / "exercises" / path.name).write_text(nbformat.writes(built[path.stem]) + "\n", encoding="utf-8")
        else:
            shutil.copy2(path, out / "exercises" / path.name)
        written.append(out / "exercises" / path.name)
    written += _copy_tree(root / "datasets", out / "datasets")
    written += _copy_tree(root / "src", out / "src")
    if assessed or withheld:
        hidden = hidden_questions(root / "solutions", assessed | withheld)
        needed = _imported_names(sorted((root / "lessons").glob("*.ipynb")) + notebooks)
        for module in sorted((out / "src" / "casekit" / "topics").glob("*/checks.py")):
            text, gone = strip_judges(module.read_text(encoding="utf-8"), hidden, needed)
            if gone:
                module.write_text(text, encoding="utf-8")
    if secret:
        _refuse_if_secret_inside(out, secret)
    (out / "README.md").write_text(
        learner_readme(mode, root, assessed if mode == "practice" else frozenset(), set(modes)), encoding="utf-8"
    )
    listed = "".join(f"{name}: {modes[name]}\n" for name in sorted(modes))
    (out / MARKER).write_text(f"casekit learners' release, mode {mode}\n{listed}", encoding="utf-8")
    return written + [out / "README.md"]


def _refuse_if_secret_inside(out: Path, secret: str) -> None:
    """Delete OUT and raise ReleaseError if any file in it holds the course SECRET (e.g. it was kept in datasets/)."""
    for path in sorted(out.rglob("*")):
        if path.is_file() and secret.encode() in path.read_bytes():
            where = path.relative_to(out)
            shutil.rmtree(out)
            raise ReleaseError(
                f"the course secret is in {where} of the kit; nothing was released (keep the secret outside the kit)"
            )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit release`."""
    parser.add_argument("--out", type=Path, required=True, help="folder to write the release into (new or empty)")
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="practice",
        help="practice: instant checks and hints; assessed: form feedback only, hidden checks left out "
        "(with --course: the mode of the exercises the course file does not list)",
    )
    parser.add_argument(
        "--course",
        type=Path,
        metavar="TOML",
        help="course file choosing each exercise's mode and its written questions' prompts (course.toml)",
    )
    parser.add_argument(
        "--exercise",
        action="append",
        metavar="NAME",
        help="release only this exercise (e.g. 03-content-moderation; repeat for more); default: all",
    )
    parser.add_argument(
        "--secret",
        type=Path,
        metavar="FILE",
        help="the course secret (`casekit secret new FILE`); needed when any exercise is assessed",
    )


def run(args: argparse.Namespace) -> int:
    """Write the release; print one summary line; exit 1 with one readable line if it cannot be written."""
    try:
        course = coursefile.read(args.course) if args.course else None
        secret = course_secret.read(args.secret) if args.secret else None
        written = write_release(args.out, args.mode, course=course, secret=secret, only=args.exercise)
    except (
        ReleaseError,
        coursefile.CourseFileError,
        course_secret.SecretError,
        exercise.ExerciseFormatError,
        exercise.NotebookReadError,
        prompts.PromptBankError,
        OSError,
    ) as exc:
        print(f"casekit release: {exc}")
        return 1
    print(f"wrote the {args.mode} release ({len(written)} files) into {args.out}")
    return 0
