"""Lessons and solutions are committed with outputs from real execution, so nbval compares something."""

import pytest

from casekit.authoring import exercise
from casekit.paths import LESSONS, SOLUTIONS

NOTEBOOKS = sorted(LESSONS.glob("*.ipynb")) + sorted(SOLUTIONS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_code_cell_was_executed_in_order(path):
    nb = exercise.read_notebook(path)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert None not in counts, f"{path}: code cells saved unexecuted; run `make outputs`"
    assert counts == list(range(1, len(counts) + 1)), f"{path}: not run top to bottom in one kernel; run `make outputs`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_stored_errors(path):
    nb = exercise.read_notebook(path)
    errors = [i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path}: cells {errors} stored an error"


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_check_cell_in_a_solution_stores_a_passing_verdict(path):
    nb = exercise.read_notebook(path)
    for cell in exercise.validate_solution(nb, path):
        if cell.role == "check":
            text = "".join(o.get("text", "") for o in nb.cells[cell.index].outputs)
            assert text.startswith(f"{cell.question} ✓"), f"{path}: check {cell.question} stores {text!r}"
