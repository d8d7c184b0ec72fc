"""The exercise format: exercises/ is exactly what build-exercises makes from solutions/."""

import json
from pathlib import Path

import nbformat
import pytest

from casekit import exercise
from casekit.exercise import ExerciseFormatError, NotebookReadError
from casekit.paths import EXERCISES, SOLUTIONS

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))


def test_there_is_at_least_one_solution():
    assert SOLUTION_FILES, "solutions/ holds no notebook"


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_committed_exercise_is_exactly_the_generated_one(solution):
    committed = EXERCISES / solution.name
    assert committed.is_file(), f"{committed} missing: run `make exercises`"
    assert committed.read_text(encoding="utf-8") == exercise.render_exercise(solution), (
        f"{committed} differs from what `make exercises` generates from {solution}"
    )


def test_every_exercise_has_a_solution():
    orphans = sorted({p.name for p in EXERCISES.glob("*.ipynb")} - {p.name for p in SOLUTION_FILES})
    assert not orphans, f"exercises without a solution: {orphans}"


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_no_solution_text_is_left_in_the_exercise(solution):
    key = exercise.read_notebook(solution)
    text = (EXERCISES / solution.name).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text and "BEGIN RUBRIC" not in text
    student = exercise.read_notebook(EXERCISES / solution.name)
    for cell in exercise.validate_solution(key, solution):
        if cell.role in ("answer", "written"):
            for line in exercise.model_answer(key.cells[cell.index].source).splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in student.cells[cell.index].source, (
                        f"{solution.name} question {cell.question}: solution line left in exercise: {line.strip()}"
                    )
        if cell.role == "written":
            assert exercise.rubric(key.cells[cell.index].source), f"{cell.question}: written answer without rubric"


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_exercise_keeps_metadata_and_clears_outputs(solution):
    student = exercise.read_notebook(EXERCISES / solution.name)
    key = exercise.read_notebook(solution)
    assert [c.metadata.get("casekit") for c in student.cells] == [c.metadata.get("casekit") for c in key.cells]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in student.cells if c.cell_type == "code")


# --- the transformation itself, on small notebooks -----------------------------------------

def _cell(source, role=None, question="1a", points=1, kind="code", tags=()):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if role:
        cell.metadata["casekit"] = {"question": question, "role": role, "points": points}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


ANSWER = "# How many?\n### BEGIN SOLUTION\ncount = len(rows)\nhelper = 2\n    indented = 3\n### END SOLUTION\nprint('after')"
CHECK = 'check("1a", count)'


def test_answer_region_becomes_stubs_and_keeps_surrounding_lines():
    assert exercise.stub_answer(ANSWER) == "# How many?\ncount = ...\nhelper = ...\nprint('after')"


def test_answer_without_assignment_becomes_ellipsis():
    assert exercise.stub_answer("### BEGIN SOLUTION\nprint(1)\n### END SOLUTION") == "..."


def test_written_answer_becomes_prompt_and_loses_rubric():
    source = "**Q** Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\n### BEGIN RUBRIC\n- 1 pt: says why\n### END RUBRIC"
    assert exercise.prompt_written(source) == "**Q** Why?\n\n_Write your answer here._"
    assert exercise.rubric(source) == "- 1 pt: says why"


def test_make_exercise_clears_outputs_and_stubs():
    answer = _cell(ANSWER, "answer")
    answer.outputs = [nbformat.v4.new_output("stream", text="x")]
    answer.execution_count = 3
    nb = exercise.make_exercise(_nb(answer, _cell(CHECK, "check", tags=["nbval-check-output"])))
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert "len(rows)" not in nb.cells[0].source


@pytest.mark.parametrize(
    "cells, message",
    [
        ((_cell(ANSWER, "answer"),), "needs one answer cell and one check cell"),
        ((_cell(ANSWER, "answer"), _cell(CHECK, "check")), "must be tagged nbval-check-output"),
        ((_cell("x = 1", "answer"), _cell(CHECK, "check", tags=["nbval-check-output"])), "BEGIN SOLUTION"),
        ((_cell(ANSWER, "answer", points=0), _cell(CHECK, "check", tags=["nbval-check-output"])), "points must be"),
        ((_cell(ANSWER, "guess"),), "is not one of answer, check, written"),
        ((_cell("text", "written", kind="code"),), "must be a markdown cell"),
        ((_cell(CHECK, "check", tags=["nbval-check-output"]), _cell(ANSWER, "answer")), "comes before its answer"),
        ((_cell(ANSWER, "answer"), _cell('check("1b", count)', "check", tags=["nbval-check-output"])), 'must call check("1a"'),
    ],
)
def test_format_errors_name_the_notebook_and_cell(cells, message):
    with pytest.raises(ExerciseFormatError) as caught:
        exercise.make_exercise(_nb(*cells), "solutions/99-test.ipynb")
    assert str(caught.value).startswith("solutions/99-test.ipynb") and message in str(caught.value)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a notebook"),
        (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(), "nbformat 3"),
        (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": "oops", "metadata": {}}).encode(), "not a notebook"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_notebooks_get_one_line(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookReadError) as caught:
        exercise.read_notebook(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_build_command_reports_a_bad_solution_and_still_builds_the_good_ones(tmp_path, capsys):
    from casekit.cli import main

    (tmp_path / "sol").mkdir()
    (tmp_path / "sol" / "01-bad.ipynb").write_text("{}")
    good = SOLUTION_FILES[0]
    (tmp_path / "sol" / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build-exercises", "--solutions", str(tmp_path / "sol"), "--out", str(tmp_path / "ex")]) == 1
    out = capsys.readouterr().out
    assert "casekit build-exercises:" in out and "01-bad.ipynb" in out and "Traceback" not in out
    assert (tmp_path / "ex" / good.name).read_text(encoding="utf-8") == (EXERCISES / good.name).read_text(encoding="utf-8")
    assert not (tmp_path / "ex" / "01-bad.ipynb").exists()
