"""The exercise format: read solution notebooks and generate the learners' exercise notebooks."""

from __future__ import annotations

import argparse
import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from casekit.paths import EXERCISES, SOLUTIONS

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_RUBRIC, END_RUBRIC = "### BEGIN RUBRIC", "### END RUBRIC"
WRITTEN_PROMPT = "_Write your answer here._"
ROLES = ("answer", "check", "written")
EDITIONS = ("practice", "assessed")
ASSESSED_FOLDER = "assessed"  # exercises/assessed/NN-slug.ipynb
CHECK_TAG = "nbval-check-output"
_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_CHECK_CALL = re.compile(r'^check\("(?P<question>[^"]+)",\s*(?P<value>.+)\)$')


class ExerciseFormatError(ValueError):
    """A notebook breaks the exercise format; the message names the file and the cell."""


class NotebookReadError(ValueError):
    """A file is not a readable Jupyter notebook; the message names the file and says why."""


@dataclass(frozen=True)
class ExerciseCell:
    """One exercise cell: its position among all cells, question id, role and points.

    An answer cell may also say the FORM its answer takes (a key of casekit.checks.forms.all_forms()),
    whether its check is HIDDEN in the assessed edition, and what its per-learner VARIANT draws.
    """

    index: int
    question: str
    role: str
    points: int
    form: str = ""
    hidden: bool = False
    variant: str = ""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read and validate a notebook, raising NotebookReadError with one readable line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotebookReadError(f"{path}: cannot read file ({exc.strerror})") from None
    if not raw.strip():
        raise NotebookReadError(f"{path}: empty file, not a notebook")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookReadError(f"{path}: not UTF-8 text, not a notebook") from None
    try:
        version = nbformat.reader.reads(text)
    except nbformat.reader.NotJSONError:
        raise NotebookReadError(f"{path}: not JSON, so not a notebook") from None
    except Exception as exc:
        raise NotebookReadError(f"{path}: not a notebook ({_first_line(exc)})") from None
    major = version.get("nbformat") if isinstance(version, dict) else None
    if major != 4:
        raise NotebookReadError(f"{path}: nbformat {major!r}; casekit reads version 4 notebooks")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:
        raise NotebookReadError(f"{path}: not a valid notebook ({_first_line(exc)})") from None
    return nb


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def exercise_cells(nb: nbformat.NotebookNode, path: Path | str = "notebook") -> list[ExerciseCell]:
    """Return the notebook's exercise cells, checking their metadata (ExerciseFormatError if bad)."""
    found = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("casekit")
        if meta is None:
            continue
        where = f"{path}: cell {index}"
        if not isinstance(meta, dict):
            raise ExerciseFormatError(f"{where}: metadata 'casekit' must be an object")
        if "question" not in meta and "edition" in meta:
            if meta["edition"] not in EDITIONS or set(meta) != {"edition"} or cell.cell_type != "markdown":
                raise ExerciseFormatError(
                    f"{where}: an edition cell is a markdown cell whose only casekit metadata "
                    f"is 'edition', one of {', '.join(EDITIONS)}"
                )
            continue
        question, role, points = meta.get("question"), meta.get("role"), meta.get("points")
        if not isinstance(question, str) or not question:
            raise ExerciseFormatError(f"{where}: metadata casekit.question must be a non-empty string")
        if role not in ROLES:
            raise ExerciseFormatError(f"{where}: casekit.role {role!r} is not one of {', '.join(ROLES)}")
        if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
            raise ExerciseFormatError(f"{where}: casekit.points must be a positive whole number")
        expected_type = "markdown" if role == "written" else "code"
        if cell.cell_type != expected_type:
            raise ExerciseFormatError(f"{where}: a {role} cell must be a {expected_type} cell")
        form, hidden, variant = meta.get("form", ""), meta.get("hidden", False), meta.get("variant", "")
        if role != "answer" and ({"form", "hidden", "variant"} & set(meta)):
            raise ExerciseFormatError(f"{where}: form, hidden and variant belong on the question's answer cell")
        if not isinstance(hidden, bool):
            raise ExerciseFormatError(f"{where}: casekit.hidden must be true or false")
        if not isinstance(variant, str):
            raise ExerciseFormatError(f"{where}: casekit.variant must be text saying what the variant draws")
        if form or hidden:
            from casekit.checks.forms import all_forms

            forms = all_forms()
            if form not in forms:
                raise ExerciseFormatError(
                    f"{where}: casekit.form {form!r} is not one of: {', '.join(forms)}"
                    + (" (a hidden check needs a form)" if hidden and not form else "")
                )
        found.append(ExerciseCell(index, question, role, points, form, hidden, variant))
    return found


def validate_solution(nb: nbformat.NotebookNode, path: Path | str) -> list[ExerciseCell]:
    """Check a solution notebook against the format and return its exercise cells."""
    cells = exercise_cells(nb, path)
    by_question: dict[str, list[ExerciseCell]] = {}
    for cell in cells:
        by_question.setdefault(cell.question, []).append(cell)
    for question, group in by_question.items():
        roles = [c.role for c in group]
        if len({c.points for c in group}) != 1:
            raise ExerciseFormatError(f"{path}: question {question}: its cells disagree on points")
        if "written" in roles and len(roles) != 1:
            raise ExerciseFormatError(f"{path}: question {question}: a written question has one cell only")
        if "written" not in roles and sorted(roles) != ["answer", "check"]:
            raise ExerciseFormatError(
                f"{path}: question {question}: needs one answer cell and one check cell, found {roles}"
            )
    for cell in cells:
        where = f"{path}: cell {cell.index} (question {cell.question})"
        source = nb.cells[cell.index].source
        if cell.role in ("answer", "written"):
            _solution_region(source, where)
        if cell.role == "written":
            _region(source, BEGIN_RUBRIC, END_RUBRIC, where, required=False)
        if cell.role == "check":
            tags = nb.cells[cell.index].get("metadata", {}).get("tags", [])
            if CHECK_TAG not in tags:
                raise ExerciseFormatError(f"{where}: a check cell must be tagged {CHECK_TAG}")
            if f'check("{cell.question}"' not in source:
                raise ExerciseFormatError(f'{where}: a check cell must call check("{cell.question}", ...)')
            previous = [c for c in cells if c.question == cell.question and c.role == "answer"]
            if previous and previous[0].index > cell.index:
                raise ExerciseFormatError(f"{where}: the check cell comes before its answer cell")
            if previous and previous[0].hidden and not _CHECK_CALL.match(source.strip()):
                raise ExerciseFormatError(
                    f'{where}: a hidden check cell must be the one line check("{cell.question}", value)'
                )
    return cells


def _region(source: str, begin: str, end: str, where: str, required: bool = True) -> tuple[int, int] | None:
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == begin]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    if not starts and not ends and not required:
        return None
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ExerciseFormatError(f"{where}: needs exactly one '{begin}' followed by one '{end}'")
    return starts[0], ends[0]


def _solution_region(source: str, where: str) -> tuple[int, int]:
    return _region(source, BEGIN, END, where)


def stub_answer(source: str, where: str = "cell") -> str:
    """Replace the solution region of an answer cell by `name = ...` stubs (or a bare `...`)."""
    start, end = _solution_region(source, where)
    lines = source.splitlines()
    stubs = []
    for line in lines[start + 1 : end]:
        match = _ASSIGN.match(line)
        if match and not line.startswith((" ", "\t")):
            stub = f"{match.group(2)} = ..."
            if stub not in stubs:
                stubs.append(stub)
    return "\n".join(lines[:start] + (stubs or ["..."]) + lines[end + 1 :])


def prompt_written(source: str, where: str = "cell") -> str:
    """Replace the model answer and rubric of a written cell by the answer prompt."""
    start, end = _solution_region(source, where)
    lines = source.splitlines()
    lines = lines[:start] + [WRITTEN_PROMPT] + lines[end + 1 :]
    rubric = _region("\n".join(lines), BEGIN_RUBRIC, END_RUBRIC, where, required=False)
    if rubric:
        lines = lines[: rubric[0]] + lines[rubric[1] + 1 :]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def rubric(source: str) -> str:
    """Return the rubric text of a written cell ('' when it has none)."""
    found = _region(source, BEGIN_RUBRIC, END_RUBRIC, "cell", required=False)
    if not found:
        return ""
    return "\n".join(source.splitlines()[found[0] + 1 : found[1]]).strip()


def model_answer(source: str) -> str:
    """Return the model answer inside a cell's solution region."""
    start, end = _solution_region(source, "cell")
    return "\n".join(source.splitlines()[start + 1 : end]).strip()


def form_check_source(source: str, form: str) -> str:
    """The assessed edition's check cell: `check("0c", x)` becomes `check_form("0c", x, "whole number")`."""
    match = _CHECK_CALL.match(source.strip())
    if not match:
        raise ExerciseFormatError(f"cannot turn {source.strip()!r} into a form check")
    return f'check_form("{match["question"]}", {match["value"]}, "{form}")'


def edition_of(nb: nbformat.NotebookNode) -> str:
    """The edition an exercise notebook says it is ('practice' when it does not say)."""
    meta = nb.get("metadata", {}).get("casekit")
    edition = meta.get("edition") if isinstance(meta, dict) else None
    return edition if edition in EDITIONS else "practice"


def make_exercise(
    solution: nbformat.NotebookNode, path: Path | str = "solution", edition: str = "practice"
) -> nbformat.NotebookNode:
    """Return the learner's copy of a solution notebook in EDITION: answers stubbed, outputs cleared.

    The assessed edition keeps only its own edition cells, and each hidden question's check cell
    gives form feedback only (`check_form`); the practice edition keeps the instant checks.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; one of {', '.join(EDITIONS)}")
    cells = {c.index: c for c in validate_solution(solution, path)}
    hidden = {c.question: c.form for c in cells.values() if c.role == "answer" and c.hidden}
    nb = copy.deepcopy(solution)
    kept = []
    for index, cell in enumerate(nb.cells):
        where = f"{path}: cell {index}"
        info = cells.get(index)
        only = cell.metadata.get("casekit", {}).get("edition") if info is None else None
        if only is not None:
            if only != edition:
                continue
            cell.metadata.pop("casekit")
        if info and info.role == "answer":
            cell.source = stub_answer(cell.source, where)
        elif info and info.role == "written":
            cell.source = prompt_written(cell.source, where)
        elif info and info.role == "check" and edition == "assessed" and info.question in hidden:
            cell.source = form_check_source(cell.source, hidden[info.question])
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        elif edition == "assessed":  # one folder deeper: exercises/assessed/
            cell.source = deepen_links(cell.source)
        for volatile in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(volatile, None)
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("widgets", None)
    nb.metadata["casekit"] = {"edition": edition}
    return nb


def deepen_links(markdown: str) -> str:
    """Return MARKDOWN with its relative `../` link targets one folder deeper (for exercises/assessed/)."""
    return re.sub(r"\]\((\.\./)", r"](../\1", markdown)


def exercise_path(exercises: Path, name: str, edition: str) -> Path:
    """Where EDITION of exercise NAME lives: exercises/NAME (practice) or exercises/assessed/NAME."""
    return exercises / name if edition == "practice" else exercises / ASSESSED_FOLDER / name


def build_exercises(solutions: Path = SOLUTIONS, exercises: Path = EXERCISES) -> tuple[list[Path], list[str]]:
    """Write both editions of every solution's exercise; return (paths written, one error line per bad solution)."""
    written, errors = [], []
    for source in sorted(solutions.glob("*.ipynb")):
        try:
            texts = {edition: render_exercise(source, edition) for edition in EDITIONS}
        except (ExerciseFormatError, NotebookReadError) as exc:
            errors.append(str(exc))
            continue
        for edition, text in texts.items():
            target = exercise_path(exercises, source.name, edition)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
            written.append(target)
    return written, errors


def render_exercise(solution_path: Path, edition: str = "practice") -> str:
    """Return EDITION of the exercise notebook generated from SOLUTION_PATH as JSON text."""
    nb = make_exercise(read_notebook(solution_path), solution_path, edition)
    return nbformat.writes(nb) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit build-exercises`."""
    parser.add_argument("--solutions", type=Path, default=SOLUTIONS, help="folder of solution notebooks")
    parser.add_argument(
        "--out",
        type=Path,
        default=EXERCISES,
        help="folder to write exercises into (the assessed edition goes into its assessed/ subfolder)",
    )


def run(args: argparse.Namespace) -> int:
    """Build every exercise; print one line per notebook; exit 1 if any solution is malformed."""
    written, errors = build_exercises(args.solutions, args.out)
    for path in written:
        print(f"wrote {path}")
    for error in errors:
        print(f"casekit build-exercises: {error}")
    return 1 if errors else 0
