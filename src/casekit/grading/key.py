"""The answer key: an executed solution notebook, its questions, and the merged notebook nbval runs."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from casekit import variants
from casekit.authoring.exercise import (
    ExerciseCell,
    form_check_source,
    model_answer,
    prompt_written,
    read_notebook,
    rubric,
    stub_answer,
    validate_solution,
)
from casekit.authoring.prompts import apply_prompts, check_picks, load_bank, read_picks


@dataclass
class Question:
    """One question of the key: its cells (by position among all cells) and what the learner starts from."""

    id: str
    kind: str  # "code" or "written"
    points: int
    order: int
    answer_index: int | None = None
    check_index: int | None = None
    written_index: int | None = None
    stub: str = ""  # the exercise's version of the answer cell (or written prompt)
    prompt_lines: list[str] = field(default_factory=list)  # the lines the exercise keeps around the answer
    rubric: str = ""
    model_answer: str = ""
    check_sources: tuple[str, ...] = ()  # the check cell as each edition has it (practice, then assessed)
    variant: str = ""  # what the question's per-learner variant draws ("" when it has none)
    hidden: bool = False  # graded from the key's answer (casekit.grading.keyrun), never by a check in the package
    form: str = ""  # the answer form (casekit.checks.forms) a hidden question asks for
    check_value: str = ""  # the expression its check cell checks: `check("1a", winter_granted)` -> "winter_granted"
    tolerance: float | None = (
        None  # a number answer's allowed error (answer cell metadata "tolerance"), if not the default
    )


@dataclass
class Key:
    """An executed solution notebook used as the grading key."""

    path: Path
    nb: nbformat.NotebookNode
    questions: list[Question]
    sha256: str
    title: str
    mode: str = "practice"  # "assessed": variant draws are salted (SALTS), set by `casekit grade`
    salts: dict[str, str] = field(default_factory=dict)  # assignment -> salt, from the course secret
    expected: dict[str, dict[str, dict]] = field(default_factory=dict)  # login -> hidden question -> key readings
    picks: dict[str, str] = field(default_factory=dict)  # written question -> prompt letter, from the course file

    @property
    def hidden_questions(self) -> list[Question]:
        """The code questions graded from the key's answer (their checks are hidden in the assessed edition)."""
        return [q for q in self.code_questions if q.hidden]

    @property
    def assignments(self) -> list[str]:
        """The assignment ids the key's setup cells draw variants for (`variants.for_notebook("...", ...)`)."""
        return variants.assignments_in("\n".join(c.source for c in self.nb.cells if c.cell_type == "code"))

    @property
    def salt_id(self) -> str:
        """A short id of the salts in force ('' for practice draws): results graded under other salts are stale."""
        from casekit.secret import fingerprint

        return fingerprint(self.salts)

    @property
    def code_questions(self) -> list[Question]:
        return [q for q in self.questions if q.kind == "code"]

    @property
    def variant_questions(self) -> set[str]:
        """Ids of the questions whose answer depends on the learner's variant."""
        return {q.id for q in self.questions if q.variant}

    def code_cell_number(self, index: int) -> int:
        """nbval's `Cell N` number (position among code cells) of the key's cell at INDEX."""
        return sum(1 for cell in self.nb.cells[:index] if cell.cell_type == "code")

    @property
    def setup_cell_numbers(self) -> list[int]:
        """nbval cell numbers of the key's code cells that are not exercise cells (setup and demo cells), in order.

        After a timeout the grader restarts the kernel and re-runs those that came before the cell that
        timed out, so the later questions find the names and data the notebook set up.
        """
        exercise = {i for q in self.questions for i in (q.answer_index, q.check_index) if i is not None}
        return [
            self.code_cell_number(i) for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and i not in exercise
        ]

    @property
    def answer_cell_numbers(self) -> list[int]:
        """nbval cell numbers of the key's code answer cells, in order.

        After a timeout the grader re-runs, after the setup cells, the learner's earlier answers that ran
        without error, so a later answer that uses a name an earlier answer defined is graded fairly."""
        return sorted(self.code_cell_number(q.answer_index) for q in self.code_questions if q.answer_index is not None)

    @property
    def fixed_code_sources(self) -> set[str]:
        """Sources of the key's code cells that are not exercise cells (setup and demo cells)."""
        exercise = {i for q in self.questions for i in (q.answer_index, q.check_index) if i is not None}
        return {c.source.strip() for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and i not in exercise}


def _prompt_lines(stub: str) -> list[str]:
    """Lines of an exercise answer cell that are not stubs: comments and code the learner keeps."""
    return [
        line.strip()
        for line in stub.splitlines()
        if line.strip() and not line.rstrip().endswith("= ...") and line.strip() != "..."
    ]


_CHECK_CALL = re.compile(r'^check\("(?P<question>[^"]+)",\s*(?P<value>.+)\)$')  # a hidden check cell (exercise format)


def report_source(question: Question) -> str:
    """The cell that stands in for a hidden question's check in the learner's run: it prints the answer's readings."""
    return (
        "from casekit.grading.readings import report as _casekit_report\n"
        f'_casekit_report("{question.id}", {question.check_value}, "{question.form}")'
    )


def load_key(path: Path, course: Path | None = None, picks: dict[str, str] | None = None) -> Key:
    """Read and validate an executed solution notebook; refuse one whose check cells were never run.

    With COURSE (a course file), its written questions carry the prompts the file picks for this
    exercise (the key's stem; casekit.authoring.prompts), so manual.csv shows the picked prompt's rubric
    and guide; the picks are part of the key's sha256, so changing them regrades. PICKS ({question:
    letter}), if given, are used instead of reading COURSE (a cluster worker gets them from the grader).
    """
    path = Path(path)
    nb = read_notebook(path)
    picks = dict(picks) if picks is not None else read_picks(course, path.stem)
    if picks:
        bank = load_bank()
        check_picks(bank, path.stem, picks, str(course or "the course file's prompts"))
        nb = apply_prompts(nb, path.stem, picks, bank)
    cells: list[ExerciseCell] = validate_solution(nb, path)
    by_id: dict[str, Question] = {}
    for cell in cells:
        q = by_id.setdefault(cell.question, Question(cell.question, "code", cell.points, len(by_id)))
        source = nb.cells[cell.index].source
        if cell.role == "answer":
            q.answer_index, q.stub = cell.index, stub_answer(source)
            q.prompt_lines, q.model_answer = _prompt_lines(q.stub), model_answer(source)
            q.variant = cell.variant
        elif cell.role == "check":
            q.check_index = cell.index
            if nb.cells[cell.index].get("execution_count") is None:
                raise ValueError(
                    f"{path}: the check cell of {cell.question} was never executed; "
                    "the key must be an executed solution (run `make outputs`)"
                )
        else:
            q.kind, q.written_index = "written", cell.index
            q.stub, q.rubric, q.model_answer = prompt_written(source), rubric(source), model_answer(source)
            q.prompt_lines = [line.strip() for line in q.stub.splitlines() if line.strip()][:1]
    hidden = {c.question: c.form for c in cells if c.role == "answer" and c.hidden}
    for q in by_id.values():
        if q.check_index is not None:
            source = nb.cells[q.check_index].source.strip()
            q.check_sources = (source, form_check_source(source, hidden[q.id])) if q.id in hidden else (source,)
        if q.id in hidden:
            q.hidden, q.form = True, hidden[q.id]
            q.check_value = _CHECK_CALL.match(nb.cells[q.check_index].source.strip())["value"]
            tolerance = nb.cells[q.answer_index].metadata.get("casekit", {}).get("tolerance")
            if isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool) and tolerance >= 0:
                q.tolerance = float(tolerance)
    title = next(
        (
            line.lstrip("# ").strip()
            for c in nb.cells
            if c.cell_type == "markdown"
            for line in c.source.splitlines()
            if line.startswith("# ")
        ),
        path.stem,
    )
    digest = hashlib.sha256(path.read_bytes())
    if picks:
        digest.update(b"\0prompts\0" + json.dumps(picks, sort_keys=True).encode())
    return Key(path, nb, list(by_id.values()), digest.hexdigest(), title, picks=picks)


def merged_notebook(key: Key, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The key's code cells, with each answer cell's source replaced by the learner's (or the stub).

    Markdown cells are dropped, so written questions' model answers and rubrics never reach the
    sandbox; check cells keep the key's source, tag and reference outputs, except a hidden question's:
    it becomes a cell that prints the learner's answer's readings (report_source), which the grader
    compares with the key's answer outside the sandbox, so the learner's kernel never holds the
    expected answer. For assessed grading the setup cells' `for_notebook(...)` calls get the key's
    salts, so every draw is the assessed one.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata = {k: copy.deepcopy(v) for k, v in key.nb.metadata.items() if k in ("kernelspec", "language_info")}
    answer_cells = {q.answer_index: q for q in key.code_questions}
    hidden_checks = {q.check_index: q for q in key.hidden_questions}
    for index, cell in enumerate(key.nb.cells):
        if cell.cell_type != "code":
            continue
        new = copy.deepcopy(cell)
        question = answer_cells.get(index)
        if question is not None:
            new.source = answers.get(question.id, question.stub)
            new.metadata = {}
            new.outputs, new.execution_count = [], None
        elif index in hidden_checks:
            new = nbformat.v4.new_code_cell(report_source(hidden_checks[index]))
        elif "nbval-check-output" not in cell.metadata.get("tags", []):
            new.outputs, new.execution_count = [], None
            if key.salts:
                new.source = variants.with_salt(new.source, key.salts)
        new.metadata.pop("casekit", None)
        nb.cells.append(new)
    return nb
