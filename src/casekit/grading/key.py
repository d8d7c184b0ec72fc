"""The answer key: an executed solution notebook, its questions, and the merged notebook nbval runs."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

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


@dataclass
class Key:
    """An executed solution notebook used as the grading key."""

    path: Path
    nb: nbformat.NotebookNode
    questions: list[Question]
    sha256: str
    title: str

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


def load_key(path: Path) -> Key:
    """Read and validate an executed solution notebook; refuse one whose check cells were never run."""
    path = Path(path)
    nb = read_notebook(path)
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
    return Key(path, nb, list(by_id.values()), hashlib.sha256(path.read_bytes()).hexdigest(), title)


def merged_notebook(key: Key, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The key's code cells, with each answer cell's source replaced by the learner's (or the stub).

    Markdown cells are dropped, so written questions' model answers and rubrics never reach the
    sandbox; check cells keep the key's source, tag and reference outputs.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata = {k: copy.deepcopy(v) for k, v in key.nb.metadata.items() if k in ("kernelspec", "language_info")}
    answer_cells = {q.answer_index: q for q in key.code_questions}
    for index, cell in enumerate(key.nb.cells):
        if cell.cell_type != "code":
            continue
        new = copy.deepcopy(cell)
        question = answer_cells.get(index)
        if question is not None:
            new.source = answers.get(question.id, question.stub)
            new.metadata = {}
            new.outputs, new.execution_count = [], None
        elif "nbval-check-output" not in cell.metadata.get("tags", []):
            new.outputs, new.execution_count = [], None
        new.metadata.pop("casekit", None)
        nb.cells.append(new)
    return nb
