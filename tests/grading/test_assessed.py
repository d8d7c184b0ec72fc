"""Assessed grading with the course secret: salted variants, practice-draw submissions score 0, no secret no grading.

The fixture's 9v has a hidden check: its expected answer comes from the key's own answer cell, run for
each learner's (salted) variant by casekit.grading.keyrun, never from a check in the package, and the
learner's kernel only reports its answer. One batch of four submissions of the variant fixture key
(tests/fixtures/grading/variant_key.ipynb, made and executed by make_variant_key.py) is graded once,
as an assessed exercise of a course file, with a secret made by `casekit secret new`. Each
submission's stored variant line is the real text of casekit.variants.Variant for its draw, as the
learner's notebook prints it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from casekit import cli, variants
from casekit import secret as course_secret
from casekit.authoring.exercise import make_exercise, read_notebook

VKEY = Path(__file__).parents[1] / "fixtures" / "grading" / "variant_key.ipynb"
ASSIGNMENT = "98-variant-fixture"
LIMITS = ["--cell-timeout", "10", "--timeout", "60", "--memory-mb", "1024", "--jobs", "2", "--quiet"]


def _number(login: str, salt: str = "") -> int:
    return variants.Variant(ASSIGNMENT, login, "test", salt).choose(range(1000), "9v")


def _submission(login: str, answer: str, salt: str, ran_salted: bool) -> nbformat.NotebookNode:
    """LOGIN's notebook: 9v answered with ANSWER, 9w right; run with the release's SALT if RAN_SALTED, else as a practice copy."""
    nb = make_exercise(read_notebook(VKEY), VKEY, "assessed")
    for cell in nb.cells:
        meta = cell.metadata.get("casekit", {})
        if meta.get("role") == "answer":
            cell.source = f"# {meta['question']}\n" + (answer if meta["question"] == "9v" else "product = 6 * 7")
        if "for_notebook(" in cell.source:
            if ran_salted:
                cell.source = variants.with_salt(cell.source, {ASSIGNMENT: salt})
            shown = variants.Variant(ASSIGNMENT, login, "JUPYTERHUB_USER", salt if ran_salted else "")
            cell.outputs = [
                nbformat.v4.new_output("execute_result", data={"text/plain": str(shown)}, execution_count=1)
            ]
            cell.execution_count = 1
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("assessed")
    secret_file = root / "course.secret"
    assert cli.main(["secret", "new", str(secret_file)]) == 0
    salt = course_secret.assignment_salt(course_secret.read(secret_file), ASSIGNMENT)
    course_file = root / "course.toml"
    course_file.write_text(
        f'term = "test"\n[exercises."{VKEY.stem}"]\nmode = "assessed"\nnotes = ["a key the grader does not read"]\n',
        encoding="utf-8",
    )
    subs = root / "subs"
    subs.mkdir()
    assert _number("chiara") != _number("chiara", salt)  # her practice number is not her assessed one
    cases = {
        "amara": _submission("amara", "doubled = my_number * 2", salt, ran_salted=True),
        "bruno": _submission("bruno", "doubled = my_number * 2", salt, ran_salted=False),
        "chiara": _submission("chiara", f"doubled = {_number('chiara') * 2}", salt, ran_salted=True),
        "dora": _submission("dora", 'doubled = f" {float(my_number * 2)} "', salt, ran_salted=True),  # same number
    }
    for login, nb in cases.items():
        nbformat.write(nb, subs / f"{login}.ipynb")
    return root, secret_file, course_file, subs, salt


@pytest.fixture(scope="module")
def graded(course):
    root, secret_file, course_file, subs, salt = course
    out = root / "out"
    code = cli.main(
        ["grade", str(subs), "--key", str(VKEY), "--out", str(out), "--course", str(course_file)]
        + ["--secret", str(secret_file), *LIMITS]
    )
    with open(out / "grades.csv", encoding="utf-8") as f:
        rows = {(r["submission"], r["question"]): r for r in csv.DictReader(f)}
    return code, rows, out


def test_the_assessed_draw_is_graded_when_the_notebook_ran_it(graded):
    code, rows, out = graded
    assert code == 0
    assert rows[("amara", "9v")]["status"] == "passed" and rows[("amara", "9v")]["score"] == "1"
    assert "variant mismatch" not in rows[("amara", "9v")]["note"]
    assert "joined" not in rows[("amara", "9v")]["note"]  # the salted setup cell is still the key's setup cell
    result = json.loads((out / "results" / "amara.json").read_text())
    assert result["mode"] == "assessed" and result["salt_id"]


def test_a_submission_run_on_the_practice_draw_scores_0_on_variant_questions_with_a_note(graded):
    _, rows, _ = graded
    row = rows[("bruno", "9v")]
    assert row["score"] == "0" and row["status"] == "failed"
    assert "practice variant" in row["note"] and "score 0" in row["note"]
    assert rows[("bruno", "9w")]["status"] == "passed"  # a question without a variant is unaffected


def test_a_number_from_the_practice_copy_fails_the_assessed_draw(graded):
    _, rows, out = graded
    assert rows[("chiara", "9v")]["status"] == "failed" and rows[("chiara", "9w")]["status"] == "passed"
    assert "not the key's answer for your variant" in rows[("chiara", "9v")]["note"]
    page = (out / "feedback" / "chiara.html").read_text(encoding="utf-8")
    assert f"your answer: {_number('chiara') * 2}" in page and "the key&#x27;s answer for your variant" in page


def test_an_equivalent_form_of_the_right_answer_passes_a_hidden_question(graded):
    _, rows, _ = graded
    assert rows[("dora", "9v")]["status"] == "passed"


def test_the_learners_kernel_gets_no_expected_answer_for_a_hidden_question():
    """The merged notebook runs the learner's answer and a cell that reports it; the key's answer is not in it."""
    from casekit.grading.key import load_key, merged_notebook

    key = load_key(VKEY)
    assert [q.id for q in key.hidden_questions] == ["9v"] and key.hidden_questions[0].check_value == "doubled"
    merged = merged_notebook(key, {"9v": "doubled = 0"})
    sources = [c.source for c in merged.cells]
    assert "doubled = 0" in sources and not any("doubled = my_number * 2" in s for s in sources)
    assert any(s.endswith('_casekit_report("9v", doubled, "whole number")') for s in sources)
    report = next(c for c in merged.cells if "_casekit_report" in c.source)
    assert report.outputs == [] and "nbval-check-output" not in report.metadata.get("tags", [])


def test_neither_the_secret_nor_the_salt_is_written_into_the_grades(course, graded):
    _, secret_file, _, _, salt = course
    _, _, out = graded
    secret = course_secret.read(secret_file)
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert secret.encode() not in text and salt.encode() not in text, path


def test_without_the_secret_an_assessed_exercise_is_not_graded(course, tmp_path, capsys):
    _, _, course_file, subs, _ = course
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs), "--key", str(VKEY), "--out", str(out), "--course", str(course_file)]) == 2
    err = capsys.readouterr().err
    assert f"{VKEY.stem} is an assessed exercise" in err and "--secret FILE" in err and "Nothing was graded" in err
    assert not out.exists()


def test_practice_grading_refuses_submissions_from_an_assessed_release(course, tmp_path, capsys):
    _, _, _, subs, _ = course
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs / "amara.ipynb"), "--key", str(VKEY), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "amara.ipynb (assessed edition)" in err and "--secret FILE" in err and not out.exists()


def test_a_bad_secret_file_is_named_and_nothing_is_graded(course, tmp_path, capsys):
    _, _, course_file, subs, _ = course
    bad = tmp_path / "bad.secret"
    bad.write_text("not a secret\n")
    bad.chmod(0o600)
    args = ["grade", str(subs), "--key", str(VKEY), "--out", str(tmp_path / "o"), "--course", str(course_file)]
    assert cli.main([*args, "--secret", str(bad)]) == 2
    assert f"{bad}: not a casekit secret" in capsys.readouterr().err


def test_another_secret_than_the_releases_is_refused(course, tmp_path, capsys):
    _, _, course_file, subs, _ = course
    other = tmp_path / "other.secret"
    course_secret.new(other)
    args = ["grade", str(subs), "--key", str(VKEY), "--out", str(tmp_path / "o"), "--course", str(course_file)]
    assert cli.main([*args, "--secret", str(other)]) == 2
    assert "is it the secret the release was made with?" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_assessed_work_graded_on_a_cluster_gets_the_local_grades(course, graded, tmp_path):
    """The workers get the key's mode, salts and expected answers, so they grade the salted draws, not the practice ones."""
    pytest.importorskip("distributed")
    _, secret_file, course_file, subs, _ = course
    args = ["grade", str(subs), "--key", str(VKEY), "--out", str(tmp_path / "o"), "--course", str(course_file)]
    assert cli.main([*args, "--secret", str(secret_file), *LIMITS, "--cluster", "local:1"]) == 0
    _, _, local = graded
    for name in ("grades.csv", "summary.csv"):
        assert (tmp_path / "o" / name).read_text(encoding="utf-8") == (local / name).read_text(encoding="utf-8")
    result = json.loads((tmp_path / "o" / "results" / "amara.json").read_text())
    assert (
        result["mode"] == "assessed"
        and result["salt_id"] == json.loads((local / "results" / "amara.json").read_text())["salt_id"]
    )
