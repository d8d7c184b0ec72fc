"""The exercise format: exercises/ (practice) and exercises/assessed/ are exactly what build-exercises makes from solutions/."""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from casekit.authoring import exercise
from casekit.authoring.exercise import ExerciseFormatError, NotebookReadError
from casekit.paths import EXERCISES, SOLUTIONS

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))
EDITIONS = exercise.EDITIONS


def test_there_is_at_least_one_solution():
    assert SOLUTION_FILES, "solutions/ holds no notebook"


def _student(solution, edition):
    return exercise.read_notebook(exercise.exercise_path(EXERCISES, solution.name, edition))


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_committed_exercise_is_exactly_the_generated_one(solution, edition):
    committed = exercise.exercise_path(EXERCISES, solution.name, edition)
    assert committed.is_file(), f"{committed} missing: run `make exercises`"
    assert committed.read_text(encoding="utf-8") == exercise.render_exercise(solution, edition), (
        f"{committed} differs from what `make exercises` generates from {solution}"
    )


def test_every_exercise_has_a_solution():
    found = {
        p.relative_to(EXERCISES).as_posix() for p in EXERCISES.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    }
    expected = {
        exercise.exercise_path(EXERCISES, s.name, e).relative_to(EXERCISES).as_posix()
        for s in SOLUTION_FILES
        for e in EDITIONS
    }
    assert not found - expected, f"exercises without a solution: {sorted(found - expected)}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_no_solution_text_is_left_in_the_exercise(solution, edition):
    key = exercise.read_notebook(solution)
    text = exercise.exercise_path(EXERCISES, solution.name, edition).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text and "BEGIN RUBRIC" not in text
    student = _student(solution, edition)
    by_id = {c.id: c for c in student.cells}
    for cell in exercise.validate_solution(key, solution):
        if cell.role in ("answer", "written"):
            for line in exercise.model_answer(key.cells[cell.index].source).splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in by_id[key.cells[cell.index].id].source, (
                        f"{solution.name} question {cell.question}: solution line left in exercise: {line.strip()}"
                    )
        if cell.role == "written":
            assert exercise.rubric(key.cells[cell.index].source), f"{cell.question}: written answer without rubric"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_exercise_keeps_metadata_and_clears_outputs(solution, edition):
    student = _student(solution, edition)
    key = exercise.read_notebook(solution)
    kept = [c for c in key.cells if c.metadata.get("casekit", {}).get("edition", edition) == edition]
    expected = [c.metadata.get("casekit") if "question" in c.metadata.get("casekit", {}) else None for c in kept]
    assert [c.metadata.get("casekit") for c in student.cells] == expected
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in student.cells if c.cell_type == "code"
    )
    assert student.metadata["casekit"] == {"edition": edition} and exercise.edition_of(student) == edition


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_assessed_edition_gives_form_feedback_only_on_hidden_questions(solution):
    key = exercise.read_notebook(solution)
    cells = exercise.validate_solution(key, solution)
    forms = {c.question: c.form for c in cells if c.role == "answer" and c.hidden}
    if solution.name in ("00-the-case.ipynb", "01-emergency-relief.ipynb"):
        assert forms, f"{solution.name}: no question has a hidden check"
    practice, assessed = _student(solution, "practice"), _student(solution, "assessed")
    for edition, nb in (("practice", practice), ("assessed", assessed)):
        checks = {
            c.metadata["casekit"]["question"]: c.source
            for c in nb.cells
            if c.metadata.get("casekit", {}).get("role") == "check"
        }
        for question, source in checks.items():
            if edition == "assessed" and question in forms:
                assert source == exercise.form_check_source(key_check(key, question), forms[question])
                assert source.startswith(f'check_form("{question}", ') and source.endswith(f', "{forms[question]}")')
            else:
                assert source == key_check(key, question)
    assert "✓" not in "".join(c.source for c in assessed.cells if c.cell_type == "markdown")


def key_check(key, question):
    return next(
        c.source
        for c in key.cells
        if c.metadata.get("casekit", {}).get("question") == question and c.metadata["casekit"]["role"] == "check"
    )


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_model_answers_are_in_the_form_their_question_asks(solution, tmp_path):
    """The assessed edition, run with the model answers, says "answered ... as asked" on every hidden question."""
    from nbclient import NotebookClient

    key = exercise.read_notebook(solution)
    forms = {c.question: c.form for c in exercise.validate_solution(key, solution) if c.role == "answer" and c.hidden}
    nb = exercise.make_exercise(key, solution, "assessed")
    answers = {c.id: c.source for c in key.cells if c.metadata.get("casekit", {}).get("role") == "answer"}
    for cell in nb.cells:
        if cell.id in answers:
            cell.source = answers[cell.id]
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(solution.parent)}}
    ).execute()
    printed = {
        c.metadata["casekit"]["question"]: "".join(o.get("text", "") for o in c.outputs)
        for c in nb.cells
        if c.metadata.get("casekit", {}).get("role") == "check"
    }
    for question in forms:
        assert printed[question].startswith(f"{question} · answered: "), printed[question]
        assert "✓" not in printed[question] and "✗" not in printed[question]


# --- the transformation itself, on small notebooks -----------------------------------------


def _cell(source, role=None, question="1a", points=1, kind="code", tags=(), **extra):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if role:
        cell.metadata["casekit"] = {"question": question, "role": role, "points": points, **extra}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


ANSWER = (
    "# How many?\n### BEGIN SOLUTION\ncount = len(rows)\nhelper = 2\n    indented = 3\n### END SOLUTION\nprint('after')"
)
CHECK = 'check("1a", count)'


def test_answer_region_becomes_stubs_and_keeps_surrounding_lines():
    assert exercise.stub_answer(ANSWER) == "# How many?\ncount = ...\nhelper = ...\nprint('after')"


def test_answer_without_assignment_becomes_ellipsis():
    assert exercise.stub_answer("### BEGIN SOLUTION\nprint(1)\n### END SOLUTION") == "..."


def test_written_answer_becomes_prompt_and_loses_rubric():
    source = "**Q** Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\n### BEGIN RUBRIC\n- 1 pt: says why\n### END RUBRIC"
    assert exercise.prompt_written(source) == "**Q** Why?\n\n_Write your answer here._"
    assert exercise.rubric(source) == "- 1 pt: says why"


def test_assessed_edition_turns_hidden_checks_into_form_checks_and_keeps_only_its_edition_cells():
    practice_note, assessed_note = nbformat.v4.new_markdown_cell("P ✓"), nbformat.v4.new_markdown_cell("A")
    practice_note.metadata["casekit"], assessed_note.metadata["casekit"] = (
        {"edition": "practice"},
        {"edition": "assessed"},
    )
    shown = [
        _cell(ANSWER.replace("count", "shown"), "answer", question="1b"),
        _cell('check("1b", shown)', "check", question="1b", tags=["nbval-check-output"]),
    ]
    nb = _nb(
        practice_note,
        assessed_note,
        _cell(ANSWER, "answer", hidden=True, form="whole number"),
        _cell(CHECK, "check", tags=["nbval-check-output"]),
        *shown,
    )
    assessed = exercise.make_exercise(nb, "s.ipynb", "assessed")
    practice = exercise.make_exercise(nb, "s.ipynb", "practice")
    assert [c.source for c in assessed.cells] == [
        "A",
        "# How many?\ncount = ...\nhelper = ...\nprint('after')",
        'check_form("1a", count, "whole number")',
        "# How many?\nshown = ...\nhelper = ...\nprint('after')",
        'check("1b", shown)',
    ]
    assert [c.source for c in practice.cells][:1] == ["P ✓"] and 'check("1a", count)' in [
        c.source for c in practice.cells
    ]
    assert "casekit" not in assessed.cells[0].metadata


def test_an_edition_cell_must_be_markdown():
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["casekit"] = {"edition": "assessed"}
    with pytest.raises(ExerciseFormatError, match="an edition cell is a markdown cell"):
        exercise.make_exercise(_nb(cell), "s.ipynb")


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
        (
            (_cell(ANSWER, "answer"), _cell('check("1b", count)', "check", tags=["nbval-check-output"])),
            'must call check("1a"',
        ),
        (
            (_cell(ANSWER, "answer", hidden=True), _cell(CHECK, "check", tags=["nbval-check-output"])),
            "a hidden check needs a form",
        ),
        (
            (_cell(ANSWER, "answer", form="a number"), _cell(CHECK, "check", tags=["nbval-check-output"])),
            "is not one of",
        ),
        (
            (
                _cell(ANSWER, "answer", hidden="yes", form="whole number"),
                _cell(CHECK, "check", tags=["nbval-check-output"]),
            ),
            "hidden must be true or false",
        ),
        (
            (_cell(ANSWER, "answer"), _cell(CHECK, "check", tags=["nbval-check-output"], form="whole number")),
            "belong on the question's answer cell",
        ),
        (
            (
                _cell(ANSWER, "answer", hidden=True, form="whole number"),
                _cell(CHECK + "\nprint(1)", "check", tags=["nbval-check-output"]),
            ),
            "must be the one line check",
        ),
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
    assert (tmp_path / "ex" / good.name).read_text(encoding="utf-8") == (EXERCISES / good.name).read_text(
        encoding="utf-8"
    )
    assert (tmp_path / "ex" / "assessed" / good.name).read_text(encoding="utf-8") == (
        EXERCISES / "assessed" / good.name
    ).read_text(encoding="utf-8")
    assert not (tmp_path / "ex" / "01-bad.ipynb").exists()


def _hidden_forms() -> dict[str, str]:
    forms = {}
    for solution in SOLUTION_FILES:
        key = exercise.read_notebook(solution)
        forms |= {
            c.question: c.form for c in exercise.validate_solution(key, solution) if c.role == "answer" and c.hidden
        }
    return forms


@pytest.mark.parametrize("question, form", sorted(_hidden_forms().items()))
def test_form_feedback_accepts_every_equivalent_form_of_a_right_answer(question, form, monkeypatch):
    """The assessed edition never tells a right answer it is in the wrong form (the hidden check's equivalents)."""
    from casekit import variants
    from casekit.checks.forms import form_verdict

    sys.path.insert(0, str(Path(__file__).parents[1] / "checks"))  # the equivalents live beside the check tests
    from test_equivalents import EQUIVALENTS

    for name in variants.ENV_LOGINS:
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")
    for value in EQUIVALENTS[question]():
        assert form_verdict(question, value, form).startswith(f"{question} · answered: "), (question, repr(value))
    assert form_verdict(question, ..., form) == f"{question} · not answered yet: replace ... with your answer"
    assert "not in the form asked" in form_verdict(question, object(), form)


def test_relative_links_in_every_exercise_edition_lead_to_existing_files():
    broken = []
    for path in sorted(EXERCISES.rglob("*.ipynb")):
        for cell in exercise.read_notebook(path).cells:
            if cell.cell_type != "markdown":
                continue
            for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", cell.source):
                if not (path.parent / target).exists():
                    broken.append(f"{path.relative_to(EXERCISES.parent)} -> {target}")
    assert broken == []


def test_deepen_links_moves_only_relative_parent_links():
    text = "[a](../lessons/05.ipynb), [b](https://example.org/x), [c](#anchor)"
    assert exercise.deepen_links(text) == "[a](../../lessons/05.ipynb), [b](https://example.org/x), [c](#anchor)"


@pytest.mark.parametrize(
    "path",
    SOLUTION_FILES + sorted(EXERCISES.glob("*.ipynb")) + sorted((EXERCISES / "assessed").glob("*.ipynb")),
    ids=lambda p: p.relative_to(SOLUTIONS.parent).as_posix(),
)
def test_every_exercise_set_up_cell_draws_readable_tables(path):
    """Issue 22: exercise 04's tables printed as pandas' right-aligned default, its set-up cell never having
    switched the kit's readable frames on. (The browser suite renders two solutions in JupyterLab, 03 and 04.)"""
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "tables.use_readable_frames()" in first.source, f"{path.name}: the set-up cell does not call it"
